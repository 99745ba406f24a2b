"""Opening a database made by an older version: every record kept; held MT credentials become MLS, with the history saying so."""

import datetime as dt
import json
from decimal import Decimal

import peewee
from playhouse.db_url import connect
from playhouse.migrations import Runner

from amtrax_tui.ccp import load_rules
from amtrax_tui.store import activities, totals
from amtrax_tui.store.db import HISTORY_TABLE, MIGRATIONS, open_database
from amtrax_tui.store.history import changes_of
from amtrax_tui.store.members import list_credentials
from amtrax_tui.store.models import Allocation, HeldCredential, MonthTotal
from amtrax_tui.store.progress import progress

D = dt.date
ACTIVITY = ("INSERT INTO activity (id, member_id, category, title, title_key, provider, points, start_date, end_date,"
            " notes, evidence, attested_at, created_at, updated_at, entered_by) VALUES"
            " ({id}, {member}, 'professional-education', 't{id}', 't{id}', '', {points}, '{day}', '{day}', '', '',"
            " '2024-01-02 09:00:00', '2024-01-02 09:00:00', '2024-01-02 09:00:00', 'cli:ann')")


def at_0007(url: str) -> peewee.Database:
    old = peewee.SqliteDatabase(url) if "://" not in url else connect(url)
    Runner(old, directory=str(MIGRATIONS), table_name=HISTORY_TABLE).up(target="0007_not_in_amtrax_index")
    return old


def held(old, id_, member, code, anchor):
    old.execute_sql(f"INSERT INTO held_credential (id, member_id, code, certified_on, anchor)"
                    f" VALUES ({id_}, {member}, '{code}', '{anchor}', '{anchor}')")


def activity(old, id_, member, day, points, *credentials):
    old.execute_sql(ACTIVITY.format(id=id_, member=member, points=points * 10_000, day=day))
    for credential in credentials:
        old.execute_sql(f"INSERT INTO allocation (activity_id, credential_id, end_date, category, points)"
                        f" VALUES ({id_}, {credential}, '{day}', 'professional-education', {points * 10_000})")
        old.execute_sql(f"INSERT INTO month_total (credential_id, month, category, points) VALUES"
                        f" ({credential}, 100 + {id_}, 'professional-education', {points * 10_000})")


def make_old(url):
    old = at_0007(url)
    for member in (1, 2):
        old.execute_sql(f"INSERT INTO member (id, name, amt_id, created_at) VALUES ({member}, 'M{member}',"
                        f" '{member}00', '2024-01-01 00:00:00')")
    held(old, 1, 1, "MT", "2022-03-01")  # MT alone
    activity(old, 1, 1, "2024-05-02", 2, 1)
    held(old, 2, 2, "MT", "2021-07-01")  # MT and MLS
    held(old, 3, 2, "MLS", "2022-03-01")
    activity(old, 2, 2, "2024-05-02", 3, 2)  # MT only: moves to MLS
    activity(old, 3, 2, "2024-05-03", 5, 2, 3)  # both: counted once
    activity(old, 4, 2, "2024-05-04", 7, 3)  # MLS only
    old.close()


def test_mt_alone_becomes_mls(database_url):
    make_old(database_url)
    open_database(database_url)
    [mls] = list_credentials(1)
    assert (mls.id, mls.code, mls.anchor) == (1, "MLS", D(2022, 3, 1))
    assert activities.get_activity(1).credentials == ("MLS",)
    [change] = changes_of("credential", 1)
    assert (change.actor, change.action, change.before, change.after) == (
        "migration", "update", {"code": "MT"}, {"code": "MLS"})


def test_a_member_holding_both_keeps_one_mls_with_mts_activities(database_url):
    make_old(database_url)
    open_database(database_url)
    [mls] = list_credentials(2)
    assert (mls.id, mls.code, mls.anchor) == (3, "MLS", D(2022, 3, 1))
    assert [a.credentials for a in activities.list_activities(2)] == [("MLS",)] * 3
    assert Allocation.select().where(Allocation.credential == 3).count() == 3
    assert HeldCredential.get_or_none(HeldCredential.id == 2) is None
    # Month totals rebuilt from the allocations, as a write would leave them.
    month = totals.month_index(D(2022, 3, 1), D(2024, 5, 2))
    assert [(t.month, t.points) for t in MonthTotal.select().where(MonthTotal.credential == 3)] == [
        (month, Decimal(15))]
    assert MonthTotal.select().where(MonthTotal.credential == 2).count() == 0
    [found] = progress(load_rules(), 2, D(2024, 6, 15))
    assert found.earned == Decimal(15)
    [change] = changes_of("credential", 2)
    assert (change.actor, change.action, change.before, change.after) == (
        "migration", "delete", {"code": "MT", "certified_on": "2021-07-01", "anchor": "2021-07-01"},
        {"code": "MLS", "kept": 3, "activities_moved": [2]})


