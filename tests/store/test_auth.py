"""PINs, staff accounts, sign-in and its lock."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from amtrax_tui.store import auth, members
from amtrax_tui.store.auth import Principal, SignInRefused, sign_in
from amtrax_tui.store.db import open_database
from amtrax_tui.store.history import changes_of
from amtrax_tui.store.models import Member, Staff
from amtrax_tui.store.records import Invalid
from tests.conftest import SHIPPED_SCRYPT_COST

NOW = dt.datetime(2026, 3, 2, 9, 30)
WRONG = "the ID or PIN is not right"


@pytest.fixture
def ann(database):
    member = members.add_member("Ann Lee", "100", actor="cli:admin")
    auth.set_member_pin("100", "1234", actor="cli:admin")
    return member


def refusal(login: str, pin: str, now: dt.datetime = NOW) -> SignInRefused:
    with pytest.raises(SignInRefused) as caught:
        sign_in(login, pin, now)
    return caught.value


@pytest.mark.parametrize("pin", ["1234", "0000", "12345678"])
def test_check_pin_accepts_four_to_eight_digits(pin):
    assert auth.check_pin(pin) == pin


@pytest.mark.parametrize("pin", ["", "123", "123456789", "12a4", " 1234", "1234 ", "1234\n", "12.4",
                                 "\u0661\u0662\u0663\u0664", "１２３４"])
def test_check_pin_refuses_anything_else_naming_the_field(pin):
    with pytest.raises(Invalid) as caught:
        auth.check_pin(pin)
    assert caught.value.errors[0].field == "pin"
    assert "4 to 8 digits" in str(caught.value)


def test_hashes_are_salted_and_verify_only_the_right_pin():
    first, second = auth.hash_pin("1234"), auth.hash_pin("1234")
    assert first != second
    assert first.startswith("scrypt$")
    assert auth.verify_pin("1234", first) and auth.verify_pin("1234", second)
    assert not auth.verify_pin("1235", first)


@pytest.mark.parametrize("stored", [None, "", "garbage", "md5$1$2$3$00$00", "scrypt$x$8$1$00$00"])
def test_verify_pin_refuses_missing_or_unreadable_hashes(stored):
    assert not auth.verify_pin("1234", stored)


def test_member_signs_in_with_the_right_pin(ann):
    principal = sign_in(" 100 ", "1234", NOW)
    assert principal == Principal("member", ann.id, "Ann Lee", "100")
    assert principal.actor == "member:100"
    assert not principal.is_staff


def test_only_the_hash_is_stored_and_the_history_names_who_set_it(ann):
    stored = Member.get_by_id(ann.id).pin_hash
    assert stored != "1234" and stored.count("$") == 5
    change = changes_of("member", ann.id)[-1]
    assert (change.action, change.actor, change.before, change.after) == ("set-pin", "cli:admin", None, None)


def test_staff_sign_in_on_the_same_screen(database):
    auth.add_staff("  Jo   Park ", "98765", actor="cli:admin")
    principal = sign_in("Jo Park", "98765", NOW)
    assert principal.is_staff and principal.actor == "staff:Jo Park"
    assert auth.list_staff() == ["Jo Park"]
    assert changes_of("staff", principal.id)[0].actor == "cli:admin"


def test_unknown_id_wrong_pin_and_no_pin_are_refused_alike(ann):
    members.add_member("No Pin", "200", actor="cli:admin")
    messages = {str(refusal(login, pin)) for login, pin in
                [("100", "9999"), ("999", "1234"), ("200", "1234"), ("", "1234"), ("100", "abc")]}
    assert messages == {WRONG}


def test_unknown_ids_cost_the_same_scrypt_work(ann, monkeypatch):
    calls = []
    real = hashlib.scrypt

    def counting(password, **kwargs):
        calls.append(kwargs["n"])
        return real(password, **kwargs)

    monkeypatch.setattr(hashlib, "scrypt", counting)
    sign_in("100", "1234", NOW)
    refusal("100", "9999")
    refusal("no-such-id", "1234")
    assert calls == [auth.SCRYPT_COST] * 3


def test_the_app_hashes_a_pin_at_16_mib_of_scrypt(monkeypatch):
    monkeypatch.setattr(auth, "SCRYPT_COST", SHIPPED_SCRYPT_COST)  # not the suite's small cost
    stored = auth.hash_pin("1234")
    assert stored.startswith("scrypt$16384$8$1$")  # 128 * N * r bytes: 16 MiB
    assert auth.verify_pin("1234", stored) and not auth.verify_pin("1235", stored)


def test_a_pin_hashed_at_another_cost_is_checked_at_its_own(monkeypatch):
    cheap = auth.hash_pin("1234")
    monkeypatch.setattr(auth, "SCRYPT_COST", SHIPPED_SCRYPT_COST)
    assert auth.verify_pin("1234", cheap) and not auth.verify_pin("1235", cheap)


def test_five_wrong_pins_lock_the_id_for_fifteen_minutes(ann):
    for _ in range(4):
        assert str(refusal("100", "0000")) == WRONG
    locked = refusal("100", "0000")
    assert locked.locked_until == NOW + dt.timedelta(minutes=15)
    assert "try again in 15 minutes" in str(locked)
    # The right PIN does not open a locked ID...
    late = refusal("100", "1234", NOW + dt.timedelta(minutes=14))
    assert late.locked_until == locked.locked_until and str(late).endswith("try again in 1 minute")
    # ...until the lock ends.
    assert sign_in("100", "1234", NOW + dt.timedelta(minutes=15, seconds=1)).amt_id == "100"


def test_the_lock_survives_reopening_the_database(ann, database_url, database):
    for _ in range(5):
        refusal("100", "0000")
    database.close()
    open_database(database_url)
    assert refusal("100", "1234", NOW + dt.timedelta(minutes=10)).locked_until == NOW + dt.timedelta(minutes=15)


def test_unknown_ids_lock_the_same_way(database):
    for _ in range(4):
        assert str(refusal("31337", "0000")) == WRONG
    assert refusal("31337", "0000").locked_until == NOW + dt.timedelta(minutes=15)


def test_a_right_pin_clears_earlier_failures(ann):
    for _ in range(4):
        refusal("100", "0000")
    sign_in("100", "1234", NOW)
    for _ in range(4):
        assert refusal("100", "0000").locked_until is None


def test_a_lock_on_one_id_leaves_others_alone(ann):
    members.add_member("Ben Ode", "101", actor="cli:admin")
    auth.set_member_pin("101", "4321", actor="cli:admin")
    for _ in range(5):
        refusal("100", "0000")
    assert sign_in("101", "4321", NOW).amt_id == "101"


def test_resetting_a_pin_lifts_the_lock(ann):
    for _ in range(5):
        refusal("100", "0000")
    auth.set_member_pin("100", "5678", actor="staff:Jo")
    assert sign_in("100", "5678", NOW).amt_id == "100"
    assert changes_of("member", ann.id)[-1].actor == "staff:Jo"


def test_a_refused_new_pin_keeps_the_old_one(ann):
    with pytest.raises(Invalid, match="pin: must be 4 to 8 digits"):
        auth.set_member_pin("100", "12", actor="cli:admin")
    assert sign_in("100", "1234", NOW).amt_id == "100"


def test_set_pin_for_an_unknown_member_is_refused(database):
    with pytest.raises(Invalid, match="member: no member has AMT ID '404'"):
        auth.set_member_pin("404", "1234", actor="cli:admin")


@pytest.mark.parametrize(("name", "message"), [
    ("", "name: is required"),
    ("   ", "name: is required"),
    ("x" * 101, "name: at most 100 characters"),
])
def test_bad_staff_names_are_refused(database, name, message):
    with pytest.raises(Invalid, match=message):
        auth.add_staff(name, "1234", actor="cli:admin")
    assert Staff.select().count() == 0


def test_staff_names_are_unique(database):
    auth.add_staff("Jo", "1234", actor="cli:admin")
    with pytest.raises(Invalid, match="a staff account named 'Jo' already exists"):
        auth.add_staff("Jo", "5678", actor="cli:admin")
    assert sign_in("Jo", "1234", NOW).is_staff


def test_staff_and_member_ids_never_collide(ann):
    with pytest.raises(Invalid, match="'100' is a member's AMT ID"):
        auth.add_staff("100", "1234", actor="cli:admin")
    auth.add_staff("Jo", "1234", actor="cli:admin")
    with pytest.raises(Invalid, match="amt-id: Jo is a staff account's name"):
        members.add_member("Jo Member", "Jo", actor="cli:admin")


def test_a_bad_staff_pin_is_refused_and_nothing_added(database):
    with pytest.raises(Invalid, match="pin:"):
        auth.add_staff("Jo", "12345678901", actor="cli:admin")
    assert auth.list_staff() == []


def test_staff_pin_reset(database):
    auth.add_staff("Jo", "1234", actor="cli:admin")
    for _ in range(5):
        refusal("Jo", "0000")
    auth.set_staff_pin("Jo", "4444", actor="cli:admin")
    assert sign_in("Jo", "4444", NOW).is_staff
    with pytest.raises(Invalid, match="no staff account is named 'Al'"):
        auth.set_staff_pin("Al", "4444", actor="cli:admin")


def test_members_act_only_for_themselves_and_staff_for_anyone():
    member = Principal("member", 7, "Ann", "100")
    staff = Principal("staff", 1, "Jo")
    assert member.may_act_for(7) and not member.may_act_for(8)
    assert staff.may_act_for(7) and staff.may_act_for(8)


def test_pins_set_says_whether_any_member_or_staff_account_has_a_pin(database):
    members.add_member("Ann Lee", "100", actor="cli:admin")
    assert auth.pins_set() is False  # a member without a PIN: one person's own database
    auth.set_member_pin("100", "1234", actor="cli:admin")
    assert auth.pins_set() is True
    Member.update(pin_hash=None).execute()
    auth.add_staff("Jo", "1234", actor="cli:admin")
    assert auth.pins_set() is True  # a staff account alone makes it a site's
