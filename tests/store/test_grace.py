"""The cycle a member works on during a grace period (docs/ccp-rules.md section 5): the one
that ended short, until it is met or its grace runs out; on each database backend."""

import datetime as dt
from decimal import Decimal

import pytest

from amtrax_tui.store import activities, members, progress as store_progress
from amtrax_tui.store.progress import judged_cycle, progress
from amtrax_tui.store.records import HeldInfo, Invalid
from amtrax_tui.store.roster import roster
from amtrax_tui.store.snapshot import read_snapshot
from amtrax_tui.store.transcripts import chosen_cycle

from .support import ACTOR, draft

D = dt.date
ENDED = D(2028, 1, 31)
DAY_1, DAY_30, DAY_90, DAY_91 = (ENDED + dt.timedelta(days=n) for n in (1, 30, 90, 91))
GRACE_UNTIL = D(2028, 4, 30)




def record(rules, member, day, points, today, title="Course", areas=None):
    """An activity on `day` toward AAMA:CMA: AAMA-approved, an hour long, its points clinical unless `areas`."""
    return activities.record(
        rules, member.id, ["AAMA:CMA"],
        draft(title=title, points=Decimal(points), start=day, end=day, minutes=60, approved_by=("AAMA",),
              areas=areas or (("clinical", Decimal(points)),)),
        today, ACTOR)


def meet_cycle_0(rules, member, today):
    """What cycle 0 still needed after the 5 clinical points `short` gives it: 55 more, 10 of them
    administrative and 10 general."""
    record(rules, member, D(2027, 12, 10), "55", today, title="Big course",
           areas=(("administrative", Decimal(10)), ("general", Decimal(10)), ("clinical", Decimal(35))))


@pytest.fixture
def short(cma, aama_rules):
    """The member's cycle 0 ended with 5 of its 60 points."""
    record(aama_rules, cma, D(2027, 12, 1), "5", D(2027, 12, 1))
    return cma


def held_of(member):
    [held] = members.list_credentials(member.id)
    return held


@pytest.mark.parametrize("today", [DAY_1, DAY_90], ids=["day-1", "day-90"])
def test_an_ended_cycle_short_of_its_points_is_judged_through_its_grace(short, aama_rules, today):
    held = held_of(short)
    assert judged_cycle(aama_rules, held, today) == held.cycle_at(aama_rules, 0)
    [p] = progress(aama_rules, short.id, today)
    assert (p.cycle.end, p.status, p.grace_until, p.earned) == (ENDED, "grace", GRACE_UNTIL, Decimal(5))
    snapshot = read_snapshot(aama_rules, short, today)
    assert snapshot.progress_of("AAMA:CMA").status == "grace"
    assert snapshot.cycles == {"AAMA:CMA": held.cycle_at(aama_rules, 0)}


def test_the_day_after_its_grace_the_new_cycle_is_judged(short, aama_rules):
    held = held_of(short)
    assert judged_cycle(aama_rules, held, DAY_91) == held.cycle_at(aama_rules, 1)
    [p] = progress(aama_rules, short.id, DAY_91)
    assert (p.cycle.start, p.status, p.earned) == (D(2028, 2, 1), "behind", Decimal(0))
    assert read_snapshot(aama_rules, short, DAY_91).cycles == {"AAMA:CMA": held.cycle_at(aama_rules, 1)}


def test_an_ended_cycle_that_was_met_is_not_judged_again(cma, aama_rules):
    record(aama_rules, cma, D(2027, 12, 1), "5", D(2027, 12, 1))
    meet_cycle_0(aama_rules, cma, D(2027, 12, 10))
    assert judged_cycle(aama_rules, held_of(cma), DAY_1).index == 1


def test_an_ended_cycle_with_nothing_recorded_was_not_tracked_and_is_not_judged(cma, aama_rules):
    assert judged_cycle(aama_rules, held_of(cma), DAY_1).index == 1
    [p] = progress(aama_rules, cma.id, DAY_1)
    assert (p.cycle.index, p.status) == (1, "on_track")


