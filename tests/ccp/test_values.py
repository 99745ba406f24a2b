"""Parsing typed dates, points and text (docs/ccp-rules.md section 3)."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amtrax_tui.ccp import FieldError, cycle_at, cycle_on, next_dues_month, parse_date, parse_points, points_text, text_error, title_key

MAX = Decimal("999.99")


@pytest.mark.parametrize("text, expected", [
    ("2020-12-31", dt.date(2020, 12, 31)),
    ("12/31/2020", dt.date(2020, 12, 31)),
    ("2/9/2024", dt.date(2024, 2, 9)),
    ("02/29/2024", dt.date(2024, 2, 29)),
    ("  2024-02-29 ", dt.date(2024, 2, 29)),
])
def test_iso_and_us_dates_are_accepted(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", [
    "31/12/2020",  # day first: not a US date
    "2020/12/31", "12-31-2020", "2020-1-5", "1/5/20", "20201231", "next tuesday", "2020-12-31T00:00",
])
def test_other_date_forms_are_refused_naming_the_field(text):
    with pytest.raises(FieldError) as caught:
        parse_date(text, "start")
    assert caught.value.field == "start"
    assert "YYYY-MM-DD or MM/DD/YYYY" in caught.value.message


@pytest.mark.parametrize("text", ["", "   "])
def test_an_empty_date_or_points_is_required(text):
    for parse in (lambda: parse_date(text, "start"), lambda: parse_points(text, Decimal("999.99"), 2)):
        with pytest.raises(FieldError) as caught:
            parse()
        assert caught.value.message == "is required"


@pytest.mark.parametrize("text", [
    "２０２５-１２-０１", "１２/０１/２０２５",  # full-width digits
    "٢٠٢٥-١٢-٠١", "١٢/٠١/٢٠٢٥",  # Arabic-Indic digits
    "۲۰۲۵-۱۲-۰۱",  # Extended Arabic-Indic (Persian) digits
    "2025-1２-01",  # one full-width digit among ASCII ones
])
def test_only_ascii_digits_make_a_date(text):
    with pytest.raises(FieldError) as caught:
        parse_date(text, "start")
    assert caught.value.field == "start"
    assert caught.value.message == f"{text!r} is not a date; use YYYY-MM-DD or MM/DD/YYYY"


@pytest.mark.parametrize("text", ["9999-12-31", "12/31/9999", "9001-01-01", "1899-12-31", "0001-01-01"])
def test_a_year_outside_1900_to_9000_is_refused(text):
    with pytest.raises(FieldError) as caught:
        parse_date(text, "on")
    assert caught.value.field == "on"
    assert caught.value.message == f"{text!r} is out of range; use a year from 1900 to 9000"


def test_the_first_and_last_days_of_the_range_are_dates():
    assert parse_date("1900-01-01") == dt.date(1900, 1, 1)
    assert parse_date("12/31/9000") == dt.date(9000, 12, 31)


@settings(max_examples=300)
@given(st.dates(dt.date(1900, 1, 1), dt.date(9000, 12, 31)), st.dates(dt.date(1900, 1, 1), dt.date(9000, 12, 31)))
def test_every_accepted_date_leaves_room_for_its_cycle_arithmetic(first, second):
    """Whatever two dates a person types (a certification or cycle start, and a
    day to look at), the cycles, invoice and dues dates stay in Python's range."""
    anchor, day = min(first, second), max(first, second)
    assert parse_date(anchor.isoformat()) == anchor and parse_date(day.strftime("%m/%d/%Y")) == day
    cycle = cycle_on(anchor, day)
    following = cycle_at(anchor, cycle.index + 1)
    previous = cycle_at(anchor, cycle.index - 1) if cycle.index else cycle
    assert previous.start <= cycle.start <= day <= cycle.end < following.start
    assert cycle.end + dt.timedelta(days=1) == following.start  # the invoice day after meeting it
    assert next_dues_month(anchor, following.end) <= f"{following.end.year + 1:04d}-12"


@pytest.mark.parametrize("text", ["2023-02-29", "02/30/2024", "2024-13-01", "13/01/2024"])
def test_impossible_calendar_dates_are_refused(text):
    with pytest.raises(FieldError, match="not a real calendar date"):
        parse_date(text, "end")


@pytest.mark.parametrize("text, expected", [
    ("0.01", Decimal("0.01")), ("1", Decimal("1")), ("2.5", Decimal("2.5")),
    ("999.99", MAX), (" 10.50 ", Decimal("10.50")),
])
def test_points_within_the_rules_are_accepted(text, expected):
    assert parse_points(text, MAX, 2) == expected


@pytest.mark.parametrize("text, rule", [
    ("0", "more than 0"), ("-1", "more than 0"), ("-0.01", "more than 0"), ("0.00", "more than 0"),
    ("1000", "at most 999.99"), ("999.991", "at most 999.99"),
    ("1.234", "at most 2 decimal places"), ("0.001", "at most 2 decimal places"),
    ("ten", "not a number"), ("1,5", "not a number"),
    ("NaN", "must be a number"), ("Infinity", "must be a number"),
    ("１.５", "not a number"), ("١٫٥", "not a number"), ("١.٥", "not a number"), ("1٥", "not a number"),
    ("۳", "not a number"),
])
def test_points_outside_the_rules_are_refused_naming_the_rule(text, rule):
    with pytest.raises(FieldError) as caught:
        parse_points(text, MAX, 2)
    assert caught.value.field == "points"
    assert rule in caught.value.message


def test_decimal_points_add_exactly():
    total = parse_points("0.1", MAX, 2) + parse_points("0.2", MAX, 2)
    assert total == Decimal("0.3")


@given(st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-2000, max_value=2000))
def test_parse_points_accepts_exactly_what_the_rules_allow(value):
    allowed = 0 < value <= MAX and value == round(value, 2)
    try:
        parsed = parse_points(str(value), MAX, 2)
    except FieldError:
        assert not allowed
    else:
        assert allowed and parsed == value


def test_title_key_folds_case_and_collapses_white_space():
    assert title_key("  Infection   Control\tUpdate ") == title_key("infection control update")
    assert title_key("STRASSE") == title_key("straße")
    assert title_key("CPR course") != title_key("CPR course 2")


@pytest.mark.parametrize("value, single_line, problem", [
    ("x" * 201, True, "at most 200 characters"),
    ("two\nlines", True, "single line"),
    ("tab\there", True, "single line"),
    ("nul\x00byte", True, "single line"),
    ("nul\x00byte", False, "control characters"),
    ("bad \udcff byte", True, "broken character encoding"),
])
def test_text_error_names_the_problem(value, single_line, problem):
    error = text_error("title", value, 200, single_line)
    assert error is not None and error.field == "title" and problem in error.message


def test_text_error_accepts_ordinary_text():
    assert text_error("title", "x" * 200, 200) is None
    assert text_error("notes", "line one\nline two\twith a tab", 2000, single_line=False) is None


@pytest.mark.parametrize(("points", "text"), [("30", "30"), ("30.00", "30"), ("1.50", "1.5"), ("0.25", "0.25"), ("100", "100")])
def test_points_read_as_people_write_them_never_with_an_exponent(points, text):
    assert points_text(Decimal(points)) == text
