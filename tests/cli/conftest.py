"""Running the command line in-process against a database under tmp_path.

The CLI reads the real clock, so these tests place dates relative to today.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

import amtrax_tui.cli.parser
from amtrax_tui.cli import main
from amtrax_tui.store.models import db
from tests.smtp_server import mailbox  # noqa: F401  (a fixture: an SMTP server on 127.0.0.1)

TODAY = dt.date.today()


def days_ago(n: int) -> str:
    return (TODAY - dt.timedelta(days=n)).isoformat()


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)


class Cli:
    def __init__(self, target: str, capsys):
        self.target = target
        self.capsys = capsys

    def __call__(self, *args: str, db_option: bool = True) -> Result:
        self.capsys.readouterr()
        argv = [*args, "--db", self.target] if db_option else list(args)
        code = main(argv)
        if db.obj is not None:
            db.obj.close()
        captured = self.capsys.readouterr()
        return Result(code, captured.out, captured.err)

    def ok(self, *args: str) -> Result:
        result = self(*args)
        assert (result.code, result.err) == (0, ""), result
        return result

    def refused(self, *args: str) -> str:
        """Run a command that must be refused: exit 2, one line on stderr, nothing written."""
        before = contents(self.target)
        result = self(*args)
        assert result.code == 2, result
        assert result.out == ""
        assert result.err.startswith("amtrax-tui") and result.err.count("\n") == 1, result.err
        assert contents(self.target) == before, "a refused command must write nothing"
        return result.err.strip()


def contents(target: str) -> dict[str, list[tuple]] | None:
    """Every row of every table of a SQLite file (None when there is no file)."""
    if not Path(target).exists():
        return None
    with closing(sqlite3.connect(target)) as conn:  # closed here, not whenever it is collected
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}


_PARSER = functools.cache(amtrax_tui.cli.parser.build_parser)


@pytest.fixture(autouse=True)
def _one_parser(monkeypatch):
    """`main` builds its argument parser once here rather than at each of the thousands of
    commands these tests run in one process: building it is most of a command's time, and
    parsing leaves the parser as it was. (A real `amtrax-tui` process builds it once too.)"""
    monkeypatch.setattr(amtrax_tui.cli.parser, "build_parser", _PARSER)


@pytest.fixture
def cli(tmp_path, capsys) -> Cli:
    return Cli(str(tmp_path / "amtrax.db"), capsys)


@pytest.fixture
def ann(cli, new_sqlite) -> Cli:
    """Ann Lee (A100): RMA certified 400 days ago, MLT 100 days ago."""
    new_sqlite(Path(cli.target))  # what the first command would have made
    cli.ok("member", "add", "--name", "Ann Lee", "--amt-id", "A100")
    cli.ok("cert", "add", "--member", "A100", "--credential", "RMA", "--certified-on", days_ago(400))
    cli.ok("cert", "add", "--member", "A100", "--credential", "mlt", "--certified-on", days_ago(100))
    return cli


def record_args(*extra: str, title: str = "Infection control update", points: str = "1.5",
                start: str | None = None, attest: bool = True) -> list[str]:
    return ["record", "--member", "A100", "--credential", "RMA", "--category", "professional-education",
            "--title", title, "--points", points, "--start", start or days_ago(10),
            *(["--attest"] if attest else []), *extra]
