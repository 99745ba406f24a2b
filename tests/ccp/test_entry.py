"""docs/ccp-rules.md section 3: an activity as typed (a form, a CSV row, a command line) read
into a draft, with every rule it breaks named by its field, in the same words everywhere."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amtrax_tui.ccp import (
    ACTIVITY_FIELDS,
    Draft,
    FieldError,
    TypedActivity,
    check_activity,
    cycle_on,
    parse_activity,
    parse_date,
    parse_points,
    points_text,
)
from amtrax_tui.ccp.entry import read_areas

D = dt.date
TODAY = D(2024, 6, 15)
RMA = cycle_on(D(2022, 3, 1), TODAY)  # 2022-03-01 .. 2025-02-28
MLT = cycle_on(D(2024, 1, 10), TODAY)  # 2024-01-10 .. 2027-01-09
DATE_RULE = "use YYYY-MM-DD or MM/DD/YYYY"


def typed(**changes) -> TypedActivity:
    values = {"category": "professional-education", "title": "Infection control update", "points": "1.5",
              "start": "2024-06-01", "end": "2024-06-02", "attested": True}
    return TypedActivity(**{**values, **changes})


def parse(rules, cycles=None, today=TODAY, **changes):
    return parse_activity(rules, typed(**changes), today, {"RMA": RMA} if cycles is None else cycles)


def test_a_complete_activity_reads_into_its_draft(rules):
    parsed = parse(rules, category="  professional-education ", points="1.5", start="06/01/2024", provider="ACME",
                   notes="two\nlines", evidence="CERT-1")
    assert parsed.errors == {}
    assert parsed.draft == Draft(category="professional-education", title="Infection control update",
                                 points=Decimal("1.5"), start=D(2024, 6, 1), end=D(2024, 6, 2), provider="ACME",
                                 notes="two\nlines", evidence="CERT-1", attested=True)


def test_an_end_not_given_is_the_start_date(rules):
    parsed = parse(rules, end=None)
    assert parsed.errors == {} and parsed.draft is not None
    assert parsed.draft.start == parsed.draft.end == D(2024, 6, 1)


# A value that cannot be read: no draft, and that field's one message.
UNREADABLE = [
    ("points", "lots", "'lots' is not a number"),
    ("points", "", "is required"),
    ("points", "１.５", "'１.５' is not a number"),  # full-width digits
    ("points", "0", "must be more than 0"),
    ("points", "-2", "must be more than 0"),
    ("points", "1000", "at most 999.99"),
    ("points", "1.234", "at most 2 decimal places"),
    ("points", "NaN", "must be a number"),
    ("start", "2024-13-01", f"'2024-13-01' is not a real calendar date; {DATE_RULE}"),
    ("start", "yesterday", f"'yesterday' is not a date; {DATE_RULE}"),
    ("start", "31/12/2023", f"'31/12/2023' is not a real calendar date; {DATE_RULE}"),
    ("start", "9999-12-31", "'9999-12-31' is out of range; use a year from 1900 to 9000"),
    ("end", "", "is required"),
    ("end", "2024-6-2", f"'2024-6-2' is not a date; {DATE_RULE}"),
    ("category", "", "is required"),
    ("category", "   ", "is required"),
]


@pytest.mark.parametrize("field, value, message", UNREADABLE, ids=[f"{f}={v!r}" for f, v, _ in UNREADABLE])
def test_a_value_that_cannot_be_read_is_named_alone_and_gives_no_draft(rules, field, value, message):
    parsed = parse(rules, **{field: value})
    assert parsed.draft is None
    assert parsed.errors == {field: message}


# A value that reads but breaks a rule: the draft, and the rule.
BROKEN = [
    ("title", "   ", "is required"),
    ("title", "x" * 201, "at most 200 characters"),
    ("title", "two\nlines", "must be a single line of printable text"),
    ("provider", "p" * 201, "at most 200 characters"),
    ("notes", "bell\x07", "must not hold control characters or bidi overrides"),
    ("evidence", "e" * 501, "at most 500 characters"),
    ("category", "cooking", "'cooking' is not a category; use one of "),
    ("end", "2024-05-31", "must not be before the start date"),
    ("end", "2024-06-16", "must not be after today (2024-06-15)"),
    ("start", "2022-02-28", "must fall inside the current RMA cycle 2022-03-01 to 2025-02-28"),
    ("attested", False, "must be given: confirm that the information entered is correct"),
]


@pytest.mark.parametrize("field, value, message", BROKEN, ids=[f"{f}={v!r}"[:40] for f, v, _ in BROKEN])
def test_a_broken_rule_is_named_by_its_field_and_the_draft_is_still_read(rules, field, value, message):
    parsed = parse(rules, **{field: value})
    assert parsed.draft is not None
    [(name, said)] = parsed.errors.items()
    assert name == {"attested": "attestation"}.get(field, field)
    assert said.startswith(message)


@pytest.mark.parametrize("points", ["0.01", "999.99", "1", "2.5"])
def test_the_smallest_and_largest_points_are_accepted(rules, points):
    parsed = parse(rules, points=points)
    assert parsed.errors == {} and parsed.draft is not None and parsed.draft.points == Decimal(points)


def test_the_edges_of_the_dates(rules):
    assert parse(rules, start="2024-06-15", end="2024-06-15").errors == {}  # ends today
    assert parse(rules, start="2024-06-02", end="2024-06-02").errors == {}  # one day
    assert parse(rules, start="2022-03-01", end="2022-03-01").errors == {}  # the cycle's first day
    assert parse(rules, start="2024-06-15", end="2024-06-16").errors == {"end": "must not be after today (2024-06-15)"}


def test_a_field_that_cannot_be_read_hides_no_other_field_and_invents_none(rules):
    # The start is not a date; the end (not given) is the start: no end after the
    # employment cutoff is made up for it.
    job = parse_activity(rules, typed(category="employment-verification", start="junk", end=None), TODAY)
    assert job.errors == {"start": f"'junk' is not a date; {DATE_RULE}"}
    # The points are not a number and the title is blank: both are said at once.
    both = parse(rules, points="lots", title=" ")
    assert both.draft is None and both.errors == {"title": "is required", "points": "'lots' is not a number"}


def test_every_rule_a_field_breaks_is_said_on_its_line(rules):
    parsed = parse(rules, {"RMA": RMA, "MLT": MLT}, start="2024-01-09")
    assert parsed.errors == {"start": "must fall inside the current MLT cycle 2024-01-10 to 2027-01-09"}
    parsed = parse(rules, {"RMA": RMA, "MLT": MLT}, start="2021-01-09", end="2025-03-01")
    assert parsed.errors["start"] == ("must fall inside the current RMA cycle 2022-03-01 to 2025-02-28; "
                                      "must fall inside the current MLT cycle 2024-01-10 to 2027-01-09")
    assert parsed.errors["end"] == ("must not be after today (2024-06-15); "
                                    "must fall inside the current RMA cycle 2022-03-01 to 2025-02-28")


def test_without_cycles_the_rules_about_credentials_wait_for_the_store(rules):
    outside = typed(start="2019-01-01", end="2019-01-02")
    assert parse_activity(rules, outside, TODAY).errors == {}
    assert parse_activity(rules, outside, TODAY, {}).errors["credential"] == "choose at least one credential"


def test_errors_come_in_the_forms_order_and_name_their_field(rules):
    parsed = parse(rules, {}, attested=False, end="2024-05-01", points="x", title="")
    assert list(parsed.errors) == ["credential", "title", "points", "end", "attestation"]
    assert [str(e) for e in parsed.field_errors()][:3] == [
        "credential: choose at least one credential", "title: is required", "points: 'x' is not a number"]
    assert all(isinstance(e, FieldError) for e in parsed.field_errors())


# Properties: one set of rules, whatever the source of the text.

DATES = st.dates(min_value=D(2015, 1, 1), max_value=D(2030, 12, 31))
POINTS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999.99"), places=2)


@st.composite
def typed_dates(draw) -> str:
    day = draw(DATES)
    return draw(st.sampled_from([day.isoformat(), f"{day.month}/{day.day}/{day.year}", f"{day:%m/%d/%Y}"]))


@given(POINTS, DATES, st.integers(min_value=0, max_value=30), st.sampled_from(["professional-education", "authorship"]))
def test_a_draft_written_as_text_reads_back_the_same(rules, points, start, days, category):
    draft = Draft(category=category, title="Course", points=points, start=start, end=start + dt.timedelta(days=days),
                  attested=True)
    text = TypedActivity(category=category, title="Course", points=points_text(points), start=start.isoformat(),
                         end=draft.end.strftime("%m/%d/%Y"), attested=True)
    assert parse_activity(rules, text, TODAY).draft == draft


def reads(parse, *args) -> bool:
    try:
        parse(*args)
    except FieldError:
        return False
    return True


TEXT = st.one_of(st.text(max_size=12), st.sampled_from(["1.5", "0", "2024-06-01", "06/01/2024", "", "999.99"]))


@given(TEXT, TEXT, st.one_of(st.none(), TEXT), st.sampled_from(["", "authorship", "employment-verification", "x"]),
       st.sampled_from(["Course", "", "a\nb"]), st.booleans(), st.sampled_from([None, {}, {"RMA": RMA}]))
def test_the_draft_breaks_exactly_the_rules_check_activity_names(rules, points, start, end, category, title, attested,
                                                                  cycles):
    parsed = parse_activity(rules, TypedActivity(category, title, points, start, end, attested=attested), TODAY, cycles)
    readable = (reads(parse_points, points, rules.max_points, rules.points_decimals) and reads(parse_date, start)
                and (end is None or reads(parse_date, end)) and bool(category.strip()))
    assert (parsed.draft is not None) == readable
    assert set(parsed.errors) <= set(ACTIVITY_FIELDS)
    if parsed.draft is not None:
        expected: dict[str, list[str]] = {}
        for error in check_activity(rules, parsed.draft, cycles, TODAY):
            expected.setdefault(error.field, []).append(error.message)
        assert parsed.errors == {field: "; ".join(messages) for field, messages in expected.items()}


def test_an_activity_with_areas_keeps_its_own_points(rules):
    typed = TypedActivity("authorship", "Article", "3", "2024-01-02", areas=(("clinical", "2"), ("general", "1")))
    draft = parse_activity(rules, typed, TODAY).draft
    assert draft is not None and draft.points == Decimal(3)
    assert draft.areas == (("clinical", Decimal(2)), ("general", Decimal(1)))


def test_an_area_written_without_its_points_is_refused_as_points_that_are_not_a_number(rules):
    assert read_areas("clinical=2; general") == (("clinical", "2"), ("", "general"))
    typed = TypedActivity("authorship", "Article", "2", "2024-01-02", attested=True, areas=read_areas("general"))
    assert parse_activity(rules, typed, TODAY).errors == {"areas": "'general' is not a number"}
