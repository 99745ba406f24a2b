"""What every screen of the app has: the notice shown when the terminal is too small."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from amtrax_tui.ui.work import HandlesWorkFailures

if TYPE_CHECKING:
    from textual import getters

    from amtrax_tui.ui.app import AmtraxApp  # for types only: the app imports every screen

# Signed in (at a kiosk, or on a site database), signing out shows first in every footer,
# so 80 columns never cut it off. (Priority, so the app's hidden binding for the same key
# does not take its place; shown only while someone is signed in, through the app's check_action.)
SIGN_OUT = Binding("ctrl+o", "app.sign_out", "Sign out", priority=True)


class TooSmall(Static):
    """Covers the screen (see app.tcss) while the terminal is below 80x24."""

    def __init__(self) -> None:
        super().__init__(
            "The terminal is too small.\n\nPlease enlarge the terminal to at least 80x24.\n\nCtrl+Q quits."
        )


class AppScreen(HandlesWorkFailures, Screen):
    if TYPE_CHECKING:  # Textual's own way to type `self.app` as this app (as MessagePump does)
        app = getters.app(AmtraxApp)

    BINDINGS: ClassVar[list[BindingType]] = [SIGN_OUT]

    def on_mount(self) -> None:
        self.mount(TooSmall())


class Dialog(HandlesWorkFailures, ModalScreen):
    if TYPE_CHECKING:  # Textual's own way to type `self.app` as this app (as MessagePump does)
        app = getters.app(AmtraxApp)

    BINDINGS: ClassVar[list[BindingType]] = [SIGN_OUT]

    def on_mount(self) -> None:
        self.mount(TooSmall())
