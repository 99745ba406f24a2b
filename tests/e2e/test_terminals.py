"""The console script in terminals that differ from the usual: colour-free (NO_COLOR), ASCII-only (LANG=C)."""

from __future__ import annotations

import time

import pytest

from tests.e2e.cells import unreadable
from tests.e2e.test_tmux import DEADLINE_S, SCRIPT, tmux, wait_for_text  # noqa: F401 (tmux: fixture)

# Every kind of screen the demo reaches: (the key that opens it, text showing it is up).
SCREENS = [
    (None, "Credential and cycle"),
    ("r", "Record a CE activity"),
    ("C-s", "✖"),  # the form showing its errors
    ("Escape", "Credential and cycle"),
    ("h", "activities in the RMA cycle"),
    ("Escape", "Credential and cycle"),
    ("e", "prints in 80 columns"),
    ("Escape", "Credential and cycle"),
    ("?", "Keyboard"),
]


def test_no_color_leaves_no_character_in_its_own_background_colour_on_any_screen(tmux):
    tmux("new-session", "-d", "-s", "app", "-x", "80", "-y", "24",
         f"NO_COLOR=1 TERM=xterm-256color {SCRIPT} --demo; sleep 30")
    found = {}
    for key, shown in SCREENS:
        if key:
            tmux("send-keys", "-t", "app", key)
        wait_for_text(tmux, shown)
        captured = tmux("capture-pane", "-e", "-p", "-t", "app")
        assert captured.count("\x1b[") > 10, f"no colour at all after {key!r}: nothing would be checked"
        found[shown] = unreadable(captured)
    assert found == {shown: [] for _, shown in SCREENS}


# Every screen, and the lists the overview opens; on an ASCII terminal the form's errors are marked with an x.
EVERY_SCREEN = [
    *SCREENS,
    ("Escape", "Credential and cycle"),
    ("t", "enter each there, then press m"),
    ("Escape", "Credential and cycle"),
    ("m", "(current)"),
]
ASCII_SCREENS = [(key, "x is required" if shown == "✖" else shown) for key, shown in EVERY_SCREEN]


def bytes_written(tmux, tmp_path, screens, environment: str, options: str = "") -> bytes:
    """Every byte the app writes to its terminal while each of `screens` is shown in turn.

    The pane waits for a line before it starts the app, so that the copy (pipe-pane) is in
    place before the first frame. LC_ALL and LC_CTYPE are left out, so LANG decides."""
    written = tmp_path / "written.bin"
    tmux("new-session", "-d", "-s", "app", "-x", "80", "-y", "24",
         f"read _; env -u LC_ALL -u LC_CTYPE {environment} TERM=xterm-256color {SCRIPT} --demo {options}; echo app-ended; sleep 30")
    tmux("pipe-pane", "-o", "-t", "app", f"cat >> {written}")
    tmux("send-keys", "-t", "app", "Enter")
    for key, shown in screens:
        if key:
            tmux("send-keys", "-t", "app", key)
        wait_for_text(tmux, shown)
    tmux("send-keys", "-t", "app", "C-q")
    wait_for_text(tmux, "app-ended")
    deadline = time.monotonic() + DEADLINE_S
    while b"app-ended" not in written.read_bytes():  # the copy has caught up with the pane
        assert time.monotonic() < deadline, "the pane's output never reached the copy"
        time.sleep(0.1)
    return written.read_bytes()


def non_ascii(data: bytes) -> list[bytes]:
    """Each byte above 0x7f with what surrounds it, to say where it came from."""
    return [data[max(0, i - 30) : i + 10] for i, byte in enumerate(data) if byte >= 0x80][:5]


@pytest.mark.parametrize(("environment", "options"), [("LANG=C", ""), ("LANG=POSIX", ""), ("LANG=C.UTF-8", "--ascii")])
def test_an_ascii_terminal_gets_no_byte_above_0x7f_on_any_screen(tmux, tmp_path, environment, options):
    written = bytes_written(tmux, tmp_path, ASCII_SCREENS, environment, options)
    assert len(written) > 10_000, "too little written: nothing would be checked"
    assert non_ascii(written) == []


def test_a_utf8_terminal_gets_the_unicode_glyphs(tmux, tmp_path):
    written = bytes_written(tmux, tmp_path, EVERY_SCREEN, "LANG=C.UTF-8").decode()
    assert all(glyph in written for glyph in "●▲┤█▼"), "the ASCII set where Unicode shows"
