"""The staff roster: every member x credential, most at risk first."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

import pytest

from amtrax_tui.ccp import Draft
from amtrax_tui.store import activities, members
from amtrax_tui.store.progress import progress
from amtrax_tui.store.records import Invalid
from amtrax_tui.store.roster import roster

AS_OF = dt.date(2026, 3, 2)
D = dt.date.fromisoformat


def member(rules, name, amt_id, *held):
    """A member holding `held` = (code, certified_on, [(day, points), ...])."""
    info = members.add_member(name, amt_id, actor="cli:admin")
    for code, certified, entries in held:
        members.add_credential(rules, info.id, code, D(certified), None, max(AS_OF, D(certified)), "cli:admin")
        for number, (day, points) in enumerate(entries):
            draft = Draft(category="professional-education", title=f"{code} course {number}",
                          points=Decimal(points), start=D(day), end=D(day), attested=True)
            activities.record(rules, info.id, [code], draft, D(day), "cli:admin")
    return info


@pytest.fixture
def site(database, rules):
    return {
        "mary": member(rules, "Met Mary", "A1", ("RMA", "2024-01-01", [("2025-05-01", "30")])),
        "tom": member(rules, "Track Tom", "B2", ("RMA", "2024-03-02", [("2025-01-10", "25")])),
        "bea": member(rules, "Behind Bea", "C3", ("RMA", "2024-03-02", [("2025-01-10", "5")])),
        "lou": member(rules, "Lapsed Lou", "D4",
                      ("RMA", "2020-01-01", [("2024-02-01", "10")]),
                      ("RPT", "2025-06-01", [])),
        "eve": member(rules, "Behind Eve", "E5", ("RMA", "2023-06-01", [("2024-01-01", "5")])),
        "ray": member(rules, "Renewed Ray", "G7", ("RMA", "2020-01-01", [("2025-06-01", "30")])),
        "fay": member(rules, "Future Fay", "F6", ("RMA", "2026-06-01", [])),
        "nan": member(rules, "No Creds", "H8"),
        "nia": member(rules, "Newcomer Nia", "I9", ("RMA", "2020-01-01", [("2026-02-01", "12")])),
    }


def keys(rows):
    return [(r.amt_id, r.code, r.status) for r in rows]


def test_every_credential_most_at_risk_first(site, rules):
    assert keys(roster(rules, AS_OF)) == [
        ("D4", "RMA", "lapsed"),
        ("E5", "RMA", "behind"),   # 91 days left
        ("C3", "RMA", "behind"),   # 366 days left
        ("D4", "RPT", "behind"),   # 822 days left
        ("G7", "RMA", "behind"),   # 1036 days left
        ("B2", "RMA", "on_track"),
        ("I9", "RMA", "on_track"),
        ("A1", "RMA", "met"),
    ]


def test_a_row_holds_the_figures_staff_need(site, rules):
    rows = {(r.amt_id, r.code): r for r in roster(rules, AS_OF)}
    eve = rows["E5", "RMA"]
    assert (eve.name, eve.credential_name) == ("Behind Eve", "Registered Medical Assistant")
    assert (eve.earned, eve.required, eve.remaining, eve.days_left) == (5, 30, 25, 91)
    assert (eve.cycle.start, eve.cycle.end) == (D("2023-06-01"), D("2026-05-31"))
    assert eve.behind and eve.member_id == site["eve"].id
    assert not rows["B2", "RMA"].behind and not rows["A1", "RMA"].behind


def test_a_previous_cycle_left_short_shows_as_lapsed_with_that_cycle(site, rules):
    lou = next(r for r in roster(rules, AS_OF) if r.amt_id == "D4" and r.code == "RMA")
    assert (lou.cycle.start, lou.cycle.end) == (D("2023-01-01"), D("2025-12-31"))
    assert (lou.earned, lou.remaining, lou.days_left, lou.behind) == (10, 20, 0, True)


def test_a_previous_cycle_met_shows_the_current_one(site, rules):
    ray = next(r for r in roster(rules, AS_OF) if r.amt_id == "G7")
    assert (ray.cycle.start, ray.earned, ray.status) == (D("2026-01-01"), 0, "behind")


@pytest.mark.parametrize("as_of", [AS_OF, D("2025-01-09"), D("2025-01-10"), D("2025-05-01")])
def test_current_cycles_agree_with_the_member_progress_view(site, rules, as_of):
    """Also when looking back, past points recorded since."""
    rows = roster(rules, as_of)
    assert rows
    for row in rows:
        if row.status != "lapsed":
            [own] = progress(rules, row.member_id, as_of, row.code)
            assert (own.earned, own.status, own.days_left, own.cycle) == (row.earned, row.status, row.days_left, row.cycle)


def test_a_previous_cycle_with_nothing_recorded_is_not_judged(site, rules):
    """A member who starts using the app mid-way did not track the cycle before."""
    nia = next(r for r in roster(rules, AS_OF) if r.amt_id == "I9")
    assert (nia.cycle.start, nia.earned, nia.status) == (D("2026-01-01"), 12, "on_track")


def test_looking_back_leaves_out_later_points(site, rules):
    def tom(as_of):
        return next((r.earned, r.status) for r in roster(rules, as_of) if r.amt_id == "B2")

    assert tom(D("2025-01-09")) == (0, "behind")
    assert tom(D("2025-01-10")) == (25, "on_track")


def test_filters(site, rules):
    assert keys(roster(rules, AS_OF, status="met")) == [("A1", "RMA", "met")]
    assert keys(roster(rules, AS_OF, status="lapsed")) == [("D4", "RMA", "lapsed")]
    assert keys(roster(rules, AS_OF, code="rpt")) == [("D4", "RPT", "behind")]
    assert keys(roster(rules, AS_OF, search="behind")) == [("E5", "RMA", "behind"), ("C3", "RMA", "behind")]
    assert keys(roster(rules, AS_OF, search="d4")) == [("D4", "RMA", "lapsed"), ("D4", "RPT", "behind")]
    assert roster(rules, AS_OF, status="on_track", code="RPT") == []


def test_a_credential_not_yet_started_is_left_out(site, rules):
    assert "F6" not in {r.amt_id for r in roster(rules, AS_OF)}
    assert ("F6", "RMA", "behind") in keys(roster(rules, D("2026-07-01")))


def test_an_unknown_status_is_refused(database, rules):
    with pytest.raises(Invalid, match="status: 'late' is not a status; use one of met, on_track, behind, lapsed"):
        roster(rules, AS_OF, status="late")


def test_an_empty_site_has_an_empty_roster(database, rules):
    assert roster(rules, AS_OF) == []


def test_the_number_of_queries_does_not_grow_with_members(site, rules, caplog):
    def queries() -> int:
        caplog.clear()
        with caplog.at_level(logging.DEBUG, logger="peewee"):
            roster(rules, AS_OF)
        return sum(1 for r in caplog.records if r.name == "peewee")

    before = queries()
    for number in range(10):
        member(rules, f"Extra {number}", f"X{number}", ("RMA", "2024-03-02", [("2025-01-10", "3"), ("2025-02-10", "4")]))
    assert queries() == before == 3
