"""The command line facing database trouble. Readers carry on while another
session holds the write lock; a write that stays locked, a full disk, a
read-only database: each is one line saying so, exit 1, and nothing written."""

from __future__ import annotations

import errno
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from amtrax_tui.store import db as store_db

from .conftest import Cli, contents, days_ago, record_args


@pytest.fixture
def impatient(monkeypatch) -> None:
    """Waits for a lock cut to a tenth of a second and no pause between tries, so what
    would wait for another session's write lock fails at once."""
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_S", 0.1)
    monkeypatch.setattr(store_db, "RETRY_PAUSE_S", 0)


@contextmanager
def write_lock(target: str) -> Iterator[None]:
    """Another session holding SQLite's write lock, with a write of its own not yet committed."""
    other = sqlite3.connect(target, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO member (name, amt_id, created_at) VALUES ('Other', 'O1', '2024-01-01')")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def failed(cli: Cli, *args: str) -> str:
    """Run a command that the database makes fail: exit 1, one line on stderr, nothing on stdout."""
    result = cli(*args)
    assert (result.code, result.out) == (1, ""), result
    assert result.err.startswith("amtrax-tui: ") and result.err.count("\n") == 1, result.err
    return result.err.strip()


def import_file(tmp_path: Path, title: str = "Imported course", notes: str = "") -> str:
    path = tmp_path / "import.csv"
    path.write_text(f"start_date,category,title,points,notes\n{days_ago(5)},professional-education,{title},1,{notes}\n")
    return str(path)


WRITES = {
    "record": lambda tmp_path: record_args("--notes", "N" * 2000, title="T" * 200),
    "import": lambda tmp_path: ["import", "--member", "A100", "--credential", "RMA", "--attest",
                                import_file(tmp_path, "I" * 200, "N" * 2000)],
    "cert add": lambda tmp_path: ["cert", "add", "--member", "A100", "--credential", "RPT",
                                  "--certified-on", days_ago(30)],
    "member add": lambda tmp_path: ["member", "add", "--name", "Bo Park", "--amt-id", "B200"],
}


def test_readers_carry_on_while_another_session_holds_the_write_lock(ann, impatient):
    ann.ok(*record_args())
    with write_lock(ann.target):
        assert "A100" in ann.ok("member", "list").out
        assert "RMA" in ann.ok("progress", "--member", "A100").out
        assert "Infection control update" in ann.ok("activities", "--member", "A100").out
        assert "RMA" in ann.ok("cert", "list", "--member", "A100").out
        assert "A100" in ann.ok("roster").out
        assert "Ann Lee" in ann.ok("export", "--member", "A100", "--credential", "RMA",
                                   "--format", "text", "--output", "-").out
        assert "is busy" in failed(ann, "member", "add", "--name", "Bo Park", "--amt-id", "B200")  # it is held


@pytest.mark.parametrize("write", WRITES, ids=list(WRITES))
def test_a_write_locked_past_every_try_says_the_database_is_busy(ann, impatient, tmp_path, write):
    before = contents(ann.target)
    with write_lock(ann.target):
        message = failed(ann, *WRITES[write](tmp_path))
    assert message == (f"amtrax-tui: the database {ann.target} is busy (database is locked); "
                       "nothing was saved: try again in a moment")
    assert contents(ann.target) == before


@pytest.fixture
def small_disk(tmp_path) -> Iterator[Path]:
    """A 1 MiB tmpfs of its own; a skip where this machine does not let the tests mount one
    (the page-limit cases below still simulate a full disk there)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip() or done.returncode}")
    yield mount
    subprocess.run(["umount", "--lazy", str(mount)], check=True)


def fill(folder: Path) -> Path:
    """Take every byte left on the disk holding `folder`."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as out:
        try:
            while True:
                out.write(bytes(4096))
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    return filler


def with_ann(cli: Cli) -> Cli:
    cli.ok("member", "add", "--name", "Ann Lee", "--amt-id", "A100")
    cli.ok("cert", "add", "--member", "A100", "--credential", "RMA", "--certified-on", days_ago(400))
    return cli


def integrity(target: str) -> str:
    with closing(sqlite3.connect(target)) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


@pytest.mark.parametrize("write", ["record", "import", "cert add"])
def test_a_full_disk_is_named_and_nothing_is_written(small_disk, capsys, tmp_path, write):
    """The disk fills while other sessions use the database. Before, record, import and
    cert add said "cannot rollback - no transaction is active"."""
    cli = with_ann(Cli(str(small_disk / "amtrax.db"), capsys))
    before = contents(cli.target)
    other = sqlite3.connect(cli.target)  # a kiosk with the database open
    other.execute("SELECT count(*) FROM member")
    filler = fill(small_disk)
    message = failed(cli, *WRITES[write](tmp_path))
    filler.unlink()
    other.close()
    assert message == (f"amtrax-tui: the disk holding the database {cli.target} is full (database or disk is full); "
                       "nothing was saved: free some space and try again")
    assert contents(cli.target) == before
    assert integrity(cli.target) == "ok"


def test_opening_a_database_on_a_full_disk_names_the_disk(small_disk, capsys):
    cli = with_ann(Cli(str(small_disk / "amtrax.db"), capsys))
    before = contents(cli.target)
    filler = fill(small_disk)  # no room for the shared-memory file SQLite makes on opening
    message = failed(cli, "member", "list")
    filler.unlink()
    assert message == f"amtrax-tui: cannot open the database {cli.target}: disk I/O error, no space left on the disk"
    assert contents(cli.target) == before
    assert integrity(cli.target) == "ok"


@pytest.mark.parametrize("write", ["record", "import"])
def test_a_database_at_its_page_limit_is_reported_as_a_full_disk(ann, tmp_path, monkeypatch, write):
    """SQLite's own page limit stands in for the disk, wherever no tmpfs can be mounted."""
    ann.ok(*record_args("--notes", "N" * 2000, title="U" * 200))  # a second one cannot share its page
    before = contents(ann.target)
    with closing(sqlite3.connect(ann.target)) as connection:
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
    monkeypatch.setitem(store_db.SQLITE_PRAGMAS, "max_page_count", pages)
    assert failed(ann, *WRITES[write](tmp_path)) == (
        f"amtrax-tui: the disk holding the database {ann.target} is full (database or disk is full); "
        "nothing was saved: free some space and try again")
    assert contents(ann.target) == before
    assert integrity(ann.target) == "ok"


def test_a_database_on_a_read_only_mount_is_refused_as_read_only(small_disk, capsys):
    cli = with_ann(Cli(str(small_disk / "amtrax.db"), capsys))
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        message = failed(cli, "member", "list")
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    assert message == f"amtrax-tui: cannot open the database {cli.target}: the disk holding it is mounted read-only"


def test_a_database_that_refuses_writes_says_it_cannot_be_written(ann, monkeypatch):
    """SQLite's query_only stands in for a file opened read-only."""
    before = contents(ann.target)
    monkeypatch.setitem(store_db.SQLITE_PRAGMAS, "query_only", 1)
    assert failed(ann, *record_args()) == (
        f"amtrax-tui: the database {ann.target} cannot be written (attempt to write a readonly database); "
        "nothing was saved: check that this user may write it and that its disk is not mounted read-only")
    assert contents(ann.target) == before
