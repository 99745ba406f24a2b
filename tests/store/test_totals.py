"""Monthly totals give exactly the progress that summing every activity gives."""

import dataclasses
import datetime as dt
import random
import sqlite3
from decimal import Decimal

import pytest
from peewee import fn

from amtrax_tui.ccp import Draft, compute_progress, load_rules
from amtrax_tui.store import activities, members, progress, totals
from amtrax_tui.store.db import open_database
from amtrax_tui.store.models import Allocation, MonthTotal

RULES = load_rules()
TODAY = dt.date.today()


def _direct(held, cycle, as_of):
    """Progress from every allocation summed day by day: the slow, obvious way."""
    daily = (Allocation.select(Allocation.end_date, Allocation.category, fn.SUM(Allocation.points).coerce())
             .where((Allocation.credential == held.id) & Allocation.end_date.between(cycle.start, min(cycle.end, as_of)))
             .group_by(Allocation.end_date, Allocation.category).tuples())
    return compute_progress(RULES, RULES.credentials[held.code], cycle, held.certified_on, list(daily), as_of)


def _summary(p):
    return p.earned, p.by_category, p.status, p.date_met, p.projected_completion


@pytest.fixture
def busy_member(tmp_path):
    """A member with two credentials (one anchored on 29 February) and a few hundred
    activities, some edited (moved across months), deleted and restored."""
    open_database(str(tmp_path / "t.db"))
    rng = random.Random(11)
    member = members.add_member("Dana Reyes", "555", "test")
    rma_anchor = TODAY - dt.timedelta(days=700)
    members.add_credential(RULES, member.id, "RMA", rma_anchor, None, TODAY, "test")
    members.add_credential(RULES, member.id, "RPT", dt.date(2024, 2, 29), None, TODAY, "test")
    rpt_start = progress.cycle_containing(RULES, members.list_credentials(member.id)[1], TODAY).start
    ids = []
    for i in range(240):
        day = rma_anchor + dt.timedelta(days=rng.randrange((TODAY - rma_anchor).days + 1))
        codes = ["RMA", "RPT"] if day >= rpt_start and rng.random() < 0.5 else ["RMA"]
        draft = Draft(rng.choice(["authorship", "formal-education", "professional-education"]), f"course {i}",
                      Decimal(rng.randrange(1, 400)) / 100, day, day, attested=True)
        ids.append(activities.record(RULES, member.id, codes, draft, TODAY, "test"))
    for activity_id in ids[:30]:
        activities.delete(activity_id, "test")
    for activity_id in ids[30:60]:
        found = activities.get_activity(activity_id)
        moved = max(rma_anchor, found.end - dt.timedelta(days=rng.randrange(0, 60)))
        if "RPT" in found.credentials:
            moved = max(moved, rpt_start)
        activities.edit(RULES, activity_id, list(found.credentials),
                        dataclasses.replace(found.draft(), start=moved, end=moved, points=Decimal("0.75")), TODAY, "test")
    for activity_id in ids[:10]:
        activities.restore(activity_id, "test")
    return member


def test_totals_match_summing_every_activity_on_every_day(busy_member):
    for held in members.list_credentials(busy_member.id):
        day = held.anchor
        while day <= TODAY:
            cycle = progress.cycle_containing(RULES, held, day)
            assert _summary(progress.credential_progress(RULES, held, cycle, day)) == _summary(_direct(held, cycle, day)), day
            day += dt.timedelta(days=3)


def test_each_month_total_is_the_sum_of_its_allocations(busy_member):
    for held in members.list_credentials(busy_member.id):
        for k, category, points in (MonthTotal.select(MonthTotal.month, MonthTotal.category, MonthTotal.points)
                                    .where(MonthTotal.credential == held.id).tuples()):
            start, end = totals.month_start(held.anchor, k), totals.month_end(held.anchor, k)
            expected = (Allocation.select(fn.SUM(Allocation.points).coerce())
                        .where((Allocation.credential == held.id) & (Allocation.category == category)
                               & Allocation.end_date.between(start, end)).scalar())
            assert points == expected


def test_cycle_months_tile_a_29_february_cycle():
    anchor = dt.date(2024, 2, 29)
    starts = [totals.month_start(anchor, k) for k in range(37)]
    assert starts[12] == dt.date(2025, 2, 28) and starts[48 - 12] == dt.date(2027, 2, 28)
    for k in range(36):
        assert totals.month_end(anchor, k) + dt.timedelta(days=1) == starts[k + 1]
        assert totals.month_index(anchor, starts[k]) == k
        assert totals.month_index(anchor, totals.month_end(anchor, k)) == k


def test_upgrading_a_database_fills_the_totals_from_existing_activities(tmp_path):
    path = tmp_path / "old.db"
    open_database(str(path))
    member = members.add_member("Lee Park", "777", "test")
    members.add_credential(RULES, member.id, "RMA", TODAY - dt.timedelta(days=400), None, TODAY, "test")
    days = [TODAY - dt.timedelta(days=n) for n in (3, 40, 41, 200)]
    for i, day in enumerate(days):
        activities.record(RULES, member.id, ["RMA"], Draft("authorship", f"paper {i}", Decimal("2.5"), day, day,
                                                          attested=True), TODAY, "test")
    held = members.list_credentials(member.id)[0]
    before = progress.credential_progress(RULES, held, progress.cycle_containing(RULES, held, TODAY), TODAY)
    # Go back to the schema before the totals existed, as an older app left it.
    with sqlite3.connect(path) as raw:
        raw.execute("DROP TABLE month_total")
        raw.execute("DELETE FROM schema_migration WHERE name = '0003_month_totals'")
    open_database(str(path))
    after = progress.credential_progress(RULES, held, progress.cycle_containing(RULES, held, TODAY), TODAY)
    assert after.earned == before.earned == Decimal("10")
    assert MonthTotal.select().count() == len({totals.month_index(held.anchor, day) for day in days})
