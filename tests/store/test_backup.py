"""Online backup of a SQLite database: consistent, atomic, never overwriting by accident."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import peewee
import pytest

from amtrax_tui.store import members
from amtrax_tui.store.backup import OutputExists, backup
from amtrax_tui.store.db import StoreError, open_database
from amtrax_tui.store.models import db
from amtrax_tui.store.records import Invalid

from .site_workers import Worker, start


@pytest.fixture
def ann(sqlite_db):
    members.add_member("Ann Lee", "100", actor="cli:admin")
    return sqlite_db


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".partial")]


def test_the_copy_opens_with_every_record(ann, tmp_path):
    info = backup(tmp_path / "copy.db")
    assert (info.members, info.activities, info.path) == (1, 0, tmp_path / "copy.db")
    assert info.size == (tmp_path / "copy.db").stat().st_size
    assert (tmp_path / "copy.db").stat().st_mode & 0o077 == 0  # members' records: owner only
    ann.close()
    open_database(str(tmp_path / "copy.db"))
    assert [m.amt_id for m in members.list_members()] == ["100"]
    assert leftovers(tmp_path) == []


def test_an_existing_file_is_kept_without_force(ann, tmp_path):
    existing = tmp_path / "copy.db"
    existing.write_bytes(b"yesterday's backup")
    with pytest.raises(OutputExists, match="output: .*copy.db already exists") as caught:
        backup(existing)
    assert caught.value.path == existing
    assert existing.read_bytes() == b"yesterday's backup"
    backup(existing, force=True)
    assert sqlite3.connect(existing).execute("SELECT count(*) FROM member").fetchone() == (1,)
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(("name", "message"), [
    ("missing/copy.db", "output: the folder .*missing does not exist"),
    (".", "output: .* is a folder; name the backup file"),
    ("amtrax.db", "output: .*amtrax.db is the database"),
])
def test_bad_outputs_are_refused(ann, tmp_path, name, message):
    with pytest.raises(Invalid, match=message):
        backup(tmp_path / name, force=True)
    assert leftovers(tmp_path) == []


def test_an_unwritable_folder_is_a_clear_error(ann, tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    with pytest.raises(StoreError, match="cannot write the backup .*copy.db: Permission denied"):
        backup(tmp_path / "copy.db")


def test_postgresql_is_pointed_to_pg_dump(tmp_path):
    db.initialize(peewee.PostgresqlDatabase("amtrax"))
    with pytest.raises(StoreError, match="for PostgreSQL use pg_dump"):
        backup(tmp_path / "copy.db")
    assert list(tmp_path.iterdir()) == []


def copy_counts(path: Path) -> int:
    """The activities in a backup, after checking that none is half-written."""
    copy = sqlite3.connect(path)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        activities, allocations, created = (copy.execute(sql).fetchone()[0] for sql in (
            "SELECT count(*) FROM activity",
            "SELECT count(*) FROM allocation",
            "SELECT count(*) FROM change WHERE entity = 'activity' AND action = 'create'",
        ))
    finally:
        copy.close()
    assert activities == allocations == created
    return activities


def next_count(writer: Worker) -> int:
    said = writer.said()
    assert said.isdigit(), f"the writer stopped: {said}"
    return int(said)


def test_a_backup_taken_while_another_process_writes_is_consistent(ann, tmp_path):
    stop = tmp_path / "stop"
    writer = start("stream", str(tmp_path / "amtrax.db"), str(stop))
    try:
        assert writer.said() == "ready"
        writer.connection.send("go")
        while next_count(writer) < 20:  # the writer is well under way
            pass
        copies = [backup(tmp_path / f"copy{n}.db") for n in range(3)]
        counts = [copy_counts(info.path) for info in copies]
        while (written := next_count(writer)) <= counts[-1]:  # and still writing after the last copy
            pass
    finally:
        stop.touch()
        rest = writer.finish()
    written = int(rest[-1]) if rest else written  # it may stop before saying more
    assert [info.activities for info in copies] == counts
    assert 20 <= counts[0] <= counts[-1] < written
