"""Recording, editing, deleting and restoring activities, with their history."""

import datetime as dt
import hashlib
from decimal import Decimal

import pytest

from amtrax_tui.ccp import Cycle
from amtrax_tui.store import activities
from amtrax_tui.store.history import changes_of, latest_change_id
from amtrax_tui.store.models import Activity, Allocation, Change
from amtrax_tui.store.records import Duplicate, Invalid

from .support import ACTOR, TODAY, draft

D = dt.date


def counts():
    return Activity.select().count(), Allocation.select().count(), Change.select().count()


def record(rules, member, codes=("RMA",), allow_duplicate=False, **changes):
    return activities.record(rules, member.id, list(codes), draft(**changes), TODAY, ACTOR, allow_duplicate)


def test_record_stores_every_field(rules, member, tmp_path):
    activity_id = record(rules, member, title="  Infection control update ", notes="Room 4",
                         evidence="CERT-1234")
    a = activities.get_activity(activity_id)
    assert (a.category, a.title, a.provider, a.points) == (
        "professional-education", "Infection control update", "County Hospital", Decimal("1.5"))
    assert (a.start, a.end, a.notes, a.evidence, a.evidence_sha256) == (
        D(2024, 5, 1), D(2024, 5, 2), "Room 4", "CERT-1234", None)
    assert a.credentials == ("RMA",)
    assert a.attested_at == a.created_at == a.updated_at


def test_record_counts_one_activity_toward_several_credentials(rules, member):
    activity_id = record(rules, member, codes=("rma", "MLT"))
    assert activities.get_activity(activity_id).credentials == ("MLT", "RMA")
    assert counts()[:2] == (1, 2)
    assert [a.id for a in activities.list_activities(member.id, "MLT")] == [activity_id]


def test_points_keep_their_decimals(rules, member):
    first = record(rules, member, points=Decimal("0.1"), title="a")
    second = record(rules, member, points=Decimal("0.2"), title="b")
    assert activities.get_activity(first).points + activities.get_activity(second).points == Decimal("0.3")
    assert activities.get_activity(record(rules, member, points=Decimal("999.99"), title="c")).points == Decimal("999.99")


def test_evidence_file_is_stored_with_its_sha256(rules, member, tmp_path):
    proof = tmp_path / "certificate.pdf"
    proof.write_bytes(b"%PDF certificate")
    a = activities.get_activity(record(rules, member, evidence=str(proof)))
    assert a.evidence == str(proof.resolve())
    assert a.evidence_sha256 == hashlib.sha256(b"%PDF certificate").hexdigest()


def test_missing_evidence_file_is_refused_and_nothing_written(rules, member, tmp_path):
    before = counts()
    with pytest.raises(Invalid) as caught:
        record(rules, member, evidence=str(tmp_path / "nope.pdf"))
    assert [e.field for e in caught.value.errors] == ["evidence"]
    assert counts() == before


def test_a_refused_activity_names_every_broken_rule_and_writes_nothing(rules, member):
    before = counts()
    with pytest.raises(Invalid) as caught:
        record(rules, member, codes=("RMA", "RPT"), points=Decimal("0"), attested=False)
    fields = [e.field for e in caught.value.errors]
    assert fields == ["credential", "points", "attestation"]
    assert "does not hold RPT" in caught.value.errors[0].message
    assert counts() == before


def test_dates_outside_any_allocated_cycle_are_refused(rules, member):
    # Inside RMA's cycle, but before MLT's started on 2023-09-01.
    with pytest.raises(Invalid) as caught:
        record(rules, member, codes=("RMA", "MLT"), start=D(2023, 8, 31), end=D(2023, 9, 1))
    assert [str(e) for e in caught.value.errors] == [
        "start: must fall inside the current MLT cycle 2023-09-01 to 2026-08-31"]
    assert record(rules, member, codes=("RMA",), start=D(2023, 8, 31), end=D(2023, 9, 1))


