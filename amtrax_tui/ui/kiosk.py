"""Signing out, and the rules of a kiosk.

Where people sign in (a kiosk, or a database where someone has a PIN), a session
ends with Ctrl+O (at a kiosk also Ctrl+Q, Ctrl+C and Ctrl+Z) or after
`idle_seconds` without a key or click: every screen and form goes and sign-in
starts afresh, saying why. A countdown over the screen warns first (`WARNING_SECONDS`);
any key or click stops it and still does what it always does, so nothing typed is
lost. At a kiosk, only the actions the app offers run (`offers`).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable
from functools import partial
from typing import Any, ClassVar

from textual import actions
from textual.app import App, SystemCommand
from textual.dom import DOMNode

from amtrax_tui.store.snapshot import Snapshot
from amtrax_tui.ui.session import Session
from amtrax_tui.ui.widgets.idle_warning import IdleWarning

WARNING_SECONDS = 30.0  # how long the countdown before an idle sign-out lasts, at most


def idle_words(seconds: float) -> str:
    """`idle_seconds` as a person says it: "2 minutes", "1.5 minutes", "3 seconds"."""
    if seconds < 60:
        whole = round(seconds)
        return f"{whole} second" if whole == 1 else f"{whole} seconds"
    minutes = f"{seconds / 60:.1f}".removesuffix(".0")
    return "1 minute" if minutes == "1" else f"{minutes} minutes"


class Kiosk(App[None]):
    """Mixed into the app, which holds these:"""

    ACTIONS: ClassVar[tuple[tuple[str, str, str], ...]]  # (name, help, action): every action it offers
    session: Session
    snapshot: Snapshot | None
    kiosk: bool
    idle_seconds: float
    last_input: float  # time.monotonic() of the last key or click
    countdown: IdleWarning | None = None  # shown while an idle sign-out draws near

    def start_sign_in(self) -> None:
        """The sign-in screen, and from now on the idle check."""
        from amtrax_tui.ui.screens.sign_in import SignInScreen

        self.set_timer(self.idle_seconds, self._idle_check)
        self.push_screen(SignInScreen())

    def action_sign_out(self) -> None:
        self.sign_out("Signed out.")

    def sign_out(self, message: str = "") -> None:
        """Forget who signed in and everything shown or typed: every screen and
        form goes, sign-in starts afresh and shows `message`."""
        from amtrax_tui.ui.screens.sign_in import SignInScreen

        self._stop_countdown()
        self.session = Session()
        self.clear_notifications()  # "Recorded …" must not greet the next person
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(SignInScreen(message))
        self.snapshot = None

    def input_seen(self) -> None:
        """A key or click: the idle time starts again and a countdown stops. The event
        itself goes on as usual (a letter lands in the field being typed in)."""
        self.last_input = time.monotonic()
        self._stop_countdown()

    @property
    def warning_seconds(self) -> float:
        """The countdown's length: `WARNING_SECONDS`, or half the idle time when that is shorter."""
        return min(WARNING_SECONDS, self.idle_seconds / 2)

    def _idle_check(self) -> None:
        """Sign out after `idle_seconds` without a key or click, counting down the last
        `warning_seconds` of a session; otherwise look again when there is something to do."""
        left = self.idle_seconds - (time.monotonic() - self.last_input)
        if left <= 0:
            if self.session.signed_in:
                self.sign_out(
                    f"The last session ended after {idle_words(self.idle_seconds)} without a key."
                    " Nothing unsaved was kept."
                )
            elif getattr(self.screen, "dirty", False):  # a half-typed sign-in
                self.sign_out()
            self.last_input, left = time.monotonic(), self.idle_seconds
        elif self.session.signed_in and left <= self.warning_seconds:
            self._count_down(math.ceil(left))
            self.set_timer(left - math.ceil(left) + 1, self._idle_check)  # when the count next changes
            return
        self.set_timer(left - self.warning_seconds if self.session.signed_in else left, self._idle_check)

    def _count_down(self, seconds: int) -> None:
        if self.countdown is not None and self.countdown.parent is not self.screen:
            self._stop_countdown()  # another screen came up without a key (a worker's result)
        if self.countdown is None:
            self.countdown = IdleWarning()
            self.screen.mount(self.countdown)
        self.countdown.count(seconds, idle_words(self.idle_seconds))

    def _stop_countdown(self) -> None:
        if self.countdown is not None:
            self.countdown.remove()
            self.countdown = None

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
