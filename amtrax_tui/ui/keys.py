"""Keys handled in the order they were typed, however many arrive at once.

Textual 8.2 acts on a key in one of two places (issue Textualize/textual#6605; pull
request #6631 proposes a fix for Input's and TextArea's own bindings only). The focused
widget acts at once on what its key handler takes itself: an Input inserts a printable
character. Any other key is passed from the focused widget to its parent, then to the
parent's parent, each through that node's message queue, and only when it reaches the app
does `App._on_key` run the binding it stands for: Backspace, Delete, the arrows, Home and
End in an Input, a screen's Ctrl+S. When several keys arrive in one read, as type-ahead
over SSH does, the app has meanwhile handed the next keys to the focused widget, which
acts on them first: "abc" then "\\x7fx" inserts the "x" before the Backspace runs and
deletes it, leaving "abc" for "abx"; five Backspaces then "kiosk" delete letters of the
new word. Textual's input parser (textual/_xterm_parser.py) is not at fault: it turns
such a burst into the right keys, in order (tests/ui/test_keys.py).

The driver below hands the app one key (or bracketed paste) at a time: its input thread
waits, before it hands on the next, until the app and then each node from the focused
widget up to the app have dispatched this one, as if it had been typed slowly. A long
burst takes a few times longer to work through than without the wait: still far quicker
than anyone types.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import time
from collections.abc import Callable
from typing import Any, TypeVar

from textual import events
from textual.app import App
from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message
from textual.message_pump import MessagePump

T = TypeVar("T")
# The longest a key is waited for: one that a node never gets to (a node being removed, an
# app shutting down) must not stop the keyboard; after it, the next key goes as it would
# without this driver.
KEY_LIMIT_SECONDS = 5.0
EXIT_POLL_SECONDS = 0.05  # how soon a waiting input thread sees that the app is stopping


async def after_queue(pump: MessagePump, read: Callable[[], T]) -> T | None:
    """`read()`, run once `pump` has processed what was posted to it before now; None if it takes no more."""
    result: asyncio.Future[T] = asyncio.get_running_loop().create_future()

    def settle() -> None:
        if not result.done():
            result.set_result(read())

    if not pump.call_later(settle):
        return None
    return await result


async def handle_in_order(app: App[Any], typed: events.Key | events.Paste) -> None:
    """Post `typed` to `app`; return once every node it reaches has dispatched it."""
    app.post_message(typed)
    # Unless a priority binding took it, the app forwarded it to this node.
    target = await after_queue(app, lambda: app.focused or app.screen)
    for node in target.ancestors_with_self if target is not None else ():
        await after_queue(node, lambda: None)  # it has moved on to the parent, or stopped here


class KeysInOrderDriver(LinuxDriver):
    """Textual's driver for Linux and macOS terminals, handing the app each key once the one before is handled."""

    def process_message(self, message: Message) -> None:  # runs in the input thread
        if not isinstance(message, (events.Key, events.Paste)):
            super().process_message(message)
            return
        message.set_sender(self._app)
        handled = asyncio.run_coroutine_threadsafe(handle_in_order(self._app, message), loop=self._loop)
        deadline = time.monotonic() + KEY_LIMIT_SECONDS
        while not self.exit_event.is_set() and time.monotonic() < deadline:
            try:
                handled.result(timeout=EXIT_POLL_SECONDS)
                return
            except concurrent.futures.TimeoutError:
                continue
        handled.cancel()
