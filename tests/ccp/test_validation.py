"""docs/ccp-rules.md sections 3 and 4: what may be recorded, each refusal naming its field and rule."""

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amtrax_tui.ccp import Draft, check_activity, cycle_on

D = dt.date
TODAY = D(2024, 6, 15)
RMA_CYCLE = cycle_on(D(2022, 3, 1), TODAY)  # 2022-03-01 .. 2025-02-28
MLT_CYCLE = cycle_on(D(2024, 1, 10), TODAY)  # 2024-01-10 .. 2027-01-09


def draft(**changes) -> Draft:
    base = Draft(category="professional-education", title="Infection control update", points=Decimal("1.5"),
                 start=D(2024, 6, 1), end=D(2024, 6, 2), attested=True)
    return dataclasses.replace(base, **changes)


def errors_of(rules, d, cycles=None, today=TODAY):
    return [(e.field, e.message) for e in check_activity(rules, d, cycles or {"RMA": RMA_CYCLE}, today)]


def test_a_complete_activity_is_accepted(rules):
    assert errors_of(rules, draft()) == []
    assert errors_of(rules, draft(), {"RMA": RMA_CYCLE, "MLT": MLT_CYCLE}) == []


def test_attestation_is_required(rules):
    [(field, message)] = errors_of(rules, draft(attested=False))
    assert field == "attestation" and "must be given" in message


@pytest.mark.parametrize("points, rule", [
    (Decimal("0"), "more than 0"), (Decimal("-2"), "more than 0"),
    (Decimal("1000"), "at most 999.99"), (Decimal("1.005"), "at most 2 decimal places"),
])
def test_points_must_be_positive_small_and_at_most_two_decimals(rules, points, rule):
    [(field, message)] = errors_of(rules, draft(points=points))
    assert field == "points" and rule in message


def test_the_largest_and_smallest_points_are_accepted(rules):
    assert errors_of(rules, draft(points=Decimal("999.99"))) == []
    assert errors_of(rules, draft(points=Decimal("0.01"))) == []


def test_start_must_not_be_after_end(rules):
    [(field, message)] = errors_of(rules, draft(start=D(2024, 6, 3), end=D(2024, 6, 2)))
    assert field == "end" and "before the start date" in message
    assert errors_of(rules, draft(start=D(2024, 6, 2), end=D(2024, 6, 2))) == []


def test_end_may_be_today_but_not_tomorrow(rules):
    assert errors_of(rules, draft(end=TODAY)) == []
    [(field, message)] = errors_of(rules, draft(end=TODAY + dt.timedelta(days=1)))
    assert field == "end" and "after today (2024-06-15)" in message


def test_dates_before_the_current_cycle_are_refused(rules):
    [(field, message)] = errors_of(rules, draft(start=D(2022, 2, 28), end=D(2022, 3, 1)))
    assert field == "start" and "RMA cycle 2022-03-01 to 2025-02-28" in message
    assert errors_of(rules, draft(start=D(2022, 3, 1), end=D(2022, 3, 1))) == []


def test_dates_must_fall_inside_the_cycle_of_every_allocated_credential(rules):
    # Inside RMA's cycle, before MLT's started on 2024-01-10.
    found = errors_of(rules, draft(start=D(2024, 1, 9), end=D(2024, 1, 10)), {"RMA": RMA_CYCLE, "MLT": MLT_CYCLE})
    assert found == [("start", "must fall inside the current MLT cycle 2024-01-10 to 2027-01-09")]


def test_at_least_one_credential_is_required(rules):
    found = check_activity(rules, draft(), {}, TODAY)
    assert [e.field for e in found] == ["credential"]


@pytest.mark.parametrize("title, rule", [
    ("", "is required"), ("   ", "is required"), ("x" * 201, "at most 200 characters"),
    ("two\nlines", "single line"),
])
def test_title_is_required_and_one_short_line(rules, title, rule):
    [(field, message)] = errors_of(rules, draft(title=title))
    assert field == "title" and rule in message


