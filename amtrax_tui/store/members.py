"""Members and the credentials they hold."""

from __future__ import annotations

import datetime as dt
import re

from peewee import IntegrityError

from amtrax_tui.ccp import FieldError, Rules, text_error
from amtrax_tui.ccp.values import email_error
from amtrax_tui.store import backlog, totals
from amtrax_tui.store.db import retry_when_busy, writing
from amtrax_tui.store.history import log_change, utcnow
from amtrax_tui.store.models import HeldCredential, Member, Staff
from amtrax_tui.store.records import HeldInfo, Invalid, MemberInfo

AMT_ID = re.compile(r"[A-Za-z0-9-]{1,32}")
MAX_NAME = 200


@retry_when_busy
def add_member(name: str, amt_id: str, actor: str, email: str = "") -> MemberInfo:
    """A new member; `email` is optional ("" for none)."""
    if errors := member_errors(name, amt_id, email):
        raise Invalid(errors)
    name, amt_id, email = " ".join(name.split()), amt_id.strip(), email.strip()
    try:
        with writing():
            if Staff.select().where(Staff.name == amt_id).exists():  # sign-in takes either
                raise Invalid([FieldError("amt-id", f"{amt_id} is a staff account's name")])
            member = Member.create(name=name, amt_id=amt_id, email=email or None, created_at=utcnow())
            log_change(
                actor,
                "create",
                "member",
                member.id,
                member.id,
                after={"name": name, "amt_id": amt_id} | ({"email": email} if email else {}),
            )
    except IntegrityError:
        raise Invalid([FieldError("amt-id", f"{amt_id} already belongs to another member")]) from None
    return _member(member)


@retry_when_busy
def edit_member(amt_id: str, actor: str, name: str | None = None, email: str | None = None) -> MemberInfo:
    """Change a member's name and e-mail address (None: keep it; an empty `email` removes it).
    The history keeps the values before and after."""
    if errors := member_errors(name, None, email):
        raise Invalid(errors)
    changes: dict[str, str | None] = {}
    if name is not None:
        changes["name"] = " ".join(name.split())
    if email is not None:
        changes["email"] = email.strip() or None
    with writing():
        member = Member.get_or_none(Member.amt_id == amt_id.strip())
        if member is None:
            raise Invalid([FieldError("member", f"no member has AMT ID {amt_id.strip()!r}")])
        before = {key: getattr(member, key) for key in changes}
        changed = {key: value for key, value in changes.items() if value != before[key]}
        if changed:
            Member.update(changed).where(Member.id == member.id).execute()
            log_change(
                actor,
                "update",
                "member",
                member.id,
                member.id,
                before={key: before[key] for key in changed},
                after=changed,
            )
            member = Member.get_by_id(member.id)
    return _member(member)


def member_errors(name: str | None, amt_id: str | None, email: str | None) -> list[FieldError]:
    """Every rule a member's name, AMT ID and e-mail address break, as typed (None: not
    being set; an empty `email`: none). The forms show these as the values are typed."""
    errors: list[FieldError] = []
    if name is not None:
        name = " ".join(name.split())
        if error := text_error("name", name, MAX_NAME) if name else FieldError("name", "is required"):
            errors.append(error)
    if amt_id is not None and not AMT_ID.fullmatch(amt_id.strip()):
        errors.append(FieldError("amt-id", "must be 1 to 32 letters, digits or dashes"))
    if email is not None and email.strip() and (error := email_error("email", email.strip())):
        errors.append(error)
    return errors


def list_members(search: str = "") -> list[MemberInfo]:
    query = Member.select().order_by(Member.name, Member.amt_id)
    if search.strip():
        needle = f"%{search.strip()}%"
        query = query.where(Member.name**needle | Member.amt_id**needle)
    return [_member(m) for m in query]


def count_members() -> int:
    return Member.select().count()


def find_member(amt_id: str) -> MemberInfo:
    member = Member.get_or_none(Member.amt_id == amt_id.strip())
    if member is None:
        raise Invalid([FieldError("member", f"no member has AMT ID {amt_id.strip()!r}")])
    return _member(member)


@retry_when_busy
def add_credential(
    rules: Rules,
    member_id: int,
    code: str,
    certified_on: dt.date,
    cycle_start: dt.date | None,
    today: dt.date,
    actor: str,
) -> HeldInfo:
    if errors := credential_errors(rules, code, certified_on, cycle_start, today):
        raise Invalid(errors)
    code = resolved_code(rules, code)  # as the rules name it now: typed MT is kept as MLS
    anchor = cycle_start or certified_on
    try:
        with writing():
            totals.lock(member_id)
            held = HeldCredential.create(member=member_id, code=code, certified_on=certified_on, anchor=anchor)
            if ":" in code:  # another body's: AMTrax now records only what counts toward AMT's
                backlog.refresh(member_id)
            log_change(
                actor,
                "create",
                "credential",
                held.id,
                member_id,
                after={"code": code, "certified_on": certified_on, "anchor": anchor},
            )
    except IntegrityError:
        raise Invalid([FieldError("credential", f"the member already holds {code}")]) from None
    return held_info(held)


def credential_errors(
    rules: Rules, code: str | None, certified_on: dt.date | None, cycle_start: dt.date | None, today: dt.date
) -> list[FieldError]:
    """Every rule a credential to add breaks. None: a value not given (the cycle start is
    optional) or, on a form, not chosen or not a date yet: the rules about it wait."""
    errors: list[FieldError] = []
    if code is not None and rules.resolve(code) is None:
        errors.append(FieldError("credential", rules.code_error(code)))
    if certified_on is not None and certified_on > today:
        errors.append(FieldError("certified-on", f"must not be after today ({today.isoformat()})"))
    if cycle_start is not None:
        if certified_on is not None and cycle_start < certified_on:
            errors.append(FieldError("cycle-start", "must not be before the certification date"))
        if cycle_start > today:
            errors.append(FieldError("cycle-start", f"must not be after today ({today.isoformat()})"))
    return errors


def resolved_code(rules: Rules, code: str) -> str:
    """The credential a typed code names (`rma`, `AMT:RMA`: RMA; `MT`: MLS), or the code
    as typed, in capitals, when it names none: "does not hold" then names it."""
    return rules.resolve(code) or code.strip().upper()


def list_credentials(member_id: int) -> list[HeldInfo]:
    query = HeldCredential.select().where(HeldCredential.member == member_id).order_by(HeldCredential.code)
    return [held_info(h) for h in query]


def _member(member: Member) -> MemberInfo:
    return MemberInfo(member.id, member.name, member.amt_id, member.email)


def held_info(held: HeldCredential) -> HeldInfo:
    return HeldInfo(held.id, held.member_id, held.code, held.certified_on, held.anchor)
