"""Yes/no questions."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Label, Static

from amtrax_tui.ui.screens.base import Dialog


class ConfirmScreen(Dialog[bool]):
    """Ask before doing something; dismisses with True for yes. A plain-string title or
    message is shown as written, never as markup; one that quotes stored text is a
    Content made with `format.plain`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", show=False),
        Binding("n,escape", "answer(False)", "No / back"),
    ]

    def __init__(self, title: str | Content, message: str | Content, yes: str = "Yes", no: str = "No"):
        super().__init__()
        self.title_text, self.message, self.yes, self.no = title, message, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.title_text, markup=False, id="dialog-title")
            yield Static(self.message, markup=False, id="dialog-message")
            with Horizontal(id="dialog-buttons"):
                yield Button(Content.assemble(self.yes, " (y)"), id="yes", variant="primary")
                yield Button(Content.assemble(self.no, " (n)"), id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()  # the safe answer is the default

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
