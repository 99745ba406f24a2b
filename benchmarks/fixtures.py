"""Databases for the benchmarks, filled by bulk inserts (the use cases would take hours)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from peewee import fn

from amtrax_tui.ccp import load_rules, title_key
from amtrax_tui.store.db import open_database
from amtrax_tui.store.models import Activity, Allocation, HeldCredential, Member, MonthTotal, db
from amtrax_tui.store.totals import month_index

CHUNK = 2000
CATEGORIES = ["professional-education", "formal-education", "authorship",
              "instructional-presentation", "organizational-participation"]


def cycle_anchor(today: dt.date) -> dt.date:
    """An anchor whose current cycle started 500 days ago, so activities fit in it."""
    return today - dt.timedelta(days=500)


def build(target: str, members: int, activities_each: list[int], today: dt.date, seed: int = 7) -> list[str]:
    """Open `target` and add one member per entry of `activities_each` (holding RMA),
    each with that many activities in the current cycle. Returns their AMT IDs."""
    open_database(target)
    rng = random.Random(seed)
    anchor = cycle_anchor(today)
    now = dt.datetime(today.year, today.month, today.day)
    first_id = (Member.select().count()) + 1
    ids = [f"B{first_id + i:07d}" for i in range(members)]
    with db.atomic():
        Member.insert_many([{"name": f"Bench Member {i}", "amt_id": amt, "created_at": now}
                            for i, amt in enumerate(ids)]).execute()
        member_ids = {m.amt_id: m.id for m in Member.select().where(Member.amt_id.in_(ids))}
        HeldCredential.insert_many([{"member": member_ids[amt], "code": "RMA", "certified_on": anchor,
                                     "anchor": anchor} for amt in ids]).execute()
        held = {h.member_id: h.id for h in HeldCredential.select().where(HeldCredential.member.in_(list(member_ids.values())))}
    for amt, count in zip(ids, activities_each):
        _activities(member_ids[amt], held[member_ids[amt]], count, anchor, today, now, rng)
    _month_totals(list(held.values()))
    return ids


def _month_totals(held_ids: list[int]) -> None:
    """What the use cases keep as they write, here computed in bulk."""
    anchors = dict(HeldCredential.select(HeldCredential.id, HeldCredential.anchor).where(
        HeldCredential.id.in_(held_ids)).tuples())
    sums: dict[tuple, Decimal] = {}
    daily = (Allocation.select(Allocation.credential, Allocation.end_date, Allocation.category,
                               fn.SUM(Allocation.points).coerce())
             .where(Allocation.credential.in_(held_ids))
             .group_by(Allocation.credential, Allocation.end_date, Allocation.category).tuples())
    for held_id, day, category, points in daily:
        key = (held_id, month_index(anchors[held_id], day), category)
        sums[key] = sums.get(key, Decimal(0)) + points
    rows = [{"credential": h, "month": k, "category": c, "points": p} for (h, k, c), p in sums.items()]
    with db.atomic():
        for start in range(0, len(rows), CHUNK):
            MonthTotal.insert_many(rows[start:start + CHUNK]).execute()


def _activities(member_id, held_id, count, anchor, today, now, rng) -> None:
    span = (today - anchor).days
    done = 0
    while done < count:
        batch = min(CHUNK, count - done)
        rows = []
        for offset in range(batch):
            day = anchor + dt.timedelta(days=rng.randrange(span))
            category = rng.choice(CATEGORIES)
            points = Decimal(rng.randrange(25, 400)) / 100
            title = f"Course {done + offset}"
            rows.append({"member": member_id, "category": category, "title": title,
                         "title_key": title_key(title), "provider": "Bench CE", "points": points,
                         "start_date": day, "end_date": day, "notes": "", "evidence": "",
                         "attested_at": now, "created_at": now, "updated_at": now})
        with db.atomic():
            created = Activity.insert_many(rows).returning(Activity.id).execute()
            Allocation.insert_many([
                {"activity": row.id, "credential": held_id, "end_date": values["end_date"],
                 "category": values["category"], "points": values["points"]}
                for row, values in zip(created, rows)
            ]).execute()
        done += batch


RULES = load_rules()