def test_met_during_its_grace_the_ended_cycle_gives_way_to_the_new_one(short, aama_rules):
    held = held_of(short)
    meet_cycle_0(aama_rules, short, DAY_30)
    assert judged_cycle(aama_rules, held, DAY_30) == held.cycle_at(aama_rules, 1)
    snapshot = read_snapshot(aama_rules, short, DAY_30)
    assert snapshot.progress_of("AAMA:CMA").cycle.start == D(2028, 2, 1)
    assert snapshot.cycles["AAMA:CMA"].index == 1
    # The met cycle keeps its points and the date it was met.
    before = store_progress.credential_progress(aama_rules, held, held.cycle_at(aama_rules, 0), DAY_30)
    assert (before.status, before.date_met, before.earned) == ("met", D(2027, 12, 10), Decimal(60))


def test_during_grace_activities_are_recorded_in_the_ended_cycle_only(short, aama_rules):
    with pytest.raises(Invalid) as refused:
        record(aama_rules, short, D(2028, 2, 10), "5", DAY_30, title="New cycle course")
    message = "must fall inside the AAMA:CMA cycle 2023-01-15 to 2028-01-31, in its grace period"
    assert [(e.field, e.message) for e in refused.value.errors] == [("start", message), ("end", message)]
    assert len(activities.list_activities(short.id)) == 1  # nothing half-written
    record(aama_rules, short, D(2028, 1, 20), "5", DAY_30, title="Late course")
    [p] = progress(aama_rules, short.id, DAY_30)
    assert (p.cycle.end, p.earned, p.status) == (ENDED, Decimal(10), "grace")


def test_during_grace_an_edit_must_keep_the_activity_in_the_ended_cycle(short, aama_rules):
    found = record(aama_rules, short, D(2028, 1, 20), "5", DAY_30, title="Late course")
    moved = draft(title="Late course", points=Decimal(5), start=D(2028, 2, 2), end=D(2028, 2, 2), minutes=60,
                  approved_by=("AAMA",), areas=(("clinical", Decimal(5)),))
    with pytest.raises(Invalid) as refused:
        activities.edit(aama_rules, found, ["AAMA:CMA"], moved, DAY_30, ACTOR)
    assert {e.field for e in refused.value.errors} == {"start", "end"}
    assert "2023-01-15 to 2028-01-31, in its grace period" in str(refused.value)
    assert activities.get_activity(found).start == D(2028, 1, 20)


def test_the_transcripts_current_cycle_is_the_one_judged(short, aama_rules):
    held = held_of(short)
    assert chosen_cycle(aama_rules, held, "current", DAY_30) == held.cycle_at(aama_rules, 0)
    with pytest.raises(Invalid, match="AAMA:CMA has no cycle before 2023-01-15"):
        chosen_cycle(aama_rules, held, "previous", DAY_30)
    assert chosen_cycle(aama_rules, held, "previous", DAY_91) == held.cycle_at(aama_rules, 0)


@pytest.mark.parametrize("today", [DAY_1, DAY_90], ids=["day-1", "day-90"])
def test_during_grace_the_roster_shows_the_cycle_the_overview_judges(short, aama_rules, today):
    [row] = roster(aama_rules, today)
    overview = read_snapshot(aama_rules, short, today).progress_of("AAMA:CMA")
    assert (row.cycle, row.status, row.grace_until) == (overview.cycle, "grace", GRACE_UNTIL)


def test_past_its_grace_the_roster_shows_the_lapsed_cycle_and_the_overview_the_new_one(short, aama_rules):
    [row] = roster(aama_rules, DAY_91)
    assert (row.cycle.end, row.status) == (ENDED, "lapsed")
    assert read_snapshot(aama_rules, short, DAY_91).progress_of("AAMA:CMA").cycle.start == D(2028, 2, 1)


def test_met_during_its_grace_the_roster_shows_the_new_cycle(short, aama_rules):
    meet_cycle_0(aama_rules, short, DAY_30)
    [row] = roster(aama_rules, DAY_30)
    assert (row.cycle.start, row.status) == (D(2028, 2, 1), "behind")  # 30 days in, nothing yet


def test_a_credential_without_grace_reads_nothing_to_judge_its_cycle(rules, monkeypatch):
    def no_reads(*args):
        raise AssertionError("read the store")

    monkeypatch.setattr(store_progress, "credential_progress", no_reads)
    held = HeldInfo(1, 1, "RMA", D(2021, 3, 1), D(2021, 3, 1))  # cycle 0 ended 2024-02-29
    assert judged_cycle(rules, held, D(2024, 3, 1)) == held.cycle_at(rules, 1)