def test_text_postgresql_would_reject_is_refused_first(rules, member):
    with pytest.raises(Invalid) as caught:
        record(rules, member, provider="nul\x00byte")
    assert caught.value.errors[0].field == "provider"


def test_a_title_that_grows_when_case_folded_is_stored(rules, member):
    title = "ß" * 200  # its duplicate key is 400 characters
    assert activities.get_activity(record(rules, member, title=title)).title == title
    with pytest.raises(Duplicate):
        record(rules, member, title="ẞ" * 200)  # capital sharp s folds the same


@pytest.mark.parametrize("title", ["infection control update", "  INFECTION   Control\tUpdate "])
def test_a_likely_duplicate_is_refused_unless_confirmed(rules, member, title):
    first = record(rules, member)
    before = counts()
    with pytest.raises(Duplicate) as caught:
        record(rules, member, title=title.replace("\t", " "))
    assert caught.value.existing_id == first
    assert caught.value.errors[0].field == "title" and "duplicate of activity" in str(caught.value)
    assert counts() == before
    assert record(rules, member, title=title.replace("\t", " "), allow_duplicate=True) != first


@pytest.mark.parametrize("changes", [
    {"start": D(2024, 4, 30)}, {"category": "authorship"}, {"title": "Infection control update 2"},
])
def test_a_different_start_category_or_title_is_not_a_duplicate(rules, member, changes):
    record(rules, member)
    record(rules, member, **changes)


def test_the_same_activity_for_another_credential_is_not_a_duplicate(rules, member):
    record(rules, member, codes=("RMA",))
    record(rules, member, codes=("MLT",))
    with pytest.raises(Duplicate):
        record(rules, member, codes=("MLT",))


def test_edit_replaces_the_values_and_keeps_before_and_after(rules, member):
    activity_id = record(rules, member)
    activities.edit(rules, activity_id, ["RMA", "MLT"], draft(points=Decimal("2.25"), title="Renamed"), TODAY, "editor")
    a = activities.get_activity(activity_id)
    assert (a.title, a.points, a.credentials) == ("Renamed", Decimal("2.25"), ("MLT", "RMA"))
    create, update = changes_of("activity", activity_id)
    assert (create.action, create.before, update.action, update.actor) == ("create", None, "update", "editor")
    assert create.after["title"] == update.before["title"] == "Infection control update"
    assert (update.before["points"], update.after["points"]) == ("1.5", "2.25")
    assert (update.before["credentials"], update.after["credentials"]) == (["RMA"], ["MLT", "RMA"])


def test_edit_keeping_its_own_title_is_not_a_duplicate_of_itself(rules, member):
    activity_id = record(rules, member)
    activities.edit(rules, activity_id, ["RMA"], draft(notes="added notes"), TODAY, ACTOR)
    assert activities.get_activity(activity_id).notes == "added notes"


def test_a_refused_edit_changes_nothing(rules, member):
    activity_id = record(rules, member)
    before, original = counts(), activities.get_activity(activity_id)
    with pytest.raises(Invalid):
        activities.edit(rules, activity_id, ["RMA"], draft(points=Decimal("-1")), TODAY, ACTOR)
    assert counts() == before and activities.get_activity(activity_id) == original


def test_delete_then_restore_brings_back_the_same_activity(rules, member):
    activity_id = record(rules, member, codes=("RMA", "MLT"), notes="keep me")
    original = activities.get_activity(activity_id)
    deleted = activities.delete(activity_id, "deleter")
    assert deleted == original
    assert activities.list_activities(member.id) == [] and counts()[:2] == (0, 0)
    assert activities.restore(activity_id, "restorer") == activity_id
    assert activities.get_activity(activity_id) == original
    actions = [(c.action, c.actor) for c in changes_of("activity", activity_id)]
    assert actions == [("create", ACTOR), ("delete", "deleter"), ("restore", "restorer")]
    assert changes_of("activity", activity_id)[1].before["notes"] == "keep me"


def test_a_deleted_id_is_never_given_to_a_new_activity(rules, member):
    first = record(rules, member)
    activities.delete(first, ACTOR)
    second = record(rules, member, title="Another course")
    assert second != first
    assert activities.restore(first, ACTOR) == first


