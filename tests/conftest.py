"""Shared fixtures: the shipped rules, and a database on SQLite and PostgreSQL.

The PostgreSQL variant runs when AMTRAX_TEST_POSTGRES holds a server URL. It
works in a scratch database made for the session (one schema per test) and
drops it at the end; an unreachable server fails the tests instead of
skipping them. Under pytest-xdist each worker is a session of its own.

A migrated SQLite database is made once per session by `open_database`; a test
that needs one starts from a copy of that file (`new_sqlite`), since migrating
afresh for each test costs far more than the copy.
"""

from __future__ import annotations

import collections
import contextlib
import gc
import itertools
import os
import shutil
import signal
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from hypothesis import settings

from amtrax_tui.ccp import load_rules
from amtrax_tui.store import auth
from amtrax_tui.store.db import HISTORY_TABLE, open_database
from amtrax_tui.store.models import db

# Hypothesis judges no durations (speed lives in benchmarks/): its 200 ms deadline per
# example failed right answers on a busy machine with the suite on every core.
settings.register_profile("amtrax", deadline=None)
settings.load_profile("amtrax")



def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The order the workers are handed files in: files holding a `long` test first, then by
    number of tests. By number alone (xdist's own order) the files of a few long tests went
    last and ran on after the other workers had finished."""
    count = collections.Counter(item.path for item in items)
    with_long = {item.path for item in items if item.get_closest_marker("long")}
    items.sort(key=lambda item: (item.path not in with_long, -count[item.path], str(item.path)))


def pytest_collection_finish(session: pytest.Session) -> None:
    """Each worker's garbage collector runs between tests, never during one (see below); what
    lives for the whole run is frozen first, so it is never scanned again."""
    gc.collect()
    gc.freeze()
    gc.disable()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    """A full collection after each test, of what it left in cycles; what outlives it (module and
    session fixtures, caches) is frozen. A Pilot test leaves an app's worth of objects in cycles;
    collected by Python's thresholds while a test ran, its running app's live objects were scanned
    again and again. Collecting only between tests took the workers' CPU over the whole suite from
    235 s to 200 s, and no worker above 230 MB. The app itself runs with Python's defaults."""
    try:
        return (yield)
    finally:
        gc.collect()
        gc.freeze()


def pytest_xdist_auto_num_workers(config) -> int:
    """Two workers per core for `-n auto`: most of a Pilot or tmux test is spent waiting for
    the app's timers, threads and frames, so one worker per core leaves the cores half idle."""
    return 2 * (os.cpu_count() or 1)


PG_ENV = "AMTRAX_TEST_POSTGRES"
GOLDEN = Path(__file__).parent / "golden"
UPDATE_GOLDEN = "AMTRAX_UPDATE_GOLDEN"  # set to 1 to rewrite the golden files after a deliberate change


@pytest.fixture(scope="session")
def rules():
    return load_rules()


@pytest.fixture(autouse=True)
def _no_stray_database(monkeypatch):
    """No test may touch the user's real database or config by accident."""
    monkeypatch.delenv("AMTRAX_DB", raising=False)
    monkeypatch.setenv("AMTRAX_CONFIG", os.devnull)


SHIPPED_SCRYPT_COST = auth.SCRYPT_COST  # what the app hashes PINs at; test_auth.py checks it


@pytest.fixture(autouse=True)
def _cheap_pins(monkeypatch):
    """PINs hashed at a small scrypt cost: at the shipped one each PIN set, and each sign-in,
    took about 50 ms of CPU, hundreds of times in the suite. A hash is checked at the cost it
    was made with, so nothing else changes (a CLI run in a process of its own still hashes
    at the shipped cost, and checks these)."""
    monkeypatch.setattr(auth, "SCRYPT_COST", 2**4)


@pytest.fixture
def golden():
    """Compare text with tests/golden/NAME; AMTRAX_UPDATE_GOLDEN=1 rewrites it."""

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if os.environ.get(UPDATE_GOLDEN) == "1":
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
        assert path.exists(), f"no golden file {path}; run with {UPDATE_GOLDEN}=1 to create it"
        assert text == path.read_bytes().decode("utf-8"), f"differs from {path}"

    return check


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture(scope="session")
def postgres_server():
    """A scratch database on the server named by AMTRAX_TEST_POSTGRES, dropped afterwards."""
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"{PG_ENV} is not set: PostgreSQL tests need a server URL")
    import psycopg

    try:
        admin = psycopg.connect(url, autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:
        pytest.fail(f"{PG_ENV}={url}: cannot reach PostgreSQL: {exc}", pytrace=False)
    name = f"amtrax_test_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_database(url, name), itertools.count()
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory) -> Path:
    """A SQLite file migrated by `open_database` once for the session: never opened by a test."""
    path = tmp_path_factory.mktemp("migrated") / "amtrax.db"
    bound = db.obj
    open_database(str(path)).close()
    db.initialize(bound)  # the models stay with the test's own database, never this one
    return path


