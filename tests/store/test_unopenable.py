"""A database that cannot be opened: a clear StoreError, and a damaged file left as it was."""

from __future__ import annotations

import os
import sqlite3
import subprocess

import pytest

from amtrax_tui.store.db import ReadOnly, StoreError, open_database


def good_database_bytes(tmp_path) -> bytes:
    path = tmp_path / "good.db"
    open_database(str(path)).close()
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return path.read_bytes()


DAMAGE = {
    "random bytes": lambda good: os.urandom(8192),
    "a text file": lambda good: b"Dear colleague,\nhere are my notes.\n" * 40,
    "an SQLite header over garbage": lambda good: b"SQLite format 3\x00" + os.urandom(4096),
    "a truncated database": lambda good: good[: len(good) // 3],
    "a database with a damaged page": lambda good: good[:4096] + b"\xff" * 4096 + good[8192:],
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_a_damaged_file_is_refused_and_never_written(tmp_path, damage):
    path = tmp_path / "amtrax.db"
    path.write_bytes(DAMAGE[damage](good_database_bytes(tmp_path)))
    before = path.read_bytes()
    with pytest.raises(StoreError) as caught:
        open_database(str(path))
    assert str(caught.value).startswith(f"cannot open the database {path}: ")
    assert "the file was left as it is; restore a backup" in str(caught.value)
    assert path.read_bytes() == before


def test_a_missing_folder_is_named(tmp_path):
    with pytest.raises(StoreError, match=f"the folder {tmp_path / 'gone'} does not exist"):
        open_database(str(tmp_path / "gone" / "amtrax.db"))
    assert not (tmp_path / "gone").exists()


def test_a_folder_is_not_a_database(tmp_path):
    with pytest.raises(StoreError, match="it is a folder"):
        open_database(str(tmp_path))


def test_an_unreachable_postgresql_server_is_named_without_its_password():
    with pytest.raises(StoreError) as caught:
        open_database("postgresql://amtrax:secret@127.0.0.1:1/amtrax")
    message = str(caught.value)
    assert message.startswith("cannot open the database postgresql://amtrax:***@127.0.0.1:1/amtrax: ")
    assert "secret" not in message and "port 1 failed" in message


def set_writable(path, writable: bool) -> None:
    """Root writes any file whatever its mode: for root the file is made immutable instead."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i" if writable else "+i", str(path)], check=True)
    else:
        path.chmod(0o644 if writable else 0o444)


def test_a_file_this_user_may_not_write_is_refused_as_read_only(tmp_path):
    path = tmp_path / "amtrax.db"
    open_database(str(path)).close()
    set_writable(path, False)
    try:
        with pytest.raises(ReadOnly, match=f"cannot open the database {path}: this user may not read and write it"):
            open_database(str(path))
    finally:
        set_writable(path, True)
