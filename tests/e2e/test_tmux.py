"""The installed `amtrax-tui` in a real terminal (tmux, 80x24), driven by keystrokes."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).with_name("amtrax-tui")
DEADLINE_S = 30
SERVERS = itertools.count()


@pytest.fixture
def tmux(tmp_path):
    """A private tmux server (its own socket), killed afterwards."""
    assert shutil.which("tmux"), "tmux is required for the end-to-end tests"
    assert SCRIPT.exists(), f"the console script is not installed at {SCRIPT}"
    # A server of its own for each test: one test's server may still be exiting as the next starts
    # ("server exited unexpectedly" on the same socket).
    socket = f"amtrax-e2e-{os.getpid()}-{next(SERVERS)}"
    # A UTF-8 terminal, whatever the machine's locale: the app draws with ASCII under any other
    # (tests/e2e/test_terminals.py sets its own). The server and every pane get this environment.
    environment = {name: value for name, value in os.environ.items() if not name.startswith("LC_")}
    environment["LANG"] = "C.UTF-8"

    def run(*args: str) -> str:
        return subprocess.run(["tmux", "-L", socket, *args], check=True, capture_output=True, text=True,
                              env=environment).stdout

    yield run
    # What still runs in a pane is ended first: hung up by the server's end instead, the
    # app could stay behind, blocked writing to its dead terminal (test_kiosk_tmux.py).
    panes = subprocess.run(["tmux", "-L", socket, "list-panes", "-a", "-F", "#{pane_pid}"],
                           capture_output=True, text=True).stdout.split()
    for session in panes:  # each pane's shell leads a session of its own, the app within it
        for pid in subprocess.run(["pgrep", "-s", session], capture_output=True, text=True).stdout.split():
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid), signal.SIGKILL)
    subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)


def cli(db: Path, *args: str) -> str:
    done = subprocess.run([str(SCRIPT), *args, "--db", str(db)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def wait_for_text(tmux, text: str) -> str:
    deadline = time.monotonic() + DEADLINE_S
    while True:
        screen = tmux("capture-pane", "-p", "-t", "app")
        if text in screen:
            return screen
        if time.monotonic() > deadline:
            raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")
        time.sleep(0.1)


def test_record_an_activity_with_keystrokes_then_check_with_the_cli(tmux, tmp_path):
    db = tmp_path / "amtrax.db"
    today = dt.date.today()
    cli(db, "member", "add", "--name", "Lee Carter", "--amt-id", "E2E-1")
    cli(db, "cert", "add", "--member", "E2E-1", "--credential", "RMA",
        "--certified-on", (today - dt.timedelta(days=200)).isoformat())

    tmux("new-session", "-d", "-s", "app", "-x", "80", "-y", "24",
         f"TERM=xterm-256color {SCRIPT} --db {db}; sleep 30")
    screen = wait_for_text(tmux, "Registered Medical Assistant")
    assert "Lee Carter" in screen and "0.00 of 30 points" in screen

    tmux("send-keys", "-t", "app", "r")
    wait_for_text(tmux, "Record a CE activity")
    typed = today.strftime("%m/%d/%Y")
    # All at once, as a fast typist or a paste over SSH sends them: title; past the
    # provider to the points; the start date (the end follows it); past the evidence
    # to the attestation.
    tmux("send-keys", "-t", "app", "Sharps Safety Course", "Tab", "Tab", "2.5",
         "Tab", typed, "Tab", "Tab", "Space")
    screen = wait_for_text(tmux, "▐✔▌ I attest")
    assert "Title        Sharps Safety Course" in screen
    assert "Points       2.5" in screen and f"Start date   {typed}" in screen
    tmux("send-keys", "-t", "app", "C-s")
    wait_for_text(tmux, "2.50 of 30 points")

    tmux("send-keys", "-t", "app", "C-q")
    deadline = time.monotonic() + DEADLINE_S
    while "Registered Medical Assistant" in tmux("capture-pane", "-p", "-t", "app"):
        assert time.monotonic() < deadline, "the app did not quit on Ctrl+Q"
        time.sleep(0.1)

    (saved,) = json.loads(cli(db, "activities", "--member", "E2E-1", "--json"))
    assert saved["title"] == "Sharps Safety Course"
    assert saved["points"] == 2.5
    assert saved["start"] == saved["end"] == today.isoformat()
    assert saved["credentials"] == ["RMA"]


def test_the_app_names_a_database_it_cannot_open_without_its_password(tmux):
    url = "postgresql://amtrax:hunter2@127.0.0.1:1/amtrax?sslpassword=hunter3"
    tmux("new-session", "-d", "-s", "app", "-x", "80", "-y", "24",
         f"TERM=xterm-256color {SCRIPT} --db '{url}'; echo exit=$?; sleep 30")
    screen = wait_for_text(tmux, "Trying again")  # the app waits for the server, saying why
    assert "cannot open the database" in screen
    assert "postgresql://amtrax:***@127.0.0.1:1/amtrax?sslpassword=***" in screen.replace("\n", "")
    assert "hunter" not in screen
    tmux("send-keys", "-t", "app", "C-q")
    screen = wait_for_text(tmux, "exit=")
    assert "exit=0" in screen and "hunter" not in screen
