"""No command writes over the database it has open: not by its name, not
through a symbolic or hard link, not its -wal or -shm file, --force or not."""

import os
import sqlite3
from pathlib import Path

import pytest

from .conftest import record_args

WRITERS = {
    "export": ["export", "--member", "A100", "--credential", "RMA", "--format", "text", "--output"],
    "audit-packet": ["audit-packet", "--member", "A100", "--credential", "RMA", "--output"],
    "backup": ["backup", "--output"],
}


def outputs(database: Path) -> dict[str, Path]:
    """Names for the database: itself, a symbolic link, a hard link, its -wal and -shm files."""
    link, hard = database.with_name("link.db"), database.with_name("hard.db")
    link.symlink_to(database)
    os.link(database, hard)
    return {"itself": database, "symbolic link": link, "hard link": hard,
            "-wal": database.with_name(database.name + "-wal"), "-shm": database.with_name(database.name + "-shm")}


@pytest.mark.parametrize("force", [False, True], ids=["", "--force"])
@pytest.mark.parametrize("writer", WRITERS)
def test_the_database_is_never_an_output(ann, writer, force):
    ann.ok(*record_args())
    database = Path(ann.target)
    before = database.read_bytes()
    for what, output in outputs(database).items():
        err = ann.refused(*WRITERS[writer], str(output), *(["--force"] if force else []))
        assert f"output: {output} is the database" in err, (what, err)
        assert database.read_bytes() == before, what
    assert sqlite3.connect(database).execute("PRAGMA quick_check").fetchone() == ("ok",)
    assert [a["title"] for a in ann.ok("activities", "--member", "A100", "--json").json()] == \
        ["Infection control update"]

