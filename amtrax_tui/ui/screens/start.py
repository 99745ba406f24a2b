"""The first screen: blank while the database opens in a worker, then the member's screens
come up over it. An open that takes a while is said after a moment; one that is quick
draws nothing that would only flash (and the first frame costs less to draw)."""

from __future__ import annotations

from textual.widgets import Static

from amtrax_tui.ui import format as fmt
from amtrax_tui.ui.screens.base import AppScreen
from amtrax_tui.ui.widgets.footer import Footer
from amtrax_tui.ui.widgets.header import Header

SLOW_OPEN_SECONDS = 0.3  # an open longer than this is said on the screen


class StartScreen(AppScreen[None]):
    def on_mount(self) -> None:
        super().on_mount()
        self.set_timer(SLOW_OPEN_SECONDS, self._say_opening)

    def _say_opening(self) -> None:
        if self.is_current and not self.query("#start-message"):
            self.mount_all([Header(), Static("Opening the database…", id="start-message"), Footer()])

    def waiting(self, trouble: str, seconds: float) -> None:
        """Say why the database is not open yet; the app tries again every `seconds`."""
        self._say_opening()
        self.query_one("#start-message", Static).update(
            fmt.plain(
                f"The database cannot be opened yet.\n\n{trouble}\n\nTrying again every {seconds:g} seconds.", keep="\n"
            )
        )
