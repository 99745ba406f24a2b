"""A scratch PostgreSQL database for one benchmark section, dropped afterwards."""

from __future__ import annotations

import contextlib
import urllib.parse


@contextlib.contextmanager
def scratch_database(url: str, name: str):
    """Yield the URL of a new empty database `name` on the server of `url`."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    parts = urllib.parse.urlsplit(url)
    try:
        yield urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        from amtrax_tui.store.models import db

        if db.obj is not None:
            db.close()
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
