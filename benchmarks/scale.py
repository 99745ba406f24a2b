"""Progress at scale: one member's progress as their activities grow, among many others'."""

from __future__ import annotations

import datetime as dt

from benchmarks.fixtures import RULES, build
from benchmarks.measure import Figure, figure, time_ms
from amtrax_tui.store import members
from amtrax_tui.store.progress import credential_progress, cycle_containing


def run(target: str, sizes: list[int], others: tuple[int, int], today: dt.date, runs: int) -> list[Figure]:
    """`others` = (members, activities each) filling the database around the measured members."""
    count, each = others
    build(target, count, [each] * count, today, seed=1)
    ids = build(target, len(sizes), sizes, today, seed=2)
    figures = []
    for amt_id, size in zip(ids, sizes):
        member = members.find_member(amt_id)
        held = members.list_credentials(member.id)[0]
        cycle = cycle_containing(held, today)
        samples = time_ms(lambda: credential_progress(RULES, held, cycle, today), runs)
        figures.append(figure(f"progress, {size:,} activities", samples, "ms",
                              f"among {count * each:,} other activities"))
    return figures
