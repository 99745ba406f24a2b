"""What is not yet entered in AMTrax, kept per member and day.

The overview shows how many of the member's activities are still to be typed
into AMTrax, and their points; every save reads it again. Summing the
activities each time grows with them (about 10 ms at 100,000), so the sums are
kept per member and end date, like the cycle-month totals: each write that can
change them recomputes its days from the activities by SQL, inside the write,
so they cannot drift from them. A read sums one row per day with any activity
left to enter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from peewee import fn

from amtrax_tui.store.models import Activity, Allocation, BacklogDay, HeldCredential, as_tuples


def for_amtrax(query, member_id: int):
    """`query` of activities kept to those AMTrax records: those counted toward one of
    AMT's credentials (codes without a body). A member holding AMT's alone needs no filter."""
    held = HeldCredential.select().where(HeldCredential.member == member_id)
    if not held.where(HeldCredential.code.contains(":")).exists():
        return query
    amt = (
        Allocation.select(Allocation.activity)
        .join(HeldCredential)
        .where((HeldCredential.member == member_id) & ~HeldCredential.code.contains(":"))
    )
    return query.where(Activity.id.in_(amt))


def refresh(member_id: int, days: Iterable[dt.date] | None = None) -> None:
    """Recompute the member's sums of these end dates (None: of every day, as after the
    member gains a credential, which can change what AMTrax records). Call inside the
    write, after `totals.lock`, once the activities are written."""
    kept = BacklogDay.delete().where(BacklogDay.member == member_id)
    left = Activity.select(Activity.member, Activity.end_date, fn.COUNT(Activity.id), fn.SUM(Activity.points)).where(
        (Activity.member == member_id) & Activity.entered_in_amtrax.is_null()
    )
    if days is not None:
        days = sorted(set(days))
        kept = kept.where(BacklogDay.day.in_(days))
        left = left.where(Activity.end_date.in_(days))
    kept.execute()
    BacklogDay.insert_from(
        for_amtrax(left, member_id).group_by(Activity.member, Activity.end_date),
        [BacklogDay.member, BacklogDay.day, BacklogDay.activities, BacklogDay.points],
    ).execute()


def not_in_amtrax_totals(member_id: int) -> tuple[int, Decimal]:
    """How many of the member's activities are not yet entered in AMTrax, and their points."""
    query = BacklogDay.select(
        fn.COALESCE(fn.SUM(BacklogDay.activities), 0), fn.COALESCE(fn.SUM(BacklogDay.points), 0)
    ).where(BacklogDay.member == member_id)
    count, points = next(as_tuples(query))  # one row: an aggregate
    return int(count), BacklogDay.points.python_value(points)
