"""The open database's file, and recognising it under any name a writer might be given."""

import os
from pathlib import Path

from amtrax_tui.store.db import database_file, is_database_file


def test_the_open_sqlite_file_is_known_by_name_link_and_companion(sqlite_db, tmp_path, monkeypatch):
    database = tmp_path / "amtrax.db"
    assert database_file() == database
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.db").symlink_to(database)
    (tmp_path / "folder-link").symlink_to(tmp_path)
    os.link(database, tmp_path / "hard.db")
    for name in ("amtrax.db", "./sub/../amtrax.db", str(database), "link.db", "folder-link/amtrax.db", "hard.db",
                 "amtrax.db-wal", "amtrax.db-shm", "amtrax.db-journal", "folder-link/amtrax.db-wal"):
        assert is_database_file(name), name
    for name in ("copy.db", "sub/amtrax.db", "amtrax.db.bak"):
        assert not is_database_file(name), name


def test_a_hard_link_to_the_wal_file_is_known_while_the_database_is_open(sqlite_db, tmp_path):
    wal = tmp_path / "amtrax.db-wal"
    assert wal.exists()  # WAL mode: the open database has one
    os.link(wal, tmp_path / "log.txt")
    assert is_database_file(tmp_path / "log.txt")


def test_the_database_file_is_the_one_opened_and_postgresql_has_none(database, database_url, tmp_path):
    """On SQLite the file opened; PostgreSQL keeps no file a writer could name."""
    expected = None if "://" in database_url else Path(database_url)
    assert database_file() == expected
    assert is_database_file(tmp_path / "amtrax.db") == (expected is not None)
