"""Calendar reminders, read back as a calendar program reads them."""

import datetime as dt
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from icalendar import Calendar

from amtrax_tui.ccp import Draft, has_unsafe, load_rules, visible
from amtrax_tui.store import activities, members
from amtrax_tui.store.models import Member
from amtrax_tui.store.progress import progress
from amtrax_tui.store.records import Invalid
from amtrax_tui.transcript import DestinationExists
from amtrax_tui.transcript.calendar import calendar_name, write_calendar

TODAY = dt.date(2026, 6, 15)
STAMP = dt.datetime(2026, 6, 15, 8, 30, tzinfo=dt.UTC)
D = dt.date


@pytest.fixture
def member(sqlite_db, rules):
    """RMA, cycle 2025-01-10 to 2028-01-09, certified in January: behind, 4 points.
    RPT, cycle 2025-09-01 to 2028-08-31, certified in September: on track, 8 points."""
    found = members.add_member("Dana Whitfield", "A-778812", "test")
    members.add_credential(rules, found.id, "RMA", D(2019, 1, 10), D(2025, 1, 10), TODAY, "test")
    members.add_credential(rules, found.id, "RPT", D(2025, 9, 1), None, TODAY, "test")
    for code, points in (("RMA", "4"), ("RPT", "8")):
        activities.record(rules, found.id, [code], Draft(
            category="professional-education", title=f"{code} course", points=Decimal(points),
            start=D(2026, 3, 2), end=D(2026, 3, 2), attested=True), TODAY, "test")
    return found


def read(path) -> dict[str, dict]:
    """Each event by UID: its dates, summary, description and alarms (as the moment each rings)."""
    events = {}
    for event in Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
        start = event.decoded("dtstart")
        midnight = dt.datetime.combine(start, dt.time())
        events[str(event["uid"])] = {
            "start": start, "end": event.decoded("dtend"), "summary": str(event["summary"]),
            "description": str(event["description"]), "stamp": event.decoded("dtstamp"),
            "alarms": [(str(a["action"]), midnight + a.decoded("trigger")) for a in event.walk("VALARM")],
        }
    return events


def write(rules, member, tmp_path, today=TODAY, stamp=STAMP, name="reminders.ics", code=None):
    return write_calendar(rules, member, code, today, tmp_path / name, stamp)


def alarms(day: dt.date) -> list[tuple[str, dt.datetime]]:
    """Nine in the morning two months, and two weeks, before `day`."""
    return [("DISPLAY", dt.datetime.combine(day - relativedelta(months=2), dt.time(9))),
            ("DISPLAY", dt.datetime.combine(day - dt.timedelta(weeks=2), dt.time(9)))]


def test_each_credential_gets_its_cycle_end_and_dues_month_as_all_day_events(rules, member, tmp_path):
    events = read(write(rules, member, tmp_path))
    expected = {
        "cycle-end-RMA-2025-01-10-A-778812@amtrax-tui": D(2028, 1, 9),
        "dues-RMA-2027-01-A-778812@amtrax-tui": D(2027, 1, 1),  # January has passed this year
        "cycle-end-RPT-2025-09-01-A-778812@amtrax-tui": D(2028, 8, 31),
        "dues-RPT-2026-09-A-778812@amtrax-tui": D(2026, 9, 1),
    }
    assert {uid: e["start"] for uid, e in events.items() if uid in expected} == expected
    for uid in expected:
        assert events[uid]["end"] == events[uid]["start"] + dt.timedelta(days=1)
        assert events[uid]["stamp"] == STAMP
    assert events["cycle-end-RMA-2025-01-10-A-778812@amtrax-tui"]["summary"] == "RMA CCP cycle ends"
    assert "4 of 30 points earned as of 2026-06-15: Behind" in (
        events["cycle-end-RMA-2025-01-10-A-778812@amtrax-tui"]["description"])
    assert events["dues-RPT-2026-09-A-778812@amtrax-tui"]["summary"] == "RPT annual dues month"


def test_every_event_has_two_alarms_two_months_and_two_weeks_before(rules, member, tmp_path):
    events = read(write(rules, member, tmp_path))
    assert len(events) == 5
    for event in events.values():
        assert event["alarms"] == alarms(event["start"])


def test_a_behind_credential_gets_its_projected_completion_and_one_on_track_does_not(rules, member, tmp_path):
    events = read(write(rules, member, tmp_path))
    rma, rpt = progress(rules, member.id, TODAY)
    assert (rma.status, rpt.status) == ("behind", "on_track")
    projection = events.pop("projection-RMA-2025-01-10-A-778812@amtrax-tui")
    assert projection["start"] == rma.projected_completion
    assert projection["summary"] == "RMA: 30 CCP points reached at the pace so far"
    assert "after the cycle ends on 2028-01-09. 4 of 30 points" in projection["description"]
    assert not any(uid.startswith("projection-") for uid in events)


def test_a_met_credential_has_no_projection_and_says_when_the_invoice_can_be_paid(rules, member, tmp_path):
    activities.record(rules, member.id, ["RMA"], Draft(
        category="formal-education", title="Anatomy", points=Decimal(28), start=D(2026, 4, 1),
        end=D(2026, 4, 1), attested=True), TODAY, "test")
    events = read(write(rules, member, tmp_path))
    assert not any(uid.startswith("projection-") for uid in events)
    assert "The renewal invoice can be paid from 2026-04-02." in (
        events["cycle-end-RMA-2025-01-10-A-778812@amtrax-tui"]["description"])


