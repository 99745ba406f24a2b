"""The first screen at a kiosk and on a site database: an AMT member ID or a staff name, and a PIN.

Nothing here tells whether an ID exists: a wrong PIN and an unknown ID get the
same message, and the check (scrypt, slow on purpose) runs in a worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Label, Static

from amtrax_tui.store.auth import Principal, SignInRefused, pin_error
from amtrax_tui.ui import format as fmt
from amtrax_tui.ui.screens.base import AppScreen
from amtrax_tui.ui.widgets.footer import Footer
from amtrax_tui.ui.widgets.header import Header
from amtrax_tui.ui.widgets.input import Input
from amtrax_tui.ui.work import database_work, post_result, trouble


class SignInScreen(AppScreen[None]):
    """Stays below the session it starts; tells the app who signed in (SignedIn)."""

    @dataclass
    class Checked(Message):
        principal: Principal | None
        refused: str = ""  # why not, when `principal` is None

    @dataclass
    class SignedIn(Message):
        principal: Principal

    # Priority, so the PIN field has the focus before the next key is handed on:
    # "ID Enter PIN Enter" typed ahead over a slow link lands where it was meant to.
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "enter", show=False, priority=True)]

    def __init__(self, farewell: str = ""):
        """`farewell`: how the last session ended (signed out, or idle), shown until the next try."""
        super().__init__()
        self.checking = False
        self.farewell = farewell

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="sign-in"):
            yield Label("Sign in", id="sign-in-title")
            yield Static("Members: your AMT member ID and PIN. Staff: your name and PIN.", classes="setup-intro")
            with Horizontal(classes="field"):
                yield Label("ID or name", classes="field-label")
                yield Input(placeholder="AMT member ID, or staff name", compact=True, max_length=200, id="login")
            with Horizontal(classes="field"):
                yield Label("PIN", classes="field-label")
                yield Input(
                    placeholder="4 to 8 digits", password=True, restrict=r"[0-9]*", max_length=8, compact=True, id="pin"
                )
            yield Static(fmt.plain(self.farewell), id="sign-in-message")
            yield Button("Sign in  Enter", variant="primary", id="sign-in-button")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#login", Input).focus()

    @property
    def dirty(self) -> bool:
        """Something typed that an idle sign-out should clear."""
        return any(self.query_one(f"#{name}", Input).value for name in ("login", "pin"))

    def action_enter(self) -> None:
        login, pin = self.query_one("#login"), self.query_one("#pin")
        if self.focused is login:
            self.set_focus(pin)  # at once: Widget.focus() waits for the next turn
        else:  # keys typed ahead may still wait in the fields' own queues: read the fields after them
            login.call_later(pin.call_later, self._submit)

    @on(Button.Pressed, "#sign-in-button")
    def _submit(self) -> None:
        if self.checking:
            return
        login = self.query_one("#login", Input).value.strip()
        pin = self.query_one("#pin", Input).value
        if not login:
            self._refused("Enter your AMT member ID, or your staff name.", "#login")
        elif pin_error(pin):
            self._refused("A PIN is 4 to 8 digits.", "#pin")
        else:
            self.checking = True
            self._say("Checking…")
            self._check(login, pin)

    @database_work(exclusive=True, group="sign-in")
    def _check(self, login: str, pin: str) -> None:
        from amtrax_tui.store.auth import sign_in
        from amtrax_tui.store.history import utcnow

        try:
            post_result(self, self.Checked(sign_in(login, pin, utcnow())))
        except SignInRefused as refused:
            message = str(refused)
            post_result(self, self.Checked(None, message[0].upper() + message[1:] + "."))

    @on(Checked)
    def _checked(self, event: Checked) -> None:
        if event.principal is None:
            self._refused(event.refused, "#pin")
        elif self.is_active:  # not signed out (idle) while the PIN was checked
            for name in ("login", "pin"):  # this screen stays below the session: it keeps no PIN
                self.query_one(f"#{name}", Input).value = ""
            self.post_message(self.SignedIn(event.principal))

    def work_failed(self, group: str, error: BaseException) -> None:
        self._refused(f"Cannot sign in now: {trouble(error)}", "#pin")

    def _refused(self, message: str, field: str) -> None:
        self.checking = False
        self.query_one("#pin", Input).value = ""
        self._say(message, error=True)
        self.query_one(field, Input).focus()

    def _say(self, message: str, error: bool = False) -> None:
        label = self.query_one("#sign-in-message", Static)
        label.update(fmt.plain(message))
        label.set_class(error, "-error")