def test_upgrading_from_the_first_schema_keeps_every_allocation(database_url):
    old = peewee.SqliteDatabase(database_url) if "://" not in database_url else connect(database_url)
    Runner(old, directory=str(MIGRATIONS), table_name=HISTORY_TABLE).up(target="0001_initial")
    old.execute_sql("INSERT INTO member (id, name, amt_id, created_at) VALUES (1, 'M1', '100', '2024-01-01 00:00:00')")
    held(old, 1, 1, "RMA", "2022-03-01")
    old.execute_sql(ACTIVITY.replace(", entered_by", "").replace(", 'cli:ann')", ")").format(
        id=1, member=1, points=20_000, day="2024-05-02"))
    old.execute_sql("INSERT INTO allocation (activity_id, credential_id, end_date, category, points)"
                    " VALUES (1, 1, '2024-05-02', 'professional-education', 20000)")
    old.close()
    open_database(database_url)
    assert activities.get_activity(1).credentials == ("RMA",)
    [found] = progress(load_rules(), 1, D(2024, 6, 15))
    assert found.earned == Decimal(2)


def deleted_before_0008(old, id_, member, day, points, codes):
    """The history row a deletion wrote before the 0008 migration: the activity as it was, MT among its codes."""
    before = {"category": "professional-education", "title": f"t{id_}", "provider": "", "points": f"{points}.0000",
              "start_date": day, "end_date": day, "notes": "", "evidence": "", "evidence_sha256": "",
              "evidence_elsewhere": False, "attested_at": "2024-01-02T09:00:00", "created_at": "2024-01-02T09:00:00",
              "updated_at": "2024-01-02T09:00:00", "entered_by": "cli:ann", "entered_in_amtrax": None,
              "member_id": member, "credentials": codes}
    values = ", ".join([old.param] * 3)
    old.execute_sql("INSERT INTO change (at, actor, action, entity, entity_id, member_id, before, after) VALUES"
                    f" ('2024-06-01 09:00:00', 'cli:ann', 'delete', 'activity', {values}, NULL)",
                    (id_, member, json.dumps(before, sort_keys=True)))


def test_an_activity_deleted_before_mt_became_mls_is_restored_to_mls(database_url):
    make_old(database_url)
    old = peewee.SqliteDatabase(database_url) if "://" not in database_url else connect(database_url)
    deleted_before_0008(old, 8, 1, "2024-05-06", 4, ["MT"])  # MT alone, renamed MLS
    deleted_before_0008(old, 9, 2, "2024-05-07", 6, ["MLS", "MT"])  # MT merged into the MLS held: counted once
    old.close()
    open_database(database_url)
    for activity_id in (8, 9):
        activities.restore(activity_id, "cli:ann")
    assert activities.get_activity(8).credentials == ("MLS",)
    assert activities.get_activity(9).credentials == ("MLS",)
    assert Allocation.select().where(Allocation.activity == 9).count() == 1
    [found] = progress(load_rules(), 2, D(2024, 6, 15))
    assert found.earned == Decimal(21)  # 15 migrated with MT's activities, and the 6 restored
    [restored] = [c for c in changes_of("activity", 8) if c.action == "restore"]
    assert restored.after["credentials"] == ["MLS"]


def test_the_migrated_schema_has_the_indexes_the_models_declare_and_no_others(database):
    """The migrations make the schema; the models' `indexes` say what it holds. Each index of
    more than one column must be in both: one the models list but a migration dropped (or the
    other way round) misleads whoever tunes a query from the models."""
    from amtrax_tui.store import models

    for model in models.BaseModel.__subclasses__():
        meta = model._meta
        declared = {(tuple(meta.fields[name].column_name for name in names), unique) for names, unique in meta.indexes}
        found = {(tuple(index.columns), index.unique) for index in database.get_indexes(meta.table_name)
                 if len(index.columns) > 1}
        assert found == declared, model.__name__