@pytest.fixture
def new_sqlite(migrated_sqlite):
    """new_sqlite(path): put a copy of the migrated SQLite file at `path` (with the owner-only
    mode `open_database` gave it), as a first `open_database(path)` would have made it; `path`."""

    def make(path: Path) -> Path:
        shutil.copy(migrated_sqlite, path)
        return path

    return make


@pytest.fixture(scope="session")
def migrated_postgres(postgres_server) -> tuple[str, str]:
    """A schema of the scratch database migrated by `open_database` once for the session:
    its URL, and the SQL that empties it again (every table but the migrations' record,
    the tables referring to others first; their sequences back to 1)."""
    import psycopg

    base, _ = postgres_server
    schema = "migrated"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    url = f"{base}?options=-csearch_path%3D{schema}"
    bound = db.obj
    open_database(url).close()
    db.initialize(bound)
    with psycopg.connect(base) as conn:
        tables = {name for (name,) in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", (schema,))}
        references = conn.execute(
            "SELECT r.relname, t.relname FROM pg_constraint k JOIN pg_class r ON r.oid = k.conrelid "
            "JOIN pg_class t ON t.oid = k.confrelid WHERE k.contype = 'f' AND k.connamespace = %s::regnamespace",
            (schema,)).fetchall()
        sequences = [name for (name,) in conn.execute(  # the emptied tables' own: not the migrations' record's
            "SELECT s.relname FROM pg_class s JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid "
            "AND d.refclassid = 'pg_class'::regclass JOIN pg_class t ON t.oid = d.refobjid "
            "WHERE s.relkind = 'S' AND s.relnamespace = %s::regnamespace AND t.relname <> %s",
            (schema, HISTORY_TABLE)).fetchall()]
    left, order = tables - {HISTORY_TABLE}, []
    while left:
        free = sorted(t for t in left if not any(to == t and by in left and by != t for by, to in references))
        assert free, f"the tables {sorted(left)} refer to each other in a cycle"
        order += free
        left -= set(free)
    statements = ["SET lock_timeout = '10s'"]  # a session left holding a lock fails the test, not hangs it
    statements += [f'DELETE FROM "{schema}"."{table}"' for table in order]
    statements += [f"SELECT setval('\"{schema}\".\"{sequence}\"', 1, false)" for sequence in sequences]
    return url, "; ".join(statements)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """A fresh, empty database target: a SQLite file path or a PostgreSQL URL.

    For a test that opens the store on it (`database`) the PostgreSQL target is the
    session's migrated schema, emptied: far quicker than migrating a new one."""
    if request.param == "sqlite":
        return str(tmp_path / "amtrax.db")
    base, counter = request.getfixturevalue("postgres_server")
    import psycopg

    if "database" in request.fixturenames:
        url, empty = request.getfixturevalue("migrated_postgres")
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(empty)
        return url
    schema = f"t{next(counter)}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    return f"{base}?options=-csearch_path%3D{schema}"


@pytest.fixture
def database(database_url, new_sqlite):
    """The store opened (and migrated) on a fresh database; closed afterwards."""
    if "://" not in database_url:
        new_sqlite(Path(database_url))
    opened = open_database(database_url)
    yield opened
    opened.close()


@pytest.fixture
def sqlite_db(tmp_path, new_sqlite):
    """The store opened on a fresh SQLite file, for SQLite-only behaviour."""
    opened = open_database(str(new_sqlite(tmp_path / "amtrax.db")))
    yield opened
    opened.close()


@pytest.fixture(autouse=True)
def _close_database():
    yield
    if db.obj is not None and not db.obj.is_closed():
        db.obj.close()


@pytest.fixture
def no_hang():
    """A context manager that fails the test instead of letting it hang, should the
    code under test open a FIFO and wait for a writer (SIGALRM interrupts the wait)."""
    @contextlib.contextmanager
    def within(seconds: int = 10):
        def give_up(signum, frame):
            raise AssertionError(f"still blocked after {seconds} s: was a FIFO opened?")
        previous = signal.signal(signal.SIGALRM, give_up)
        signal.alarm(seconds)
        try:
            yield
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
    return within
