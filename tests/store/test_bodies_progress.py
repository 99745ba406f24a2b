"""Progress of other bodies' credentials through the store: month-end cycles, content-area and
approval minimums summed in SQL, CCP voluntary and grace."""

import datetime as dt
from decimal import Decimal

from amtrax_tui.store import activities, members
from amtrax_tui.store.progress import credential_progress, previous_cycle, progress

from .support import ACTOR, draft

D = dt.date


def record(rules, member, day, points, areas=None, approved=("AAMA",), title="Course", today=None):
    areas = areas or (("clinical", Decimal(points)),)
    return activities.record(
        rules, member.id, ["AAMA:CMA"],
        draft(title=title, points=Decimal(points), start=day, end=day, areas=areas, approved_by=approved, minutes=60),
        today or day, ACTOR)


def test_a_later_cycle_of_a_month_end_credential_counts_none_of_the_cycle_before(aama_rules, cma):
    # Months run from the 15th, so the month 2028-01-15 .. 2028-02-14 straddles the two cycles.
    record(aama_rules, cma, D(2028, 1, 30), "2", title="a")
    record(aama_rules, cma, D(2028, 1, 31), "3", title="b")
    # Recorded after cycle 0's grace: during it, that cycle is the one recorded in.
    record(aama_rules, cma, D(2028, 2, 1), "5", title="c", today=D(2028, 5, 1))
    record(aama_rules, cma, D(2028, 2, 3), "7", title="d", today=D(2028, 5, 1))
    [held] = members.list_credentials(cma.id)
    now = credential_progress(aama_rules, held, held.cycle_at(aama_rules, 1), D(2028, 2, 20))
    assert (now.cycle.index, now.cycle.start, now.earned) == (1, D(2028, 2, 1), Decimal(12))
    assert now.cumulative == ((D(2028, 2, 1), Decimal(5)), (D(2028, 2, 3), Decimal(12)))
    before = credential_progress(aama_rules, held, previous_cycle(aama_rules, held, D(2028, 2, 20)), D(2028, 2, 20))
    assert (before.cycle.end, before.earned) == (D(2028, 1, 31), Decimal(5))
    # The month after the straddling one is read from its total again.
    record(aama_rules, cma, D(2028, 2, 20), "1", title="e", today=D(2028, 5, 20))
    [later] = progress(aama_rules, cma.id, D(2028, 5, 20))
    assert later.earned == Decimal(13)


def test_area_and_approval_minimums_are_summed_from_the_store(aama_rules, cma):
    record(aama_rules, cma, D(2023, 3, 1), "20", areas=(("administrative", Decimal(10)), ("general", Decimal(10))),
           title="a")
    record(aama_rules, cma, D(2023, 4, 1), "40", areas=(("general", Decimal(40)),), approved=(), title="b")
    [p] = progress(aama_rules, cma.id, D(2023, 6, 1))
    earned = {m.key: (m.required, m.earned) for m in p.minimums}
    assert earned == {"area:administrative": (10, 10), "area:clinical": (10, 0), "area:general": (10, 50),
                      "approved": (30, 20)}
    # 40 points from providers AAMA does not approve, 30 of them count: 50 in all.
    assert (p.earned, p.others_cut, p.status, p.date_met) == (Decimal(50), Decimal(10), "on_track", None)
    assert [m.needed for m in p.minimums if m.needed] == [
        "10 clinical points still needed", "10 AAMA-approved points still needed"]
    record(aama_rules, cma, D(2023, 5, 10), "10", title="c")  # clinical, approved
    [p] = progress(aama_rules, cma.id, D(2023, 6, 1))
    assert (p.earned, p.status, p.date_met) == (Decimal(60), "met", D(2023, 5, 10))


def test_an_ended_cycle_is_in_grace_for_its_days_then_lapsed(aama_rules, cma):
    record(aama_rules, cma, D(2027, 12, 1), "5", today=D(2027, 12, 1))
    [held] = members.list_credentials(cma.id)
    cycle = held.cycle_at(aama_rules, 0)
    grace = credential_progress(aama_rules, held, cycle, D(2028, 4, 30))
    assert (grace.status, grace.grace_until) == ("grace", D(2028, 4, 30))
    assert credential_progress(aama_rules, held, cycle, D(2028, 5, 1)).status == "lapsed"


def test_ccp_is_voluntary_for_those_certified_before_it_unless_a_cycle_start_was_given(rules, database):
    info = members.add_member("Old Hand", "C300", ACTOR)
    members.add_credential(rules, info.id, "RMA", D(2005, 3, 1), None, D(2024, 6, 15), ACTOR)
    members.add_credential(rules, info.id, "MLT", D(2005, 3, 1), D(2023, 3, 1), D(2024, 6, 15), ACTOR)
    by_code = {p.credential.code: p.status for p in progress(rules, info.id, D(2024, 6, 15))}
    assert by_code == {"RMA": "voluntary", "MLT": "behind"}
