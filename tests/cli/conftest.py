"""CLI fixtures: every test runs against its own SQLite file, never the machine's settings."""

from __future__ import annotations

import pytest

from amtrax_tui.cli import main


@pytest.fixture(autouse=True)
def _no_site_settings(monkeypatch, tmp_path):
    monkeypatch.delenv("AMTRAX_DB", raising=False)
    monkeypatch.setenv("AMTRAX_CONFIG", str(tmp_path / "no-config.toml"))


@pytest.fixture
def cli(tmp_path, capsys):
    """Run `amtrax-tui --db tmp/amtrax.db ARGS...`; (status, stdout, stderr)."""
    path = str(tmp_path / "amtrax.db")

    def run(*args: str, db: str | None = path) -> tuple[int, str, str]:
        status = main([*(["--db", db] if db else []), *args])
        out, err = capsys.readouterr()
        return status, out, err

    run.db_path = path
    return run
