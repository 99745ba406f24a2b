"""The AMTrax hand-off in the store: the date each activity was entered in AMTrax,
set and cleared through the history, and what is still to enter."""

import dataclasses
import datetime as dt
import random
from decimal import Decimal

import peewee
import pytest
from playhouse.migrations import Runner

from amtrax_tui.store import activities, backlog, members
from amtrax_tui.store.db import HISTORY_TABLE, MIGRATIONS, open_database
from amtrax_tui.store.history import changes_of
from amtrax_tui.store.models import Activity, Change
from amtrax_tui.store.records import Invalid

from .support import ACTOR, TODAY, counted_by_day, draft, kept_by_day

D = dt.date
MAY_2 = D(2024, 5, 2)


def record(rules, member, title, points="1.5", day=MAY_2):
    return activities.record(rules, member.id, ["RMA"], draft(title=title, points=Decimal(points), start=day, end=day),
                             TODAY, ACTOR)


def entered_dates(activity_id):
    return [(c.action, (c.after or {}).get("entered_in_amtrax")) for c in changes_of("activity", activity_id)]


def test_a_new_activity_is_not_yet_in_amtrax(rules, member):
    a = activities.get_activity(record(rules, member, "Infection control"))
    assert a.entered_in_amtrax is None


def test_marking_sets_the_date_clearing_removes_it_and_the_history_keeps_each_change(rules, member):
    first = record(rules, member, "Infection control")
    assert activities.mark_entered(first, TODAY, TODAY, "member:A100").entered_in_amtrax == TODAY
    assert activities.mark_entered(first, D(2024, 5, 3), TODAY, "staff:Jo").entered_in_amtrax == D(2024, 5, 3)
    assert activities.mark_entered(first, None, TODAY, ACTOR).entered_in_amtrax is None
    assert entered_dates(first) == [("create", None), ("update", "2024-06-15"), ("update", "2024-05-03"),
                                    ("update", None)]
    assert [c.actor for c in changes_of("activity", first)] == [ACTOR, "member:A100", "staff:Jo", ACTOR]
    before = changes_of("activity", first)[2].before
    assert before["entered_in_amtrax"] == "2024-06-15" and before["title"] == "Infection control"


def test_marking_with_the_date_it_already_has_writes_nothing(rules, member):
    first = record(rules, member, "Infection control")
    activities.mark_entered(first, TODAY, TODAY, ACTOR)
    changes = Change.select().count()
    activities.mark_entered(first, TODAY, TODAY, ACTOR)
    activities.mark_entered(record(rules, member, "Other"), None, TODAY, ACTOR)  # not entered: nothing to clear
    assert Change.select().count() == changes + 1  # only the second recording


def test_marking_leaves_the_activity_itself_as_it_was(rules, member):
    first = record(rules, member, "Infection control")
    before = activities.get_activity(first)
    after = activities.mark_entered(first, TODAY, TODAY, ACTOR)
    assert after == dataclasses.replace(before, entered_in_amtrax=TODAY)


@pytest.mark.parametrize("on, message", [
    (TODAY + dt.timedelta(days=1), "on: must not be after today (2024-06-15)"),
    (D(2024, 5, 1), "on: must not be before the activity ends (2024-05-02)"),
])
def test_a_date_after_today_or_before_the_activity_ends_is_refused_and_nothing_written(rules, member, on, message):
    first = record(rules, member, "Infection control")
    changes = Change.select().count()
    with pytest.raises(Invalid) as caught:
        activities.mark_entered(first, on, TODAY, ACTOR)
    assert str(caught.value) == message
    assert activities.get_activity(first).entered_in_amtrax is None
    assert Change.select().count() == changes


def test_an_unknown_activity_is_refused(rules, member):
    with pytest.raises(Invalid, match="activity: no activity has id 999"):
        activities.mark_entered(999, TODAY, TODAY, ACTOR)


def test_what_is_not_yet_in_amtrax_is_listed_oldest_first_and_counted_in_sql(rules, member):
    late = record(rules, member, "Late", points="2.25", day=D(2024, 6, 1))
    early = record(rules, member, "Early", points="1.5", day=D(2024, 4, 1))
    done = record(rules, member, "Done", points="10", day=D(2024, 5, 1))
    activities.mark_entered(done, TODAY, TODAY, ACTOR)
    assert [a.id for a in activities.not_in_amtrax(member.id)] == [early, late]
    assert activities.not_in_amtrax(member.id, "MLT") == []
    assert backlog.not_in_amtrax_totals(member.id) == (2, Decimal("3.75"))
    activities.mark_entered(early, TODAY, TODAY, ACTOR)
    assert backlog.not_in_amtrax_totals(member.id) == (1, Decimal("2.25"))


