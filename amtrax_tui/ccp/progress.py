"""Progress, status, pace and dates for one credential's cycle (docs/ccp-rules.md section 5)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from amtrax_tui.ccp.cycles import Cycle
from amtrax_tui.ccp.rules import Credential, Rules

STATUSES = ("met", "on_track", "behind", "lapsed")
STATUS_LABELS = {"met": "Met", "on_track": "On track", "behind": "Behind", "lapsed": "Lapsed"}

# [ours] An average month, for "points per month still needed".
DAYS_PER_MONTH = Decimal("30.4375")
ZERO = Decimal("0")
# [ours] The share of the requirement earned before the pace so far is projected.
PACE_SHARE = Decimal("0.1")


@dataclass(frozen=True)
class CategoryTotal:
    slug: str
    recorded: Decimal
    counted: Decimal
    cap: Decimal | None

    @property
    def cut(self) -> Decimal:
        """Points recorded above the cap, which do not count."""
        return self.recorded - self.counted


@dataclass(frozen=True)
class Progress:
    credential: Credential
    cycle: Cycle
    as_of: dt.date
    earned: Decimal
    categories: tuple[CategoryTotal, ...]
    status: str
    date_met: dt.date | None
    projected_completion: dt.date | None
    next_dues_month: str
    cumulative: tuple[tuple[dt.date, Decimal], ...]

    @property
    def required(self) -> Decimal:
        return self.credential.points

    @property
    def remaining(self) -> Decimal:
        return max(ZERO, self.required - self.earned)

    @property
    def by_category(self) -> dict[str, Decimal]:
        return {c.slug: c.counted for c in self.categories}

    @property
    def days_left(self) -> int:
        """Days of the cycle still to come, today included."""
        return max(0, (self.cycle.end - self.as_of).days + 1)

    @property
    def invoice_available_on(self) -> dt.date | None:
        """[AMT] The renewal invoice can be paid from the day after the requirement is met."""
        return self.date_met + dt.timedelta(days=1) if self.date_met else None

    @property
    def points_per_month_needed(self) -> Decimal:
        if not self.remaining or not self.days_left:
            return self.remaining
        per_month = self.remaining * DAYS_PER_MONTH / self.days_left
        return per_month.quantize(Decimal("0.01"), rounding=ROUND_CEILING)


def compute_progress(
    rules: Rules,
    credential: Credential,
    cycle: Cycle,
    certified_on: dt.date,
    daily: Iterable[tuple[dt.date, str, Decimal]],
    as_of: dt.date,
) -> Progress:
    """Progress from points summed per (end date, category) within the cycle.

    Points count on the activity's end date; those after `as_of` do not count
    yet. Caps apply in date order, so the date a requirement is met is the
    date the counted total first reached it.
    """
    recorded: dict[str, Decimal] = {}
    counted: dict[str, Decimal] = {}
    cumulative: list[tuple[dt.date, Decimal]] = []
    total = ZERO
    date_met = None
    for day, slug, points in sorted(daily):
        if day > as_of or day not in cycle:
            continue
        recorded[slug] = recorded.get(slug, ZERO) + points
        category = rules.categories.get(slug)
        cap = category.cap if category else None
        now_counted = recorded[slug] if cap is None else min(recorded[slug], cap)
        total += now_counted - counted.get(slug, ZERO)
        counted[slug] = now_counted
        if cumulative and cumulative[-1][0] == day:
            cumulative[-1] = (day, total)
        else:
            cumulative.append((day, total))
        if date_met is None and total >= credential.points:
            date_met = day

    categories = tuple(
        CategoryTotal(slug, recorded.get(slug, ZERO), counted.get(slug, ZERO), category.cap)
        for slug, category in rules.categories.items()
        if slug in recorded or rules.offers(category, cycle)
    )
    return Progress(
        credential=credential,
        cycle=cycle,
        as_of=as_of,
        earned=total,
        categories=categories,
        status=_status(credential.points, total, cycle, as_of),
        date_met=date_met,
        projected_completion=date_met or _projection(credential.points, total, cycle, as_of),
        next_dues_month=next_dues_month(certified_on, as_of),
        cumulative=tuple(cumulative),
    )


def _status(required: Decimal, earned: Decimal, cycle: Cycle, as_of: dt.date) -> str:
    if earned >= required:
        return "met"
    if as_of > cycle.end:
        return "lapsed"
    elapsed = max(0, (as_of - cycle.start).days)
    return "on_track" if earned * cycle.days >= required * elapsed else "behind"


def _projection(required: Decimal, earned: Decimal, cycle: Cycle, as_of: dt.date) -> dt.date | None:
    """When the requirement would be met at the pace so far; None with no pace yet
    (less than PACE_SHARE of the requirement: a first activity recorded late in a
    cycle would otherwise project decades ahead), or a pace so slow that the date
    would fall off the calendar."""
    elapsed = (min(as_of, cycle.end) - cycle.start).days + 1
    if earned < required * PACE_SHARE or earned <= 0 or as_of > cycle.end:
        return None
    days_needed = math.ceil((required - earned) * elapsed / earned)
    if days_needed > (dt.date.max - as_of).days:
        return None
    return as_of + dt.timedelta(days=days_needed)


def next_dues_month(certified_on: dt.date, as_of: dt.date) -> str:
    """[AMT] Dues fall in the certification's anniversary month, from the first anniversary."""
    year = max(as_of.year, certified_on.year + 1)
    if year == as_of.year and as_of.month > certified_on.month:
        year += 1
    return f"{year:04d}-{certified_on.month:02d}"
