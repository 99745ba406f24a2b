"""The roster with other bodies' credentials: cycles by each one's schedule, statuses as the overview
gives them, grace and CCP voluntary among the statuses."""

import datetime as dt
from decimal import Decimal

import pytest

from amtrax_tui.ccp import Draft, load_rules
from amtrax_tui.store import activities, members
from amtrax_tui.store.progress import progress
from amtrax_tui.store.roster import roster

D = dt.date
ACTOR = "cli:admin"
AS_OF = D(2028, 3, 1)


@pytest.fixture(scope="module")
def body_rules():
    return load_rules(bodies=["AAMA", "NHA"])


def member(rules, name, amt_id, code, certified, entries=(), cycle_start=None):
    """A member holding `code`, with activities (day, points, areas) counted toward it."""
    info = members.add_member(name, amt_id, ACTOR)
    members.add_credential(rules, info.id, code, certified, cycle_start, max(certified, AS_OF), ACTOR)
    for number, (day, points, areas) in enumerate(entries):
        draft = Draft(category="professional-education", title=f"Course {number}", points=Decimal(points),
                      start=day, end=day, attested=True, areas=areas, approved_by=("AAMA",) if areas else (),
                      minutes=60)
        activities.record(rules, info.id, [code], draft, day, ACTOR)
    return info


@pytest.fixture
def site(database, body_rules):
    general = (("general", Decimal(60)),)
    return {
        # AAMA:CMA cycle 0 ended 2028-01-31 unmet: 90 days of grace run to 2028-04-30.
        "gus": member(body_rules, "Grace Gus", "A1", "AAMA:CMA", D(2023, 1, 15), [(D(2027, 6, 1), "5", (
            ("clinical", Decimal(5)),))]),
        # 60 points, all general: the total is reached but not the other areas' minimums.
        "ada": member(body_rules, "Areas Ada", "B2", "AAMA:CMA", D(2027, 3, 10), [(D(2027, 4, 1), "60", general)]),
        "nick": member(body_rules, "Nha Nick", "C3", "NHA:CPT", D(2025, 1, 10), [(D(2027, 2, 1), "10", ())]),
        "vic": member(body_rules, "Voluntary Vic", "D4", "RMA", D(2005, 3, 1)),
    }


def keys(rows):
    return [(r.amt_id, r.code, r.status) for r in rows]


def test_each_credential_follows_its_schedule_and_the_overviews_status(site, body_rules):
    rows = {r.amt_id: r for r in roster(body_rules, AS_OF)}
    assert keys(roster(body_rules, AS_OF)) == [
        ("A1", "AAMA:CMA", "grace"), ("B2", "AAMA:CMA", "on_track"), ("C3", "NHA:CPT", "met"),
        ("D4", "RMA", "voluntary")]
    # NHA's cycles run two years: the second began 2027-01-10.
    assert (rows["C3"].cycle.start, rows["C3"].cycle.end, rows["C3"].earned) == (D(2027, 1, 10), D(2029, 1, 9), 10)
    # The ended cycle is shown while in grace, with the days its grace has left.
    assert (rows["A1"].cycle.start, rows["A1"].cycle.end, rows["A1"].behind) == (D(2023, 1, 15), D(2028, 1, 31), True)
    assert rows["A1"].days_left == (D(2028, 4, 30) - AS_OF).days + 1
    for amt_id in ("B2", "C3", "D4"):
        [overview] = progress(body_rules, rows[amt_id].member_id, AS_OF)
        assert (rows[amt_id].status, rows[amt_id].remaining) == (overview.status, overview.remaining)
    # Its total is reached, but 10 administrative and 10 clinical points are still needed.
    assert (rows["B2"].earned, rows["B2"].remaining) == (60, 20)


def test_grace_and_voluntary_are_statuses_to_filter_by(site, body_rules):
    assert keys(roster(body_rules, AS_OF, status="grace")) == [("A1", "AAMA:CMA", "grace")]
    assert keys(roster(body_rules, AS_OF, status="voluntary")) == [("D4", "RMA", "voluntary")]
    assert keys(roster(body_rules, AS_OF, code="aama:cma")) == [
        ("A1", "AAMA:CMA", "grace"), ("B2", "AAMA:CMA", "on_track")]


def test_after_its_grace_an_ended_cycle_is_lapsed(site, body_rules):
    assert keys(roster(body_rules, D(2028, 5, 1), code="AAMA:CMA"))[0] == ("A1", "AAMA:CMA", "lapsed")
