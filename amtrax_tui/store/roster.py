"""The staff roster: every member's every credential, the most at risk first
(docs/ccp-rules.md section 8).

Three queries whatever the number of members: the held credentials, one
grouped sum of the monthly totals per credential, cycle and category, and any
points dated after the day asked about. The CCP arithmetic then runs per
credential on those few rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from peewee import SQL, fn

from amtrax_tui.ccp import STATUSES, Cycle, FieldError, Progress, Rules, compute_progress, cycle_at, cycle_on
from amtrax_tui.ccp.cycles import YEARS_PER_CYCLE
from amtrax_tui.store.members import resolved_code
from amtrax_tui.store.models import Allocation, HeldCredential, Member, MonthTotal, as_tuples
from amtrax_tui.store.records import Invalid

MONTHS_PER_CYCLE = 12 * YEARS_PER_CYCLE

# Most at risk first: a lapsed credential, then one behind its pace.
_RISK = {"lapsed": 0, "behind": 1, "on_track": 2, "met": 3}


@dataclass(frozen=True)
class RosterRow:
    member_id: int
    amt_id: str
    name: str
    code: str
    credential_name: str
    cycle: Cycle
    required: Decimal
    earned: Decimal
    remaining: Decimal
    status: str
    days_left: int
    points_per_month_needed: Decimal

    @property
    def behind(self) -> bool:
        """Short of where the rules say it should be by now (behind pace, or lapsed)."""
        return self.status in ("behind", "lapsed")


def roster(
    rules: Rules, as_of: dt.date, status: str | None = None, code: str | None = None, search: str = ""
) -> list[RosterRow]:
    """One row per member and credential held, most at risk first.

    The row is the current cycle's progress, unless the previous cycle ended
    short of its requirement: then the credential has lapsed, and the row shows
    that cycle. A previous cycle with nothing recorded was not tracked here (the
    member started using the app in the current one), so it is not judged.
    Credentials whose first cycle starts after `as_of` are left out.
    Filters: `status` (one of STATUSES), credential `code`, and `search` in the
    member's name or AMT ID.
    """
    if status is not None and status not in STATUSES:
        raise Invalid([FieldError("status", f"{status!r} is not a status; use one of {', '.join(STATUSES)}")])
    held_query = (
        HeldCredential.select(
            HeldCredential.id,
            HeldCredential.code,
            HeldCredential.certified_on,
            HeldCredential.anchor,
            Member.id,
            Member.amt_id,
            Member.name,
        )
        .join(Member)
        .where(HeldCredential.anchor <= as_of)
    )
    if code is not None:
        held_query = held_query.where(HeldCredential.code == resolved_code(rules, code))
    if search.strip():
        needle = f"%{search.strip()}%"
        held_query = held_query.where(Member.name**needle | Member.amt_id**needle)
    held = list(as_tuples(held_query))
    if not held:
        return []
    cycles = _cycles(held, as_of)
    totals = _totals(held_query.select(HeldCredential.id), cycles, as_of)

    rows = []
    for held_id, held_code, certified_on, _, member_id, amt_id, name in held:
        credential = rules.credentials.get(held_code)
        if credential is None:
            raise Invalid([FieldError("credential", f"{held_code} (held by {amt_id}) is not in the rules file")])
        progress = None
        for cycle in cycles[held_id]:  # the previous cycle first: has it lapsed?
            if (
                cycle is not None
                and (progress is None or progress.status != "lapsed")
                and (cycle is cycles[held_id][1] or totals[held_id, cycle.index])
            ):
                # One entry per category, dated at the cycle's start: earned, status
                # and pace come out exact; dates within the cycle are not used here.
                daily = [
                    (cycle.start, category, Allocation.points.python_value(total))
                    for category, total in totals[held_id, cycle.index].items()
                ]
                progress = compute_progress(rules, credential, cycle, certified_on, daily, as_of)
        assert progress is not None  # the current cycle always has one
        if status is None or progress.status == status:
            rows.append(_row(member_id, amt_id, name, progress))
    rows.sort(key=lambda r: (_RISK[r.status], r.days_left, -r.remaining, r.name, r.amt_id, r.code))
    return rows


def _cycles(held: list[tuple], as_of: dt.date) -> dict[int, tuple[Cycle | None, Cycle]]:
    """Each held credential's previous (None in its first) and current cycle."""
    cycles, by_anchor = {}, {}  # members certified on the same day share their cycles
    for held_id, _, _, anchor, *_ in held:
        if anchor not in by_anchor:
            current = cycle_on(anchor, as_of)
            by_anchor[anchor] = (cycle_at(anchor, current.index - 1) if current.index else None, current)
        cycles[held_id] = by_anchor[anchor]
    return cycles


def _totals(held_ids, cycles: dict[int, tuple[Cycle | None, Cycle]], as_of: dt.date) -> dict:
    """Stored points per (credential, cycle index) and category.

    Cycle months tile cycles exactly (see totals.py), so one grouped query over
    the monthly totals gives every credential's per-cycle sums. Points dated
    after `as_of` (only when looking back) are then taken off again.
    """
    # Integer division in SQLite and PostgreSQL. A literal, not a parameter, so that
    # PostgreSQL sees the same expression in SELECT and GROUP BY.
    cycle_index = MonthTotal.month / SQL(str(MONTHS_PER_CYCLE))
    per_cycle = (
        MonthTotal.select(MonthTotal.credential, cycle_index, MonthTotal.category, fn.SUM(MonthTotal.points))
        .where(MonthTotal.credential.in_(held_ids) & (MonthTotal.month >= 0))
        .group_by(MonthTotal.credential, cycle_index, MonthTotal.category)
    )
    totals: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for held_id, index, category, points in as_tuples(per_cycle):
        totals[held_id, index][category] += points
    later = (  # sums, like the totals, stay in stored units
        Allocation.select(Allocation.credential, Allocation.end_date, Allocation.category, fn.SUM(Allocation.points))
        .where(Allocation.credential.in_(held_ids) & (Allocation.end_date > as_of))
        .group_by(Allocation.credential, Allocation.end_date, Allocation.category)
    )
    for held_id, day, category, points in as_tuples(later):
        current = cycles[held_id][1]
        if day <= current.end:
            totals[held_id, current.index][category] -= points
    return totals


def _row(member_id: int, amt_id: str, name: str, progress: Progress) -> RosterRow:
    return RosterRow(
        member_id=member_id,
        amt_id=amt_id,
        name=name,
        code=progress.credential.code,
        credential_name=progress.credential.name,
        cycle=progress.cycle,
        required=progress.required,
        earned=progress.earned,
        remaining=progress.remaining,
        status=progress.status,
        days_left=progress.days_left,
        points_per_month_needed=progress.points_per_month_needed,
    )
