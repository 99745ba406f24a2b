"""Opening the database: SQLite by path (WAL), PostgreSQL by URL, migrated on open.

A database that cannot be used right now (busy, full, read-only, out of reach)
is reported as one of the StoreError kinds below, whose one-line message says
what happened in the database's own words; never as a driver error. Writes run
in `writing()` transactions, retried whole by `retry_when_busy`.
"""

from __future__ import annotations

import contextlib
import functools
import os
import random
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote_plus

import peewee
from platformdirs import user_data_path

from amtrax_tui.store.models import db

if TYPE_CHECKING:  # loaded when needed: each import costs the app's start some milliseconds
    from playhouse.migrations import Runner

ENV_VAR = "AMTRAX_DB"
MIGRATIONS = Path(__file__).with_name("migrations")
HISTORY_TABLE = "schema_migration"
# Several SSH sessions and kiosks may write at once. A SQLite writer waits this
# long for the write lock; a write that still finds the database busy is tried
# again, WRITE_ATTEMPTS times in all, after a random pause of up to
# RETRY_PAUSE_S * 2**n before the nth retry.
BUSY_TIMEOUT_S = 10
WRITE_ATTEMPTS = 3
RETRY_PAUSE_S = 0.05
DATABASE_SUFFIXES = ("", "-wal", "-shm", "-journal")  # the file and what SQLite keeps beside it
SQLITE_PRAGMAS = {"foreign_keys": 1, "synchronous": "normal"}  # each connection's; WAL is the file's (_use_wal)
MIGRATION_LOCK = 7206  # PostgreSQL advisory lock: one process migrates at a time


class StoreError(Exception):
    """The database cannot be used; the message says why and what to do.
    `cause` holds the database's own words when the database itself failed."""

    def __init__(self, message: str, cause: str | None = None):
        super().__init__(message)
        self.cause = cause


class Busy(StoreError):
    """Other sessions held what a write needs through every try (SQLite's write
    lock past its busy timeout, a PostgreSQL deadlock or lock wait). Nothing was saved."""


class DiskFull(StoreError):
    """The disk holding the database is full. Nothing was saved."""


class ReadOnly(StoreError):
    """The database may not be written: permissions, a read-only mount or server."""


class Gone(StoreError):
    """The database server cannot be reached, or the connection to it was lost.
    The next use connects again."""


_MESSAGES = {
    Busy: "the database {where} is busy ({cause}); nothing was saved: try again in a moment",
    DiskFull: "the disk holding the database {where} is full ({cause}); nothing was saved: "
    "free some space and try again",
    ReadOnly: "the database {where} cannot be written ({cause}); nothing was saved: check that this "
    "user may write it and that its disk is not mounted read-only",
    Gone: "the server of the database {where} cannot be reached ({cause}); try again once it is back",
    StoreError: "the database {where} failed ({cause})",
}
# What a driver error means, by SQLite primary result code or PostgreSQL SQLSTATE.
_SQLITE_KINDS = {5: Busy, 6: Busy, 8: ReadOnly, 13: DiskFull}  # BUSY, LOCKED, READONLY, FULL
_SQLITE_IOERR = 10
_POSTGRES_KINDS = {
    "40001": Busy,
    "40P01": Busy,
    "55P03": Busy,  # serialization failure, deadlock, lock not available
    "53100": DiskFull,
    "25006": ReadOnly,
    "42501": ReadOnly,  # disk full, read-only transaction, no privilege
    "57P01": Gone,
    "57P02": Gone,
    "57P03": Gone,  # the server shut down, crashed, or is starting
}


def _problem(exc: peewee.PeeweeException, database: _Guarded) -> StoreError | None:
    """The StoreError a driver error means; None for a mistake of the program
    itself (a broken constraint, bad SQL), which stays as it is."""
    driver = getattr(exc, "orig", None)
    if driver is None or isinstance(
        exc, (peewee.IntegrityError, peewee.ProgrammingError, peewee.DataError, peewee.NotSupportedError)
    ):
        return None
    code, state = getattr(driver, "sqlite_errorcode", None), getattr(driver, "sqlstate", None)
    cause = _reason(driver)
    if code is not None:
        kind = _SQLITE_KINDS.get(code & 0xFF, StoreError)
        if code & 0xFF == _SQLITE_IOERR and _out_of_space(database.database):  # say, no room for the -shm file
            kind, cause = DiskFull, f"{cause}, no space left on the disk"
    elif state is not None:
        kind = _POSTGRES_KINDS.get(state, Gone if state.startswith("08") else StoreError)  # 08: connection
    else:  # the PostgreSQL driver's own: no connection, or it broke
        kind = Gone if isinstance(exc, (peewee.OperationalError, peewee.InterfaceError)) else StoreError
    return kind(_MESSAGES[kind].format(where=database.where, cause=cause), cause)


