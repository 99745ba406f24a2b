import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amtrax_tui.ccp import has_unsafe, load_rules
from amtrax_tui.transcript import read_csv, render_csv
from amtrax_tui.transcript.csvfile import COLUMNS, Unreadable, neutralise, restore
from tests.transcript.bodies import EKG, HELD, MET, UNMET, body_transcript, hostile_transcript
from tests.transcript.bodies import RULES as BODIES
from tests.transcript.conftest import activity, make_transcript

RULES = load_rules()
TODAY = dt.date(2026, 6, 15)


def rows_of(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def problems(data: bytes) -> list[str]:
    with pytest.raises(Unreadable) as caught:
        read_csv(data, RULES, TODAY)
    return [str(error) for error in caught.value.errors]


def test_csv_matches_the_golden_file(transcript, golden):
    golden("transcript.csv", render_csv(transcript))


def test_csv_is_rfc_4180_with_a_header_and_every_stored_field(transcript):
    text = render_csv(transcript)
    assert text.startswith(",".join(COLUMNS) + "\r\n")
    assert text.count("\r\n") == 1 + len(transcript.activities)  # a line break inside notes stays LF
    rows = rows_of(text)
    assert [row["id"] for row in rows] == ["1", "2", "3", "4", "5"]
    assert rows[0]["credentials"] == "MLT;RMA"
    assert rows[0]["evidence_sha256"] == transcript.activities[0].evidence_sha256
    assert rows[3]["notes"] == 'Met monthly.\nMinutes kept by the secretary, "quoted", with commas.'
    assert rows[1]["points"] == "12.00" and rows[1]["end_date"] == "2023-12-15"
    assert rows[0]["attested_at"] == "2024-11-05T14:30:00Z"


@pytest.mark.parametrize("cell", ["=SUM(A1:A3)", "+Health Board", "-2+3", "@lab", "\tTab", "\rReturn"])
def test_cells_a_spreadsheet_would_run_as_formulas_are_neutralised(cell):
    assert neutralise(cell) == "'" + cell
    assert restore(neutralise(cell)) == cell


def test_neutralised_cells_in_the_export(transcript):
    rows = rows_of(render_csv(transcript))
    assert rows[3]["provider"] == "'+Health Board"
    assert rows[4]["title"].startswith("'=SUM(A1:A3)")
    assert rows[4]["provider"] == "'@lab-journal"


def test_a_quote_a_person_typed_stays_as_typed():
    assert neutralise("'Twas the night") == "'Twas the night"
    assert restore("'Twas the night") == "'Twas the night"
    assert neutralise("Plain title") == "Plain title"


@pytest.mark.parametrize("value, cell", [("'=1+1", "''=1+1"), ("''@x", "'''@x"), ("'", "'"), ("''a", "''a")])
def test_quotes_before_a_formula_character_get_one_more(value, cell):
    assert neutralise(value) == cell
    assert restore(cell) == value


# Quotes and formula characters in every order (where the rule matters), and any text.
CELLS = st.text(alphabet="'=+-@\t\rab ", max_size=12) | st.text(max_size=40)


@given(CELLS)
def test_restore_undoes_neutralise(value):
    assert restore(neutralise(value)) == value


@given(CELLS)
def test_restore_changes_only_what_neutralise_added(cell):
    assert restore(cell) == cell or neutralise(restore(cell)) == cell


# What import accepts: no control, bidi or separator characters; notes may hold line breaks and tabs.
SAFE = st.characters(codec="utf-8").filter(lambda ch: not has_unsafe(ch))
ONE_LINE = st.text(SAFE | st.sampled_from("'=+-@"), max_size=30)
NOTES = st.text(SAFE | st.sampled_from("'=+-@\n\t"), max_size=30)


@settings(max_examples=50)
@given(ONE_LINE, ONE_LINE, NOTES, ONE_LINE)
def test_import_gives_back_exactly_what_export_wrote(title, provider, notes, evidence):
    exported = make_transcript(rules=RULES, activities=[activity(
        1, dt.date(2024, 1, 5), "authorship", title, "1", provider=provider, notes=notes, evidence=evidence)])
    [row] = read_csv(render_csv(exported).encode("utf-8"), RULES, TODAY)
    assert (row.draft.title, row.draft.provider, row.draft.notes, row.draft.evidence) == (
        title, provider, notes, evidence)


@pytest.mark.parametrize("typed, imported", [
    ("'Twas a course", "'Twas a course"),  # a quote a person typed stays
    ("'=SUM(A1)", "=SUM(A1)"),  # the quote a spreadsheet puts before a formula goes
    ("''=SUM(A1)", "'=SUM(A1)"),
])
def test_a_hand_written_file_imports_as_typed(typed, imported):
    data = f"start_date,category,title,points\r\n2024-03-04,authorship,{typed},1\r\n"
    [row] = read_csv(data.encode(), RULES, TODAY)
    assert row.draft.title == imported


def test_control_and_bidi_characters_in_stored_values_are_written_as_escapes():
    stored = make_transcript(activities=[activity(
        1, dt.date(2024, 1, 5), "authorship", "Evil\x1b[2J\u202eexe", "1", provider="\x9b31m",
        notes="line one\n\tline two\x07\u2028")])
    text = render_csv(stored)
    [row] = rows_of(text)
    assert (row["title"], row["provider"]) == (r"Evil\x1b[2J\u202eexe", r"\x9b31m")
    assert row["notes"] == "line one\n\tline two\\x07\\u2028"  # notes keep their layout
    assert not has_unsafe(text, allow="\r\n\t")


def test_reading_the_export_gives_back_every_activity(transcript):
    rows = read_csv(render_csv(transcript).encode("utf-8"), RULES, TODAY)
    assert [r.line for r in rows] == [2, 3, 4, 5, 7]  # row 4's notes take two lines
    for row, activity in zip(rows, transcript.activities):
        d = row.draft
        assert (d.category, d.title, d.provider, d.points, d.start, d.end, d.notes, d.evidence) == (
            activity.category, activity.title, activity.provider, activity.points,
            activity.start, activity.end, activity.notes, activity.evidence)
        assert d.attested


def test_columns_in_any_order_with_the_optional_ones_absent():
    data = "points,title,category,start_date\r\n1.5,Lab safety,professional-education,03/04/2024\r\n"
    [row] = read_csv(data.encode(), RULES, TODAY)
    assert row.draft.points == Decimal("1.5")
    assert row.draft.start == row.draft.end == dt.date(2024, 3, 4)
    assert row.draft.provider == row.draft.notes == row.draft.evidence == ""


def test_a_byte_order_mark_and_blank_lines_are_accepted():
    data = "\ufeffstart_date,category,title,points\n\n2024-01-02,authorship,Article,2\n\n".encode()
    [row] = read_csv(data, RULES, TODAY)
    assert row.line == 3


def test_a_file_that_is_not_utf8_is_refused():
    data = "start_date,category,title,points\n2024-01-02,authorship,Café,2\n".encode("latin-1")
    [problem] = problems(data)
    assert "file: is not UTF-8 text (byte 59 is 0xe9)" in problem


def test_missing_required_columns_are_named():
    [problem] = problems(b"start_date,title\n2024-01-02,Article\n")
    assert problem == "line 1: header: required column missing: category, points"


def test_an_unknown_or_repeated_column_is_refused():
    found = problems(b"start_date,category,title,points,titel,points\n2024-01-02,authorship,A,2,x,3\n")
    assert any("unknown column 'titel'" in p for p in found)
    assert any("column named twice: points" in p for p in found)


def test_every_bad_date_and_bad_point_is_reported_with_its_line():
    data = (
        "start_date,end_date,category,title,points\n"
        "2024-02-30,,authorship,A,2\n"
        "2024-01-02,2024-13-01,authorship,B,2\n"
        "2024-01-02,,authorship,C,-1\n"
        "2024-01-02,,authorship,D,1.234\n"
        "2024-01-02,,authorship,E,lots\n"
        "2024-01-02,,authorship,F,2\n"
    ).encode()
    assert problems(data) == [
        "line 2: start_date: '2024-02-30' is not a real calendar date; use YYYY-MM-DD or MM/DD/YYYY",
        "line 3: end_date: '2024-13-01' is not a real calendar date; use YYYY-MM-DD or MM/DD/YYYY",
        "line 4: points: must be more than 0",
        "line 5: points: at most 2 decimal places",
        "line 6: points: 'lots' is not a number",
    ]


def test_a_row_that_cannot_be_read_names_every_rule_it_breaks_by_its_column():
    data = b"start_date,end_date,category,title,points\n2024-01-02,2023-12-01,authorship, ,lots\n"
    assert problems(data) == [
        "line 2: title: is required",
        "line 2: points: 'lots' is not a number",
        "line 2: end_date: must not be before the start date",
    ]


def test_a_row_with_the_wrong_number_of_fields_is_refused():
    [problem] = problems(b"start_date,category,title,points\n2024-01-02,authorship,A, B,2\n")
    assert problem == "line 2: row: has 5 fields; the header has 4"


def test_a_file_without_activities_is_refused():
    assert problems(b"start_date,category,title,points\r\n") == [
        "file: has no activities below its header row"]
    assert problems(b"") == [
        "line 1: header: is missing; the first row must name the columns, e.g. start_date,category,title,points"]


def test_a_quoted_field_that_never_ends_is_refused_with_its_line():
    data = b'start_date,category,title,points\n2024-01-02,authorship,"Unclosed,2\n2024-01-03,authorship,B,2\n'
    [problem] = problems(data)
    assert problem.startswith("line 3: file: is not valid CSV")


# Other bodies' credentials: a member holding RMA and AAMA:CMA, NHA:CPT.


def test_the_area_approval_and_minutes_columns_follow_the_others_when_an_activity_has_them():
    text = render_csv(body_transcript(HELD["AAMA:CMA"], UNMET))
    assert text.startswith(",".join(COLUMNS) + ",areas,approved,minutes\r\n")
    phlebotomy, front = rows_of(text)
    assert (phlebotomy["areas"], phlebotomy["approved"], phlebotomy["minutes"]) == (
        "clinical=12.00;general=8.00", "AAMA", "600")
    assert (front["areas"], front["approved"], front["minutes"]) == ("administrative=5.00;general=10.00", "", "900")
    assert phlebotomy["credentials"] == "RMA;AAMA:CMA"


def test_only_the_columns_a_transcript_has_values_for_are_added(transcript):
    assert render_csv(transcript).startswith(",".join(COLUMNS) + "\r\n")  # AMT's as before
    assert render_csv(body_transcript(HELD["NHA:CPT"], (EKG,))).startswith(",".join(COLUMNS) + ",minutes\r\n")


def test_hostile_text_in_an_area_name_is_written_as_escapes():
    text = render_csv(hostile_transcript())
    assert not has_unsafe(text, allow="\r\n")
    [row] = rows_of(text)
    assert row["areas"] == r"clin\x1b[2J\u202eical | *x* <b>=2.00"
    assert row["approved"] == r"AAMA\x07"


def test_an_export_with_areas_approvals_and_minutes_imports_to_the_same_values():
    exported = body_transcript(HELD["AAMA:CMA"], MET)
    rows = read_csv(render_csv(exported).encode("utf-8"), BODIES, TODAY)
    assert [(r.draft.areas, r.draft.approved_by, r.draft.minutes) for r in rows] == [
        (a.areas, a.approved_by, a.minutes) for a in exported.activities]
    assert [r.draft.points for r in rows] == [a.points for a in exported.activities]


@settings(max_examples=30)
@given(
    st.lists(st.tuples(st.sampled_from(["administrative", "clinical", "general"]),
                       st.decimals(min_value="0.01", max_value="999.99", places=2)),
             max_size=3, unique_by=lambda area: area[0]),
    st.sampled_from([(), ("AAMA",), ("AAMA", "NHA")]),
    st.none() | st.integers(min_value=1, max_value=1440),
)
def test_any_areas_approvals_and_minutes_come_back_from_an_export(areas, approved, minutes):
    exported = make_transcript(rules=BODIES, activities=[activity(
        1, dt.date(2024, 1, 5), "authorship", "Article", "1",
        areas=[(slug, str(points)) for slug, points in areas], approved=approved, minutes=minutes)])
    [row] = read_csv(render_csv(exported).encode("utf-8"), BODIES, TODAY)
    assert (row.draft.areas, row.draft.approved_by, row.draft.minutes) == (tuple(areas), approved, minutes)


def test_a_hand_written_file_gives_areas_approvals_and_minutes_as_the_form_reads_them():
    data = ("start_date,category,title,points,areas,approved,minutes\r\n"
            '2024-03-04,authorship,Article,3,"clinical=2; general=1","aama, nha",90\r\n'
            "2024-03-05,authorship,Essay,1,,,\r\n")
    article, essay = read_csv(data.encode(), BODIES, TODAY)
    assert article.draft.areas == (("clinical", Decimal(2)), ("general", Decimal(1)))
    assert (article.draft.approved_by, article.draft.minutes) == (("AAMA", "NHA"), 90)
    assert (essay.draft.areas, essay.draft.approved_by, essay.draft.minutes) == ((), (), None)


def test_an_area_or_minutes_cell_that_cannot_be_read_is_refused_naming_its_line_and_column():
    # Cells that read but break a rule of the member's credentials are refused by the store (test_import_rows).
    data = (
        "start_date,category,title,points,areas,minutes\n"
        "2024-01-02,authorship,A,2,clinical=lots,60\n"
        "2024-01-02,authorship,B,2,clinical,60\n"
        "2024-01-02,authorship,C,2,clinical=-1,60\n"
        "2024-01-02,authorship,D,2,clinical=2,ninety\n"
        "2024-01-02,authorship,E,2,clinical=2,1.5\n"
        "2024-01-02,authorship,G,2,clinical=2,60\n"
    ).encode()
    assert problems(data) == [
        "line 2: areas: 'lots' is not a number",
        "line 3: areas: 'clinical' is not a number",
        "line 4: areas: must be more than 0",
        "line 5: minutes: 'ninety' is not a whole number of minutes",
        "line 6: minutes: '1.5' is not a whole number of minutes",
    ]


def test_an_unknown_optional_column_is_refused_and_the_known_ones_are_listed():
    [problem] = problems(b"start_date,category,title,points,area\n2024-01-02,authorship,A,2,clinical=2\n")
    assert problem.startswith("line 1: header: unknown column 'area'; columns are ")
    assert problem.endswith(", entered_in_amtrax, entered_by, areas, approved, minutes")
