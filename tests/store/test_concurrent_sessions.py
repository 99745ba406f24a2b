"""Many processes writing to one database at once: nobody waits in vain, nothing is lost."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from amtrax_tui.store import activities, members
from amtrax_tui.store.activities import count_activities, list_activities
from amtrax_tui.store.db import open_database
from amtrax_tui.store.history import changes_of
from amtrax_tui.store.models import Allocation, HeldCredential, MonthTotal
from amtrax_tui.store.totals import month_index

from .site_workers import SEEDED, Worker, edited, start
from .support import counted_by_day, kept_by_day

PROCESSES, RECORDS = 4, 50
SHARED_PROCESSES, SHARED_RECORDS = 8, 25  # all for one member and credential
IMPORTED, EDITS = 40, 25


def run_together(workers: list[Worker]) -> list[str]:
    """Start every worker's writes at once, once all have opened the database; the last line each
    says. Each must finish without an error."""
    for worker in workers:  # all open before any writes
        assert (said := worker.said()) == "ready", said
    for worker in workers:
        worker.connection.send("go")
    return [worker.finish()[-1] for worker in workers]


def test_concurrent_writers_lose_nothing(database_url):
    """Four processes open a new database together (so they also race to create
    its schema), then each adds a member and 50 activities at the same moment."""
    outputs = run_together([start("batch", database_url, f"W{n}", str(RECORDS)) for n in range(PROCESSES)])
    assert outputs == [str(RECORDS)] * PROCESSES

    open_database(database_url)
    for n in range(PROCESSES):
        member = members.find_member(f"W{n}")
        assert count_activities(member.id) == RECORDS
        titles = {a.title for a in list_activities(member.id)}
        assert titles == {f"W{n} course {i}" for i in range(RECORDS)}
        assert all(changes_of("activity", a.id)[0].actor == f"worker:W{n}" for a in list_activities(member.id))


def one_member(database_url: str, rules, seeded: int = 0) -> int:
    """Ann (S100), holding RMA since 400 days ago, with `seeded` activities "seed 0", ...; her id."""
    today = dt.date.today()
    database = open_database(database_url)
    ann = members.add_member("Ann Lee", "S100", "test:setup")
    members.add_credential(rules, ann.id, "RMA", today - dt.timedelta(days=400), None, today, "test:setup")
    for number in range(seeded):
        activities.record(rules, ann.id, ["RMA"], edited(number, today), today, "test:setup")
    database.close()
    return ann.id


def assert_month_totals_are_fresh_sums() -> None:
    anchors = dict(HeldCredential.select(HeldCredential.id, HeldCredential.anchor).tuples())
    expected: dict[tuple, Decimal] = defaultdict(Decimal)
    for held, end, category, points in Allocation.select(
            Allocation.credential, Allocation.end_date, Allocation.category, Allocation.points).tuples():
        expected[held, month_index(anchors[held], end), category] += points
    stored = MonthTotal.select(MonthTotal.credential, MonthTotal.month, MonthTotal.category, MonthTotal.points)
    assert {(h, k, c): p for h, k, c, p in stored.tuples()} == expected


def test_eight_sessions_recording_for_one_member_and_credential_all_succeed(database_url, rules):
    ann = one_member(database_url, rules)
    names = [f"P{n}" for n in range(SHARED_PROCESSES)]
    outputs = run_together([start("record", database_url, "S100", name, str(SHARED_RECORDS)) for name in names])
    assert outputs == [str(SHARED_RECORDS)] * SHARED_PROCESSES

    open_database(database_url)
    assert count_activities(ann) == SHARED_PROCESSES * SHARED_RECORDS
    assert {a.title for a in list_activities(ann)} == {
        f"{name} course {i}" for name in names for i in range(SHARED_RECORDS)}
    assert_month_totals_are_fresh_sums()
    assert kept_by_day(ann) == counted_by_day(ann)


def test_records_an_import_and_edits_for_one_member_at_once_all_succeed(database_url, rules):
    ann = one_member(database_url, rules, seeded=SEEDED)
    names = [f"P{n}" for n in range(SHARED_PROCESSES)]
    outputs = run_together([
        *(start("record", database_url, "S100", name, str(SHARED_RECORDS)) for name in names),
        start("import", database_url, "S100", "CSV", str(IMPORTED)),
        start("edit", database_url, "S100", "Ed", str(EDITS)),
    ])
    assert outputs == [str(SHARED_RECORDS)] * SHARED_PROCESSES + [
        str(IMPORTED), str(EDITS)]

    open_database(database_url)
    found = list_activities(ann)
    assert len(found) == SHARED_PROCESSES * SHARED_RECORDS + IMPORTED + SEEDED
    assert sum(a.title.startswith("CSV course") for a in found) == IMPORTED
    today = dt.date.today()
    last_edits = {edited(n, today).title: edited(n, today) for n in range(EDITS)}  # the last edit of each wins
    for activity in found:
        if activity.title in last_edits:
            draft = last_edits[activity.title]
            assert (activity.points, activity.end) == (draft.points, draft.end)
    assert_month_totals_are_fresh_sums()
    assert kept_by_day(ann) == counted_by_day(ann)
