"""Opening the database: where it lives, how SQLite is set up, migrations on open."""

import os
import shutil
import sqlite3
import stat
import threading

import pytest

from amtrax_tui.store import db as store_db
from amtrax_tui.store import members
from amtrax_tui.store.db import StoreError, open_database
from amtrax_tui.store.models import Activity, Allocation, HeldCredential, Member

MIGRATION_NAMES = sorted(p.stem for p in store_db.MIGRATIONS.glob("[0-9][0-9][0-9][0-9]_*.py"))


def applied_migrations(database):
    return [row[0] for row in database.execute_sql("SELECT name FROM schema_migration ORDER BY name")]


def test_migrations_apply_on_open_and_only_once(database_url):
    first = open_database(database_url)
    assert applied_migrations(first) == MIGRATION_NAMES
    assert {"member", "held_credential", "activity", "allocation", "change"} <= set(first.get_tables())
    first.close()
    again = open_database(database_url)
    assert applied_migrations(again) == MIGRATION_NAMES
    again.close()


def test_a_pending_migration_is_applied_on_open(database_url, tmp_path, monkeypatch):
    open_database(database_url).close()
    migrations = tmp_path / "migrations"
    shutil.copytree(store_db.MIGRATIONS, migrations)
    (migrations / "9998_member_phone.py").write_text(
        "from peewee import *\n\n"
        "def up(migrator, db):\n"
        "    migrator.migrate(migrator.add_column('member', 'phone', TextField(default='')))\n"
    )
    monkeypatch.setattr(store_db, "MIGRATIONS", migrations)
    database = open_database(database_url)
    assert applied_migrations(database) == [*MIGRATION_NAMES, "9998_member_phone"]
    assert "phone" in [c.name for c in database.get_columns("member")]
    database.close()


def test_a_database_from_a_newer_version_is_refused(database_url):
    database = open_database(database_url)
    database.execute_sql("INSERT INTO schema_migration (name, applied) VALUES ('9999_from_the_future', '2030-01-01')")
    database.close()
    with pytest.raises(StoreError, match=r"written by a newer version of amtrax-tui \(schema 9999_from_the_future\); upgrade"):
        open_database(database_url)


def test_foreign_keys_are_enforced(database):
    with pytest.raises(Exception) as caught:
        Allocation.insert(activity=12345, credential=67890, end_date="2024-01-01", category="x", points=1).execute()
    assert "foreign key" in str(caught.value).lower()


def test_a_new_sqlite_file_is_owner_only(tmp_path):
    path = tmp_path / "amtrax.db"
    open_database(str(path)).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(sqlite_db):
    assert sqlite_db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    Member.create(name="Ann", amt_id="A1", created_at="2024-01-01 00:00:00")
    wal = f"{sqlite_db.database}-wal"
    assert stat.S_IMODE(os.stat(wal).st_mode) == 0o600  # the journal is owner-only too
    assert sqlite_db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert sqlite_db.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_a_new_file_another_session_is_opening_too_opens_once_it_is_free(tmp_path):
    """A new file turns to WAL under an exclusive lock, which SQLite does not wait for:
    sessions opening a new database together were told it is locked."""
    path = tmp_path / "amtrax.db"
    path.touch(mode=0o600)
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # the write lock held on the new file, as by a session creating the tables
    freed = threading.Timer(0.5, other.execute, ["COMMIT"])
    freed.start()
    try:
        opened = open_database(str(path))
    finally:
        freed.join()
        other.close()
    assert opened.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert members.add_member("Ann Lee", "A1", "test").amt_id == "A1"


def test_the_default_database_lives_in_the_user_data_directory(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    database = open_database(None)
    expected = tmp_path / "data" / "amtrax-tui" / "amtrax.db"
    assert database.database == str(expected)
    assert stat.S_IMODE(expected.stat().st_mode) == 0o600
    assert stat.S_IMODE(expected.parent.stat().st_mode) == 0o700
    database.close()


def test_amtrax_db_names_the_database_when_no_target_is_given(tmp_path, monkeypatch):
    monkeypatch.setenv("AMTRAX_DB", str(tmp_path / "from-env.db"))
    open_database(None).close()
    assert (tmp_path / "from-env.db").is_file()
    open_database(str(tmp_path / "explicit.db")).close()  # an explicit target wins
    assert (tmp_path / "explicit.db").is_file()


@pytest.mark.parametrize("target, message", [
    ("{tmp}/missing/amtrax.db", "the folder {tmp}/missing does not exist"),
    ("{tmp}", "it is a folder"),
    ("mysql://user@host/db", "unsupported database URL mysql://user@host/db"),
    ("postgresql://someone:secret@127.0.0.1:1/none", "cannot open the database postgresql://someone:***@127.0.0.1:1/none"),
])
def test_an_unusable_target_is_refused_with_a_clear_message(tmp_path, target, message):
    with pytest.raises(StoreError) as caught:
        open_database(target.format(tmp=tmp_path))
    assert message.format(tmp=tmp_path) in str(caught.value)
    assert "secret" not in str(caught.value)


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a database " * 100)
    with pytest.raises(StoreError, match="cannot open the database .*notes.txt"):
        open_database(str(path))


def test_sqlite_url_opens_the_same_store(tmp_path):
    database = open_database(f"sqlite:///{tmp_path}/by-url.db")
    assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert Member.select().count() == HeldCredential.select().count() == Activity.select().count() == 0
    database.close()
    assert stat.S_IMODE((tmp_path / "by-url.db").stat().st_mode) == 0o600