@pytest.mark.parametrize("field, value, rule", [
    ("provider", "p" * 201, "at most 200"), ("notes", "n" * 2001, "at most 2000"),
    ("evidence", "e" * 501, "at most 500"), ("provider", "a\tb", "single line"),
    ("notes", "bell\x07", "control characters"),
])
def test_optional_text_fields_have_limits(rules, field, value, rule):
    [(name, message)] = errors_of(rules, draft(**{field: value}))
    assert name == field and rule in message


def test_an_unknown_category_is_refused_listing_the_categories(rules):
    [(field, message)] = errors_of(rules, draft(category="cooking"))
    assert field == "category" and "'cooking' is not a category" in message and "authorship" in message


# Employment: a cycle 2018-06-01 .. 2021-05-31 straddles the 2020-12-31 cutoff.
STRADDLING = cycle_on(D(2018, 6, 1), D(2021, 3, 1))


def test_employment_ending_on_the_cutoff_is_accepted(rules):
    job = draft(category="employment-verification", start=D(2020, 1, 1), end=D(2020, 12, 31))
    assert errors_of(rules, job, {"RMA": STRADDLING}, today=D(2021, 3, 1)) == []


def test_employment_ending_the_day_after_the_cutoff_is_refused(rules):
    job = draft(category="employment-verification", start=D(2020, 1, 1), end=D(2021, 1, 1))
    found = errors_of(rules, job, {"RMA": STRADDLING}, today=D(2021, 3, 1))
    assert found == [("end", "employment may be claimed only up to 2020-12-31")]


def test_a_cycle_starting_after_the_cutoff_has_no_employment_category(rules):
    later = cycle_on(D(2021, 1, 1), TODAY)
    job = draft(category="employment-verification", start=D(2021, 1, 1), end=D(2021, 1, 1))
    found = errors_of(rules, job, {"RMA": later})
    assert ("category", "Employment Verification is not available for the RMA cycle that starts after 2020-12-31") in found


def test_a_cycle_starting_on_the_cutoff_still_offers_employment(rules):
    on_cutoff = cycle_on(D(2020, 12, 31), D(2021, 6, 1))
    job = draft(category="employment-verification", start=D(2020, 12, 31), end=D(2020, 12, 31))
    assert errors_of(rules, job, {"RMA": on_cutoff}, today=D(2021, 6, 1)) == []


# The property: check_activity accepts a draft exactly when every rule holds.
TITLES = [("CPR course", True), ("", False), ("  ", False), ("x" * 200, True), ("x" * 201, False), ("a\nb", False)]
CATEGORIES = ["professional-education", "authorship", "employment-verification", "cooking"]


@st.composite
def situations(draw):
    today = draw(st.dates(min_value=D(2016, 1, 1), max_value=D(2030, 12, 31)))
    anchors = draw(st.lists(st.integers(min_value=0, max_value=3000), min_size=0, max_size=2))
    cycles = {code: cycle_on(today - dt.timedelta(days=back), today) for code, back in zip(("RMA", "MLT"), anchors)}
    start = today + dt.timedelta(days=draw(st.integers(min_value=-1500, max_value=20)))
    end = start + dt.timedelta(days=draw(st.integers(min_value=-5, max_value=400)))
    title, title_ok = draw(st.sampled_from(TITLES))
    points = draw(st.decimals(min_value=-5, max_value=1100, places=3, allow_nan=False, allow_infinity=False))
    d = Draft(category=draw(st.sampled_from(CATEGORIES)), title=title, points=points,
              start=start, end=end, attested=draw(st.booleans()))
    return d, cycles, today, title_ok


@given(situations())
def test_validation_accepts_exactly_what_the_rules_allow(rules, situation):
    d, cycles, today, title_ok = situation
    employment = d.category == "employment-verification"
    cutoff = rules.employment_cutoff
    allowed = (
        bool(cycles) and title_ok and d.attested
        and 0 < d.points <= Decimal("999.99") and d.points == round(d.points, 2)
        and d.category in rules.categories
        and d.start <= d.end <= today
        and all(d.start in c and d.end in c for c in cycles.values())
        and (not employment or (d.end <= cutoff and all(c.start <= cutoff for c in cycles.values())))
    )
    found = check_activity(rules, d, cycles, today)
    assert (found == []) == allowed, found
    assert all(e.field in {"credential", "title", "points", "category", "start", "end", "attestation"} for e in found)
