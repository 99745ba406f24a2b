"""Another session holding the write lock, and a database that fails: readers
carry on, a busy write is tried again, and every failure is a StoreError kind
whose one line says what happened. Nothing is ever half-written."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
import time
from types import SimpleNamespace

import peewee
import pytest

from amtrax_tui.store import activities, auth, members
from amtrax_tui.store import db as store_db
from amtrax_tui.store.db import (
    Busy,
    DiskFull,
    Gone,
    ReadOnly,
    StoreError,
    open_database,
    retry_when_busy,
    writing,
)
from amtrax_tui.store.models import MODELS, db
from amtrax_tui.store.progress import progress
from amtrax_tui.store.roster import roster
from amtrax_tui.store.transcripts import cycle_records

from .support import ACTOR, RMA_CERTIFIED, TODAY, draft

NOW = dt.datetime(2024, 6, 15, 9, 0)


def counts() -> dict[str, int]:
    return {model.__name__: model.select().count() for model in MODELS}


@pytest.fixture
def impatient(database_url, monkeypatch) -> str:
    """The database's target with every wait for a lock cut to a tenth of a second and no
    pause between tries: whatever would wait for another session's lock fails at once."""
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_S", 0.1)
    monkeypatch.setattr(store_db, "RETRY_PAUSE_S", 0)
    return f"{database_url}%20-clock_timeout%3D100" if "://" in database_url else database_url


@pytest.fixture
def ann(impatient, rules):
    """Ann (A100, PIN 1234) holding RMA, with one activity; the database closed again."""
    database = open_database(impatient)
    member = members.add_member("Ann Lee", "A100", ACTOR)
    members.add_credential(rules, member.id, "RMA", RMA_CERTIFIED, None, TODAY, ACTOR)
    auth.set_member_pin("A100", "1234", ACTOR)
    activities.record(rules, member.id, ["RMA"], draft(), TODAY, ACTOR)
    database.close()
    return member


class OtherSession:
    """Another connection holding the write lock, with a write of its own not yet committed:
    SQLite's BEGIN IMMEDIATE; on PostgreSQL every table locked against writes and the
    migration lock taken."""

    def __init__(self, target: str):
        self.target = target
        self.connection = None

    def hold(self) -> None:
        if "://" in self.target:
            import psycopg

            self.connection = psycopg.connect(self.target)
            self.connection.execute("LOCK TABLE member, held_credential, activity, allocation, month_total,"
                                    ' "change", staff, sign_in_lock, form_draft IN EXCLUSIVE MODE')
            self.connection.execute(f"SELECT pg_advisory_xact_lock({store_db.MIGRATION_LOCK})")
        else:
            self.connection = sqlite3.connect(self.target, isolation_level=None)
            self.connection.execute("BEGIN IMMEDIATE")
        self.connection.execute("INSERT INTO member (name, amt_id, created_at) VALUES ('Other', 'O1', '2024-01-01')")

    def release(self) -> None:
        if self.connection is not None:
            self.connection.rollback()
            self.connection.close()
            self.connection = None


@pytest.fixture
def other_session(database_url):
    session = OtherSession(database_url)
    yield session
    session.release()


def test_opening_and_reading_never_wait_for_a_writer(impatient, ann, other_session, rules):
    other_session.hold()
    open_database(impatient)
    assert [m.amt_id for m in members.list_members()] == ["A100"]
    assert progress(rules, ann.id, TODAY)[0].earned == draft().points
    assert [row.amt_id for row in roster(rules, TODAY)] == ["A100"]
    assert len(cycle_records(rules, ann, "RMA", "current", TODAY)[0].activities) == 1
    assert auth.sign_in("A100", "1234", NOW).id == ann.id  # no wrong PINs before: nothing to write
    with pytest.raises(Busy):  # while a write would indeed have to wait
        members.add_member("Bo Park", "B200", ACTOR)


def test_a_write_that_finds_the_database_busy_is_tried_again_whole(impatient, ann, other_session, rules,
                                                                   monkeypatch):
    """The first try fails (the other session holds the lock), the other session ends
    during the pause before the next try, which saves the activity: once."""
    pauses = []

    def pause(seconds):
        pauses.append(seconds)
        other_session.release()

    monkeypatch.setattr(store_db, "time", SimpleNamespace(sleep=pause, monotonic=time.monotonic))
    open_database(impatient)
    before = counts()
    other_session.hold()
    activities.record(rules, ann.id, ["RMA"], draft(title="Retried course"), TODAY, ACTOR)
    assert len(pauses) == 1
    assert counts() == {**before, "Activity": before["Activity"] + 1, "Allocation": before["Allocation"] + 1,
                        "Change": before["Change"] + 1}
    assert [a.title for a in activities.list_activities(ann.id)].count("Retried course") == 1


