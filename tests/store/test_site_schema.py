"""Migration 0002 and who made each change."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import peewee
from playhouse.migrations import Runner

from amtrax_tui.ccp import Draft
from amtrax_tui.store import activities, auth, members
from amtrax_tui.store.db import HISTORY_TABLE, MIGRATIONS, open_database
from amtrax_tui.store.drafts import save_draft
from amtrax_tui.store.models import Change

TODAY = dt.date(2026, 3, 2)


def draft(title: str) -> Draft:
    return Draft(category="professional-education", title=title, points=Decimal("2"),
                 start=TODAY, end=TODAY, attested=True)


def test_existing_activities_learn_who_entered_them_from_the_history(tmp_path):
    path = tmp_path / "old.db"
    old = peewee.SqliteDatabase(str(path))
    Runner(old, directory=str(MIGRATIONS), table_name=HISTORY_TABLE).up(target="0001_initial")
    old.execute_sql("INSERT INTO member (id, name, amt_id, created_at) VALUES (1, 'Ann', '100', '2026-01-01')")
    for number in (1, 2):
        old.execute_sql(
            "INSERT INTO activity (id, member_id, category, title, title_key, provider, points, start_date,"
            " end_date, notes, evidence, attested_at, created_at, updated_at) VALUES"
            f" ({number}, 1, 'professional-education', 't', 't', '', 10000, '2026-01-02', '2026-01-02', '', '',"
            " '2026-01-02', '2026-01-02', '2026-01-02')")
    old.execute_sql("INSERT INTO change (at, actor, action, entity, entity_id, member_id) VALUES"
                    " ('2026-01-02', 'cli:ann', 'create', 'activity', 1, 1),"
                    " ('2026-01-03', 'cli:bob', 'update', 'activity', 1, 1)")
    old.close()

    open_database(str(path))
    [first, second] = activities.list_activities(1)
    assert (first.entered_by, second.entered_by) == ("cli:ann", "")


def test_every_change_names_who_made_it(database, rules):
    ann = members.add_member("Ann Lee", "100", actor="cli:admin")
    members.add_credential(rules, ann.id, "RMA", dt.date(2025, 1, 1), None, TODAY, "staff:Jo")
    auth.set_member_pin("100", "1234", actor="staff:Jo")
    auth.add_staff("Jo", "4321", actor="cli:admin")
    own = activities.record(rules, ann.id, ["RMA"], draft("Own course"), TODAY, "member:100")
    for_her = activities.record(rules, ann.id, ["RMA"], draft("Entered by staff"), TODAY, "staff:Jo")
    activities.edit(rules, own, ["RMA"], draft("Own course, renamed"), TODAY, "member:100")
    activities.delete(for_her, "member:100")
    activities.restore(for_her, "staff:Jo")
    save_draft(ann.id, {"title": "half typed"})  # not a change: no history

    assert [(c.entity, c.action, c.actor) for c in Change.select().order_by(Change.id)] == [
        ("member", "create", "cli:admin"),
        ("credential", "create", "staff:Jo"),
        ("member", "set-pin", "staff:Jo"),
        ("staff", "create", "cli:admin"),
        ("activity", "create", "member:100"),
        ("activity", "create", "staff:Jo"),
        ("activity", "update", "member:100"),
        ("activity", "delete", "member:100"),
        ("activity", "restore", "staff:Jo"),
    ]
    # The record itself says who entered it, and an edit or a restore does not change that.
    entered = {a.title: a.entered_by for a in activities.list_activities(ann.id)}
    assert entered == {"Own course, renamed": "member:100", "Entered by staff": "staff:Jo"}


def test_members_of_an_older_database_get_no_email_address(tmp_path):
    path = tmp_path / "old.db"
    old = peewee.SqliteDatabase(str(path))
    Runner(old, directory=str(MIGRATIONS), table_name=HISTORY_TABLE).up(target="0003_month_totals")
    old.execute_sql("INSERT INTO member (id, name, amt_id, created_at) VALUES (1, 'Ann', '100', '2026-01-01')")
    old.close()

    open_database(str(path))
    assert members.find_member("100").email is None
    assert members.edit_member("100", "cli:admin", email="ann@example.org").email == "ann@example.org"
