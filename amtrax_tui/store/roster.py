"""The staff roster: every member's every credential, the most at risk first
(docs/ccp-rules.md section 8).

A few queries whatever the number of members: the held credentials, one
grouped sum of the monthly totals per credential, cycle and category for each
cycle length, and any points dated after the day asked about. The CCP
arithmetic then runs per credential on those few rows. Credentials with
minimums or month-end cycles (other bodies': few) get their progress as the
overview does, since neither their facets nor their cycles follow the months.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from peewee import SQL, fn

from amtrax_tui.ccp import STATUSES, Credential, Cycle, FieldError, Progress, Rules, compute_progress
from amtrax_tui.store.members import resolved_code
from amtrax_tui.store.models import Allocation, HeldCredential, Member, MonthTotal, as_tuples
from amtrax_tui.store.progress import credential_progress, ended_short
from amtrax_tui.store.records import HeldInfo, Invalid

# Most at risk first: a lapsed credential, one in its grace period, then one behind its pace.
_RISK = {"lapsed": 0, "grace": 1, "behind": 2, "on_track": 3, "met": 4, "voluntary": 5}


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
    grace_until: dt.date | None = None  # the last day a cycle that ended short may still be met

    @property
    def behind(self) -> bool:
        """Short of where the rules say it should be by now (behind pace, lapsed, or in grace)."""
        return self.status in ("behind", "lapsed", "grace")


def roster(
    rules: Rules, as_of: dt.date, status: str | None = None, code: str | None = None, search: str = ""
) -> list[RosterRow]:
    """One row per member and credential held, most at risk first.

    The row is the current cycle's progress, unless the previous cycle ended
    short of its requirement: then the credential has lapsed (or is in its grace
    period), and the row shows that cycle. A previous cycle with nothing recorded was not tracked here (the
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
    credentials: dict[str, Credential] = {}
    for _, held_code, _, _, _, amt_id, _ in held:
        if (found := rules.credentials.get(held_code)) is None:
            raise Invalid([FieldError("credential", f"{held_code} (held by {amt_id}) is not in the rules file")])
        credentials[held_code] = found
    infos = {row[0]: HeldInfo(row[0], row[4], row[1], row[2], row[3]) for row in held}
    cycles = _cycles(rules, infos.values(), as_of)
    exact = {code for code, c in credentials.items() if c.minimums or c.schedule.month_end}
    by_months: dict[int, list[str]] = defaultdict(list)
    for code, credential in credentials.items():
        if code not in exact:
            by_months[credential.schedule.months].append(code)
    totals = _totals(held_query.select(HeldCredential.id), by_months, cycles, as_of)

    rows = []
    for held_id, held_code, _, _, member_id, amt_id, name in held:
        credential = credentials[held_code]
        if held_code in exact:
            progress = _exact(rules, infos[held_id], cycles[held_id], as_of)
        else:
            progress = _from_totals(rules, credential, infos[held_id], cycles[held_id], totals, as_of)
        if status is None or progress.status == status:
            rows.append(_row(member_id, amt_id, name, progress))
    rows.sort(key=lambda r: (_RISK[r.status], r.days_left, -r.remaining, r.name, r.amt_id, r.code))
    return rows


def _from_totals(
    rules: Rules,
    credential: Credential,
    held: HeldInfo,
    cycles: tuple[Cycle | None, Cycle],
    totals: dict,
    as_of: dt.date,
) -> Progress:
    """Progress from the grouped totals, the previous cycle first: did it end short?"""
    previous, current = cycles
    if previous is not None and totals[held.id, previous.index]:
        before = _summed(rules, credential, held, previous, totals[held.id, previous.index], as_of)
        if ended_short(before):
            return before
    return _summed(rules, credential, held, current, totals[held.id, current.index], as_of)


def _summed(
    rules: Rules, credential: Credential, held: HeldInfo, cycle: Cycle, sums: dict[str, int], as_of: dt.date
) -> Progress:
    # One entry per category, dated at the cycle's start: earned, status
    # and pace come out exact; dates within the cycle are not used here.
    daily = [(cycle.start, category, Allocation.points.python_value(total)) for category, total in sums.items()]
    return compute_progress(rules, credential, cycle, held.certified_on, daily, as_of, anchor=held.anchor)


def _exact(rules: Rules, held: HeldInfo, cycles: tuple[Cycle | None, Cycle], as_of: dt.date) -> Progress:
    """Progress as the overview computes it, the previous cycle first: did it end short?"""
    previous, current = cycles
    if previous is not None:
        before = credential_progress(rules, held, previous, as_of)
        if ended_short(before):
            return before
    return credential_progress(rules, held, current, as_of)


def _cycles(rules: Rules, held: Iterable[HeldInfo], as_of: dt.date) -> dict[int, tuple[Cycle | None, Cycle]]:
    """Each held credential's previous (None in its first) and current cycle, by its schedule."""
    cycles: dict[int, tuple[Cycle | None, Cycle]] = {}
    shared: dict[tuple, tuple[Cycle | None, Cycle]] = {}  # members certified on the same day share their cycles
    for h in held:
        credential = rules.credentials[h.code]
        key = (h.anchor, h.anchor == h.certified_on, credential.schedule)
        if key not in shared:
            current = h.cycle_on(rules, as_of)
            shared[key] = (h.cycle_at(rules, current.index - 1) if current.index else None, current)
        cycles[h.id] = shared[key]
    return cycles


def _totals(
    held_ids, by_months: dict[int, list[str]], cycles: dict[int, tuple[Cycle | None, Cycle]], as_of: dt.date
) -> dict:
    """Stored points per (credential, cycle index) and category, for the credentials
    whose cycles are whole months from the anchor (`by_months`: codes by cycle length).

    Cycle months tile such cycles exactly (see totals.py), so one grouped query over
    the monthly totals per cycle length gives every credential's per-cycle sums.
    Points dated after `as_of` (only when looking back) are then taken off again.
    """
    totals: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for months, codes in by_months.items():
        # Integer division in SQLite and PostgreSQL. A literal, not a parameter, so that
        # PostgreSQL sees the same expression in SELECT and GROUP BY.
        cycle_index = MonthTotal.month / SQL(str(months))
        per_cycle = (
            MonthTotal.select(MonthTotal.credential, cycle_index, MonthTotal.category, fn.SUM(MonthTotal.points))
            .join(HeldCredential)
            .where(MonthTotal.credential.in_(held_ids) & HeldCredential.code.in_(codes) & (MonthTotal.month >= 0))
            .group_by(MonthTotal.credential, cycle_index, MonthTotal.category)
        )
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
        # In its grace period, the days left to meet the cycle that ended short.
        days_left=(progress.grace_until - progress.as_of).days + 1
        if progress.status == "grace" and progress.grace_until
        else progress.days_left,
        points_per_month_needed=progress.points_per_month_needed,
        grace_until=progress.grace_until,
    )
