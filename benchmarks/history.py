"""The history screen: one page of a member's activities in each order it sorts by."""

from __future__ import annotations

import datetime as dt
from functools import partial

from benchmarks.fixtures import build
from benchmarks.measure import Figure, figure, time_ms
from amtrax_tui.store import members
from amtrax_tui.store.browse import SORTS, activity_page

PAGE = 100  # the history's page (ui/screens/history.py)


def run(place, plan: dict, today: dt.date) -> list[Figure]:
    size = plan["sizes"][-1]
    figures = []
    with place("history") as target:
        [amt_id] = build(target, 1, [size], today, seed=6)
        member = members.find_member(amt_id)
        for sort in SORTS:
            for descending in (False, True):
                page = partial(activity_page, member.id, "RMA", None, "", sort, descending, PAGE)
                samples = time_ms(page, plan["runs"])
                way = "desc" if descending else "asc"
                figures.append(figure(f"history page, {sort} {way}, {size:,} activities", samples, "ms",
                                      f"the first {PAGE} of the RMA's", activities=size, sort=sort,
                                      descending=descending))
    return figures
