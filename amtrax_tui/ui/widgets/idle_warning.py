"""The countdown before an idle sign-out: a band over the top of the screen.

It never takes the focus, so whatever was being typed stays where it was; the
key that stops the countdown reaches the focused field as usual (see ui/kiosk.py).
"""

from __future__ import annotations

from textual.widgets import Static

from amtrax_tui.ui import format as fmt


class IdleWarning(Static):
    def count(self, seconds: int, idle: str) -> None:
        unit = "second" if seconds == 1 else "seconds"
        self.update(
            fmt.plain(
                f"Signing out in {seconds} {unit} (no key for {idle}); nothing unsaved is kept.\n"
                "Press any key to stay signed in.",
                keep="\n",
            )
        )