def test_restore_refuses_what_is_not_deleted(rules, member):
    activity_id = record(rules, member)
    with pytest.raises(Invalid, match="is not deleted"):
        activities.restore(activity_id, ACTOR)
    with pytest.raises(Invalid, match="never deleted"):
        activities.restore(activity_id + 100, ACTOR)


def test_get_edit_and_delete_of_a_missing_activity_are_refused(rules, member):
    for call in (lambda: activities.get_activity(999), lambda: activities.delete(999, ACTOR),
                 lambda: activities.edit(rules, 999, ["RMA"], draft(), TODAY, ACTOR)):
        with pytest.raises(Invalid, match="no activity has id 999"):
            call()


def test_list_filters_orders_and_pages(rules, member):
    old = record(rules, member, title="Old course", start=D(2022, 4, 1), end=D(2022, 4, 1))
    mlt = record(rules, member, codes=("MLT",), title="Lab safety", start=D(2024, 1, 5), end=D(2024, 1, 6))
    new = record(rules, member, codes=("RMA", "MLT"), title="Phlebotomy refresher", provider="AMT")
    assert [a.id for a in activities.list_activities(member.id)] == [old, mlt, new]
    assert [a.id for a in activities.list_activities(member.id, newest_first=True)] == [new, mlt, old]
    assert [a.id for a in activities.list_activities(member.id, "RMA")] == [old, new]
    assert [a.id for a in activities.list_activities(member.id, search="amt")] == [new]
    assert [a.id for a in activities.list_activities(member.id, limit=1, offset=1)] == [mlt]
    assert activities.count_activities(member.id, "MLT") == 2
    assert activities.count_activities(member.id, search="course") == 1


def test_a_count_for_a_credential_and_cycle_matches_its_list(rules, member):
    record(rules, member, title="Old course", start=D(2022, 4, 1), end=D(2022, 4, 1))
    record(rules, member, codes=("MLT",), title="Lab safety", start=D(2024, 1, 5), end=D(2024, 1, 6))
    record(rules, member, codes=("RMA", "MLT"), title="Phlebotomy refresher", provider="AMT")
    early, late = Cycle(0, D(2022, 1, 1), D(2023, 12, 31)), Cycle(1, D(2024, 1, 1), D(2026, 12, 31))
    for code in ("RMA", "MLT", "RPT", None):
        for cycle in (early, late, None):
            for search in ("", "course"):
                listed = activities.list_activities(member.id, code, cycle, search)
                assert activities.count_activities(member.id, code, cycle, search) == len(listed), (code, cycle, search)


def test_listed_activities_hold_the_values_and_types_the_model_reads(rules, member, tmp_path):
    # Lists convert the driver's raw values themselves; they must match Peewee's fields on every backend.
    proof = tmp_path / "certificate.pdf"
    proof.write_bytes(b"%PDF certificate")
    record(rules, member, codes=("RMA", "MLT"), points=Decimal("2.25"), notes="Room 4", evidence=str(proof))
    record(rules, member, title="Second", start=D(2024, 2, 1), end=D(2024, 2, 1))
    fields = {"id": "id", "member_id": "member_id", "category": "category", "title": "title",
              "provider": "provider", "points": "points", "start": "start_date", "end": "end_date",
              "notes": "notes", "evidence": "evidence", "evidence_sha256": "evidence_sha256",
              "attested_at": "attested_at", "created_at": "created_at", "updated_at": "updated_at",
              "entered_by": "entered_by"}
    listed = activities.list_activities(member.id)
    assert len(listed) == 2
    for info in listed:
        model = Activity.get_by_id(info.id)
        for name, column in fields.items():
            value, expected = getattr(info, name), getattr(model, column)
            assert (value, type(value)) == (expected, type(expected)), name


def test_latest_change_id_grows_with_every_write(rules, member):
    before = latest_change_id()
    record(rules, member)
    assert latest_change_id() > before
