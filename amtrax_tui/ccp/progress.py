"""Progress, status, pace and dates for one credential's cycle (docs/ccp-rules.md section 5)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from amtrax_tui.ccp.cycles import Cycle
from amtrax_tui.ccp.rules import Credential, Rules
from amtrax_tui.ccp.values import points_text

STATUSES = ("met", "on_track", "behind", "lapsed", "grace", "voluntary")
STATUS_LABELS = {
    "met": "Met",
    "on_track": "On track",
    "behind": "Behind",
    "lapsed": "Lapsed",
    "grace": "Grace period",
    "voluntary": "CCP voluntary",
}
UNVERIFIED = "requirements not verified against the body's current rules"

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
class Minimum:
    """Points a credential needs in one area, category or kind of provider, beside its total."""

    key: str  # "area:clinical", "category:authorship", "approved"
    name: str  # as a sentence says it: "clinical", "AAMA-approved"
    required: Decimal
    earned: Decimal

    @property
    def short(self) -> Decimal:
        return max(ZERO, self.required - self.earned)

    @property
    def needed(self) -> str:
        """ "10 clinical points still needed", or "" once met."""
        return f"{points_text(self.short)} {self.name} points still needed" if self.short else ""


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
    minimums: tuple[Minimum, ...] = ()
    others_cut: Decimal = ZERO  # points from providers the body does not approve, above its limit

    @property
    def required(self) -> Decimal:
        return self.credential.points

    @property
    def remaining(self) -> Decimal:
        """Points still to earn: the total's shortfall, or more when minimums are unmet
        (areas need their own points; so do approved providers and categories)."""
        return max(ZERO, self.required - self.earned, *_shortfalls(self.minimums))

    @property
    def unverified(self) -> bool:
        return not self.credential.verified

    @property
    def grace_until(self) -> dt.date | None:
        """The last day an ended, unmet cycle may still be met (None: no grace)."""
        days = self.credential.grace_days
        return self.cycle.end + dt.timedelta(days=days) if days else None

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
    facets: Iterable[tuple[dt.date, str, Decimal]] = (),
    anchor: dt.date | None = None,
) -> Progress:
    """Progress from points summed per (end date, category) within the cycle, and,
    for a credential with minimums, per (end date, facet): "area:<slug>" for the
    points an activity gives an area, "approved" for those from approved providers.

    Points count on the activity's end date; those after `as_of` do not count
    yet. Caps and limits apply in date order, so the date a requirement is met
    is the day the counted total and every minimum were first all reached.
    `anchor`: the credential's anchor, when a cycle start was given for it.
    """
    events = sorted(
        [(day, False, slug, points) for day, slug, points in daily]
        + [(day, True, key, points) for day, key, points in facets]
    )
    recorded: dict[str, Decimal] = {}
    counted: dict[str, Decimal] = {}
    facet: dict[str, Decimal] = {}
    cumulative: list[tuple[dt.date, Decimal]] = []
    by_categories = ZERO  # the counted total, before the limit on other providers
    total = ZERO
    cut = ZERO
    date_met = None
    approval = credential.approval
    for index, (day, is_facet, key, points) in enumerate(events):
        if day > as_of or day not in cycle:
            continue
        if is_facet:
            facet[key] = facet.get(key, ZERO) + points
        else:
            recorded[key] = recorded.get(key, ZERO) + points
            category = rules.categories.get(key)
            cap = category.cap if category and category.body == credential.body else None
            now_counted = recorded[key] if cap is None else min(recorded[key], cap)
            by_categories += now_counted - counted.get(key, ZERO)
            counted[key] = now_counted
        if index + 1 < len(events) and events[index + 1][0] == day:
            continue  # the day's other sums first
        if approval is not None and approval.others_maximum is not None:
            others = sum(recorded.values(), ZERO) - facet.get("approved", ZERO)
            cut = max(ZERO, others - approval.others_maximum)
        total = by_categories - cut
        cumulative.append((day, total))
        if (
            date_met is None
            and total >= credential.points
            and not _shortfalls(_minimums(rules, credential, counted, facet))
        ):
            date_met = day

    minimums = _minimums(rules, credential, counted, facet)
    categories = tuple(
        CategoryTotal(slug, recorded.get(slug, ZERO), counted.get(slug, ZERO), category.cap)
        for slug, category in rules.categories.items()
        if slug in recorded or (rules.offers(category, cycle) and rules.accepts(credential, category))
    )
    met = total >= credential.points and not _shortfalls(minimums)
    return Progress(
        credential=credential,
        cycle=cycle,
        as_of=as_of,
        earned=total,
        categories=categories,
        status=_status(credential, met, total, cycle, as_of, _voluntary(credential, certified_on, anchor)),
        date_met=date_met,
        projected_completion=date_met or _projection(credential.points, total, cycle, as_of),
        next_dues_month=next_dues_month(certified_on, as_of),
        cumulative=tuple(cumulative),
        minimums=minimums,
        others_cut=cut,
    )


def _minimums(
    rules: Rules, credential: Credential, counted: dict[str, Decimal], facet: dict[str, Decimal]
) -> tuple[Minimum, ...]:
    found = [
        Minimum(f"area:{a.slug}", a.name.lower(), a.minimum, facet.get(f"area:{a.slug}", ZERO))
        for a in credential.areas
    ]
    found += [
        Minimum(f"category:{c.slug}", c.name, c.minimum, counted.get(c.slug, ZERO))
        for c in rules.categories.values()
        if c.minimum is not None and c.body == credential.body and rules.accepts(credential, c)
    ]
    if credential.approval is not None and credential.approval.minimum is not None:
        found.append(
            Minimum("approved", credential.approval.label, credential.approval.minimum, facet.get("approved", ZERO))
        )
    return tuple(found)


def _shortfalls(minimums: Iterable[Minimum]) -> list[Decimal]:
    """What unmet minimums still need, per kind of minimum: areas add up (an activity's
    area points split it), as do categories; approved providers are a kind of their own."""
    kinds: dict[str, Decimal] = {}
    for minimum in minimums:
        kind = minimum.key.split(":")[0]
        kinds[kind] = kinds.get(kind, ZERO) + minimum.short
    return [short for short in kinds.values() if short]


def _voluntary(credential: Credential, certified_on: dt.date, anchor: dt.date | None) -> bool:
    """[AMT] CCP is voluntary for those certified before it began, unless a cycle start
    was given (a recertification puts the member in CCP)."""
    start = credential.required_from
    return start is not None and certified_on < start and (anchor is None or anchor == certified_on)


def _status(credential: Credential, met: bool, earned: Decimal, cycle: Cycle, as_of: dt.date, voluntary: bool) -> str:
    required = credential.points
    if met:
        return "met"
    if voluntary:
        return "voluntary"
    if as_of > cycle.end:
        grace = credential.grace_days
        return "grace" if grace and (as_of - cycle.end).days <= grace else "lapsed"
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
