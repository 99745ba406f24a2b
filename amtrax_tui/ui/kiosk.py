"""Signing out, and the rules of a kiosk.

Where people sign in (a kiosk, or a database where someone has a PIN), a session
ends with Ctrl+O (at a kiosk also Ctrl+Q, Ctrl+C and Ctrl+Z) or after
`idle_seconds` without a key or click: every screen and form goes and sign-in
starts afresh. At a kiosk, only the actions the app offers run (`offers`).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from functools import partial
from typing import Any, ClassVar

from textual import actions
from textual.app import App, SystemCommand
from textual.dom import DOMNode

from amtrax_tui.store.snapshot import Snapshot
from amtrax_tui.ui.session import Session


class Kiosk(App[None]):
    """Mixed into the app, which holds these:"""

    ACTIONS: ClassVar[tuple[tuple[str, str, str], ...]]  # (name, help, action): every action it offers
    session: Session
    snapshot: Snapshot | None
    kiosk: bool
    idle_seconds: float
    last_input: float  # time.monotonic() of the last key or click

    def start_sign_in(self) -> None:
        """The sign-in screen, and from now on the idle check."""
        from amtrax_tui.ui.screens.sign_in import SignInScreen

        self.set_timer(self.idle_seconds, self._idle_check)
        self.push_screen(SignInScreen())

    def action_sign_out(self) -> None:
        self.sign_out("Signed out.")

    def sign_out(self, message: str = "") -> None:
        """Forget who signed in and everything shown or typed: every screen and
        form goes, sign-in starts afresh."""
        from amtrax_tui.ui.screens.sign_in import SignInScreen

        self.session = Session()
        self.clear_notifications()  # "Recorded …" must not greet the next person
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(SignInScreen())
        self.snapshot = None
        if message:
            self.notify(message, timeout=3)

    def _idle_check(self) -> None:
        """Sign out after `idle_seconds` without a key or click; otherwise look again
        when that time since the last one will have passed."""
        quiet = time.monotonic() - self.last_input
        if quiet >= self.idle_seconds:
            if self.session.signed_in:
                self.sign_out("Signed out after a while without a key.")
            elif getattr(self.screen, "dirty", False):  # a half-typed sign-in
                self.sign_out()
            self.last_input, quiet = time.monotonic(), 0.0
        self.set_timer(self.idle_seconds - quiet, self._idle_check)

    # -- at a kiosk, only what the app offers runs -------------------------

    async def _dispatch_action(self, namespace: DOMNode, action_name: str, params: Any) -> bool:
        """Textual's one way from an action to its method: `run_action` calls it for
        every key, click on a link, palette entry and button, after `check_action`.
        At a kiosk the action must also be one the app offers (`offers`)."""
        if self.kiosk and not self.offers(namespace, action_name):
            self.log.warning(f"refused at a kiosk: {namespace!r}.{action_name}")
            return False
        return await super()._dispatch_action(namespace, action_name, params)

    def offers(self, node: DOMNode, action: str) -> bool:
        """Whether `action` on `node` is the app's own: one of ACTIONS, or one a key binding
        of `node` names (the screens' keys, and the widgets' own: moving the cursor in a
        field, a table or a list, scrolling, ticking). Textual's other actions, such as
        screenshot, suspend_process or bell, are not."""
        if node is self and any(action == name for _, _, name in self.ACTIONS):
            return True
        return any(actions.parse(binding.action)[1] == action for _, binding in node._bindings)

    def get_system_commands(self, screen) -> Iterable[SystemCommand]:
        """Textual's own palette commands. At a kiosk only those whose action the app
        offers (`offers`, `check_action`: Quit, for staff), run through `run_action`."""
        for command in super().get_system_commands(screen):
            if not self.kiosk:
                yield command
                continue
            node, method = getattr(command.callback, "__self__", None), getattr(command.callback, "__name__", "")
            action = method.removeprefix("action_")
            if (
                isinstance(node, DOMNode)
                and method.startswith("action_")
                and self.offers(node, action)
                and node.check_action(action, ())
            ):
                yield SystemCommand(command.title, command.help, partial(self.run_action, action, node))
