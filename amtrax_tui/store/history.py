"""The change history: who changed what, with the values before and after."""

from __future__ import annotations

import datetime as dt
import json

from peewee import fn

from amtrax_tui.store.models import Change
from amtrax_tui.store.records import ChangeInfo


def utcnow() -> dt.datetime:
    """Timestamps are stored as naive UTC, to the second."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def log_change(
    actor: str,
    action: str,
    entity: str,
    entity_id: int,
    member_id: int | None,
    before: dict | None = None,
    after: dict | None = None,
) -> None:
    Change.create(
        at=utcnow(),
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        member_id=member_id,
        before=_dump(before),
        after=_dump(after),
    )


def changes_of(entity: str, entity_id: int) -> list[ChangeInfo]:
    query = Change.select().where((Change.entity == entity) & (Change.entity_id == entity_id))
    return [_info(c) for c in query.order_by(Change.id)]


def last_change(entity: str, entity_id: int, action: str) -> ChangeInfo | None:
    change = (
        Change.select()
        .where((Change.entity == entity) & (Change.entity_id == entity_id) & (Change.action == action))
        .order_by(Change.id.desc())
        .first()
    )
    return _info(change) if change else None


def latest_change_id() -> int:
    """Grows with every write by any process: a cheap way to notice others' changes."""
    return Change.select(fn.MAX(Change.id)).scalar() or 0


def _dump(values: dict | None) -> str | None:
    return None if values is None else json.dumps(values, sort_keys=True, default=str)


def _info(change: Change) -> ChangeInfo:
    return ChangeInfo(
        id=change.id,
        at=change.at,
        actor=change.actor,
        action=change.action,
        entity=change.entity,
        entity_id=change.entity_id,
        before=json.loads(change.before) if change.before else None,
        after=json.loads(change.after) if change.after else None,
    )
