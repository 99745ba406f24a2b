"""A consistent copy of a SQLite database while others keep using it.

SQLite's online backup API copies the pages of one snapshot (in WAL mode
writers carry on meanwhile). The copy goes to a temporary file in the target's
folder and is renamed over the target only once complete and checked, so a
crash never leaves half a backup under the chosen name.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

import peewee

from amtrax_tui.ccp import FieldError
from amtrax_tui.store.db import StoreError, is_database_file
from amtrax_tui.store.models import db
from amtrax_tui.store.records import Invalid


class OutputExists(Invalid):
    """The backup file exists and replacing it was not asked for."""

    def __init__(self, path: Path):
        super().__init__([FieldError("output", f"{path} already exists")])
        self.path = path


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    size: int
    members: int
    activities: int


def backup(output: str | Path, force: bool = False) -> BackupInfo:
    """Copy the open SQLite database to `output`; refuse to replace a file unless `force`."""
    if not isinstance(db.obj, peewee.SqliteDatabase):
        raise StoreError(
            "backup copies SQLite files; for PostgreSQL use pg_dump "
            "(for example: pg_dump --format=custom --file=amtrax.dump DBNAME)"
        )
    output = Path(output).expanduser()
    if is_database_file(output):
        raise Invalid(
            [FieldError("output", f"{output} is the database (or its -wal or -shm file); choose another file")]
        )
    if output.is_dir():
        raise Invalid([FieldError("output", f"{output} is a folder; name the backup file")])
    if not output.parent.is_dir():
        raise Invalid([FieldError("output", f"the folder {output.parent} does not exist")])
    if output.exists() and not force:
        raise OutputExists(output)

    temporary = None
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".partial", dir=output.parent)
        os.close(fd)
        copy = sqlite3.connect(temporary)
        try:
            db.connection().backup(copy)
            check = copy.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise StoreError(f"the copy failed its check ({check}); {output} was not written")
            members = copy.execute("SELECT count(*) FROM member").fetchone()[0]
            activities = copy.execute("SELECT count(*) FROM activity").fetchone()[0]
        finally:
            copy.close()
        with open(temporary, "rb") as written:
            os.fsync(written.fileno())
        os.replace(temporary, output)
    except BaseException as exc:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, (sqlite3.Error, OSError)):
            raise StoreError(f"cannot write the backup {output}: {getattr(exc, 'strerror', None) or exc}") from None
        raise
    _sync_folder(output.parent)
    return BackupInfo(output, output.stat().st_size, members, activities)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
