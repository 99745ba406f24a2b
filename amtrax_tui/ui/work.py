"""Database work off the event loop, and what happens when it fails.

Every worker of the app is a `database_work` thread: it hands its result back
by posting a Message to the screen that started it (`post_result`; a screen
that has gone never gets it, and a worker a newer one replaced posts nothing).
When the work raises instead, the worker does not end the app
(`exit_on_error=False`): Textual posts `Worker.StateChanged` to the node that
started it, and `HandlesWorkFailures` turns that into a notice on that screen,
through `work_failed`, which screens holding input override to keep it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from textual import work
from textual.content import Content
from textual.message import Message
from textual.message_pump import MessagePump
from textual.notifications import SeverityLevel
from textual.worker import Worker, WorkerState, get_current_worker

from amtrax_tui.ui.format import plain

P = ParamSpec("P")
R = TypeVar("R")
Pump = TypeVar("Pump", bound=MessagePump)
M = TypeVar("M", bound=Message)


def database_work(*, group: str, exclusive: bool = False) -> Callable[[Callable[P, R]], Callable[P, Worker[R]]]:
    """`work` for a thread that may fail without ending the app (see above)."""
    return work(thread=True, exit_on_error=False, group=group, exclusive=exclusive)


def post_result(node: MessagePump, message: Message) -> None:
    """From a worker: post `message` to `node`, unless a newer worker took this one's place."""
    if not get_current_worker().is_cancelled:
        node.post_message(message)


def while_running(handler: Callable[[Pump, M], None]) -> Callable[[Pump, M], None]:
    """For a handler of a worker's result: one that lands while the app is closing, its screens
    already gone, is dropped (Pilot closes the app while its message loop still runs)."""

    @functools.wraps(handler)
    def handle(node: Pump, message: M) -> None:
        if node.is_running:
            handler(node, message)

    return handle


def trouble(error: BaseException) -> str:
    """One line saying what went wrong, for a notice."""
    from amtrax_tui.store.db import StoreError  # the store loads Peewee: not before it is needed
    from amtrax_tui.store.records import Invalid

    if isinstance(error, (StoreError, Invalid)):  # a refusal or a database problem, already worded
        return str(error)
    return f"Something went wrong: {type(error).__name__}: {error}"


def is_transient(error: BaseException) -> bool:
    """Whether trying the same work again later may succeed (busy, or the server away)."""
    from amtrax_tui.store.db import Busy, Gone

    return isinstance(error, (Busy, Gone))


class HandlesWorkFailures:
    """The one handler of failed workers, mixed into the app and every screen."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.work_failed(event.worker.group, event.worker.error)

    def work_failed(self, group: str, error: BaseException) -> None:
        """Say what failed; screens that hold input override this to keep it and offer a retry."""
        self.notify(plain(trouble(error)), title="Not done", severity="error", timeout=8)

    def notify(
        self,
        message: str | Content,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Textual's `notify`, typed to take Content as well: Textual shows Content as it is
        (Content.from_markup returns it unchanged) though its signature says str. Notices
        carrying a person's or a file's text are `format.plain` Content."""
        # The App or Screen this is mixed into has `notify`; the mixin itself has no base.
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)  # type: ignore[misc]
