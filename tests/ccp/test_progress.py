"""docs/ccp-rules.md section 5: progress, status, pace, projection, invoice date and dues month."""

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amtrax_tui.ccp import compute_progress, cycle_at, next_dues_month

D = dt.date
P = Decimal
ANCHOR = D(2024, 1, 1)
CYCLE = cycle_at(ANCHOR, 0)  # 2024-01-01 .. 2026-12-31, 1096 days
PE = "professional-education"


def progress(rules, daily, as_of, code="RMA", cycle=CYCLE, certified_on=ANCHOR):
    return compute_progress(rules, rules.credentials[code], cycle, certified_on, daily, as_of)


def test_earned_remaining_and_subtotals(rules):
    p = progress(rules, [(D(2024, 2, 1), PE, P("10")), (D(2024, 3, 1), "authorship", P("2.5"))], D(2024, 6, 1))
    assert (p.required, p.earned, p.remaining) == (30, P("12.5"), P("17.5"))
    assert p.by_category[PE] == 10 and p.by_category["authorship"] == P("2.5")
    assert p.by_category["formal-education"] == 0


def test_decimal_points_sum_exactly(rules):
    p = progress(rules, [(D(2024, 2, 1), PE, P("0.1")), (D(2024, 2, 2), PE, P("0.2"))], D(2024, 6, 1))
    assert p.earned == P("0.3")
    assert p.remaining == P("29.7")


def test_employment_subtotal_is_shown_only_where_the_cycle_offers_it(rules):
    before = progress(rules, [], D(2020, 6, 1), cycle=cycle_at(D(2019, 1, 1), 0), certified_on=D(2019, 1, 1))
    after = progress(rules, [], D(2024, 6, 1))
    assert "employment-verification" in before.by_category
    assert "employment-verification" not in after.by_category


def test_points_count_on_the_end_date_within_the_cycle_only(rules):
    daily = [
        (D(2023, 12, 31), PE, P("5")),  # before the cycle
        (D(2024, 1, 1), PE, P("1")),  # first day
        (D(2026, 12, 31), PE, P("2")),  # last day
        (D(2027, 1, 1), PE, P("4")),  # the next cycle's first day
    ]
    assert progress(rules, daily, D(2026, 12, 31)).earned == 3
    # As of an earlier date, later points do not count yet.
    assert progress(rules, daily, D(2026, 12, 30)).earned == 1


def test_met_when_earned_reaches_required(rules):
    p = progress(rules, [(D(2024, 3, 1), PE, P("20")), (D(2024, 4, 1), PE, P("10"))], D(2024, 6, 1))
    assert p.status == "met"
    assert p.remaining == 0
    assert p.date_met == D(2024, 4, 1)
    assert p.invoice_available_on == D(2024, 4, 2)  # the day after the requirement is met
    assert p.projected_completion == D(2024, 4, 1)
    assert p.points_per_month_needed == 0


def test_not_met_has_no_invoice_date(rules):
    p = progress(rules, [(D(2024, 3, 1), PE, P("29.99"))], D(2024, 6, 1))
    assert p.status != "met" and p.date_met is None and p.invoice_available_on is None


def test_met_on_the_last_day_of_the_cycle(rules):
    p = progress(rules, [(D(2026, 12, 31), PE, P("30"))], D(2026, 12, 31))
    assert (p.status, p.date_met, p.invoice_available_on, p.days_left) == ("met", D(2026, 12, 31), D(2027, 1, 1), 1)


def test_lapsed_once_the_cycle_ended_short(rules):
    p = progress(rules, [(D(2026, 12, 31), PE, P("29.99"))], D(2027, 1, 1))
    assert p.status == "lapsed"
    assert p.days_left == 0
    assert p.projected_completion is None


def test_still_met_after_the_cycle_ended(rules):
    assert progress(rules, [(D(2025, 1, 1), PE, P("30"))], D(2027, 3, 1)).status == "met"


# Half the cycle: 548 of 1096 days elapsed, so on track needs 15 of 30 points.
HALFWAY = ANCHOR + dt.timedelta(days=548)


def test_on_track_at_exactly_the_pro_rata_share(rules):
    assert progress(rules, [(D(2024, 2, 1), PE, P("15"))], HALFWAY).status == "on_track"


def test_behind_just_below_the_pro_rata_share(rules):
    assert progress(rules, [(D(2024, 2, 1), PE, P("14.99"))], HALFWAY).status == "behind"


def test_on_track_with_nothing_on_the_first_day_behind_on_the_second(rules):
    assert progress(rules, [], ANCHOR).status == "on_track"  # 0 whole days elapsed
    assert progress(rules, [], ANCHOR + dt.timedelta(days=1)).status == "behind"


