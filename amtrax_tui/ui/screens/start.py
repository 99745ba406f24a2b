"""The first frame: shown while the database opens in a worker."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer, Header, Static

from amtrax_tui.ui import format as fmt
from amtrax_tui.ui.screens.base import AppScreen


class StartScreen(AppScreen[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Opening the database…", id="start-message")
        yield Footer()

    def waiting(self, trouble: str, seconds: float) -> None:
        """Say why the database is not open yet; the app tries again every `seconds`."""
        self.query_one("#start-message", Static).update(
            fmt.plain(
                f"The database cannot be opened yet.\n\n{trouble}\n\nTrying again every {seconds:g} seconds.", keep="\n"
            )
        )
