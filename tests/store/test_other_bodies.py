"""Activities carrying what other bodies ask (content areas, approvals, minutes), stored and read back."""

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from amtrax_tui.store import activities, members
from amtrax_tui.store.history import changes_of
from amtrax_tui.store.models import Activity, ActivityArea, Allocation, Change
from amtrax_tui.store.records import Invalid

from .conftest import CMA_CERTIFIED
from .support import ACTOR, RMA_CERTIFIED, TODAY, draft

D = dt.date
AREAS = (("clinical", Decimal("1")), ("general", Decimal("0.5")))



@pytest.fixture
def cma_member(database, aama_rules):
    info = members.add_member("Ann Lee", "A100", ACTOR)
    members.add_credential(aama_rules, info.id, "RMA", RMA_CERTIFIED, None, TODAY, ACTOR)
    members.add_credential(aama_rules, info.id, "AAMA:CMA", CMA_CERTIFIED, None, TODAY, ACTOR)
    return info


def cma_draft(**changes):
    return draft(**({"areas": AREAS, "approved_by": ("AAMA",), "minutes": 90} | changes))


def record(rules, member, codes=("RMA", "AAMA:CMA"), **changes):
    return activities.record(rules, member.id, list(codes), cma_draft(**changes), TODAY, ACTOR)


def approved_by_credential(activity_id):
    query = Allocation.select(Allocation.credential, Allocation.approved).where(Allocation.activity == activity_id)
    return {a.credential.code: a.approved for a in query}


def counts():
    return tuple(model.select().count() for model in (Activity, ActivityArea, Allocation, Change))


def test_areas_approval_and_minutes_round_trip(aama_rules, cma_member):
    activity_id = record(aama_rules, cma_member)
    a = activities.get_activity(activity_id)
    assert (a.areas, a.approved_by, a.minutes) == (AREAS, ("AAMA",), 90)
    assert a.draft().areas == AREAS
    assert [found.areas for found in activities.list_activities(cma_member.id)] == [AREAS]
    assert approved_by_credential(activity_id) == {"RMA": False, "AAMA:CMA": True}
    after = changes_of("activity", activity_id)[0].after
    assert (after["areas"], after["approved_by"], after["minutes"]) == (
        [["clinical", "1"], ["general", "0.5"]], "AAMA", 90)


def test_an_amt_only_activity_reads_back_without_them_and_its_history_does_not_name_them(aama_rules, cma_member):
    activity_id = activities.record(aama_rules, cma_member.id, ["RMA"], draft(), TODAY, ACTOR)
    a = activities.get_activity(activity_id)
    assert (a.areas, a.approved_by, a.minutes) == ((), (), None)
    assert not {"areas", "approved_by", "minutes"} & set(changes_of("activity", activity_id)[0].after)
    assert approved_by_credential(activity_id) == {"RMA": False}


def test_an_edit_replaces_the_areas_and_the_approval(aama_rules, cma_member):
    activity_id = record(aama_rules, cma_member)
    activities.edit(aama_rules, activity_id, ["RMA", "AAMA:CMA"],
                    dataclasses.replace(cma_draft(), areas=(("administrative", Decimal("1.5")),),
                                        approved_by=(), minutes=60),
                    TODAY, ACTOR)
    a = activities.get_activity(activity_id)
    assert (a.areas, a.approved_by, a.minutes) == ((("administrative", Decimal("1.5")),), (), 60)
    assert ActivityArea.select().count() == 1
    assert approved_by_credential(activity_id) == {"RMA": False, "AAMA:CMA": False}
    update = changes_of("activity", activity_id)[-1]
    assert (update.before["areas"], update.after["areas"]) == (
        [["clinical", "1"], ["general", "0.5"]], [["administrative", "1.5"]])
    assert (update.before["minutes"], update.after["minutes"]) == (90, 60)
    assert "approved_by" in update.before and "approved_by" not in update.after


