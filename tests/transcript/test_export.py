"""Gathering transcripts from the store and writing them, on each database backend."""

import datetime as dt
import hashlib
import json
import logging
from decimal import Decimal

import pytest

from amtrax_tui.ccp import Draft, FieldError, load_rules
from amtrax_tui.store import activities, members
from amtrax_tui.store.records import Invalid
from amtrax_tui.transcript import DestinationExists, render, suggested_name, transcripts, write_transcripts
from amtrax_tui.transcript.export import PAGE_BREAK

RULES = load_rules()
TODAY = dt.date.today()
NOW = dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
ACTOR = "test"


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


@pytest.fixture
def member(database):
    """A member with RMA (in cycle 0) and MLT (in cycle 1); one activity counts toward both."""
    found = members.add_member("Dana Ortiz", "998877", ACTOR)
    members.add_credential(RULES, found.id, "RMA", days_ago(400), None, TODAY, ACTOR)
    members.add_credential(RULES, found.id, "MLT", days_ago(4 * 365), None, TODAY, ACTOR)
    for days, title, codes in ((30, "Later course", ["RMA"]), (90, "Shared course", ["RMA", "MLT"])):
        draft = Draft(category="professional-education", title=title, points=Decimal("2"),
                      start=days_ago(days), end=days_ago(days), attested=True)
        activities.record(RULES, found.id, codes, draft, TODAY, ACTOR)
    return found


def test_one_transcript_per_credential_held_with_activities_in_date_order(member):
    found = transcripts(RULES, member, None, "current", TODAY, NOW)
    assert [t.credential.code for t in found] == ["MLT", "RMA"]
    mlt, rma = found
    assert [a.title for a in rma.activities] == ["Shared course", "Later course"]
    assert [a.title for a in mlt.activities] == ["Shared course"]
    assert rma.progress.earned == Decimal("4") and mlt.progress.earned == Decimal("2")
    assert all(TODAY in t.cycle and t.generated_at == NOW for t in found)


def test_transcript_activities_are_the_listed_ones_with_every_credential(member):
    for t in transcripts(RULES, member, None, "current", TODAY, NOW):
        assert list(t.activities) == activities.list_activities(member.id, t.credential.code, t.cycle)
    [rma] = transcripts(RULES, member, "RMA", "current", TODAY, NOW)
    assert [a.credentials for a in rma.activities] == [("MLT", "RMA"), ("RMA",)]


def test_one_credential_on_request(member):
    [rma] = transcripts(RULES, member, "rma", "current", TODAY, NOW)
    assert rma.credential.code == "RMA"
    with pytest.raises(Invalid, match="credential: Dana Ortiz does not hold RPT"):
        transcripts(RULES, member, "RPT", "current", TODAY, NOW)


def test_a_member_without_credentials_has_no_transcript(database):
    nobody = members.add_member("Sam Lee", "111", ACTOR)
    with pytest.raises(Invalid, match="Sam Lee holds no credentials yet"):
        transcripts(RULES, nobody, None, "current", TODAY, NOW)


def test_the_previous_cycle_or_the_cycle_containing_a_date(member):
    [current] = transcripts(RULES, member, "MLT", "current", TODAY, NOW)
    [previous] = transcripts(RULES, member, "MLT", "previous", TODAY, NOW)
    assert previous.cycle.end == current.cycle.start - dt.timedelta(days=1)
    assert previous.activities == ()
    [by_date] = transcripts(RULES, member, "MLT", previous.cycle.start + dt.timedelta(days=10), TODAY, NOW)
    assert by_date.cycle == previous.cycle


def test_cycles_that_do_not_exist_are_refused(member):
    with pytest.raises(Invalid, match="cycle: RMA has no cycle before"):
        transcripts(RULES, member, "RMA", "previous", TODAY, NOW)
    with pytest.raises(Invalid, match="is before the RMA cycle start"):
        transcripts(RULES, member, "RMA", days_ago(500), TODAY, NOW)
    with pytest.raises(Invalid, match="after today"):
        transcripts(RULES, member, "RMA", TODAY + dt.timedelta(days=3 * 366), TODAY, NOW)