def test_days_left_counts_today(rules):
    assert progress(rules, [], ANCHOR).days_left == 1096
    assert progress(rules, [], D(2026, 12, 30)).days_left == 2


def test_points_per_month_needed_rounds_up_to_the_cent(rules):
    # 30 points over the 365 days from 2026-01-01: 30 * 30.4375 / 365 = 2.5017...
    p = progress(rules, [], D(2026, 1, 1))
    assert p.days_left == 365
    assert p.points_per_month_needed == P("2.51")


def test_projected_completion_at_the_pace_so_far(rules):
    # 10 points in the first 10 days (inclusive): 20 more take 20 days.
    p = progress(rules, [(D(2024, 1, 5), PE, P("10"))], D(2024, 1, 10))
    assert p.projected_completion == D(2024, 1, 30)


def test_less_than_a_tenth_of_the_requirement_is_not_yet_a_pace_to_project(rules):
    # One point 500 days into the cycle would project to the next century.
    assert progress(rules, [(D(2025, 5, 15), PE, P("2.99"))], D(2025, 5, 15)).projected_completion is None
    assert progress(rules, [(D(2025, 5, 15), PE, P("3"))], D(2025, 5, 15)).projected_completion is not None


def test_no_projection_without_any_points(rules):
    assert progress(rules, [], D(2024, 6, 1)).projected_completion is None


def test_cumulative_total_per_day(rules):
    daily = [(D(2024, 1, 5), PE, P("1")), (D(2024, 1, 5), "authorship", P("2")), (D(2024, 2, 1), PE, P("0.5"))]
    assert progress(rules, daily, D(2024, 6, 1)).cumulative == ((D(2024, 1, 5), P("3")), (D(2024, 2, 1), P("3.5")))


def with_cap(rules, slug, cap):
    categories = dict(rules.categories)
    categories[slug] = dataclasses.replace(categories[slug], cap=P(cap))
    return dataclasses.replace(rules, categories=categories)


def test_points_above_a_cap_are_recorded_but_do_not_count(rules):
    capped = with_cap(rules, "authorship", "5")
    daily = [(D(2024, 2, 1), "authorship", P("3")), (D(2024, 3, 1), "authorship", P("4")),
             (D(2024, 4, 1), PE, P("1"))]
    p = progress(capped, daily, D(2024, 6, 1))
    [authorship] = [c for c in p.categories if c.slug == "authorship"]
    assert (authorship.recorded, authorship.counted, authorship.cut, authorship.cap) == (7, 5, 2, 5)
    assert p.earned == 6
    assert p.by_category["authorship"] == 5


def test_a_cap_delays_the_date_met(rules):
    capped = with_cap(rules, "authorship", "10")
    daily = [(D(2024, 2, 1), "authorship", P("30")), (D(2024, 5, 1), PE, P("20"))]
    p = progress(capped, daily, D(2024, 6, 1))
    assert (p.earned, p.date_met) == (30, D(2024, 5, 1))


@pytest.mark.parametrize("certified_on, as_of, due", [
    (D(2006, 5, 1), D(2006, 5, 1), "2007-05"),  # first anniversary, not the certification month
    (D(2006, 5, 1), D(2006, 12, 1), "2007-05"),
    (D(2006, 5, 1), D(2007, 4, 30), "2007-05"),
    (D(2006, 5, 1), D(2007, 5, 31), "2007-05"),  # still due this month
    (D(2006, 5, 1), D(2007, 6, 1), "2008-05"),
    (D(2024, 2, 29), D(2026, 11, 27), "2027-02"),
    (D(2024, 12, 15), D(2025, 12, 31), "2025-12"),
])
def test_next_dues_month_is_the_anniversary_month(certified_on, as_of, due):
    assert next_dues_month(certified_on, as_of) == due


@given(st.lists(st.decimals(min_value=P("0.01"), max_value=P("999.99"), places=2), max_size=30))
def test_earned_is_the_exact_decimal_sum(rules, points):
    daily = [(ANCHOR + dt.timedelta(days=i), PE, p) for i, p in enumerate(points)]
    assert progress(rules, daily, D(2026, 12, 31)).earned == sum(points, P("0"))


def test_a_pace_too_slow_for_the_calendar_has_no_projection(rules):
    # 3 points in a whole cycle ending in 9999: 27 more take 27 years, past the calendar's end.
    late = cycle_at(D(9996, 12, 31), 0)
    p = progress(rules, [(late.start, PE, P("3"))], late.end, cycle=late, certified_on=late.start)
    assert p.projected_completion is None
    assert p.status == "behind"
