"""Progress at scale: one member's progress as their activities grow, among many others'.

One large database holds every measured member beside the others' activities;
a second holds one measured member alone. If progress reads only the member's
own rows, the member alone and the member among millions take the same time.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics

from benchmarks.fixtures import RULES, build
from benchmarks.measure import Figure, figure, time_ms
from amtrax_tui.store import members
from amtrax_tui.store.progress import credential_progress, cycle_containing


def run(place, plan: dict, today: dt.date) -> list[Figure]:
    sizes, runs = plan["sizes"], plan["runs"]
    count, each = plan["others"]
    others = count * each
    figures: list[Figure] = []
    with place("scale") as target:
        build(target, count, [each] * count, today, seed=1)
        ids = build(target, len(sizes), sizes, today, seed=2)
        for amt_id, size in zip(ids, sizes):
            samples = _progress_ms(amt_id, today, runs)
            previous = figures[-1] if figures else None
            growth = _per_tenfold(previous, samples, size) if previous else None
            figures.append(figure(
                f"progress, {size:,} activities", samples, "ms",
                f"among {others:,} others" + (f"; x{growth:.2f} per 10x activities" if growth else ""),
                activities=size, other_activities=others, growth_per_10x=growth))
    alone = plan["alone"]
    with place("scale-alone") as target:
        [amt_id] = build(target, 1, [alone], today, seed=2)
        samples = _progress_ms(amt_id, today, runs)
    among = next(f for f in figures if f.extra["activities"] == alone)
    ratio = among.median / statistics.median(samples)
    figures.append(figure(f"progress, {alone:,} activities, no others", samples, "ms",
                          f"x{ratio:.2f} as long among {others:,} others",
                          activities=alone, other_activities=0, among_others_ratio=ratio))
    return figures


def _progress_ms(amt_id: str, today: dt.date, runs: int) -> list[float]:
    member = members.find_member(amt_id)
    held = members.list_credentials(member.id)[0]
    cycle = cycle_containing(RULES, held, today)
    return time_ms(lambda: credential_progress(RULES, held, cycle, today), runs)


def _per_tenfold(previous: Figure, samples: list[float], size: int) -> float:
    """How many times longer progress takes per tenfold activities, between two sizes."""
    tenfolds = math.log10(size / previous.extra["activities"])
    return (statistics.median(samples) / previous.median) ** (1 / tenfolds)
