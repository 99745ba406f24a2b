"""Separate processes that write to one database, for the concurrency tests.

    python site_workers.py batch TARGET NAME COUNT            add member NAME and COUNT activities
    python site_workers.py stream TARGET STOPFILE             record until STOPFILE exists
    python site_workers.py record TARGET AMT_ID NAME COUNT    COUNT activities for an existing member
    python site_workers.py import TARGET AMT_ID NAME COUNT    import COUNT activities in one transaction
    python site_workers.py edit TARGET AMT_ID NAME COUNT      edit the member's SEEDED activities COUNT times

Each prints "ready" once the database is open, waits for a line on stdin
(so that all start writing together), then prints its running count.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from decimal import Decimal

from amtrax_tui.ccp import Draft, load_rules
from amtrax_tui.store import activities, members
from amtrax_tui.store.db import open_database
from amtrax_tui.store.imports import ImportRow, record_all

SEEDED = 5  # activities "seed 0" .. "seed 4" that the edit mode changes in turn


def course(name: str, number: int, today: dt.date) -> Draft:
    """The `number`th course of worker `name`: dates spread over ten months, so writers share months."""
    day = today - dt.timedelta(days=(number * 11) % 300)
    return Draft(category="professional-education", title=f"{name} course {number}", points=Decimal("1.5"),
                 start=day, end=day, attested=True)


def edited(number: int, today: dt.date) -> Draft:
    """What the `number`th edit makes of seeded activity `number % SEEDED`: new points and a new month."""
    day = today - dt.timedelta(days=(number * 37) % 300)
    return Draft(category="professional-education", title=f"seed {number % SEEDED}",
                 points=Decimal(number + 1) / 4, start=day, end=day, attested=True)


def main(mode: str, target: str, *rest: str) -> None:
    rules = load_rules()
    open_database(target)
    print("ready", flush=True)
    sys.stdin.readline()
    today = dt.date.today()
    if mode in ("batch", "stream"):
        name = rest[0] if mode == "batch" else f"stream-{os.getpid()}"
        member = members.add_member(name, name, actor=f"worker:{name}")
        members.add_credential(rules, member.id, "RMA", today - dt.timedelta(days=400), None, today,
                               f"worker:{name}")
        count = 0
        while (count < int(rest[1])) if mode == "batch" else not os.path.exists(rest[0]):
            activities.record(rules, member.id, ["RMA"], course(name, count, today), today, f"worker:{name}")
            count += 1
            print(count, flush=True)
        return
    amt_id, name, count = rest[0], rest[1], int(rest[2])
    member = members.find_member(amt_id)
    actor = f"worker:{name}"
    if mode == "import":
        rows = [ImportRow(line, course(name, line, today)) for line in range(count)]
        print(record_all(rules, member.id, "RMA", rows, today, actor).count, flush=True)
        return
    seeded = {a.title: a.id for a in activities.list_activities(member.id) if a.title.startswith("seed ")}
    for number in range(count):
        if mode == "record":
            activities.record(rules, member.id, ["RMA"], course(name, number, today), today, actor)
        else:
            draft = edited(number, today)
            activities.edit(rules, seeded[draft.title], ["RMA"], draft, today, actor)
        print(number + 1, flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
