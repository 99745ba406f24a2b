"""Databases for the benchmarks, filled by bulk loads (the use cases would take hours).

Rows go in through the driver itself, skipping Peewee's per-value conversion:
executemany in one transaction on SQLite, COPY on PostgreSQL. A million
activities take about a minute either way. The month totals and what is left to
enter in AMTrax, which the use cases keep as they write, are summed here from the
very rows loaded.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterable, Iterator

from peewee import PostgresqlDatabase, fn

from amtrax_tui.ccp import load_rules, title_key
from amtrax_tui.store.db import open_database
from amtrax_tui.store.models import (POINTS_SCALE, Activity, Allocation, BacklogDay, HeldCredential, Member, MonthTotal,
                                     db)
from amtrax_tui.store.totals import month_index

RULES = load_rules()
CATEGORIES = ["professional-education", "formal-education", "authorship",
              "instructional-presentation", "organizational-participation"]
CHUNK = 50_000  # rows per executemany / per transaction on SQLite

ACTIVITY_COLUMNS = ("id", "member_id", "category", "title", "title_key", "provider", "points", "start_date",
                    "end_date", "notes", "evidence", "entered_by", "attested_at", "created_at", "updated_at")
ID, MEMBER, CATEGORY, POINTS, END_DATE = (
    ACTIVITY_COLUMNS.index(c) for c in ("id", "member_id", "category", "points", "end_date"))
ALLOCATION_COLUMNS = ("id", "activity_id", "credential_id", "end_date", "category", "points")


def cycle_anchor(today: dt.date) -> dt.date:
    """An anchor whose current cycle started 500 days ago, so activities fit in it."""
    return today - dt.timedelta(days=500)


def build(target: str, members: int, activities_each: list[int], today: dt.date, seed: int = 7) -> list[str]:
    """Open `target` and add one member per entry of `activities_each` (holding RMA),
    each with that many activities in the current cycle. Returns their AMT IDs."""
    open_database(target)
    rng = random.Random(seed)
    anchor = cycle_anchor(today)
    now = f"{today.isoformat()} 09:00:00"
    first = _next_id(Member)
    ids = [f"B{first + i:07d}" for i in range(members)]
    member_ids = range(first, first + members)
    held_first = _next_id(HeldCredential)
    held_ids = range(held_first, held_first + members)
    _load(Member, ("id", "name", "amt_id", "created_at"),
          ((m, f"Bench Member {m}", amt, now) for m, amt in zip(member_ids, ids)))
    _load(HeldCredential, ("id", "member_id", "code", "certified_on", "anchor"),
          ((h, m, "RMA", anchor.isoformat(), anchor.isoformat()) for h, m in zip(held_ids, member_ids)))

    plan = list(zip(member_ids, held_ids, activities_each))
    rows = list(_activity_rows(plan, _next_id(Activity), anchor, today, now, rng))
    _load(Activity, ACTIVITY_COLUMNS, (row[:-1] for row in rows))
    allocation = _next_id(Allocation)
    _load(Allocation, ALLOCATION_COLUMNS,
          ((allocation + i, row[ID], row[-1], row[END_DATE], row[CATEGORY], row[POINTS]) for i, row in enumerate(rows)))
    _load(MonthTotal, ("credential_id", "month", "category", "points"), _month_totals(rows, anchor))
    _load(BacklogDay, ("member_id", "day", "activities", "points"), _backlog(rows))
    if isinstance(db.obj, PostgresqlDatabase):
        _settle_postgres()
    return ids


def _activity_rows(plan, first_id: int, anchor: dt.date, today: dt.date, now: str,
                   rng: random.Random) -> Iterator[tuple]:
    """Activity rows as the database stores them, each followed by its held credential id."""
    days = [(anchor + dt.timedelta(days=d)).isoformat() for d in range((today - anchor).days)]
    titles = [(f"Course {n}", title_key(f"Course {n}")) for n in range(max((c for *_, c in plan), default=0))]
    next_id = first_id
    for member_id, held_id, count in plan:
        for title, key in titles[:count]:
            day = rng.choice(days)
            yield (next_id, member_id, rng.choice(CATEGORIES), title, key, "Bench CE",
                   rng.randrange(25, 400) * POINTS_SCALE // 100, day, day, "", "", "", now, now, now, held_id)
            next_id += 1


def _month_totals(rows: list[tuple], anchor: dt.date) -> Iterable[tuple]:
    """The cycle-month totals per held credential and category, as the writes keep them."""
    month_of = {}
    sums: dict[tuple, int] = defaultdict(int)
    for row in rows:
        day = row[END_DATE]
        if day not in month_of:
            month_of[day] = month_index(anchor, dt.date.fromisoformat(day))
        sums[row[-1], month_of[day], row[CATEGORY]] += row[POINTS]
    return ((held, month, category, points) for (held, month, category), points in sums.items())


def _backlog(rows: list[tuple]) -> Iterable[tuple]:
    """What is left to enter in AMTrax per member and day, as the writes keep it: every activity."""
    sums: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        kept = sums[row[MEMBER], row[END_DATE]]
        kept[0] += 1
        kept[1] += row[POINTS]
    return ((member, day, count, points) for (member, day), (count, points) in sums.items())


def _next_id(model) -> int:
    return (model.select(fn.MAX(model.id)).scalar() or 0) + 1


def _load(model, columns: tuple[str, ...], rows: Iterable[tuple]) -> None:
    table = model._meta.table_name
    names = ", ".join(columns)
    if isinstance(db.obj, PostgresqlDatabase):
        with db.atomic(), db.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})"
    rows = iter(rows)
    while chunk := [row for _, row in zip(range(CHUNK), rows)]:
        with db.atomic():
            db.cursor().executemany(sql, chunk)


def _settle_postgres() -> None:
    """Explicit ids leave the sequences behind, and a fresh bulk load has neither
    planner statistics nor a visibility map (index-only scans still read the
    table) until autovacuum runs: bring both to where a database in use would be."""
    for model in (Member, HeldCredential, Activity, Allocation):
        table = model._meta.table_name
        db.execute_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                       f"(SELECT COALESCE(MAX(id), 1) FROM {table}))")
    db.execute_sql("VACUUM ANALYZE")
