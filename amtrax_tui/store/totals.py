"""Points per held credential, cycle month and category, kept with the allocations.

A cycle month k of a credential runs from anchor + k months to the day before
anchor + k+1 months, so 36 of them tile each 3-year cycle exactly. Progress
reads at most 36 x 6 of these rows, plus day-by-day sums of the month in which
the requirement was met, however many activities a member recorded.
Totals are recomputed from the allocations by SQL inside each write, so they
cannot drift from them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache

from dateutil.relativedelta import relativedelta
from peewee import PostgresqlDatabase, fn

from amtrax_tui.ccp import Credential, Cycle
from amtrax_tui.store.models import ActivityArea, Allocation, HeldCredential, MonthTotal, as_tuples, db

Entry = tuple[dt.date, str, Decimal]


def month_index(anchor: dt.date, day: dt.date) -> int:
    """The cycle month (0, 1, ... from the anchor) that contains `day`."""
    k = (day.year - anchor.year) * 12 + day.month - anchor.month
    while month_start(anchor, k) > day:
        k -= 1
    while month_start(anchor, k + 1) <= day:
        k += 1
    return k


@lru_cache(maxsize=4096)  # relativedelta is slow, and progress asks for the same months often
def month_start(anchor: dt.date, k: int) -> dt.date:
    return anchor + relativedelta(months=k)


def month_end(anchor: dt.date, k: int) -> dt.date:
    return month_start(anchor, k + 1) - dt.timedelta(days=1)


def lock(member) -> None:
    """Lock the member's held credentials (PostgreSQL) in id order: the first thing
    every write that changes their allocations does, so such writes queue on one
    lock in one order and never wait on each other in a circle. (Inserting an
    allocation takes a KEY SHARE lock on its credential; two writers holding that
    and both asking for refresh's FOR UPDATE deadlocked.) SQLite needs none: a
    write transaction holds the whole database. `member`: an id, or a query giving one."""
    if isinstance(db.obj, PostgresqlDatabase):
        HeldCredential.select(HeldCredential.id).where(HeldCredential.member == member).order_by(
            HeldCredential.id
        ).for_update().execute()


def refresh(keys: Iterable[tuple[int, dt.date]]) -> None:
    """Recompute the totals of the months holding these (held credential id, day). Call inside the write."""
    keys = list(keys)
    ids = sorted({held_id for held_id, _ in keys})
    held = HeldCredential.select(HeldCredential.id, HeldCredential.anchor).where(HeldCredential.id.in_(ids))
    if isinstance(db.obj, PostgresqlDatabase):  # serialise concurrent writers of one credential
        held = held.order_by(HeldCredential.id).for_update()
    anchors: dict[int, dt.date] = dict(as_tuples(held))
    for held_id, k in sorted({(h, month_index(anchors[h], day)) for h, day in keys}):
        anchor = anchors[held_id]
        MonthTotal.delete().where((MonthTotal.credential == held_id) & (MonthTotal.month == k)).execute()
        sums = _sums(held_id, month_start(anchor, k), month_end(anchor, k), Allocation.category)
        rows = [{"credential": held_id, "month": k, "category": c, "points": p} for c, p in sums]
        if rows:
            MonthTotal.insert_many(rows).execute()


def entries(held_id: int, anchor: dt.date, cycle: Cycle, until: dt.date) -> list[Entry]:
    """The cycle's points up to `until` as (day, category, points): each month's total
    dated on its last day (or `until`), except two months summed day by day: one
    that has points after `until`, and one that began before the cycle did (a
    month-end credential's later cycles start on the 1st, its months on the anchor's
    day), whose total holds points of the cycle before."""
    first = month_index(anchor, cycle.start)
    last = month_index(anchor, until)
    partial = (
        Allocation.select()
        .where(
            (Allocation.credential == held_id)
            & Allocation.end_date.between(until + dt.timedelta(days=1), month_end(anchor, last))
        )
        .exists()
    )
    split = {last} if partial else set()
    if month_start(anchor, first) < cycle.start:
        split.add(first)
    monthly = MonthTotal.select(MonthTotal.month, MonthTotal.category, MonthTotal.points).where(
        (MonthTotal.credential == held_id) & MonthTotal.month.between(first, last)
    )
    found = [
        (min(month_end(anchor, k), until), category, points)
        for k, category, points in as_tuples(monthly)
        if k not in split
    ]
    for k in sorted(split):
        start, end = max(month_start(anchor, k), cycle.start), min(month_end(anchor, k), until)
        found += _sums(held_id, start, end, Allocation.end_date, Allocation.category)
    return found


def day_by_day(found: list[Entry], held_id: int, anchor: dt.date, k: int, cycle: Cycle, until: dt.date) -> list[Entry]:
    """`found` (from entries for `cycle`) with month `k` summed day by day instead."""
    start, end = max(month_start(anchor, k), cycle.start), min(month_end(anchor, k), until)
    # Every entry of month k in the cycle, a total or days, falls in [start, end]; no other month's does.
    return [entry for entry in found if not start <= entry[0] <= end] + _sums(
        held_id, start, end, Allocation.end_date, Allocation.category
    )


def facets(held_id: int, credential: Credential, cycle: Cycle, until: dt.date) -> list[Entry]:
    """Points per (end date, facet) in the cycle up to `until`, for a credential with
    content areas or an approval rule: "area:<slug>" for the points activities give
    an area, "approved" for those of activities whose provider its body approves."""
    found: list[Entry] = []
    within = (Allocation.credential == held_id) & Allocation.end_date.between(cycle.start, until)
    if credential.areas:
        areas = (
            ActivityArea.select(Allocation.end_date, ActivityArea.area, fn.SUM(ActivityArea.points).coerce())
            .join(Allocation, on=(Allocation.activity == ActivityArea.activity))
            .where(within)
            .group_by(Allocation.end_date, ActivityArea.area)
        )
        found += [(day, f"area:{area}", points) for day, area, points in as_tuples(areas)]
    if credential.approval is not None:
        approved = (
            Allocation.select(Allocation.end_date, fn.SUM(Allocation.points).coerce())
            .where(within & Allocation.approved)
            .group_by(Allocation.end_date)
        )
        found += [(day, "approved", points) for day, points in as_tuples(approved)]
    return found


def _sums(held_id: int, start: dt.date, end: dt.date, *by):
    return list(
        Allocation.select(*by, fn.SUM(Allocation.points).coerce())  # converted as points
        .where((Allocation.credential == held_id) & Allocation.end_date.between(start, end))
        .group_by(*by)
        .tuples()
    )
