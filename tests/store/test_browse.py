"""The history's pages: in each order it sorts by, every activity once, in that order, however the pages are cut."""

import datetime as dt
from decimal import Decimal

import pytest

from amtrax_tui.store import activities
from amtrax_tui.store.activities import title_key
from amtrax_tui.store.browse import SORTS, activity_page

from .support import ACTOR, TODAY, draft

D = dt.date
# Ties on purpose: equal points, equal end dates, titles alike but for case, one category and day for two.
RECORDED = [
    ("Zeta safety", "2", "professional-education", D(2024, 5, 1), D(2024, 5, 3), ("RMA",)),
    ("alpha review", "2", "formal-education", D(2024, 4, 1), D(2024, 5, 3), ("RMA", "MLT")),
    ("Alpha Review", "1.5", "professional-education", D(2024, 3, 1), D(2024, 3, 1), ("MLT",)),
    ("Mid course", "0.5", "professional-education", D(2024, 5, 1), D(2024, 5, 1), ("RMA", "MLT")),
    ("Beta lab", "2", "formal-education", D(2024, 4, 1), D(2024, 4, 2), ("RMA",)),
]

# What each sort means, written out: its keys in order, the id last.
EXPECTED_ORDER = {
    "date": lambda a: (a.end, a.id),
    "points": lambda a: (a.points, a.id),
    "title": lambda a: (title_key(a.title), a.id),
    "category": lambda a: (a.category, a.start, title_key(a.title), a.id),
}


@pytest.fixture
def recorded(member, rules):
    for title, points, category, start, end, codes in RECORDED:
        changes = dict(title=title, points=Decimal(points), category=category, start=start, end=end)
        activities.record(rules, member.id, list(codes), draft(**changes), TODAY, ACTOR)
    return activities.list_activities(member.id)


def test_each_sort_of_the_history_is_written_out_here():
    assert set(SORTS) == set(EXPECTED_ORDER)


@pytest.mark.parametrize("code", [None, "MLT"])
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("sort", sorted(EXPECTED_ORDER))
def test_pages_of_two_give_every_activity_once_in_the_sorts_order(member, recorded, sort, descending, code):
    wanted = [a for a in recorded if code is None or code in a.credentials]
    wanted.sort(key=EXPECTED_ORDER[sort], reverse=descending)
    pages = [activity_page(member.id, code, None, "", sort, descending, 2, offset) for offset in range(0, 6, 2)]
    assert [a.id for page in pages for a in page] == [a.id for a in wanted]
    assert [len(page) for page in pages] == ([2, 2, 1] if code is None else [2, 1, 0])
