"""CSV import into the store: every row checked as `record` checks it, all or nothing."""

import datetime as dt
from decimal import Decimal

import pytest

from amtrax_tui.ccp import Draft, load_rules
from amtrax_tui.store import activities, members
from amtrax_tui.store.db import open_database
from amtrax_tui.store.imports import ImportRow, RowsRefused, record_all
from amtrax_tui.store.records import Invalid
from amtrax_tui.transcript import read_csv, render_csv, render_text, transcripts

RULES = load_rules()
TODAY = dt.date.today()
NOW = dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
ACTOR = "test"


def draft(title: str, days_ago: int, points: str = "2", category: str = "professional-education") -> Draft:
    day = TODAY - dt.timedelta(days=days_ago)
    return Draft(category=category, title=title, points=Decimal(points), start=day, end=day, attested=True)


@pytest.fixture
def member(database):
    found = members.add_member("Dana Ortiz", "998877", ACTOR)
    members.add_credential(RULES, found.id, "RMA", TODAY - dt.timedelta(days=400), None, TODAY, ACTOR)
    return found


def titles(member) -> list[str]:
    return [a.title for a in activities.list_activities(member.id)]


def test_every_row_is_recorded(member):
    rows = [ImportRow(2, draft("First", 30)), ImportRow(3, draft("Second", 20))]
    assert record_all(RULES, member.id, "rma", rows, TODAY, ACTOR).count == 2
    assert titles(member) == ["First", "Second"]


def test_one_bad_row_means_nothing_is_recorded_and_every_bad_row_is_named(member):
    rows = [
        ImportRow(2, draft("Fine", 30)),
        ImportRow(3, draft("Before the cycle", 500)),
        ImportRow(4, draft("In the future", -5)),
        ImportRow(5, draft("Unknown kind", 10, category="bowling")),
    ]
    with pytest.raises(RowsRefused) as caught:
        record_all(RULES, member.id, "RMA", rows, TODAY, ACTOR)
    lines = [(line, error.field) for line, error in caught.value.problems]
    assert lines == [(3, "start"), (3, "end"), (4, "end"), (5, "category")]
    assert titles(member) == []


def test_a_dry_run_checks_everything_and_records_nothing(member):
    rows = [ImportRow(2, draft("First", 30))]
    assert record_all(RULES, member.id, "RMA", rows, TODAY, ACTOR, dry_run=True).count == 1
    assert titles(member) == []


def test_a_row_repeated_in_the_file_is_caught(member):
    rows = [ImportRow(2, draft("Lab Safety", 30)), ImportRow(3, draft("lab  safety", 30))]
    with pytest.raises(RowsRefused) as caught:
        record_all(RULES, member.id, "RMA", rows, TODAY, ACTOR)
    [(line, error)] = caught.value.problems
    assert line == 3 and str(error) == "title: repeats line 2 (same category, start date and title)"
    assert caught.value.duplicate_lines == {3}
    assert titles(member) == []
    assert record_all(RULES, member.id, "RMA", rows, TODAY, ACTOR, allow_duplicate=True).count == 2


def test_a_row_already_in_the_database_is_a_duplicate(member):
    record_all(RULES, member.id, "RMA", [ImportRow(2, draft("Lab Safety", 30))], TODAY, ACTOR)
    with pytest.raises(RowsRefused) as caught:
        record_all(RULES, member.id, "RMA", [ImportRow(2, draft("New", 5)), ImportRow(3, draft("LAB SAFETY", 30))],
                   TODAY, ACTOR)
    assert caught.value.duplicate_lines == {3}
    assert titles(member) == ["Lab Safety"]


def test_a_credential_the_member_does_not_hold_is_refused_once(member):
    with pytest.raises(Invalid, match="the member does not hold MLT"):
        record_all(RULES, member.id, "MLT", [ImportRow(2, draft("First", 30))], TODAY, ACTOR)


def test_an_exported_csv_imported_into_an_empty_database_gives_the_same_transcript(member, tmp_path):
    evidence = tmp_path / "card.pdf"
    evidence.write_bytes(b"%PDF card")
    for title, days, extra in (("=cmd|' /C calc'!A0", 40, {"provider": "-AMT", "notes": "two\nlines"}),
                               ("Phlebotomy, order of draw", 20, {"evidence": str(evidence)})):
        activities.record(RULES, member.id, ["RMA"], Draft(
            category="professional-education", title=title, points=Decimal("1.25"),
            start=TODAY - dt.timedelta(days=days + 3), end=TODAY - dt.timedelta(days=days), attested=True, **extra),
            TODAY, ACTOR)
    [before] = transcripts(RULES, member, "RMA", "current", TODAY, NOW)
    exported = render_csv(before).encode("utf-8")

    empty = open_database(str(tmp_path / "empty.db"))
    again = members.add_member("Dana Ortiz", "998877", ACTOR)
    members.add_credential(RULES, again.id, "RMA", TODAY - dt.timedelta(days=400), None, TODAY, ACTOR)
    rows = read_csv(exported, RULES, TODAY)
    record_all(RULES, again.id, "RMA", rows, TODAY, ACTOR)
    [after] = transcripts(RULES, again, "RMA", "current", TODAY, NOW)

    assert render_text(after) == render_text(before)
    assert [(a.title, a.provider, a.notes, a.evidence, a.evidence_sha256) for a in after.activities] == [
        (a.title, a.provider, a.notes, a.evidence, a.evidence_sha256) for a in before.activities]
    empty.close()


def test_area_approval_and_minutes_cells_that_break_the_credentials_rules_are_refused_by_line_and_column(database):
    rules = load_rules(bodies=["AAMA"])
    pat = members.add_member("Pat Kim", "C-3003", ACTOR)
    members.add_credential(rules, pat.id, "AAMA:CMA", TODAY - dt.timedelta(days=400), None, TODAY, ACTOR)
    day = (TODAY - dt.timedelta(days=10)).isoformat()
    data = (
        "start_date,category,title,points,areas,approved,minutes\n"
        f'{day},authorship,Hostile,2,"clin\x1b[2J\u202eical=2",AAMA,60\n'
        f'{day},authorship,Approved by nobody,2,clinical=2,"AAMA, XYZ",60\n'
        f"{day},authorship,Too short,2,clinical=2,AAMA,30\n"
        f"{day},authorship,Split wrong,3,clinical=2,AAMA,60\n"
    ).encode()
    rows = read_csv(data, rules, TODAY)
    with pytest.raises(RowsRefused) as caught:
        record_all(rules, pat.id, "AAMA:CMA", rows, TODAY, ACTOR)
    found = [(line, str(error)) for line, error in caught.value.problems]
    assert found == [
        (2, "areas: give the points for each of Administrative, Clinical, General (AAMA:CMA counts them)"),
        (2, r"areas: 'clin\x1b[2J\u202eical' is not a content area of the credentials chosen"),
        (3, "approved: 'XYZ' approves none of the credentials chosen"),
        (4, "minutes: must be at least 50 for the activity to count toward AAMA:CMA"),
        (5, "areas: the points of Administrative, Clinical, General must add up to the activity's 3 (now 2)"),
    ]
    assert activities.list_activities(pat.id) == []
