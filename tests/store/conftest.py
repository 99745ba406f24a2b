"""Store fixtures: a real SQLite file, and the same on PostgreSQL when
AMTRAX_TEST_POSTGRES names a server (then an unreachable server fails the run)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest

from amtrax_tui.ccp import load_rules
from amtrax_tui.store.db import open_database
from amtrax_tui.store.models import db

POSTGRES_ENV = "AMTRAX_TEST_POSTGRES"
BACKENDS = ["sqlite", "postgres"] if os.environ.get(POSTGRES_ENV) else ["sqlite"]


@contextmanager
def scratch_postgres() -> Iterator[str]:
    """A throwaway database on the test server, dropped afterwards; its URL."""
    import psycopg

    base = os.environ[POSTGRES_ENV]
    name = f"amtrax_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlsplit(base)._replace(path=f"/{name}").geturl()
    finally:
        if not db.is_closed():
            db.close()
        with psycopg.connect(base, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture(autouse=True)
def _no_site_settings(monkeypatch, tmp_path):
    """Tests never read this machine's config file or $AMTRAX_DB."""
    monkeypatch.delenv("AMTRAX_DB", raising=False)
    monkeypatch.setenv("AMTRAX_CONFIG", str(tmp_path / "no-config.toml"))


@pytest.fixture(params=BACKENDS)
def site_target(request, tmp_path) -> Iterator[str]:
    """Where a database lives: a file path, or a scratch PostgreSQL URL."""
    if request.param == "sqlite":
        yield str(tmp_path / "amtrax.db")
    else:
        with scratch_postgres() as url:
            yield url


@pytest.fixture
def site_db(site_target):
    database = open_database(site_target)
    yield database
    database.close()


@pytest.fixture(scope="session")
def rules():
    return load_rules()
