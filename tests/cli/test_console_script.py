"""The installed `amtrax-tui` script and `python -m amtrax_tui`, run as real processes."""

import json
import os
import subprocess
import sys
from pathlib import Path

from amtrax_tui import __version__

from .conftest import days_ago

SCRIPT = Path(sys.executable).with_name("amtrax-tui")


def run(*args: str, env_db: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "AMTRAX_DB"}
    if env_db:
        env["AMTRAX_DB"] = env_db
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=60)


def test_console_script_version_and_help():
    assert run(str(SCRIPT), "--version").stdout == f"amtrax-tui {__version__}\n"
    result = run(str(SCRIPT), "record", "--help")
    assert result.returncode == 0 and "--allow-duplicate" in result.stdout


def test_python_dash_m_version():
    result = run(sys.executable, "-m", "amtrax_tui", "--version")
    assert (result.returncode, result.stdout) == (0, f"amtrax-tui {__version__}\n")


def test_console_script_records_and_reports(tmp_path):
    target = str(tmp_path / "amtrax.db")
    assert run(str(SCRIPT), "member", "add", "--name", "Ann Lee", "--amt-id", "A100", env_db=target).returncode == 0
    assert run(str(SCRIPT), "cert", "add", "--member", "A100", "--credential", "RPT",
               "--certified-on", days_ago(30), env_db=target).returncode == 0
    recorded = run(str(SCRIPT), "record", "--member", "A100", "--credential", "RPT", "--category", "authorship",
                   "--title", "Article", "--points", "24", "--start", days_ago(2), "--attest", env_db=target)
    assert (recorded.returncode, recorded.stdout, recorded.stderr) == (0, "1\n", "")
    [rpt] = json.loads(run(str(SCRIPT), "progress", "--member", "A100", "--json", env_db=target).stdout)
    assert (rpt["credential"], rpt["status"], rpt["date_met"], rpt["invoice_available_on"]) == (
        "RPT", "met", days_ago(2), days_ago(1))


def test_console_script_refusal_exits_2_with_one_line(tmp_path):
    target = str(tmp_path / "amtrax.db")
    run(str(SCRIPT), "member", "add", "--name", "Ann Lee", "--amt-id", "A100", env_db=target)
    result = run(str(SCRIPT), "member", "add", "--name", "Bob", "--amt-id", "A100", env_db=target)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "amtrax-tui: amt-id: A100 already belongs to another member\n"
