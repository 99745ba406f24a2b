"""docs/ccp-rules.md section 2: three-year cycles counted from the anchor date."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amtrax_tui.ccp import cycle_at, cycle_on

D = dt.date
anchors = st.dates(min_value=D(1950, 1, 1), max_value=D(2100, 12, 31))
leap_days = st.sampled_from([D(y, 2, 29) for y in range(1952, 2100, 4) if y % 100 or y % 400 == 0])


def test_amt_example_cycles():
    assert (cycle_at(D(2006, 5, 1), 0).start, cycle_at(D(2006, 5, 1), 0).end) == (D(2006, 5, 1), D(2009, 4, 30))
    assert (cycle_at(D(2006, 5, 1), 1).start, cycle_at(D(2006, 5, 1), 1).end) == (D(2009, 5, 1), D(2012, 4, 30))


def test_29_february_anchor_lands_on_28_february_in_common_years_only():
    anchor = D(2024, 2, 29)
    assert cycle_at(anchor, 1).start == D(2027, 2, 28)
    assert cycle_at(anchor, 0).end == D(2027, 2, 27)
    # Computed from the anchor, not chained: back on 29 February in a leap year.
    assert cycle_at(anchor, 4).start == D(2036, 2, 29)
    assert cycle_at(anchor, 3).end == D(2036, 2, 28)


def test_last_day_of_a_cycle_belongs_to_it_and_the_next_day_to_the_next():
    anchor = D(2006, 5, 1)
    assert cycle_on(anchor, D(2009, 4, 30)).index == 0
    assert cycle_on(anchor, D(2009, 5, 1)).index == 1
    assert cycle_on(anchor, anchor).index == 0


def test_cycle_days_counts_both_ends():
    assert cycle_at(D(2021, 1, 1), 0).days == 365 * 3  # 2021-01-01 .. 2023-12-31
    assert cycle_at(D(2024, 1, 1), 0).days == 366 + 365 + 365  # holds 2024-02-29


def test_a_day_before_the_anchor_has_no_cycle():
    with pytest.raises(ValueError, match="before the cycle anchor"):
        cycle_on(D(2020, 6, 1), D(2020, 5, 31))


@given(anchor=anchors | leap_days, index=st.integers(min_value=0, max_value=30))
def test_consecutive_cycles_tile_the_calendar(anchor, index):
    this, following = cycle_at(anchor, index), cycle_at(anchor, index + 1)
    assert this.start <= this.end
    assert following.start == this.end + dt.timedelta(days=1)
    assert 365 * 3 - 1 <= this.days <= 366 * 3


@given(anchor=anchors | leap_days, offset=st.integers(min_value=0, max_value=365 * 40))
def test_cycle_on_contains_the_day(anchor, offset):
    day = anchor + dt.timedelta(days=offset)
    cycle = cycle_on(anchor, day)
    assert day in cycle
    assert cycle == cycle_at(anchor, cycle.index)