WRITES = {
    "record": lambda rules, ann: activities.record(rules, ann.id, ["RMA"], draft(title="New"), TODAY, ACTOR),
    "edit": lambda rules, ann: activities.edit(rules, activities.list_activities(ann.id)[0].id, ["RMA"],
                                               draft(title="Changed"), TODAY, ACTOR),
    "delete": lambda rules, ann: activities.delete(activities.list_activities(ann.id)[0].id, ACTOR),
    "add member": lambda rules, ann: members.add_member("Bo Park", "B200", ACTOR),
    "set PIN": lambda rules, ann: auth.set_member_pin("A100", "4321", ACTOR),
    "wrong PIN": lambda rules, ann: auth.sign_in("A100", "0000", NOW),
}


@pytest.mark.parametrize("write", WRITES, ids=list(WRITES))
def test_a_write_locked_past_every_try_is_busy_and_saves_nothing(impatient, ann, other_session, rules,
                                                                 monkeypatch, write):
    pauses = []
    monkeypatch.setattr(store_db, "time", SimpleNamespace(sleep=pauses.append, monotonic=time.monotonic))
    open_database(impatient)
    before = counts()
    other_session.hold()
    with pytest.raises(Busy) as caught:
        WRITES[write](rules, ann)
    message = str(caught.value)
    assert message.startswith(f"the database {db.obj.where} is busy (")
    assert message.endswith("); nothing was saved: try again in a moment") and "\n" not in message
    assert len(pauses) == store_db.WRITE_ATTEMPTS - 1
    other_session.release()
    assert counts() == before


def test_within_another_write_a_busy_use_case_is_not_tried_again_alone(database, monkeypatch):
    monkeypatch.setattr(store_db, "RETRY_PAUSE_S", 0)
    calls = []

    @retry_when_busy
    def busy():
        calls.append(1)
        raise Busy("busy")

    with pytest.raises(Busy), writing():
        busy()
    assert len(calls) == 1  # the outer write is the one to try again, whole
    with pytest.raises(Busy):
        busy()
    assert len(calls) == 1 + store_db.WRITE_ATTEMPTS


def read_only(database_url: str) -> None:
    """Open the store on a database that refuses writes, as a read-only file or server would."""
    if "://" in database_url:
        open_database(f"{database_url}%20-cdefault_transaction_read_only%3Don")
    else:
        open_database(database_url)
        db.obj.execute_sql("PRAGMA query_only = 1")


def test_a_database_that_refuses_writes_is_read_only_and_saves_nothing(database_url, ann, rules):
    read_only(database_url)
    before = counts()
    with pytest.raises(ReadOnly) as caught:
        activities.record(rules, ann.id, ["RMA"], draft(title="New"), TODAY, ACTOR)
    cause = "attempt to write a readonly database" if "://" not in database_url else (
        "cannot execute SELECT FOR UPDATE in a read-only transaction")
    assert str(caught.value) == (
        f"the database {db.obj.where} cannot be written ({cause}); nothing was saved: check that this user "
        "may write it and that its disk is not mounted read-only")
    assert counts() == before


def test_a_full_database_is_reported_as_a_full_disk_and_nothing_is_written(sqlite_db, rules):
    """SQLite's own limit on pages stands in for the disk here (tests/cli fills a real one).
    Before, the rollback after the failed commit said "cannot rollback - no transaction is active"."""
    ann = members.add_member("Ann Lee", "A100", ACTOR)
    members.add_credential(rules, ann.id, "RMA", RMA_CERTIFIED, None, TODAY, ACTOR)
    big = draft(title="T" * 200, notes="N" * 2000)  # a second one cannot share its page
    activities.record(rules, ann.id, ["RMA"], big, TODAY, ACTOR)
    before = counts()
    pages = sqlite_db.execute_sql("PRAGMA page_count").fetchone()[0]
    sqlite_db.execute_sql(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(DiskFull) as caught:
        activities.record(rules, ann.id, ["RMA"], dataclasses.replace(big, title="U" * 200), TODAY, ACTOR)
    assert str(caught.value) == (f"the disk holding the database {sqlite_db.database} is full (database or disk "
                                 "is full); nothing was saved: free some space and try again")
    assert counts() == before
    assert sqlite_db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"


POSTGRES_STATES = {"40P01": Busy, "40001": Busy, "55P03": Busy, "53100": DiskFull, "25006": ReadOnly,
                   "42501": ReadOnly, "57P01": Gone, "08006": Gone, "XX000": StoreError}


@pytest.mark.parametrize("state", POSTGRES_STATES)
def test_postgresql_errors_are_told_apart_by_their_sqlstate(state):
    """Deadlocks and serialization failures no longer happen in these tests (writes take their
    locks in one order), nor does a full disk on the server: a stand-in error carries each state."""
    driver = type("DriverError", (Exception,), {"sqlstate": state})("what the server said\nDETAIL: more")
    database = SimpleNamespace(where="postgresql://amtrax@db/amtrax", database="amtrax")
    problem = store_db._problem(peewee.OperationalError(driver), database)
    assert type(problem) is POSTGRES_STATES[state]
    assert "(what the server said)" in str(problem) and "DETAIL" not in str(problem)
