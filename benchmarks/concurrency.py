"""Records per second with several processes writing to one database at once.

Each process is a kiosk or SSH session recording through the use case, one
transaction per activity: first each for a member of its own, then all for
one shared member and credential (a member signed in twice, staff recording
on their behalf), where every write changes the same month totals. Once all
are ready, each round starts them together; its rate is the records stored
over the time until the last process is done. A write the store gave up on
(after its own retries when the database was busy) is counted as failed.
"""

from __future__ import annotations

import datetime as dt
import itertools
import multiprocessing
import queue
import time
from decimal import Decimal

from benchmarks.measure import Figure, figure


def _writer(target: str, amt_id: str, name: str, count: int, go, results) -> None:
    from amtrax_tui.ccp import Draft, load_rules
    from amtrax_tui.store import activities, members
    from amtrax_tui.store.db import open_database

    rules = load_rules()
    open_database(target)
    member = members.find_member(amt_id)
    today = dt.date.today()
    results.put("ready")
    for r, started in enumerate(go):
        failures, first_error = 0, ""
        started.wait()
        for i in range(count):
            draft = Draft(category="professional-education", title=f"{name} course {r}-{i}",
                          points=Decimal("1.25"), start=today, end=today, attested=True)
            try:
                activities.record(rules, member.id, ["RMA"], draft, today, f"member:{amt_id}")
            except Exception as exc:  # counted: a failed write is what this measures
                failures += 1
                first_error = first_error or f"{type(exc).__name__}: {exc}"
        results.put((failures, first_error))


def run(place, plan: dict, today: dt.date) -> list[Figure]:
    from benchmarks.fixtures import build
    from amtrax_tui.store.models import Activity

    rounds, per_process = plan["rounds"], plan["per_process"]
    figures = []
    # Each process opens its own connection, as a second session would, forked from a server
    # that has imported the app once: started afresh, each spent 0.2 s of CPU on its imports.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["amtrax_tui.ccp", "amtrax_tui.store.activities", "amtrax_tui.store.members"])
    with place("concurrency") as target:
        for member, n in itertools.product(("own", "shared"), plan["processes"]):
            ids = build(target, n, [0] * n, today, seed=n) if member == "own" else build(target, 1, [0], today) * n
            before = Activity.select().count()
            go, results = [context.Event() for _ in range(rounds)], context.Queue()
            workers = [context.Process(target=_writer, args=(target, amt, f"{amt}-{k}", per_process, go, results))
                       for k, amt in enumerate(ids)]
            for worker in workers:
                worker.start()
            _collect(results, workers)
            rates, failed, errors = [], 0, []
            for started in go:
                started.set()
                began = time.perf_counter()
                outcomes = _collect(results, workers)
                elapsed = time.perf_counter() - began
                round_failed = sum(f for f, _ in outcomes)
                failed += round_failed
                errors += [e for _, e in outcomes if e]
                rates.append((n * per_process - round_failed) / elapsed)
            for worker in workers:
                worker.join()
            stored = Activity.select().count() - before
            attempted = n * per_process * rounds
            note = f"{failed} failed, {stored}/{attempted} stored" + (f"; first error: {errors[0]}" if errors else "")
            name = f"writes, {n} process{'es' if n > 1 else ''}" + (", one member" if member == "shared" else "")
            figures.append(figure(name, rates, "records/s", note, processes=n, member=member,
                                  attempted=attempted, stored=stored, failed=failed))
    return figures


def _collect(results, workers) -> list:
    """One message from each worker; a worker that died instead is an error, not a hang."""
    found = []
    while len(found) < len(workers):
        try:
            found.append(results.get(timeout=0.5))
        except queue.Empty:
            dead = [w.exitcode for w in workers if w.exitcode not in (None, 0)]
            if dead:
                raise RuntimeError(f"a writer process exited with code {dead[0]}") from None
    return found
