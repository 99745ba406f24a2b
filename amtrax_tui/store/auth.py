"""PINs, staff accounts and signing in to a site's shared database (at a kiosk or not).

A PIN is kept only as a salted scrypt hash. Signing in never tells whether an
ID exists: an unknown ID costs the same scrypt work as a known one, gets the
same message, and is locked after the same number of wrong PINs. Locks live in
the database, so restarting the app does not lift them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
import re
import secrets
from dataclasses import dataclass

from peewee import IntegrityError, Select, fn

from amtrax_tui.ccp import FieldError, text_error
from amtrax_tui.store.db import retry_when_busy, writing
from amtrax_tui.store.history import log_change, utcnow
from amtrax_tui.store.models import Member, SignInLock, Staff, db
from amtrax_tui.store.records import Invalid

PIN = re.compile(r"[0-9]{4,8}")
MAX_FAILURES = 5
LOCK_TIME = dt.timedelta(minutes=15)
MAX_STAFF_NAME = 100
MAX_LOGIN = 200

# scrypt's cost (its N): about 16 MiB and a few tens of milliseconds per PIN check. A hash
# keeps the costs it was made with, and is checked at those.
SCRYPT_COST = 2**14
_R, _P, _KEY_BYTES, _SALT_BYTES = 8, 1, 32, 16
_SCHEME = "scrypt"
_MAX_MEM = 64 * 1024 * 1024


class SignInRefused(Exception):
    """Sign-in refused. The message is the same whether or not the ID exists."""

    def __init__(self, locked_until: dt.datetime | None = None, now: dt.datetime | None = None):
        if locked_until is None or now is None:
            message = "the ID or PIN is not right"
        else:
            minutes = max(1, math.ceil((locked_until - now).total_seconds() / 60))
            message = f"too many wrong PINs: this ID is locked; try again in {minutes} minute{'s' * (minutes != 1)}"
        super().__init__(message)
        self.locked_until = locked_until


@dataclass(frozen=True)
class Principal:
    """Who is signed in: a member (their own records only) or staff (any member)."""

    kind: str  # "member" or "staff"
    id: int
    name: str
    amt_id: str | None = None

    @property
    def is_staff(self) -> bool:
        return self.kind == "staff"

    @property
    def actor(self) -> str:
        """How the history names this person."""
        return f"staff:{self.name}" if self.is_staff else f"member:{self.amt_id}"

    def may_act_for(self, member_id: int) -> bool:
        return self.is_staff or member_id == self.id


def pin_error(pin: str) -> FieldError | None:
    """What is wrong with a PIN to set, if anything."""
    return None if PIN.fullmatch(pin) else FieldError("pin", "must be 4 to 8 digits (0-9)")


def check_pin(pin: str) -> str:
    if error := pin_error(pin):
        raise Invalid([error])
    return pin


def hash_pin(pin: str) -> str:
    salt = secrets.token_bytes(_SALT_BYTES)
    digest = _scrypt(pin, salt, SCRYPT_COST, _R, _P)
    return f"{_SCHEME}${SCRYPT_COST}${_R}${_P}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str | None) -> bool:
    """Constant-time check of `pin` against a stored hash. With nothing usable
    stored (an unknown ID, a member without a PIN) the same work is done for nothing."""
    parsed = _parse(stored)
    if parsed is None:
        _scrypt(pin, bytes(_SALT_BYTES), SCRYPT_COST, _R, _P)
        return False
    salt, costs, expected = parsed
    return hmac.compare_digest(_scrypt(pin, salt, *costs), expected)


def _parse(stored: str | None) -> tuple[bytes, tuple[int, int, int], bytes] | None:
    try:
        scheme, n, r, p, salt, digest = (stored or "").split("$")
        if scheme == _SCHEME:
            return bytes.fromhex(salt), (int(n), int(r), int(p)), bytes.fromhex(digest)
    except ValueError:
        pass
    return None


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, maxmem=_MAX_MEM, dklen=_KEY_BYTES)


def pins_set() -> bool:
    """Whether any member or staff account has a PIN: then the database is a site's,
    shared by people who sign in. One query, cheap on any number of members."""
    member_pins = Member.select(Member.id).where(Member.pin_hash.is_null(False))
    return bool(Select(columns=[fn.EXISTS(member_pins) | fn.EXISTS(Staff.select(Staff.id))]).bind(db).scalar())


def sign_in(login: str, pin: str, now: dt.datetime) -> Principal:
    """The member (by AMT ID) or staff account (by name) whose PIN this is.

    Raises SignInRefused, alike for unknown IDs, wrong PINs and locked IDs.
    `now` is naive UTC, like every stored timestamp.
    """
    key = _login_key(login)
    lock = SignInLock.get_or_none(SignInLock.login == key)
    if lock is not None and lock.locked_until is not None and lock.locked_until > now:
        raise SignInRefused(lock.locked_until, now)
    # Both lookups always run, and exactly one scrypt, so time does not tell which exists.
    staff = Staff.get_or_none(Staff.name == key)
    member = Member.get_or_none(Member.amt_id == key)
    account = staff or member
    if verify_pin(pin, account.pin_hash if account else None):
        if lock is not None:  # only then a write: signing in without earlier wrong PINs just reads
            _forget_failures(key)
        if staff is not None:
            return Principal("staff", staff.id, staff.name)
        assert member is not None  # the PIN matched an account, and it is not staff
        return Principal("member", member.id, member.name, member.amt_id)
    raise SignInRefused(_count_failure(key, now), now)


@retry_when_busy
def _count_failure(key: str, now: dt.datetime) -> dt.datetime | None:
    """One more wrong PIN for `key`; the lock's end when this one locks it."""
    with writing():
        SignInLock.insert(login=key, failures=0).on_conflict_ignore().execute()
        SignInLock.update(failures=SignInLock.failures + 1).where(SignInLock.login == key).execute()
        if SignInLock.get(SignInLock.login == key).failures < MAX_FAILURES:
            return None
        until = now + LOCK_TIME
        SignInLock.update(failures=0, locked_until=until).where(SignInLock.login == key).execute()
        return until


