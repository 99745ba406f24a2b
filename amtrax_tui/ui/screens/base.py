"""What every screen of the app has: the notice shown when the terminal is too small."""

from __future__ import annotations

from textual.screen import ModalScreen, Screen
from textual.widgets import Static


class TooSmall(Static):
    """Covers the screen (see app.tcss) while the terminal is below 80x24."""

    def __init__(self) -> None:
        super().__init__("The terminal is too small.\n\nPlease enlarge the terminal to at least 80x24.\n\n"
                         "Ctrl+Q quits.")


class AppScreen(Screen):
    def on_mount(self) -> None:
        self.mount(TooSmall())


class Dialog(ModalScreen):
    def on_mount(self) -> None:
        self.mount(TooSmall())
