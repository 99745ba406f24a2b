"""Staff set or reset a member's kiosk PIN (which also lifts a sign-in lock)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Footer, Input, Label, Static

from amtrax_tui.store.auth import PIN
from amtrax_tui.store.records import Invalid, MemberInfo
from amtrax_tui.ui import format as fmt
from amtrax_tui.ui.screens.base import Dialog
from amtrax_tui.ui.work import database_work, post_result


class PinScreen(Dialog[bool]):
    """Dismisses with True once the PIN is set; `actor` is who the change history names."""

    @dataclass
    class Saved(Message):
        refused: str = ""  # why the store refused the PIN; empty when it was set

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
        self.saving = False

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(
                Content.assemble(
                    "New PIN for ", fmt.plain(self.member.name), " (AMT ID ", fmt.plain(self.member.amt_id), ")"
                ),
                id="dialog-title",
            )
            for name, label in (("pin", "New PIN"), ("again", "Again")):
                with Horizontal(classes="field"):
                    yield Label(label, classes="field-label")
                    yield Input(
                        placeholder="4 to 8 digits",
                        password=True,
                        restrict=r"[0-9]*",
                        max_length=8,
                        compact=True,
                        id=name,
                    )
            yield Static(classes="field-error", id="pin-error")
            yield Static("Setting a PIN also lifts a lock after wrong PINs.", id="dialog-message")
            with Horizontal(id="dialog-buttons"):
                yield Button("Save  Ctrl+S", variant="primary", id="save")
                yield Button("Cancel  Esc", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#pin", Input).focus()

    def problem(self) -> str:
        pin, again = (self.query_one(f"#{name}", Input).value for name in ("pin", "again"))
        if not PIN.fullmatch(pin):
            return "New PIN: must be 4 to 8 digits (0-9)"
        if again != pin:
            return "Again: the two entries differ"
        return ""

    def _show(self, message: str) -> None:
        label = self.query_one("#pin-error", Static)
        label.update(fmt.plain(f"✖ {message}") if message else "")
        label.display = bool(message)

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
        problem = self.problem()
        self._show(problem)
        if not problem and not self.saving:
            self.saving = True
            self._save(self.query_one("#pin", Input).value)

    @database_work(exclusive=True, group="write")
    def _save(self, pin: str) -> None:
        from amtrax_tui.store.auth import set_member_pin

        try:
            set_member_pin(self.member.amt_id, pin, self.actor)
        except Invalid as refused:
            post_result(self, self.Saved(str(refused)))
        else:
            post_result(self, self.Saved())

    def work_failed(self, group: str, error: BaseException) -> None:
        self.saving = False  # the PINs typed stay: Ctrl+S tries again
        super().work_failed(group, error)

    @on(Saved)
    def _saved(self, event: Saved) -> None:
        if event.refused:
            self.saving = False
            self._show(event.refused)
        elif self.is_active:
            self.notify(Content.assemble("PIN set for ", fmt.plain(self.member.name), "."), title="Saved")
            self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_back(self) -> None:
        self.dismiss(False)
