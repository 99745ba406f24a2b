"""A stand-in terminal: frames caught as a terminal receives them, and read by what they show.

Textual's headless driver throws frames away before they are turned into
terminal output. `recording_terminal` gives a driver class that says it is not
headless, so the app renders every frame into the escape sequences it would
send to a real terminal, and hands each one over whole when the app flushes it.
A benchmark sets it as the app's `driver_class` (Textual's public attribute)
and runs the app with `headless=False`; nothing in the app is wrapped, so the
figures do not depend on how the app is built inside.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from decimal import Decimal

from textual.driver import Driver
from textual.drivers.headless_driver import HeadlessDriver

# The overview's progress line, "24.50 of 30 points": earned and required points of the
# selected credential. No other screen shows it, and it changes when a save adds points.
PROGRESS = re.compile(r"(\d+\.\d\d) of (\d+(?:\.\d\d)?) points")

FrameHandler = Callable[[float, str], None]  # perf_counter when flushed, the frame's terminal output


def recording_terminal(on_frame: FrameHandler) -> type[Driver]:
    """A driver class handing every frame the app writes to `on_frame`."""

    class RecordingTerminal(HeadlessDriver):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._pending: list[str] = []

        @property
        def is_headless(self) -> bool:
            return False  # so the app renders frames into terminal output, as for a real terminal

        def write(self, data: str) -> None:
            self._pending.append(data)

        def flush(self) -> None:
            if self._pending:
                frame = "".join(self._pending)
                self._pending.clear()
                on_frame(time.perf_counter(), frame)

    return RecordingTerminal


def earned_points(frame: str) -> Decimal | None:
    """The earned points the overview's progress line shows in `frame`, if the frame holds it."""
    found = PROGRESS.search(frame)
    return Decimal(found.group(1)) if found else None
