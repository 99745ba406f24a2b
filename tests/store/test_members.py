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


def test_a_member_may_have_an_email_address(database):
    ann = members.add_member("Ann Lee", "A100", ACTOR, email=" ann.lee@example.org ")
    bob = members.add_member("Bob Diaz", "B-200", ACTOR)
    assert (members.find_member("A100").email, members.find_member("B-200").email) == ("ann.lee@example.org", None)
    assert changes_of("member", ann.id)[0].after == {"name": "Ann Lee", "amt_id": "A100", "email": "ann.lee@example.org"}
    assert changes_of("member", bob.id)[0].after == {"name": "Bob Diaz", "amt_id": "B-200"}


def test_editing_a_member_changes_name_and_address_and_keeps_both_in_the_history(database):
    ann = members.add_member("Ann Lee", "A100", ACTOR)
    edited = members.edit_member("A100", "staff:Jo", email="ann@example.org")
    assert (edited.name, edited.email) == ("Ann Lee", "ann@example.org")
    members.edit_member(" A100 ", "staff:Jo", name="  Ann  Lee-Park ", email="")
    assert (members.find_member("A100").name, members.find_member("A100").email) == ("Ann Lee-Park", None)
    assert [(c.action, c.actor, c.before, c.after) for c in changes_of("member", ann.id)[1:]] == [
        ("update", "staff:Jo", {"email": None}, {"email": "ann@example.org"}),
        ("update", "staff:Jo", {"name": "Ann Lee", "email": "ann@example.org"}, {"name": "Ann Lee-Park", "email": None}),
    ]


def test_an_edit_that_changes_nothing_writes_nothing(database):
    members.add_member("Ann Lee", "A100", ACTOR, email="ann@example.org")
    before = counts()
    members.edit_member("A100", ACTOR, name="Ann Lee", email="ann@example.org")
    assert counts() == before


@pytest.mark.parametrize("email, message", [
    ("ann.example.org", "must be an e-mail address such as name@example.org"),
    ("ann@example", "must be an e-mail address such as name@example.org"),
    ("Ann Lee <ann@example.org>", "must be an e-mail address such as name@example.org"),
    ("ann@example.org, boss@example.org", "must be an e-mail address such as name@example.org"),
    ("ann@example.org\r\nBcc: all@example.org", "must be a single line of printable text"),
    ("ann@example.org\x1b[2J", "must be a single line of printable text"),
    ("ann@exam\u202eple.org", "must be a single line of printable text"),
    ("a" * 243 + "@example.org", "at most 254 characters"),
])
def test_an_address_that_is_not_one_is_refused_on_add_and_on_edit(database, email, message):
    assert refused(lambda: members.add_member("Ann Lee", "A100", ACTOR, email=email)) == [("email", message)]
    members.add_member("Bob Diaz", "B-200", ACTOR, email="bob@example.org")
    assert refused(lambda: members.edit_member("B-200", ACTOR, email=email)) == [("email", message)]
    assert members.find_member("B-200").email == "bob@example.org"


def test_an_address_of_254_characters_is_taken(database):
    address = "a" * 242 + "@example.org"
    assert members.add_member("Ann Lee", "A100", ACTOR, email=address).email == address


def test_editing_an_unknown_member_or_a_bad_name_is_refused(database):
    members.add_member("Ann Lee", "A100", ACTOR)
    assert refused(lambda: members.edit_member("Z9", ACTOR, email="z@example.org")) == [
        ("member", "no member has AMT ID 'Z9'")]
    assert refused(lambda: members.edit_member("A100", ACTOR, name=" ")) == [("name", "is required")]
