"""The staff roster: every member's every credential, the most at risk first.

Two queries whatever the number of members: the held credentials, then one
grouped sum over the allocation index for all of them. The CCP arithmetic
then runs per credential on those few rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from peewee import fn

from amtrax_tui.ccp import STATUSES, Cycle, FieldError, Progress, Rules, compute_progress, cycle_at, cycle_on
from amtrax_tui.store.models import Allocation, HeldCredential, Member
from amtrax_tui.store.records import Invalid

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


def roster(rules: Rules, as_of: dt.date, status: str | None = None, code: str | None = None,
           search: str = "") -> list[RosterRow]:
    """One row per member and credential held, most at risk first.

    The row is the current cycle's progress, unless the previous cycle ended
    short of its requirement: then the credential has lapsed, and the row shows
    that cycle. Credentials whose first cycle starts after `as_of` are left out.
    Filters: `status` (one of STATUSES), credential `code`, and `search` in the
    member's name or AMT ID.
    """
    if status is not None and status not in STATUSES:
        raise Invalid([FieldError("status", f"{status!r} is not a status; use one of {', '.join(STATUSES)}")])
    held_query = (
        HeldCredential.select(HeldCredential.id, HeldCredential.code, HeldCredential.certified_on,
                              HeldCredential.anchor, Member.id, Member.amt_id, Member.name)
        .join(Member)
        .where(HeldCredential.anchor <= as_of)
    )
    if code is not None:
        held_query = held_query.where(HeldCredential.code == code.strip().upper())
    if search.strip():
        needle = f"%{search.strip()}%"
        held_query = held_query.where(Member.name ** needle | Member.amt_id ** needle)
    held = list(held_query.tuples())
    if not held:
        return []

    cycles = {}
    for held_id, _, _, anchor, *_ in held:
        current = cycle_on(anchor, as_of)
        cycles[held_id] = (cycle_at(anchor, current.index - 1) if current.index else None, current)
    earliest = min((previous or current).start for previous, current in cycles.values())
    daily = defaultdict(list)
    sums = (
        Allocation.select(Allocation.credential, Allocation.end_date, Allocation.category,
                          fn.SUM(Allocation.points).coerce())  # convert as points
        .where(Allocation.credential.in_(held_query.select(HeldCredential.id))
               & Allocation.end_date.between(earliest, as_of))
        .group_by(Allocation.credential, Allocation.end_date, Allocation.category)
        .tuples()
    )
    for held_id, day, category, points in sums:
        daily[held_id].append((day, category, points))

    rows = []
    for held_id, held_code, certified_on, _, member_id, amt_id, name in held:
        credential = rules.credentials.get(held_code)
        if credential is None:
            raise Invalid([FieldError("credential", f"{held_code} (held by {amt_id}) is not in the rules file")])
        previous, current = cycles[held_id]
        progress = None
        if previous is not None:
            progress = compute_progress(rules, credential, previous, certified_on, daily[held_id], as_of)
        if progress is None or progress.status != "lapsed":
            progress = compute_progress(rules, credential, current, certified_on, daily[held_id], as_of)
        if status is None or progress.status == status:
            rows.append(_row(member_id, amt_id, name, progress))
    rows.sort(key=lambda r: (_RISK[r.status], r.days_left, -r.remaining, r.name, r.amt_id, r.code))
    return rows


def _row(member_id: int, amt_id: str, name: str, progress: Progress) -> RosterRow:
    return RosterRow(
        member_id=member_id, amt_id=amt_id, name=name, code=progress.credential.code,
        credential_name=progress.credential.name, cycle=progress.cycle, required=progress.required,
        earned=progress.earned, remaining=progress.remaining, status=progress.status,
        days_left=progress.days_left, points_per_month_needed=progress.points_per_month_needed,
    )
