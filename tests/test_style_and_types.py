"""The code's checked habits: ruff's lint rules and formatting, and mypy's types
(configured in pyproject.toml), hold over the whole package."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """A tool of this interpreter's environment, run as a module over the package."""
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_finds_nothing():
    result = run("ruff", "check", "--no-cache", "amtrax_tui")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All checks passed!" in result.stdout


def test_code_is_formatted_as_ruff_formats_it():
    result = run("ruff", "format", "--check", "--no-cache", "amtrax_tui")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "already formatted" in result.stdout


@pytest.mark.long
def test_mypy_finds_no_type_errors():
    # No cache: each run checks everything afresh, and parallel runs share no files.
    result = run("mypy", "--cache-dir", "/dev/null", "amtrax_tui")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Success: no issues found")