def test_nothing_recorded_counts_nothing(rules, member):
    assert backlog.not_in_amtrax_totals(member.id) == (0, Decimal(0))


def test_an_edit_keeps_the_date_and_a_restored_activity_gets_it_back(rules, member):
    first = record(rules, member, "Infection control")
    activities.mark_entered(first, TODAY, TODAY, ACTOR)
    activities.edit(rules, first, ["RMA"], draft(title="Infection control, renamed"), TODAY, ACTOR)
    assert activities.get_activity(first).entered_in_amtrax == TODAY
    activities.delete(first, ACTOR)
    activities.restore(first, ACTOR)
    assert activities.get_activity(first).entered_in_amtrax == TODAY


def test_an_older_database_gains_the_columns_empty(tmp_path):
    path = tmp_path / "old.db"
    old = peewee.SqliteDatabase(str(path))
    Runner(old, directory=str(MIGRATIONS), table_name=HISTORY_TABLE).up(target="0003_month_totals")
    old.execute_sql("INSERT INTO member (id, name, amt_id, created_at) VALUES (1, 'Ann', '100', '2024-01-01')")
    old.execute_sql(
        "INSERT INTO activity (id, member_id, category, title, title_key, provider, points, start_date,"
        " end_date, notes, evidence, evidence_sha256, attested_at, created_at, updated_at, entered_by) VALUES"
        " (1, 1, 'professional-education', 't', 't', '', 10000, '2024-01-02', '2024-01-02', '', '/x.pdf', NULL,"
        " '2024-01-02', '2024-01-02', '2024-01-02', 'cli:ann')")
    old.close()

    open_database(str(path))
    [a] = activities.list_activities(1)
    assert (a.entered_in_amtrax, a.evidence_elsewhere) == (None, False)
    assert Activity.get_by_id(1).entered_in_amtrax is None
    assert backlog.not_in_amtrax_totals(1) == (1, Decimal(1))


def test_a_row_another_program_writes_without_the_new_columns_is_an_ordinary_one(database, member):
    p = database.param
    database.execute_sql(
        "INSERT INTO activity (member_id, category, title, title_key, provider, points, start_date, end_date,"
        " notes, evidence, attested_at, created_at, updated_at, entered_by) VALUES"
        f" ({p}, 'professional-education', 't', 't', '', 10000, '2024-05-02', '2024-05-02', '', '/x.pdf',"
        " '2024-05-02 09:00:00', '2024-05-02 09:00:00', '2024-05-02 09:00:00', 'other')", (member.id,))
    [a] = activities.list_activities(member.id)
    assert (a.entered_in_amtrax, a.evidence_elsewhere) == (None, False)


def test_only_activities_counted_toward_an_amt_credential_are_for_amtrax(member):
    from amtrax_tui.ccp import load_rules
    from amtrax_tui.store import members

    rules = load_rules(bodies=["AAMA"])
    members.add_credential(rules, member.id, "AAMA:CMA", D(2023, 1, 15), None, TODAY, ACTOR)
    cma_only = draft(title="Clinical update", points=Decimal(2), start=MAY_2, end=MAY_2)
    cma_only = dataclasses.replace(cma_only, areas=(("clinical", Decimal(2)),), minutes=120)
    theirs = activities.record(rules, member.id, ["AAMA:CMA"], cma_only, TODAY, ACTOR)
    both = activities.record(rules, member.id, ["RMA", "AAMA:CMA"], dataclasses.replace(cma_only, title="Both"),
                             TODAY, ACTOR)
    assert [a.id for a in activities.not_in_amtrax(member.id)] == [both]
    assert backlog.not_in_amtrax_totals(member.id) == (1, Decimal(2))
    with pytest.raises(Invalid, match="activity: counts toward no AMT credential"):
        activities.mark_entered(theirs, TODAY, TODAY, ACTOR)
    activities.mark_entered(both, TODAY, TODAY, ACTOR)
    assert [a.id for a in activities.not_in_amtrax(member.id, entered_too=True)] == [both]
    assert backlog.not_in_amtrax_totals(member.id) == (0, Decimal(0))


def assert_kept_sums_are_fresh(member_id):
    expected = counted_by_day(member_id)
    assert kept_by_day(member_id) == expected
    assert backlog.not_in_amtrax_totals(member_id) == (
        sum(c for c, _ in expected.values()), sum((p for _, p in expected.values()), Decimal(0)))


