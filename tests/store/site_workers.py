"""Separate processes that write to one database, for the concurrency and backup tests.

    start("batch", TARGET, NAME, COUNT)            add member NAME and COUNT activities
    start("stream", TARGET, STOPFILE)              record until STOPFILE exists
    start("record", TARGET, AMT_ID, NAME, COUNT)   COUNT activities for an existing member
    start("import", TARGET, AMT_ID, NAME, COUNT)   import COUNT activities in one transaction
    start("edit", TARGET, AMT_ID, NAME, COUNT)     edit the member's SEEDED activities COUNT times

Each says "ready" once the database is open, waits for "go" (so that all start
writing together), then says its running count. Each is a process of its own,
forked from a server that has imported the app once: started afresh, each
spent 0.2 s of CPU importing it, 44 of them in the concurrency tests.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import os
import traceback
from decimal import Decimal
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import NamedTuple

from amtrax_tui.ccp import Draft, load_rules
from amtrax_tui.store import activities, members
from amtrax_tui.store.db import open_database
from amtrax_tui.store.imports import ImportRow, record_all

FORKS = multiprocessing.get_context("forkserver")
FORKS.set_forkserver_preload([__name__])


class Worker(NamedTuple):
    process: BaseProcess
    connection: Connection

    def said(self) -> str:
        """The next line the worker says (its traceback, should it fail)."""
        return self.connection.recv()

    def finish(self) -> list[str]:
        """The lines it says until it ends, which it must do without an error."""
        lines = []
        with contextlib.suppress(EOFError):  # it has ended
            while True:
                lines.append(self.said())
        self.process.join()
        assert self.process.exitcode == 0, lines[-1:]
        return lines


def start(*args: str) -> Worker:
    ours, theirs = FORKS.Pipe()
    process = FORKS.Process(target=_serve, args=(theirs, *args))
    process.start()
    theirs.close()
    return Worker(process, ours)


def _serve(connection: Connection, *args: str) -> None:
    try:
        _work(connection, *args)
    except BaseException:
        connection.send(traceback.format_exc())
        raise SystemExit(1) from None


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


def _work(connection: Connection, mode: str, target: str, *rest: str) -> None:
    say = connection.send
    rules = load_rules()
    open_database(target)
    say("ready")
    assert connection.recv() == "go"
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
            say(str(count))
        return
    amt_id, name, count = rest[0], rest[1], int(rest[2])
    member = members.find_member(amt_id)
    actor = f"worker:{name}"
    if mode == "import":
        rows = [ImportRow(line, course(name, line, today)) for line in range(count)]
        say(str(record_all(rules, member.id, "RMA", rows, today, actor).count))
        return
    seeded = {a.title: a.id for a in activities.list_activities(member.id) if a.title.startswith("seed ")}
    for number in range(count):
        if mode == "record":
            activities.record(rules, member.id, ["RMA"], course(name, number, today), today, actor)
        else:
            draft = edited(number, today)
            activities.edit(rules, seeded[draft.title], ["RMA"], draft, today, actor)
        say(str(number + 1))
