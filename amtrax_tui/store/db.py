"""Opening the database: SQLite by path (WAL), PostgreSQL by URL, migrated on open."""

from __future__ import annotations

import os
import re
from contextlib import suppress
from pathlib import Path
from urllib.parse import unquote_plus

import peewee
from platformdirs import user_data_path
from playhouse.db_url import connect
from playhouse.migrations import Runner

from amtrax_tui.store.models import db

ENV_VAR = "AMTRAX_DB"
MIGRATIONS = Path(__file__).with_name("migrations")
HISTORY_TABLE = "schema_migration"
BUSY_TIMEOUT_S = 30  # several SSH sessions and kiosks may write to one file at once
DATABASE_SUFFIXES = ("", "-wal", "-shm", "-journal")  # the file and what SQLite keeps beside it
SQLITE_PRAGMAS = {"journal_mode": "wal", "foreign_keys": 1, "synchronous": "normal"}


class StoreError(Exception):
    """The database cannot be used; the message says why and what to do."""


def default_path() -> Path:
    return user_data_path("amtrax-tui", appauthor=False) / "amtrax.db"


def resolve_target(target: str | None) -> str:
    """--db, else $AMTRAX_DB, else the SQLite file in the user's data directory."""
    return target or os.environ.get(ENV_VAR) or str(default_path())


def open_database(target: str | None = None) -> peewee.Database:
    """Open, migrate and bind the models to the database named by `target`."""
    target = resolve_target(target)
    database = _connect_url(target) if "://" in target else _connect_sqlite(Path(target))
    try:
        database.connect(reuse_if_open=True)
        _migrate(database)
    except peewee.DatabaseError as exc:
        database.close()
        raise StoreError(f"cannot open the database {redact_url(target)}: {_reason(exc)}") from None
    except StoreError:
        database.close()
        raise
    db.initialize(database)
    return database


def _connect_url(url: str) -> peewee.Database:
    if not url.startswith(("postgres://", "postgresql://", "sqlite://")):
        raise StoreError(f"unsupported database URL {redact_url(url)}: use a file path or postgresql://")
    try:
        if url.startswith("sqlite://"):
            return _connect_sqlite(Path(connect(url).database))
        return connect(url, prefer_psycopg3=True)
    except (ImportError, RuntimeError) as exc:
        raise StoreError(f"cannot use {redact_url(url)}: {exc} (install amtrax-tui[postgres])") from None
    except ValueError:  # the parser's own message may quote part of the password
        raise StoreError(f"cannot use {redact_url(url)}: it is not a valid URL (check the host and port; "
                         "percent-encode / ? # @ : in the user name and password)") from None


def _connect_sqlite(path: Path) -> peewee.Database:
    if path.is_dir():
        raise StoreError(f"cannot open the database {path}: it is a folder")
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise StoreError(f"cannot open the database {path}: this user may not read and write it "
                         "(check the file's owner, group and permissions)")
    if path.parent.is_dir() and not os.access(path.parent, os.W_OK | os.X_OK):
        raise StoreError(f"cannot open the database {path}: this user may not write in the folder "
                         f"{path.parent}, where SQLite keeps its -wal and -shm files beside the database")
    if not path.exists():
        if path == default_path():
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        elif not path.parent.is_dir():
            raise StoreError(f"cannot create the database {path}: the folder {path.parent} does not exist")
        try:
            # Owner only: the file holds members' records. WAL files inherit this mode.
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        except OSError as exc:
            raise StoreError(f"cannot create the database {path}: {exc.strerror}") from None
    return _sqlite(str(path))


def _sqlite(path: str) -> peewee.SqliteDatabase:
    return peewee.SqliteDatabase(path, pragmas=SQLITE_PRAGMAS, timeout=BUSY_TIMEOUT_S)


def _migrate(database: peewee.Database) -> None:
    """Apply pending migrations, one process at a time; refuse a newer schema."""
    runner = Runner(database, directory=str(MIGRATIONS), table_name=HISTORY_TABLE)
    if isinstance(database, peewee.SqliteDatabase):
        lock = database.atomic("IMMEDIATE")
    else:
        lock = database.atomic()
    with lock:
        if isinstance(database, peewee.PostgresqlDatabase):
            database.execute_sql("SELECT pg_advisory_xact_lock(7206)")
        unknown = [m.name for m in runner.status() if m.path is None]
        if unknown:
            raise StoreError(
                "this database was written by a newer version of amtrax-tui "
                f"(schema {unknown[-1]}); upgrade amtrax-tui to use it"
            )
        runner.up()


def database_file() -> Path | None:
    """The open SQLite database's file; None on PostgreSQL or before one is opened."""
    if isinstance(db.obj, peewee.SqliteDatabase):
        return Path(db.obj.database)
    return None


def database_files() -> list[Path]:
    """The open SQLite database and the companion files SQLite may keep beside it (none on PostgreSQL)."""
    database = database_file()
    return [] if database is None else [database.with_name(database.name + suffix) for suffix in DATABASE_SUFFIXES]


def is_database_status(status: os.stat_result) -> bool:
    """Whether `status` is that of the open database or a companion file: a hard link has the same."""
    for file in database_files():
        with suppress(OSError):  # a companion file may not be there
            if os.path.samestat(status, file.stat()):
                return True
    return False


def is_database_file(path: str | Path) -> bool:
    """Whether `path` names the open database or a companion file, by name or
    through a symbolic or hard link: writing it would destroy the database."""
    files = database_files()
    path = Path(path).expanduser()
    if path.resolve() in {file.resolve() for file in files}:
        return True
    try:
        return is_database_status(path.stat())
    except OSError:  # nothing there yet
        return False


def redact_url(target: str) -> str:
    """`target` as it may be shown: a database URL with its passwords (user:PASSWORD@,
    ?password=, ?sslpassword=, names percent-encoded or not) replaced by ***.

    Deliberately loose, so a malformed URL hides too much rather than too little:
    user information ends at the last @, and a parameter's value at the next &."""
    if "://" not in target:
        return target
    scheme, rest = target.split("://", 1)
    rest = _PARAMETER.sub(_hide_password, rest)
    credentials, at, host = rest.rpartition("@")
    if at and ":" in credentials:
        rest = f"{credentials.split(':', 1)[0]}:***@{host}"
    return f"{scheme}://{rest}"


def redact(text: str) -> str:
    """`text` (a message, a traceback) with every URL in it passed through
    redact_url; quotes and punctuation closing a URL are kept as they are."""
    def one(match: re.Match) -> str:
        url = match.group().rstrip("'\")]}>,.;:")
        return redact_url(url) + match.group()[len(url):]
    return _URL.sub(one, text)


_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S+")
_PARAMETER = re.compile(r"([?&])([^=&]*)=([^&]*)")


def _hide_password(match: re.Match) -> str:
    separator, name, _ = match.groups()
    if "password" in unquote_plus(name).lower():
        return f"{separator}{name}=***"
    return match.group()


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    reason = text[0] if text else type(exc).__name__
    if "not a database" in reason or "malformed" in reason:
        reason += " (the file was left as it is; restore a backup, or name another file with --db)"
    return reason


def writing():
    """A write transaction. On SQLite it takes the write lock at BEGIN, so a
    writer waits its turn (busy timeout) instead of failing with "locked"."""
    if isinstance(db.obj, peewee.SqliteDatabase):
        return db.atomic("IMMEDIATE")
    return db.atomic()
