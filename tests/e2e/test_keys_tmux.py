"""Keys that reach the installed `amtrax-tui` together, as type-ahead and pastes over SSH
do, are all handled, in the order they were typed (ui/keys.py)."""

from __future__ import annotations

import json
import time
from pathlib import Path

from tests.e2e.test_tmux import DEADLINE_S, SCRIPT, cli, tmux, wait_for_text  # noqa: F401 (tmux: fixture)

BACKSPACE, TAB, CTRL_S = "\x7f", "\t", "\x13"
LEFT, RIGHT, HOME, END, DELETE = "\x1b[D", "\x1b[C", "\x1b[H", "\x1b[F", "\x1b[3~"


def burst(tmux, keys: str) -> None:
    """`keys` written to the app's terminal at once: tmux sends the bytes of one command in one write."""
    tmux("send-keys", "-t", "app", "-H", *(f"{byte:02x}" for byte in keys.encode()))


def line_of(screen: str, label: str) -> str:
    (line,) = [line for line in screen.splitlines() if label in line]
    return line


def wait_for_cursor(tmux, label: str, placeholder: str) -> None:
    """Until the empty field `label` shows its cursor on the first letter of `placeholder`: the
    screen has given it focus (a screen focuses its first field just after it first shows)."""
    deadline = time.monotonic() + DEADLINE_S
    while True:
        line = line_of(tmux("capture-pane", "-p", "-e", "-t", "app"), label)  # -e: with the cursor's colours
        if placeholder not in line and placeholder[1:] in line:
            return
        assert time.monotonic() < deadline, f"{label} never showed its cursor: {line!r}"
        time.sleep(0.1)  # the cursor blinks


def test_bursts_of_backspaces_arrows_and_text_fill_the_first_run_form_as_typed(tmux, tmp_path: Path):
    db = tmp_path / "amtrax.db"
    tmux("new-session", "-d", "-s", "app", "-x", "80", "-y", "24",
         f"env TERM=xterm-256color AMTRAX_CONFIG=/dev/null {SCRIPT} --db {db}; sleep 30")
    wait_for_text(tmux, "Welcome to amtrax-tui")
    wait_for_cursor(tmux, "Full name", "as on your AMT record")

    # The name, mended with arrows, End, Home, Delete and Backspaces; then the AMT ID:
    # five Backspaces, then new text ("kiosk" once came out "kioki").
    burst(tmux, "Lee Crter" + LEFT * 4 + "a" + END + "zz" + BACKSPACE * 2 + HOME + DELETE + "L"
          + TAB + "E2E-9" + BACKSPACE * 5 + "kiosk" + LEFT * 5 + DELETE + "K" + END + "-7")
    screen = wait_for_text(tmux, "Kiosk-7")
    assert line_of(screen, "Full name").split()[2:] == ["Lee", "Carter"]
    assert line_of(screen, "AMT ID").split()[2:] == ["Kiosk-7"]

    # The e-mail address, each mistake followed at once by its correction; then Ctrl+S,
    # which must save what was typed before it.
    burst(tmux, TAB + "lee@exampel" + BACKSPACE * 2 + "le.org" + HOME + RIGHT * 3 + "x" + BACKSPACE
          + END + "abc" + BACKSPACE + "x" + BACKSPACE * 2 + BACKSPACE + CTRL_S)
    wait_for_text(tmux, "Step 2 of 2")

    (member,) = json.loads(cli(db, "member", "list", "--json"))
    assert (member["name"], member["amt_id"], member["email"]) == ("Lee Carter", "Kiosk-7", "lee@example.org")


def test_r_and_the_first_fields_typed_in_one_burst_fill_the_record_form(tmux, tmp_path: Path):
    db = tmp_path / "amtrax.db"
    cli(db, "member", "add", "--name", "Lee Carter", "--amt-id", "E2E-1")
    cli(db, "cert", "add", "--member", "E2E-1", "--credential", "RMA", "--certified-on", "2025-01-10")
    tmux("new-session", "-d", "-s", "app", "-x", "80", "-y", "24",
         f"env TERM=xterm-256color AMTRAX_CONFIG=/dev/null {SCRIPT} --db {db}; sleep 30")
    wait_for_text(tmux, "Registered Medical Assistant")

    # The record key, then the title and provider, before the form has shown: its "h" and "e"
    # are the overview's keys for the history and the export.
    burst(tmux, "r" + "Flu shots, the update" + TAB + "County EMS")
    screen = wait_for_text(tmux, "County EMS")
    form = "\n".join(line.split("│")[0] for line in screen.splitlines())  # not the guidance at the right
    assert line_of(form, "Title").split()[1:] == ["Flu", "shots,", "the", "update"]
    assert line_of(form, "Provider").split()[1:] == ["County", "EMS"]
