"""Staff set or reset a member's kiosk PIN (which also lifts a sign-in lock)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Label, Static

from amtrax_tui.store.auth import pin_error
from amtrax_tui.store.records import Invalid, MemberInfo
from amtrax_tui.ui import format as fmt
from amtrax_tui.ui.screens.base import Dialog
from amtrax_tui.ui.screens.form import Form
from amtrax_tui.ui.widgets.footer import Footer
from amtrax_tui.ui.widgets.input import Input
from amtrax_tui.ui.work import database_work, post_result


class PinScreen(Dialog[bool], Form):
    """Dismisses with True once the PIN is set; `actor` is who the change history names."""

    FIELDS = ("pin", "again")

    class Saved(Message):
        """The PIN is set."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "Save"),
        Binding("escape", "back", "Cancel"),
        # Priority: the focus moves before the next key typed ahead is handed on.
        Binding("enter", "enter", show=False, priority=True),
    ]

    def __init__(self, member: MemberInfo, actor: str):
        super().__init__()
        self.member = member
        self.actor = actor

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(
                Content.assemble(
                    "New PIN for ", fmt.plain(self.member.name), " (AMT ID ", fmt.plain(self.member.amt_id), ")"
                ),
                id="dialog-title",
            )
            for name, label in (("pin", "New PIN"), ("again", "Again")):
                yield from self.field(
                    label,
                    Input(
                        placeholder="4 to 8 digits",
                        password=True,
                        restrict=r"[0-9]*",
                        max_length=8,
                        compact=True,
                        id=name,
                    ),
                )
            yield Static("Setting a PIN also lifts a lock after wrong PINs.", id="dialog-message")
            with Horizontal(id="dialog-buttons"):
                yield Button("Save  Ctrl+S", variant="primary", id="save")
                yield Button("Cancel  Esc", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#pin", Input).focus()

    def find_problems(self) -> dict[str, str]:
        pin, again = (self.query_one(f"#{name}", Input).value for name in self.FIELDS)
        if error := pin_error(pin):
            return {error.field: error.message}
        return {} if again == pin else {"again": "the two entries differ"}

    def action_enter(self) -> None:
        pin, again = self.query_one("#pin"), self.query_one("#again")
        if self.focused is pin:
            self.set_focus(again)  # at once: Widget.focus() waits for the next turn
        elif self.focused is self.query_one("#cancel"):
            self.action_back()
        else:  # keys typed ahead may still wait in the fields' own queues: read the fields after them
            pin.call_later(again.call_later, self.action_submit)

    @on(Button.Pressed, "#save")
    def action_submit(self) -> None:
        if not self.saving and self.ready():
            self.saving = True
            self._save(self.query_one("#pin", Input).value)

    @database_work(exclusive=True, group="write")
    def _save(self, pin: str) -> None:
        from amtrax_tui.store.auth import set_member_pin

        set_member_pin(self.member.amt_id, pin, self.actor)
        post_result(self, self.Saved())

    def work_failed(self, group: str, error: BaseException) -> None:
        """The PINs typed stay: a refusal marks its field, and Ctrl+S tries again."""
        if isinstance(error, Invalid):
            self.show_refusal(error)
        else:
            self.saving = False
            super().work_failed(group, error)

    @on(Saved)
    def _saved(self) -> None:
        if self.is_active:
            self.notify(Content.assemble("PIN set for ", fmt.plain(self.member.name), "."), title="Saved")
            self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_back(self) -> None:
        self.dismiss(False)
