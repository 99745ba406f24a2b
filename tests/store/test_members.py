"""Members and the credentials they hold."""

import datetime as dt

import pytest

from amtrax_tui.store import members
from amtrax_tui.store.history import changes_of
from amtrax_tui.store.models import Change, HeldCredential, Member
from amtrax_tui.store.records import Invalid

from .support import ACTOR, TODAY

D = dt.date


def counts():
    return Member.select().count(), HeldCredential.select().count(), Change.select().count()


def refused(call) -> list[tuple[str, str]]:
    before = counts()
    with pytest.raises(Invalid) as caught:
        call()
    assert counts() == before, "a refused write must write nothing"
    return [(e.field, e.message) for e in caught.value.errors]


def test_add_find_and_list_members(database):
    added = members.add_member("  Ann   Lee ", " A100 ", ACTOR)
    members.add_member("Bob Diaz", "B-200", ACTOR)
    assert (added.name, added.amt_id) == ("Ann Lee", "A100")
    assert members.find_member("A100") == added
    assert [m.amt_id for m in members.list_members()] == ["A100", "B-200"]
    assert [m.amt_id for m in members.list_members("diaz")] == ["B-200"]
    assert changes_of("member", added.id)[0].after == {"name": "Ann Lee", "amt_id": "A100"}


@pytest.mark.parametrize("name, amt_id, error", [
    ("", "A1", ("name", "is required")),
    ("x" * 201, "A1", ("name", "at most 200 characters")),
    ("Ann\x00Lee", "A1", ("name", "must be a single line of printable text")),
    ("Ann", "", ("amt-id", "must be 1 to 32 letters, digits or dashes")),
    ("Ann", "A 1", ("amt-id", "must be 1 to 32 letters, digits or dashes")),
    ("Ann", "A" * 33, ("amt-id", "must be 1 to 32 letters, digits or dashes")),
])
def test_bad_member_details_are_refused(database, name, amt_id, error):
    assert refused(lambda: members.add_member(name, amt_id, ACTOR)) == [error]


def test_an_amt_id_belongs_to_one_member(database):
    members.add_member("Ann Lee", "A100", ACTOR)
    assert refused(lambda: members.add_member("Someone Else", "A100", ACTOR)) == [
        ("amt-id", "A100 already belongs to another member")]


def test_an_unknown_member_is_refused(database):
    with pytest.raises(Invalid, match="no member has AMT ID 'Z9'"):
        members.find_member("Z9")


def test_add_credential_anchors_on_certification_or_the_cycle_start(database, rules):
    ann = members.add_member("Ann Lee", "A100", ACTOR)
    rma = members.add_credential(rules, ann.id, " rma ", D(2015, 5, 1), None, TODAY, ACTOR)
    mlt = members.add_credential(rules, ann.id, "MLT", D(2010, 5, 1), D(2022, 3, 1), TODAY, ACTOR)
    assert (rma.code, rma.certified_on, rma.anchor) == ("RMA", D(2015, 5, 1), D(2015, 5, 1))
    assert (mlt.certified_on, mlt.anchor) == (D(2010, 5, 1), D(2022, 3, 1))
    assert [h.code for h in members.list_credentials(ann.id)] == ["MLT", "RMA"]


@pytest.mark.parametrize("code, certified_on, cycle_start, error", [
    ("XYZ", D(2020, 1, 1), None, "credential"),
    ("RMA", TODAY + dt.timedelta(days=1), None, "certified-on"),
    ("RMA", D(2020, 1, 1), D(2019, 12, 31), "cycle-start"),
    ("RMA", D(2020, 1, 1), TODAY + dt.timedelta(days=1), "cycle-start"),
])
def test_bad_credentials_are_refused(database, rules, code, certified_on, cycle_start, error):
    ann = members.add_member("Ann Lee", "A100", ACTOR)
    found = refused(lambda: members.add_credential(rules, ann.id, code, certified_on, cycle_start, TODAY, ACTOR))
    assert [field for field, _ in found] == [error]


def test_a_member_holds_a_credential_once(database, rules):
    ann = members.add_member("Ann Lee", "A100", ACTOR)
    members.add_credential(rules, ann.id, "RMA", D(2020, 1, 1), None, TODAY, ACTOR)
    assert refused(lambda: members.add_credential(rules, ann.id, "RMA", D(2021, 1, 1), None, TODAY, ACTOR)) == [
        ("credential", "the member already holds RMA")]
