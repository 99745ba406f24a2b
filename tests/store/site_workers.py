"""Separate processes that write to one database, for the concurrency tests.

    python site_workers.py batch TARGET NAME COUNT   add member NAME and COUNT activities
    python site_workers.py stream TARGET STOPFILE    record until STOPFILE exists

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


def main(mode: str, target: str, *rest: str) -> None:
    rules = load_rules()
    open_database(target)
    print("ready", flush=True)
    sys.stdin.readline()
    today = dt.date.today()
    name = rest[0] if mode == "batch" else f"stream-{os.getpid()}"
    member = members.add_member(name, name, actor=f"worker:{name}")
    members.add_credential(rules, member.id, "RMA", today - dt.timedelta(days=400), None, today, f"worker:{name}")
    count = 0
    while (count < int(rest[1])) if mode == "batch" else not os.path.exists(rest[0]):
        draft = Draft(category="professional-education", title=f"{name} course {count}", points=Decimal("1.5"),
                      start=today - dt.timedelta(days=count % 300), end=today - dt.timedelta(days=count % 300),
                      attested=True)
        activities.record(rules, member.id, ["RMA"], draft, today, f"worker:{name}")
        count += 1
        print(count, flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
