"""The installed command facing a database it cannot open: one clear line, exit 1,
no traceback, and the file left exactly as it was."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

COMMAND = str(Path(sys.executable).with_name("amtrax-tui"))


def amtrax(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "AMTRAX_CONFIG": "/nonexistent/config.toml"}
    env.pop("AMTRAX_DB", None)
    return subprocess.run([COMMAND, *args], capture_output=True, text=True, env=env)


def assert_refused(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr


@pytest.fixture
def read_only():
    """Make paths unwritable for this user. Root may write any file whatever its
    mode, so for root the paths are made immutable instead (chattr +i)."""
    done = []

    def make(path: Path) -> None:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "+i", str(path)], check=True)
        else:
            path.chmod(0o555 if path.is_dir() else 0o444)
        done.append(path)

    yield make
    for path in reversed(done):
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        else:
            path.chmod(0o755 if path.is_dir() else 0o644)


@pytest.fixture
def database(tmp_path) -> Path:
    path = tmp_path / "site" / "amtrax.db"
    path.parent.mkdir()
    assert amtrax("--db", str(path), "member", "add", "--name", "Ann", "--amt-id", "100").returncode == 0
    for leftover in path.parent.glob("amtrax.db-*"):  # as after the last session closed
        leftover.unlink()
    return path


def test_a_read_only_file(database, read_only):
    read_only(database)
    before = database.read_bytes()
    assert_refused(amtrax("--db", str(database), "member", "list"),
                   f"cannot open the database {database}: this user may not read and write it",
                   "check the file's owner, group and permissions")
    assert database.read_bytes() == before


def test_a_folder_this_user_may_not_write(database, read_only):
    read_only(database.parent)
    assert_refused(amtrax("--db", str(database), "member", "list"),
                   f"may not write in the folder {database.parent}, where SQLite keeps its -wal and -shm files")


def test_a_missing_folder(tmp_path):
    assert_refused(amtrax("--db", str(tmp_path / "no" / "amtrax.db"), "roster"),
                   f"the folder {tmp_path / 'no'} does not exist")
    assert not (tmp_path / "no").exists()


def test_a_corrupt_file_is_never_overwritten(tmp_path):
    path = tmp_path / "amtrax.db"
    path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 32)
    before = path.read_bytes()
    for args in (["member", "add", "--name", "Ann", "--amt-id", "1"], ["backup", "--output", str(tmp_path / "b.db")]):
        assert_refused(amtrax("--db", str(path), *args), "file is not a database", "the file was left as it is")
    assert path.read_bytes() == before
    assert not (tmp_path / "b.db").exists()


def test_an_unreachable_postgresql_server():
    assert_refused(amtrax("--db", "postgresql://amtrax:secret@127.0.0.1:1/amtrax", "roster"),
                   "cannot open the database postgresql://amtrax:***@127.0.0.1:1/amtrax: connection failed")
