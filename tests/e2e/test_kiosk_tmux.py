"""The kiosk as a person uses it, and a terminal that goes away mid-form:
the installed `amtrax-tui` in tmux at 80x24."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import time
from pathlib import Path

from amtrax_tui.store.db import open_database
from amtrax_tui.store.drafts import load_draft
from tests.e2e.test_tmux import DEADLINE_S, SCRIPT, cli, tmux, wait_for_text  # noqa: F401 (tmux: fixture)


def with_input(db: Path, text: str, *args: str) -> None:
    done = subprocess.run([str(SCRIPT), *args, "--db", str(db)], input=text, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def a_member(db: Path) -> None:
    today = dt.date.today()
    cli(db, "member", "add", "--name", "Lee Carter", "--amt-id", "E2E-1")
    cli(db, "cert", "add", "--member", "E2E-1", "--credential", "RMA",
        "--certified-on", (today - dt.timedelta(days=200)).isoformat())


def start(tmux, command: str, status: Path) -> int:
    """`command` in a new 80x24 session "app", under a shell that writes its exit
    status to `status` (tmux itself may miss it); the app's process id."""
    tmux("new-session", "-d", "-s", "app", "-x", "80", "-y", "24",
         f"env TERM=xterm-256color AMTRAX_CONFIG=/dev/null {command}; echo $? > {status}; sleep 30")
    shell = tmux("display-message", "-p", "-t", "app", "#{pane_pid}").strip()
    found: list[str] = []

    def child() -> bool:
        found[:] = subprocess.run(["pgrep", "-P", shell], capture_output=True, text=True).stdout.split()
        return bool(found)

    wait_until(child, "the app to start")
    return int(found[0])


def exit_status(status: Path) -> int:
    wait_until(lambda: status.exists() and status.read_text().strip(), "the app to end")
    return int(status.read_text())


def ended(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"  # ended; not yet reaped
    except FileNotFoundError:  # ended and reaped
        return True


def wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + DEADLINE_S
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def keys(tmux, *sent: str) -> None:
    tmux("send-keys", "-t", "app", *sent)


def test_a_kiosk_session_member_then_staff(tmux, tmp_path):
    db = tmp_path / "amtrax.db"
    a_member(db)
    with_input(db, "2468\n", "member", "set-pin", "E2E-1")
    with_input(db, "9753\n", "staff", "add", "Jo Park")
    status = tmp_path / "status"
    pid = start(tmux, f"{SCRIPT} --kiosk --db {db}", status)

    wait_for_text(tmux, "ID or name")
    keys(tmux, "E2E-1", "Enter", "2468", "Enter")
    wait_for_text(tmux, "Registered Medical Assistant")
    assert "Lee Carter" in wait_for_text(tmux, "^o Sign out")

    keys(tmux, "r")
    wait_for_text(tmux, "Record a CE activity")
    typed = dt.date.today().strftime("%m/%d/%Y")
    keys(tmux, "Kiosk Safety Course", "Tab", "Tab", "2.5", "Tab", typed, "Tab", "Tab", "Space")
    wait_for_text(tmux, "▐✔▌ I attest")
    keys(tmux, "C-s")
    wait_for_text(tmux, "2.50 of 30 points")

    keys(tmux, "C-c")  # a member cannot quit: Ctrl+C signs out
    screen = wait_for_text(tmux, "ID or name")
    assert "Lee Carter" not in screen and not ended(pid)

    keys(tmux, "Jo Park", "Enter", "9753", "Enter")
    screen = wait_for_text(tmux, "credentials of 1 members")
    assert "Lee Carter" in screen and "E2E-1" in screen
    keys(tmux, "C-q")
    wait_for_text(tmux, "Quit the kiosk?")
    keys(tmux, "y")
    assert exit_status(status) == 0

    (saved,) = json.loads(cli(db, "activities", "--member", "E2E-1", "--json"))
    assert (saved["title"], saved["points"]) == ("Kiosk Safety Course", 2.5)


def test_sighup_keeps_the_form_as_a_draft_and_the_next_session_offers_it(tmux, tmp_path):
    db = tmp_path / "amtrax.db"
    status = tmp_path / "status"
    a_member(db)
    pid = start(tmux, f"{SCRIPT} --db {db}", status)
    wait_for_text(tmux, "Registered Medical Assistant")
    keys(tmux, "r")
    wait_for_text(tmux, "Record a CE activity")
    keys(tmux, "Hang-up Webinar", "Tab", "Tab", "1.5")
    wait_for_text(tmux, "Points       1.5")

    os.kill(pid, signal.SIGHUP)
    assert exit_status(status) == 128 + signal.SIGHUP  # the app's own exit, not the signal's default
    database = open_database(str(db))
    draft = load_draft(1)
    database.close()
    assert (draft["title"], draft["points"]) == ("Hang-up Webinar", "1.5")

    tmux("kill-session", "-t", "app")
    start(tmux, f"{SCRIPT} --db {db}", tmp_path / "status-2")
    wait_for_text(tmux, "Registered Medical Assistant")
    keys(tmux, "r")
    wait_for_text(tmux, "Ctrl+R restores")
    keys(tmux, "C-r")
    screen = wait_for_text(tmux, "Title        Hang-up Webinar")
    assert "Points       1.5" in screen


def test_a_dropped_connection_keeps_the_draft(tmux, tmp_path):
    """Closing the terminal itself, as a dropped SSH connection does: the kernel
    hangs up the app's terminal (SIGHUP) and it can no longer be written to.

    The test waits for the draft in the database, not for the process to end: once the
    draft is kept, Textual's shutdown may block for good writing to the dead terminal
    (its writer thread dies on the write error and its bounded queue fills), more often
    the busier the machine. The process is ended here in that case."""
    db = tmp_path / "amtrax.db"
    a_member(db)
    pid = start(tmux, f"{SCRIPT} --db {db}", tmp_path / "status")
    wait_for_text(tmux, "Registered Medical Assistant")
    keys(tmux, "r")
    wait_for_text(tmux, "Record a CE activity")
    keys(tmux, "Dropped Line Webinar")
    wait_for_text(tmux, "Title        Dropped Line Webinar")
    tmux("kill-session", "-t", "app")
    database = open_database(str(db))
    try:
        wait_until(lambda: load_draft(1) is not None, "the draft to be kept")
        draft = load_draft(1)
    finally:
        database.close()
        if not ended(pid):
            os.kill(pid, signal.SIGKILL)
    assert draft["title"] == "Dropped Line Webinar"
