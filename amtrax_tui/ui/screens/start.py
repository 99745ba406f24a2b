"""The first frame: shown while the database opens in a worker."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer, Header, Static

from amtrax_tui.ui.screens.base import AppScreen


class StartScreen(AppScreen):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Opening the database…", id="start-message")
        yield Footer()