def _out_of_space(path: str) -> bool:
    """Whether the disk holding the file `path` has no room left for this user."""
    try:
        return os.statvfs(Path(path).parent).f_bavail == 0
    except (OSError, AttributeError):  # no statvfs on Windows
        return False


class _Guarded(peewee.Database):
    """The Peewee methods that reach the driver, with its errors made StoreErrors (see _problem)."""

    where = ""  # the database as messages name it

    def connect(self, reuse_if_open=False):
        with self._translated():
            return super().connect(reuse_if_open)

    def execute_sql(self, sql, params=None):
        with self._translated():
            return super().execute_sql(sql, params)

    def begin(self, *args, **kwargs):
        with self._translated():
            super().begin(*args, **kwargs)

    def commit(self):
        with self._translated():
            super().commit()

    def rollback(self):
        with self._translated():
            super().rollback()

    @contextlib.contextmanager
    def _translated(self):
        try:
            yield
        except peewee.PeeweeException as exc:
            problem = _problem(exc, self)
            if problem is None:
                raise
            raise problem from exc


class _Sqlite(_Guarded, peewee.SqliteDatabase):
    """SQLite, its driver's errors said as StoreErrors."""


class _Postgresql(_Guarded, peewee.PostgresqlDatabase):
    def cursor(self, named_cursor=None):
        # A connection the server dropped (a restart, a network cut) is replaced at
        # the next use outside a transaction; a transaction on it has failed already.
        if not self.is_closed() and not self.in_transaction() and not self.is_connection_usable():
            state = self._state  # type: ignore[attr-defined]  # peewee-stubs leave out Database._state
            with contextlib.suppress(Exception):
                state.conn.close()
            state.reset()
        return super().cursor(named_cursor)


def default_path() -> Path:
    return user_data_path("amtrax-tui", appauthor=False) / "amtrax.db"


def resolve_target(target: str | None) -> str:
    """--db, else $AMTRAX_DB, else the SQLite file in the user's data directory."""
    return target or os.environ.get(ENV_VAR) or str(default_path())


def open_database(target: str | None = None) -> peewee.Database:
    """Open, migrate and bind the models to the database named by `target`."""
    target = resolve_target(target)
    database = _connect_url(target) if "://" in target else _connect_sqlite(Path(target))
    database.where = redact_url(target)
    try:
        database.connect(reuse_if_open=True)
        if isinstance(database, _Sqlite):
            _use_wal(database)
        _migrate(database)
    except (StoreError, peewee.DatabaseError) as exc:
        with contextlib.suppress(StoreError, peewee.PeeweeException):
            database.close()
        if not isinstance(exc, StoreError):
            raise StoreError(f"cannot open the database {database.where}: {_reason(exc)}") from None
        if exc.cause is None:  # refused by the schema check, which says why
            raise
        raise type(exc)(f"cannot open the database {database.where}: {exc.cause}", exc.cause) from None
    db.initialize(database)
    return database


def _connect_url(url: str) -> _Guarded:
    if not url.startswith(("postgres://", "postgresql://", "sqlite://")):
        raise StoreError(f"unsupported database URL {redact_url(url)}: use a file path or postgresql://")
    from playhouse.db_url import connect, parse  # loads every backend's extension: only for a URL

    try:
        if url.startswith("sqlite://"):
            return _connect_sqlite(Path(connect(url).database))
        settings = parse(url)
        if not settings.get("database"):
            raise StoreError(f"the URL {redact_url(url)} names no database: use postgresql://HOST/DATABASE")
        return _Postgresql(**settings, prefer_psycopg3=True)
    except (ImportError, RuntimeError) as exc:
        raise StoreError(f"cannot use {redact_url(url)}: {exc} (install amtrax-tui[postgres])") from None
    except ValueError:  # the parser's own message may quote part of the password
        raise StoreError(
            f"cannot use {redact_url(url)}: it is not a valid URL (check the host and port; "
            "percent-encode / ? # @ : in the user name and password)"
        ) from None


def _connect_sqlite(path: Path) -> _Sqlite:
    if path.is_dir():
        raise StoreError(f"cannot open the database {path}: it is a folder")
    if path.parent.is_dir() and hasattr(os, "statvfs") and os.statvfs(path.parent).f_flag & os.ST_RDONLY:
        raise ReadOnly(f"cannot open the database {path}: the disk holding it is mounted read-only")
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise ReadOnly(
            f"cannot open the database {path}: this user may not read and write it "
            "(check the file's owner, group and permissions)"
        )
    if path.parent.is_dir() and not os.access(path.parent, os.W_OK | os.X_OK):
        raise ReadOnly(
            f"cannot open the database {path}: this user may not write in the folder "
            f"{path.parent}, where SQLite keeps its -wal and -shm files beside the database"
        )
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