def test_an_edit_refused_for_a_missing_minute_count_fails_as_the_rule_says(aama_rules, cma_member):
    activity_id = record(aama_rules, cma_member)
    with pytest.raises(Invalid) as caught:
        activities.edit(aama_rules, activity_id, ["AAMA:CMA"], cma_draft(minutes=None), TODAY, ACTOR)
    assert [e.field for e in caught.value.errors] == ["minutes"]
    assert activities.get_activity(activity_id).minutes == 90


def test_delete_and_restore_keep_them(aama_rules, cma_member):
    activity_id = record(aama_rules, cma_member)
    activities.delete(activity_id, ACTOR)
    assert ActivityArea.select().count() == 0
    activities.restore(activity_id, ACTOR)
    a = activities.get_activity(activity_id)
    assert (a.areas, a.approved_by, a.minutes) == (AREAS, ("AAMA",), 90)
    assert approved_by_credential(activity_id) == {"RMA": False, "AAMA:CMA": True}


def test_areas_not_adding_up_save_nothing(aama_rules, cma_member):
    before = counts()
    with pytest.raises(Invalid) as caught:
        record(aama_rules, cma_member, areas=(("clinical", Decimal("1")),))
    assert [e.field for e in caught.value.errors] == ["areas"]
    assert "must add up to the activity's 1.5 (now 1)" in caught.value.errors[0].message
    assert counts() == before


def test_a_write_failing_after_the_activity_row_saves_nothing(aama_rules, cma_member):
    before = counts()
    with pytest.raises(Exception):  # noqa: B017 - the database refuses a second row for one area
        record(aama_rules, cma_member, areas=(("clinical", Decimal("1")), ("clinical", Decimal("0.5"))))
    assert counts() == before


def test_a_typed_code_is_stored_as_the_rules_name_it(aama_rules, database):
    info = members.add_member("Bo Park", "B200", ACTOR)
    assert members.add_credential(aama_rules, info.id, "mt", RMA_CERTIFIED, None, TODAY, ACTOR).code == "MLS"
    assert members.add_credential(aama_rules, info.id, " aama:cma", CMA_CERTIFIED, None, TODAY, ACTOR).code == "AAMA:CMA"
    assert members.add_credential(aama_rules, info.id, "AMT:rma", RMA_CERTIFIED, None, TODAY, ACTOR).code == "RMA"
    assert [h.code for h in members.list_credentials(info.id)] == ["AAMA:CMA", "MLS", "RMA"]


def test_a_code_of_another_body_without_its_body_is_refused_with_the_code_to_use(aama_rules, database):
    info = members.add_member("Bo Park", "B200", ACTOR)
    with pytest.raises(Invalid) as caught:
        members.add_credential(aama_rules, info.id, "cma", CMA_CERTIFIED, None, TODAY, ACTOR)
    assert [(e.field, e.message) for e in caught.value.errors] == [
        ("credential", "'CMA' is not a credential; did you mean AAMA:CMA?")]
    assert members.list_credentials(info.id) == []


def test_codes_of_a_record_are_read_as_the_rules_name_them(aama_rules, cma_member):
    activity_id = record(aama_rules, cma_member, codes=("amt:rma", "aama:cma"))
    assert activities.get_activity(activity_id).credentials == ("AAMA:CMA", "RMA")


def test_a_transcripts_activities_carry_their_areas(aama_rules, cma_member):
    record(aama_rules, cma_member)
    activities.record(aama_rules, cma_member.id, ["RMA"], draft(title="AMT only"), TODAY, ACTOR)
    [held] = [h for h in members.list_credentials(cma_member.id) if h.code == "RMA"]
    found = activities.cycle_activities(cma_member.id, "RMA", held.cycle_on(aama_rules, TODAY))
    assert [(a.title, a.areas, a.approved_by, a.minutes) for a in found] == [
        ("Infection control update", AREAS, ("AAMA",), 90), ("AMT only", (), (), None)]
