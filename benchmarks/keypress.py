"""Keypress to screen: from Ctrl+S on the record form to the overview redrawn with the new total.

Driven with Pilot at 80x24 on a database whose one member has N activities in
the current cycle (each size in a database of its own: progress does not depend
on other members' rows, see the scale section). The key is posted the way the
terminal driver posts it, not with Pilot.press, which waits for the app to go
idle. Two moments are timed: the new totals handed to the screens (the
database's part), and the first frame of the overview written to the
terminal after that (Textual's part, caught where the app writes frames).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time

from textual import events

from benchmarks.fixtures import build
from benchmarks.measure import Figure, figure

BACKENDS = ("sqlite",)  # the screens are the same whatever the database


def run(place, plan: dict, today: dt.date) -> list[Figure]:
    figures = []
    for size in plan["sizes"]:
        with place(f"keypress-{size}") as target:
            build(target, 1, [size], today, seed=5)
            totals, drawn = asyncio.run(_measure(target, plan["keypress_runs"], today))
        figures.append(figure(f"Ctrl+S to new totals, {size:,} activities", totals, "ms",
                              "saved, progress read, handed to the screens", activities=size))
        figures.append(figure(f"Ctrl+S to overview redrawn, {size:,} activities", drawn, "ms",
                              "the first frame after that (target: 16 ms)", activities=size))
    return figures


async def _measure(target: str, runs: int, today: dt.date) -> tuple[list[float], list[float]]:
    from amtrax_tui.ui.app import build_app

    app = build_app(target)
    handed: list[float] = []  # when new totals reached the screens
    frames: list[tuple[float, str]] = []  # when a frame was written, and of which screen
    show_snapshot, display = app.show_snapshot, app._display

    def timed_show(snapshot) -> None:
        handed.append(time.perf_counter())
        show_snapshot(snapshot)

    def timed_display(screen, renderable) -> None:
        frames.append((time.perf_counter(), type(screen).__name__))
        display(screen, renderable)

    app.show_snapshot, app._display = timed_show, timed_display

    def redrawn() -> float | None:
        return next((t for t, name in frames if handed and t > handed[-1] and name == "OverviewScreen"), None)

    totals, drawn = [], []
    async with app.run_test(size=(80, 24)) as pilot:
        await _until(pilot, lambda: _on_overview(app) and app.snapshot is not None)
        for number in range(runs + 1):  # the first one warms up
            await pilot.press("r")
            await _until(pilot, lambda: type(app.screen).__name__ == "ActivityFormScreen")
            form = app.screen
            form.query_one("#title").value = f"Keypress course {number}"
            form.query_one("#points").value = "1"
            form.query_one("#start").value = today.isoformat()
            form.query_one("#attestation").value = True
            await pilot.pause()
            handed.clear()
            frames.clear()
            start = time.perf_counter()
            app.post_message(events.Key("ctrl+s", None))
            await _until(pilot, lambda: redrawn() is not None, 0)
            if number:
                totals.append((handed[-1] - start) * 1000)
                drawn.append((redrawn() - start) * 1000)
    return totals, drawn


def _on_overview(app) -> bool:
    return type(app.screen).__name__ == "OverviewScreen"


async def _until(pilot, condition, pause: float = 0.01) -> None:
    deadline = time.monotonic() + 60
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError("the app did not reach the expected state")
        if pause:
            await pilot.pause(pause)
        else:
            await asyncio.sleep(0.0005)