def _sqlite(path: str) -> _Sqlite:
    return _Sqlite(path, pragmas=SQLITE_PRAGMAS, timeout=BUSY_TIMEOUT_S)


def _use_wal(database: _Sqlite) -> None:
    """Turn the file to WAL, which it then stays. A new file turns under an exclusive lock,
    and SQLite says the database is locked at once, without the busy timeout's wait, while
    another connection holds the write lock on it (or is turning it too): sessions opening
    a new database together. Those wait here as long as a writer would."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            database.execute_sql("PRAGMA journal_mode = wal")
            return
        except Busy:
            if time.monotonic() > deadline:
                raise
            time.sleep(RETRY_PAUSE_S)


def _migrate(database: peewee.Database) -> None:
    """Apply pending migrations; refuse a newer schema. Checking only reads, so
    opening never waits for a writer (a long import, say). Only when a migration
    is pending is the write lock taken, one process at a time, and the check
    made again under it: another process may have migrated meanwhile."""
    if _up_to_date(database):
        return
    from playhouse.migrations import Runner

    runner = Runner(database, directory=str(MIGRATIONS), table_name=HISTORY_TABLE)
    if not _pending(runner):
        return
    with _transaction(database):
        if isinstance(database, peewee.PostgresqlDatabase):
            database.execute_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        if _pending(runner):
            runner.up()


def _up_to_date(database: peewee.Database) -> bool:
    """Whether the applied migrations are exactly those of this version: the usual
    case, checked with one query, without loading the migration runner (which
    decides everything else)."""
    if not database.table_exists(HISTORY_TABLE):
        return False
    applied = {name for (name,) in database.execute_sql(f"SELECT name FROM {HISTORY_TABLE}")}
    return applied == {path.stem for path in MIGRATIONS.glob("[0-9]*.py")}


def _pending(runner: Runner) -> bool:
    """Whether a migration is yet to be applied; refuses a schema from a newer version.
    The applied ones only grow, each migration committed whole, so reading them
    outside a transaction can at worst see one as pending that is not, which the
    check under the lock then finds."""
    status = runner.status()
    unknown = [m.name for m in status if m.path is None]
    if unknown:
        raise StoreError(
            "this database was written by a newer version of amtrax-tui "
            f"(schema {unknown[-1]}); upgrade amtrax-tui to use it"
        )
    return any(m.applied is None for m in status)


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
        with contextlib.suppress(OSError):  # a companion file may not be there
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
        return redact_url(url) + match.group()[len(url) :]

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
    """A write transaction (a savepoint within another). On SQLite it takes the
    write lock at BEGIN, so a writer waits its turn (busy timeout) instead of
    failing half-way with "locked". Use it inside a `retry_when_busy` use case."""
    return _transaction(db.obj)


@contextlib.contextmanager
def _transaction(database: peewee.Database):
    nested = database.in_transaction()
    transaction: peewee._savepoint | peewee._transaction
    if nested:
        transaction = database.savepoint()
    elif isinstance(database, peewee.SqliteDatabase):
        transaction = database.transaction("IMMEDIATE")
    else:
        transaction = database.transaction()
    transaction.__enter__()
    try:
        yield transaction
        transaction.commit(begin=False)
    except BaseException as exc:
        try:
            transaction.rollback(begin=False)
        except (StoreError, peewee.PeeweeException):
            # When the database failed, its error says what happened: the rollback's
            # is a consequence (SQLite ends the transaction itself on a full disk;
            # a lost connection takes it along).
            if not isinstance(exc, (StoreError, peewee.PeeweeException)):
                raise
        raise
    finally:
        if not nested:
            database.pop_transaction()


def retry_when_busy(use_case):
    """Run the write `use_case` again, whole, while it finds the database busy,
    WRITE_ATTEMPTS times in all; then its Busy error stands. The use case makes
    all its changes in one `writing()` block, so a busy attempt left nothing
    behind and the next cannot apply anything twice. Called within another
    write it runs once: the outer write is the one retried."""

    @functools.wraps(use_case)
    def run(*args, **kwargs):
        if db.obj.in_transaction():
            return use_case(*args, **kwargs)
        for attempt in range(1, WRITE_ATTEMPTS):
            try:
                return use_case(*args, **kwargs)
            except Busy:
                # Random, so writers that collided do not collide again in step.
                time.sleep(random.uniform(0, RETRY_PAUSE_S * 2**attempt))
        return use_case(*args, **kwargs)

    return run
