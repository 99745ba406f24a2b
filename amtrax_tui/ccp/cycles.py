"""Three-year CCP cycles, always counted from the anchor date (docs/ccp-rules.md section 2)."""

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


def cycle_at(anchor: dt.date, index: int) -> Cycle:
    """Cycle `index` (0, 1, ...): computed from the anchor, never chained, so a
    29 February anchor lands on 28 February in common years only."""
    start = anchor + relativedelta(years=YEARS_PER_CYCLE * index)
    following = anchor + relativedelta(years=YEARS_PER_CYCLE * (index + 1))
    return Cycle(index, start, following - dt.timedelta(days=1))


def cycle_on(anchor: dt.date, day: dt.date) -> Cycle:
    """The cycle that contains `day`; ValueError before the anchor."""
    if day < anchor:
        raise ValueError(f"{day.isoformat()} is before the cycle anchor {anchor.isoformat()}")
    index = (day.year - anchor.year) // YEARS_PER_CYCLE
    while cycle_at(anchor, index).start > day:
        index -= 1
    while cycle_at(anchor, index + 1).start <= day:
        index += 1
    return cycle_at(anchor, index)
