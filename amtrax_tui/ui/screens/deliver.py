"""Print and E-mail on the export screen: the chosen transcripts to the site's
printer, or attached to a message to the member's stored address.

A screen that mixes this in has `member`, `today` and `choice()` (a Choice or
None) and calls `delivery_failed` from its `work_failed`. The recipient is
always the address stored with the member, read when the message is sent:
nobody at the keyboard types it (at a kiosk a member could otherwise send
their records anywhere); staff set it (Edit member, or `amtrax-tui member edit`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.widgets import Button

from amtrax_tui.ccp import FieldError, Rules
from amtrax_tui.config import Config
from amtrax_tui.store.records import Invalid, MemberInfo
from amtrax_tui.transcript import generation_time, transcripts
from amtrax_tui.transcript.deliver import (
    MAIL_FORMATS,
    DeliveryError,
    described,
    print_transcripts,
    transcript_message,
)
from amtrax_tui.transcript.mail import mail_server, send_message
from amtrax_tui.ui import format as fmt
from amtrax_tui.ui.screens.base import AppScreen
from amtrax_tui.ui.session import Session
from amtrax_tui.ui.work import database_work, post_result, trouble

if TYPE_CHECKING:
    from amtrax_tui.transcript.exporting import ExportChoice

PRINT, SEND = "export-print", "export-send"  # the buttons, and their workers' groups
BINDINGS = [Binding("ctrl+t", "print", "Print"), Binding("ctrl+l", "send", "E-mail")]


class DeliveryActions(AppScreen[None]):
    """Print and E-mail for a screen (the export screen) that sets these and `choice()`."""

    member: MemberInfo
    today: dt.date
    choice_error: str
    rules: Rules
    config: Config  # the site's printer and mail server
    session: Session  # who asks: a member signed in is told to ask staff for an address

    if TYPE_CHECKING:

        def choice(self) -> ExportChoice | None: ...

    @dataclass
    class Delivered(Message):
        title: str
        text: str

    def delivery_buttons(self) -> ComposeResult:
        """A button for each way out the site has set up."""
        if self.config.print_command:
            yield Button("Print  Ctrl+T", id=PRINT, action="screen.print")
        if self.config.smtp is not None:
            yield Button("E-mail  Ctrl+L", id=SEND, action="screen.send")

    def delivery_offered(self, action: str) -> bool | None:
        """For check_action: Print and E-mail only where the site set them up (None: another action)."""
        if action == "print":
            return bool(self.config.print_command)
        if action == "send":
            return self.config.smtp is not None
        return None

    def action_print(self) -> None:
        if (choice := self._delivery_choice("Not printed")) is not None:
            self._busy(PRINT)
            self._print(self.member, choice, self.today)

    def action_send(self) -> None:
        choice = self._delivery_choice("Not sent")
        if choice is None:
            return
        if choice.fmt not in MAIL_FORMATS:
            self.notify(
                "E-mail attaches text, CSV or Markdown: choose one of them as the format.",
                title="Not sent",
                severity="error",
            )
            return
        self._busy(SEND)
        self._send(self.member, choice, self.today)

    def _delivery_choice(self, title: str):
        choice = self.choice()
        problem = self.choice_error or ("" if choice else "cycle date: give a date in the cycle")
        if any(w.node is self and w.group in (PRINT, SEND) and not w.is_finished for w in self.workers):
            problem = "the last transcript is still on its way: a moment, please"
        if problem:
            self.notify(fmt.plain(problem), title=title, severity="error")
            return None
        return choice

    def _busy(self, button: str, busy: bool = True) -> None:
        for found in self.query(f"#{button}"):
            found.disabled = busy

    @database_work(exclusive=True, group=PRINT)
    def _print(self, member: MemberInfo, choice, today: dt.date) -> None:
        config = self.config
        found = transcripts(self.rules, member, choice.code, choice.cycle, today, generation_time())
        said = print_transcripts(found, config.print_command, config.print_timeout_seconds)
        post_result(
            self, self.Delivered("Printed", f"{described(found)} went to the printer." + (f"\n{said}" if said else ""))
        )

    @database_work(exclusive=True, group=SEND)
    def _send(self, member: MemberInfo, choice, today: dt.date) -> None:
        from amtrax_tui.store.members import find_member

        smtp = mail_server(self.config)
        to = find_member(member.amt_id).email
        if not to:
            raise DeliveryError(
                "no e-mail address is stored for you: ask staff to add one"
                if self.session.signed_in and not self.session.is_staff
                else f"no e-mail address is stored for {member.name}: add one with Edit member (Ctrl+P)"
            )
        found = transcripts(self.rules, member, choice.code, choice.cycle, today, generation_time())
        send_message(smtp, transcript_message(found, choice.fmt, smtp.sender, to))
        post_result(
            self, self.Delivered("Sent", f"{described(found)} {'were' if len(found) > 1 else 'was'} e-mailed to {to}.")
        )

    def on_delivery_actions_delivered(self, event: Delivered) -> None:
        self._busy(PRINT, False)
        self._busy(SEND, False)
        self._say(event.text, event.title)

    def delivery_failed(self, group: str, error: BaseException) -> bool:
        """Say why printing or sending failed; False for another group's failure."""
        if group not in (PRINT, SEND):
            return False
        self._busy(group, False)
        known = isinstance(error, (DeliveryError, Invalid, FieldError))
        self._say(
            str(error) if known else trouble(error), "Not printed" if group == PRINT else "Not sent", severity="error"
        )
        return True

    def _say(self, text: str, title: str, severity: SeverityLevel = "information") -> None:
        """A notice as a sentence; stored names and addresses, and other programs' words, shown inert."""
        self.notify(fmt.plain(text[:1].upper() + text[1:], keep="\n"), title=title, severity=severity, timeout=15)
