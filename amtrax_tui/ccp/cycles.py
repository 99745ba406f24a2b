"""Cycles of a credential, always counted from its anchor date (docs/ccp-rules.md section 2).

A credential's schedule says how long its cycles are and where they end: AMT's
run three years from the anchor day; AAMA's run 60 months counted from the end
of the calendar month of certification.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

YEARS_PER_CYCLE = 3


@dataclass(frozen=True)
class Cycle:
    index: int
    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Schedule:
    """How a credential's cycles run: `months` long, and, with `month_end`, ending
    with a calendar month (counted from the end of the anchor's month)."""

    months: int = 12 * YEARS_PER_CYCLE
    month_end: bool = False

    def start(self, anchor: dt.date, index: int, certification: bool = True) -> dt.date:
        """The first day of cycle `index`. With `month_end`, the months count from the
        first day after the anchor's month when the anchor is a certification date,
        and from the anchor itself when it is a cycle start on the first of a month
        (the day after a cycle ended)."""
        if index == 0:
            return anchor
        if not self.month_end:
            return anchor + relativedelta(months=self.months * index)
        base = anchor.replace(day=1)
        if certification or anchor.day != 1:
            base += relativedelta(months=1)
        return base + relativedelta(months=self.months * index)


THREE_YEARS = Schedule()


def cycle_at(anchor: dt.date, index: int, schedule: Schedule = THREE_YEARS, certification: bool = True) -> Cycle:
    """Cycle `index` (0, 1, ...): computed from the anchor, never chained, so a
    29 February anchor lands on 28 February in common years only. `certification`:
    the anchor is a certification date rather than a cycle start a member gave."""
    start = schedule.start(anchor, index, certification)
    following = schedule.start(anchor, index + 1, certification)
    return Cycle(index, start, following - dt.timedelta(days=1))


def cycle_on(anchor: dt.date, day: dt.date, schedule: Schedule = THREE_YEARS, certification: bool = True) -> Cycle:
    """The cycle that contains `day`; ValueError before the anchor."""
    if day < anchor:
        raise ValueError(f"{day.isoformat()} is before the cycle anchor {anchor.isoformat()}")
    index = ((day.year - anchor.year) * 12 + day.month - anchor.month) // schedule.months
    while index > 0 and schedule.start(anchor, index, certification) > day:
        index -= 1
    while schedule.start(anchor, index + 1, certification) <= day:
        index += 1
    return cycle_at(anchor, index, schedule, certification)