def test_another_bodys_credential_gets_no_dues_month_nor_invoice(sqlite_db, tmp_path):
    rules = load_rules(bodies=["AAMA"])
    found = members.add_member("Dana Whitfield", "A-778812", "test")
    members.add_credential(rules, found.id, "AAMA:CMA", D(2023, 1, 15), None, TODAY, "test")
    activities.record(rules, found.id, ["AAMA:CMA"], Draft(
        category="formal-education", title="Anatomy", points=Decimal(60), start=D(2026, 4, 1), end=D(2026, 4, 1),
        attested=True, areas=(("administrative", Decimal(20)), ("clinical", Decimal(20)), ("general", Decimal(20))),
        approved_by=("AAMA",), minutes=600), TODAY, "test")
    [(uid, event)] = read(write(rules, found, tmp_path)).items()
    assert uid == "cycle-end-AAMA:CMA-2023-01-15-A-778812@amtrax-tui"
    assert event["summary"] == "AAMA:CMA cycle ends"
    assert "60 of 60 points earned as of 2026-06-15: Met." in event["description"]
    assert "invoice" not in event["description"]


def test_uids_stay_the_same_from_one_file_to_the_next(rules, member, tmp_path):
    first = read(write(rules, member, tmp_path, name="first.ics"))
    activities.record(rules, member.id, ["RMA"], Draft(
        category="authorship", title="Article", points=Decimal(1), start=D(2026, 6, 1), end=D(2026, 6, 1),
        attested=True), TODAY, "test")
    later = STAMP + dt.timedelta(days=1)
    second = read(write(rules, member, tmp_path, today=TODAY + dt.timedelta(days=1), stamp=later, name="second.ics"))
    assert list(second) == list(first)
    projection = "projection-RMA-2025-01-10-A-778812@amtrax-tui"
    assert second[projection]["start"] != first[projection]["start"]  # the same event, moved: an update
    assert {e["stamp"] for e in second.values()} == {later}


def test_the_next_cycle_and_the_next_dues_month_are_new_events(rules, member, tmp_path):
    first = read(write(rules, member, tmp_path, name="first.ics"))
    later = read(write(rules, member, tmp_path, today=D(2028, 2, 1), name="later.ics"))
    assert "cycle-end-RMA-2028-01-10-A-778812@amtrax-tui" in later
    assert later["cycle-end-RMA-2028-01-10-A-778812@amtrax-tui"]["start"] == D(2031, 1, 9)
    assert "cycle-end-RMA-2025-01-10-A-778812@amtrax-tui" not in later
    assert "dues-RMA-2029-01-A-778812@amtrax-tui" in later
    assert "cycle-end-RPT-2025-09-01-A-778812@amtrax-tui" in first and later  # RPT's cycle goes on


def test_the_same_records_and_time_give_the_same_bytes(rules, member, tmp_path):
    assert write(rules, member, tmp_path, name="a.ics").read_bytes() == write(
        rules, member, tmp_path, name="b.ics").read_bytes()


def test_one_credential_only(rules, member, tmp_path):
    events = read(write(rules, member, tmp_path, code="rpt"))
    assert sorted(events) == ["cycle-end-RPT-2025-09-01-A-778812@amtrax-tui", "dues-RPT-2026-09-A-778812@amtrax-tui"]
    with pytest.raises(Invalid, match="credential: the member does not hold MLT"):
        write(rules, member, tmp_path, code="MLT", name="mlt.ics")
    assert not (tmp_path / "mlt.ics").exists()


def test_a_member_without_credentials_is_refused_and_nothing_written(rules, sqlite_db, tmp_path):
    lone = members.add_member("Lee Park", "L-1", "test")
    with pytest.raises(ValueError, match="credential: Lee Park holds no credentials yet"):
        write(rules, lone, tmp_path)
    assert not (tmp_path / "reminders.ics").exists()


def test_an_existing_file_is_kept_unless_forced(rules, member, tmp_path):
    target = tmp_path / "reminders.ics"
    target.write_text("my own calendar")
    with pytest.raises(DestinationExists):
        write(rules, member, tmp_path)
    assert target.read_text() == "my own calendar"
    write_calendar(rules, member, None, TODAY, target, STAMP, force=True)
    assert len(read(target)) == 5
    assert target.stat().st_mode & 0o777 == 0o600


def test_stored_text_is_written_inert(rules, member, tmp_path):
    hostile = "Dana\x1b]0;owned\x07 \u202eevil [@click=app.quit]x[/]"
    Member.update(name=hostile).where(Member.id == member.id).execute()
    stored = members.find_member("A-778812")
    path = write(rules, stored, tmp_path)
    content = path.read_bytes().decode("utf-8")
    assert not has_unsafe(content, allow="\r\n")
    for event in read(path).values():
        assert event["description"].startswith(visible(f"{hostile} (AMT ID A-778812)"))


def test_the_suggested_name_says_whose_reminders_they_are(member):
    assert calendar_name(member, None) == "ccp-reminders-A-778812.ics"
    assert calendar_name(member, "RMA") == "ccp-reminders-A-778812-RMA.ics"
