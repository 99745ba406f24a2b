"""The console script in terminals that differ from the usual: colour-free (NO_COLOR)."""

from __future__ import annotations

from tests.e2e.cells import unreadable
from tests.e2e.test_tmux import SCRIPT, tmux, wait_for_text  # noqa: F401 (tmux: fixture)

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