@retry_when_busy
def _forget_failures(key: str) -> None:
    with writing():
        SignInLock.delete().where(SignInLock.login == key).execute()


def _login_key(login: str) -> str:
    return " ".join(login.split())[:MAX_LOGIN]


@retry_when_busy
def set_member_pin(amt_id: str, pin: str, actor: str) -> None:
    """Set or reset a member's PIN; a reset also lifts a lock on their ID."""
    check_pin(pin)
    with writing():
        member = Member.get_or_none(Member.amt_id == amt_id.strip())
        if member is None:
            raise Invalid([FieldError("member", f"no member has AMT ID {amt_id.strip()!r}")])
        member.pin_hash = hash_pin(pin)
        member.save()
        SignInLock.delete().where(SignInLock.login == member.amt_id).execute()
        log_change(actor, "set-pin", "member", member.id, member.id)


@retry_when_busy
def add_staff(name: str, pin: str, actor: str) -> Principal:
    name = _staff_name(name)
    check_pin(pin)
    try:
        with writing():
            if Member.select().where(Member.amt_id == name).exists():
                raise Invalid(
                    [FieldError("name", f"{name!r} is a member's AMT ID; staff sign in with a different name")]
                )
            staff = Staff.create(name=name, pin_hash=hash_pin(pin), created_at=utcnow())
            log_change(actor, "create", "staff", staff.id, None, after={"name": name})
    except IntegrityError:
        raise Invalid([FieldError("name", f"a staff account named {name!r} already exists")]) from None
    return Principal("staff", staff.id, staff.name)


@retry_when_busy
def set_staff_pin(name: str, pin: str, actor: str) -> None:
    name = _staff_name(name)
    check_pin(pin)
    with writing():
        staff = Staff.get_or_none(Staff.name == name)
        if staff is None:
            raise Invalid([FieldError("name", f"no staff account is named {name!r}")])
        staff.pin_hash = hash_pin(pin)
        staff.save()
        SignInLock.delete().where(SignInLock.login == name).execute()
        log_change(actor, "set-pin", "staff", staff.id, None)


def list_staff() -> list[str]:
    return [s.name for s in Staff.select(Staff.name).order_by(Staff.name)]


def _staff_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise Invalid([FieldError("name", "is required")])
    if error := text_error("name", name, MAX_STAFF_NAME):
        raise Invalid([error])
    return name
