"""Saved form drafts: one per member and form, replaced, offered back, discarded."""

from __future__ import annotations

from amtrax_tui.store import members
from amtrax_tui.store.db import open_database
from amtrax_tui.store.drafts import discard_draft, load_draft, save_draft
from amtrax_tui.store.models import Change

TYPED = {"title": "Wound care — update", "points": "1.5", "start": "03/01/2026", "attested": False}


def test_a_draft_comes_back_as_typed_after_reopening(database_url, database):
    ann = members.add_member("Ann Lee", "100", actor="cli:admin")
    save_draft(ann.id, TYPED)
    database.close()
    open_database(database_url)
    assert load_draft(ann.id) == TYPED


def test_saving_again_replaces_the_draft(database):
    ann = members.add_member("Ann Lee", "100", actor="cli:admin")
    save_draft(ann.id, TYPED)
    save_draft(ann.id, {"title": "Later"})
    assert load_draft(ann.id) == {"title": "Later"}


def test_drafts_belong_to_one_member_and_form(database):
    ann = members.add_member("Ann Lee", "100", actor="cli:admin")
    ben = members.add_member("Ben Ode", "101", actor="cli:admin")
    save_draft(ann.id, TYPED)
    save_draft(ann.id, {"title": "edit"}, form="edit:7")
    assert load_draft(ben.id) is None
    assert load_draft(ann.id, form="edit:7") == {"title": "edit"}


def test_discard_one_form_or_every_form(database):
    ann = members.add_member("Ann Lee", "100", actor="cli:admin")
    save_draft(ann.id, TYPED)
    save_draft(ann.id, {"title": "edit"}, form="edit:7")
    discard_draft(ann.id)
    assert load_draft(ann.id) is None and load_draft(ann.id, form="edit:7") == {"title": "edit"}
    discard_draft(ann.id, form=None)
    assert load_draft(ann.id, form="edit:7") is None
    discard_draft(ann.id)  # nothing left: still fine


def test_drafts_are_not_records_and_leave_no_history(database):
    ann = members.add_member("Ann Lee", "100", actor="cli:admin")
    before = Change.select().count()
    save_draft(ann.id, TYPED)
    discard_draft(ann.id)
    assert Change.select().count() == before