def test_without_a_credential_each_gets_its_own_file(member, tmp_path):
    found = transcripts(RULES, member, None, "current", TODAY, NOW)
    paths = write_transcripts(found, "text", tmp_path / "ce.txt", per_credential=True)
    assert paths == [tmp_path / "ce-MLT.txt", tmp_path / "ce-RMA.txt"]
    assert "Medical Laboratory Technician (MLT)" in paths[0].read_text()
    assert write_transcripts(found, "md", tmp_path / "ce", per_credential=True) == [
        tmp_path / "ce-MLT.md", tmp_path / "ce-RMA.md"]


def test_json_puts_every_credential_in_one_file(member, tmp_path):
    found = transcripts(RULES, member, None, "current", TODAY, NOW)
    [path] = write_transcripts(found, "json", tmp_path / "ce.json", per_credential=True)
    codes = [t["credential"]["code"] for t in json.loads(path.read_text())["transcripts"]]
    assert codes == ["MLT", "RMA"]


def test_one_existing_file_stops_them_all(member, tmp_path):
    found = transcripts(RULES, member, None, "current", TODAY, NOW)
    out = tmp_path / "out"
    out.mkdir()
    (out / "ce-RMA.csv").write_text("keep me")
    with pytest.raises(DestinationExists):
        write_transcripts(found, "csv", out / "ce.csv", per_credential=True)
    assert [p.name for p in out.iterdir()] == ["ce-RMA.csv"]
    assert (out / "ce-RMA.csv").read_text() == "keep me"


def test_one_stream_holds_text_transcripts_page_by_page_but_csv_only_one(member):
    found = transcripts(RULES, member, None, "current", TODAY, NOW)
    assert render(found, "text").count(PAGE_BREAK) == 1
    with pytest.raises(FieldError, match="a CSV file holds one credential"):
        render(found, "csv")
    with pytest.raises(FieldError, match="'pdf' is not a format"):
        render(found, "pdf")


def test_suggested_names_say_whose_transcript_of_which_cycle(member):
    [rma] = transcripts(RULES, member, "RMA", "current", TODAY, NOW)
    start = rma.cycle.start.isoformat()
    assert suggested_name(rma, "text") == f"ccp-transcript-998877-RMA-{start}.txt"
    assert suggested_name(rma, "md") == f"ccp-transcript-998877-RMA-{start}.md"
    assert suggested_name(rma, "zip") == f"ccp-audit-998877-RMA-{start}.zip"


def test_the_text_transcript_says_who_entered_each_activity_from_the_store(member, tmp_path):
    certificate = tmp_path / "certificate.pdf"
    certificate.write_bytes(b"CE certificate")
    for days, title, actor, evidence, notes in (
            (10, "Entered by staff", "staff:Jo Park", str(certificate), "Signed in at the front desk."),
            (20, "Entered by the member", "member:998877", "CERT-1", "")):
        draft = Draft(category="professional-education", title=title, points=Decimal("1"), start=days_ago(days),
                      end=days_ago(days), evidence=evidence, notes=notes, attested=True)
        activities.record(RULES, member.id, ["RMA"], draft, TODAY, actor)
    text = render(transcripts(RULES, member, "RMA", "current", TODAY, NOW), "text")
    sha = hashlib.sha256(b"CE certificate").hexdigest()
    staff = text[text.index("Entered by staff"):]
    assert f"Evidence    file certificate.pdf (SHA-256 {sha[:12]}...)" in staff
    assert "Entered by  staff member Jo Park" in staff
    assert "Notes       Signed in at the front desk." in staff
    own = text[text.index("Entered by the member"):]
    assert "Evidence    certificate CERT-1" in own and "Entered by  the member" in own


def test_a_transcript_reads_its_activities_in_one_query_however_many_there_are(member, caplog):
    for n in range(30):
        draft = Draft(category="authorship", title=f"Article {n}", points=Decimal("1"), start=days_ago(n + 1),
                      end=days_ago(n + 1), evidence=f"CERT-{n}", notes=f"Note {n}", attested=True)
        activities.record(RULES, member.id, ["RMA"], draft, TODAY, "staff:Jo Park" if n % 2 else "member:998877")
    with caplog.at_level(logging.DEBUG, logger="peewee"):
        [rma] = transcripts(RULES, member, "RMA", "current", TODAY, NOW)
    assert len(rma.activities) == 32
    assert {a.entered_by for a in rma.activities} == {"staff:Jo Park", "member:998877", ACTOR}
    reading_activities = [r for r in caplog.records if 'FROM "activity"' in str(r.msg)]
    assert len(reading_activities) == 1
