"""Unsaved form input, kept when the terminal goes away and offered back next time.

A draft is plain field text (what the person typed), one per member and form.
It is not a record: it has no history and counts toward nothing.
"""

from __future__ import annotations

import json

from amtrax_tui.store.db import retry_when_busy, writing
from amtrax_tui.store.history import utcnow
from amtrax_tui.store.models import FormDraft

RECORD_FORM = "record"


@retry_when_busy
def save_draft(member_id: int, values: dict[str, str | bool], form: str = RECORD_FORM) -> None:
    """Keep `values` (field name -> text or toggle), replacing any earlier draft."""
    data = json.dumps(values, sort_keys=True)
    with writing():
        (
            FormDraft.insert(member=member_id, form=form, data=data, saved_at=utcnow())
            .on_conflict(
                conflict_target=[FormDraft.member, FormDraft.form],
                update={FormDraft.data: data, FormDraft.saved_at: utcnow()},
            )
            .execute()
        )


def load_draft(member_id: int, form: str = RECORD_FORM) -> dict[str, str | bool] | None:
    draft = FormDraft.get_or_none((FormDraft.member == member_id) & (FormDraft.form == form))
    return None if draft is None else json.loads(draft.data)


@retry_when_busy
def discard_draft(member_id: int, form: str | None = RECORD_FORM) -> None:
    """Forget the member's draft of `form`, or of every form when `form` is None."""
    query = FormDraft.delete().where(FormDraft.member == member_id)
    if form is not None:
        query = query.where(FormDraft.form == form)
    with writing():
        query.execute()
