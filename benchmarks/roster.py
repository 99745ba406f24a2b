"""The staff roster: every member's credential, most at risk first."""

from __future__ import annotations

import datetime as dt

from benchmarks.fixtures import RULES, build
from benchmarks.measure import Figure, figure, time_ms
from amtrax_tui.store.roster import roster


def run(place, plan: dict, today: dt.date) -> list[Figure]:
    count, each = plan["roster"]
    with place("roster") as target:
        build(target, count, [each] * count, today, seed=4)
        rows = roster(RULES, today)
        samples = time_ms(lambda: roster(RULES, today), plan["slow_runs"])
    return [figure(f"roster, {count:,} members x {each} activities", samples, "ms",
                   f"{len(rows):,} rows", members=count, activities_each=each, rows=len(rows))]
