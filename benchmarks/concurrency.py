"""Records per second with several processes writing to one database."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import time
from decimal import Decimal

from benchmarks.measure import Figure


def _writer(target: str, amt_id: str, count: int, start, results) -> None:
    from amtrax_tui.ccp import Draft, load_rules
    from amtrax_tui.store import activities, members
    from amtrax_tui.store.db import open_database

    rules = load_rules()
    open_database(target)
    member = members.find_member(amt_id)
    today = dt.date.today()
    failures = 0
    start.wait()
    for i in range(count):
        draft = Draft(category="professional-education", title=f"{amt_id} course {i}", points=Decimal("1.25"),
                      start=today, end=today, attested=True)
        try:
            activities.record(rules, member.id, ["RMA"], draft, today, f"member:{amt_id}")
        except Exception:  # counted: a failed write is what this measures
            failures += 1
    results.put(failures)


def run(target: str, processes: list[int], per_process: int, today: dt.date) -> list[Figure]:
    from benchmarks.fixtures import build
    from amtrax_tui.store.models import Activity

    figures = []
    context = multiprocessing.get_context("spawn")
    for n in processes:
        ids = build(target, n, [0] * n, today, seed=n)
        before = Activity.select().count()
        start, results = context.Barrier(n + 1), context.Queue()
        workers = [context.Process(target=_writer, args=(target, amt, per_process, start, results)) for amt in ids]
        for worker in workers:
            worker.start()
        start.wait()
        began = time.perf_counter()
        failures = sum(results.get() for _ in workers)
        elapsed = time.perf_counter() - began
        for worker in workers:
            worker.join()
        stored = Activity.select().count() - before
        rate = stored / elapsed
        figures.append(Figure(f"writes, {n} process{'es' if n > 1 else ''}", rate, rate, rate, "records/s", 1,
                              f"{failures} failed, {stored}/{n * per_process} stored"))
    return figures