def test_what_is_left_to_enter_is_kept_fresh_by_every_kind_of_write(aama_rules, member):
    rng = random.Random(3)
    days = [D(2023, 9, 1) + dt.timedelta(days=n) for n in range(0, (TODAY - D(2023, 9, 1)).days, 7)]
    ids, deleted, done = [], [], set()
    for step in range(90):
        if step == 45:  # from here AMTrax records only what counts toward RMA or MLT
            members.add_credential(aama_rules, member.id, "AAMA:CMA", D(2023, 1, 15), None, TODAY, ACTOR)
        kind = rng.choice(["record", "record", "edit", "delete", "restore", "enter", "clear"])
        if kind == "record" or not ids:
            day = rng.choice(days)
            codes = rng.choice([["RMA"], ["MLT"], ["RMA", "MLT"]] + [["AAMA:CMA"], ["RMA", "AAMA:CMA"]] * (step >= 45))
            new = draft(title=f"course {step}", points=Decimal(rng.randrange(25, 400)) / 100, start=day, end=day)
            if "AAMA:CMA" in codes:
                new = dataclasses.replace(new, areas=(("clinical", new.points),), minutes=120)
            ids.append(activities.record(aama_rules, member.id, codes, new, TODAY, ACTOR))
            done.add("record" if "RMA" in codes or "MLT" in codes else "record for AAMA alone")
        elif kind == "edit":
            found = activities.get_activity(rng.choice(ids))
            day = rng.choice(days)
            moved = dataclasses.replace(found.draft(), start=day, end=day, points=found.points + Decimal("0.25"))
            if found.areas:
                moved = dataclasses.replace(moved, areas=((found.areas[0][0], moved.points),))
            activities.edit(aama_rules, found.id, list(found.credentials), moved, TODAY, ACTOR)
            done.add(kind)
        elif kind == "delete":
            deleted.append(ids.pop(rng.randrange(len(ids))))
            activities.delete(deleted[-1], ACTOR)
            done.add(kind)
        elif kind == "restore" and deleted:
            ids.append(activities.restore(deleted.pop(), ACTOR))
            done.add(kind)
        elif kind in ("enter", "clear"):
            found = activities.get_activity(rng.choice(ids))
            if any(":" not in c for c in found.credentials):
                activities.mark_entered(found.id, TODAY if kind == "enter" else None, TODAY, ACTOR)
                done.add(kind)
        assert_kept_sums_are_fresh(member.id)
    assert done == {"record", "record for AAMA alone", "edit", "delete", "restore", "enter", "clear"}
    assert kept_by_day(member.id), "some activity is left to enter"


def test_an_older_database_gets_what_is_left_to_enter_summed_from_its_activities(database_url, aama_rules):
    database = open_database(database_url)  # a database of its own: this test migrates it again
    ann = members.add_member("Ann Lee", "A100", ACTOR)
    members.add_credential(aama_rules, ann.id, "RMA", D(2023, 1, 15), None, TODAY, ACTOR)
    entered = record(aama_rules, ann, "Entered", points="4")
    record(aama_rules, ann, "Left", points="1.25")
    record(aama_rules, ann, "Left too", points="2", day=D(2024, 5, 9))
    activities.mark_entered(entered, TODAY, TODAY, ACTOR)
    bo = members.add_member("Bo Diaz", "A200", ACTOR)
    members.add_credential(aama_rules, bo.id, "RMA", D(2023, 1, 15), None, TODAY, ACTOR)
    members.add_credential(aama_rules, bo.id, "AAMA:CMA", D(2023, 1, 15), None, TODAY, ACTOR)
    cma = draft(title="Clinical update", points=Decimal(2), start=MAY_2, end=MAY_2, areas=(("clinical", Decimal(2)),),
                minutes=120)
    activities.record(aama_rules, bo.id, ["AAMA:CMA"], cma, TODAY, ACTOR)
    activities.record(aama_rules, bo.id, ["RMA", "AAMA:CMA"], dataclasses.replace(cma, title="Both"), TODAY, ACTOR)
    assert Runner(database, directory=str(MIGRATIONS), table_name=HISTORY_TABLE).down() == ["0010_backlog"]
    database.close()  # now as the version before kept the sums

    open_database(database_url)
    assert kept_by_day(ann.id) == counted_by_day(ann.id) == {MAY_2: (1, Decimal("1.25")), D(2024, 5, 9): (1, Decimal(2))}
    assert kept_by_day(bo.id) == counted_by_day(bo.id) == {MAY_2: (1, Decimal(2))}
