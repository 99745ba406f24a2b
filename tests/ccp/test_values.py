"""Parsing typed dates, points and text (section 3)."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amtrax_tui.ccp import FieldError, parse_date, parse_points, points_text, text_error, title_key

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
    "2020/12/31", "12-31-2020", "2020-1-5", "1/5/20", "20201231", "next tuesday", "", "2020-12-31T00:00",
])
def test_other_date_forms_are_refused_naming_the_field(text):
    with pytest.raises(FieldError) as caught:
        parse_date(text, "start")
    assert caught.value.field == "start"
    assert "YYYY-MM-DD or MM/DD/YYYY" in caught.value.message


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
    ("ten", "not a number"), ("", "not a number"), ("1,5", "not a number"),
    ("NaN", "must be a number"), ("Infinity", "must be a number"),
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
