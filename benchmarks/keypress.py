"""Keypress to screen: from Ctrl+S on the record form to the overview redrawn with the new total.

Driven with Pilot at 80x24 on a database whose one member has N activities in
the current cycle (each size in a database of its own: progress does not depend
on other members' rows, see the scale section). The app draws into a stand-in
terminal (terminal.py), so a frame counts when the app has turned it into
terminal output, and it is recognised by what it shows: the overview's progress
line with the earned points one point up, the point the form saved. The key is
posted the way the terminal driver posts it, not with Pilot.press, which waits
for the app to go idle.

Each save starts from the overview: R is timed to the first frame of the
record form, with the event loop's CPU time (what opening the form costs).
Then the title is typed a key at a time, each key posted as the driver posts
it, and timed to the first frame showing the title so far, with the event
loop's CPU time: what a typed character costs.

Two moments are timed from Ctrl+S: the save's database work done (the return
of the snapshot read the form's save worker makes after the write: the write,
the new progress and every other figure the overview shows, so the database's
whole part), and that frame. Beside the frame's wall time, the CPU time the
app's event-loop thread spent until then (layout, styles, rendering; the
database work runs in a worker thread), which other work on the machine hardly
changes.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import statistics
import time
from decimal import Decimal

from textual import events

from benchmarks.fixtures import build
from benchmarks.measure import Figure, figure
from benchmarks.terminal import earned_points, recording_terminal

BACKENDS = ("sqlite",)  # the screens are the same whatever the database
FORM = "ActivityFormScreen"
FORM_TITLE = "Record a CE activity"
POINTS = Decimal(1)  # what each save records
ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")  # the CSI sequences between the characters of a frame


def run(place, plan: dict, today: dt.date) -> list[Figure]:
    figures = []
    for size in plan["sizes"]:
        with place(f"keypress-{size}") as target:
            build(target, 1, [size], today, seed=5)
            opened, opened_cpu, totals, drawn, cpu, typed, typed_cpu = asyncio.run(
                _measure(target, plan["keypress_runs"], today))
        figures.append(figure(f"R to the record form drawn, {size:,} activities", opened, "ms",
                              f"its first frame; event-loop CPU {statistics.median(opened_cpu):.1f} ms",
                              activities=size, event_loop_cpu_ms=statistics.median(opened_cpu)))
        typed_loop_cpu = statistics.median(typed_cpu)
        figures.append(figure(f"typed character to its frame, {size:,} activities", typed, "ms",
                              f"a title typed into the record form; event-loop CPU {typed_loop_cpu:.1f} ms",
                              activities=size, event_loop_cpu_ms=typed_loop_cpu))
        figures.append(figure(f"Ctrl+S to saved and re-read, {size:,} activities", totals, "ms",
                              "saved and every figure re-read", activities=size))
        main_cpu = statistics.median(cpu)
        figures.append(figure(f"Ctrl+S to overview redrawn, {size:,} activities", drawn, "ms",
                              f"the first frame showing them (target: 32 ms); event-loop CPU {main_cpu:.1f} ms",
                              activities=size, event_loop_cpu_ms=main_cpu))
    return figures


async def _measure(target: str, runs: int, today: dt.date) -> tuple[list[float], ...]:
    from amtrax_tui.ui.app import build_app
    from amtrax_tui.ui.screens import activity_form

    read: list[float] = []  # when the save worker's snapshot read returned (in its thread)
    shown: list[Decimal] = []  # the earned points each frame showing the progress line shows
    expected: list[Decimal] = []
    drawn_at: list[tuple[float, float]] = []  # the awaited frame: wall and event-loop CPU time
    frame_seen = asyncio.Event()
    form_at: list[tuple[float, float]] = []  # the form's first frame, while it is awaited
    form_seen = asyncio.Event()
    title_typed: list[str] = []  # the title typed so far, while its frame is awaited
    typed_at: list[tuple[float, float]] = []
    key_seen = asyncio.Event()
    read_snapshot = activity_form.read_snapshot

    def timed_read(*args, **kwargs):
        result = read_snapshot(*args, **kwargs)
        read.append(time.perf_counter())
        return result

    def on_frame(at: float, frame: str) -> None:
        if not form_seen.is_set() and FORM_TITLE in ESCAPE.sub("", frame):
            form_at.append((at, time.thread_time()))
            form_seen.set()
        if title_typed and not key_seen.is_set() and title_typed[-1] in ESCAPE.sub("", frame):
            typed_at.append((at, time.thread_time()))
            key_seen.set()
        earned = earned_points(frame)
        if earned is None:
            return
        shown.append(earned)
        if expected and earned == expected[-1] and not frame_seen.is_set():
            drawn_at.append((at, time.thread_time()))
            frame_seen.set()

    app = build_app(target)
    app.driver_class = recording_terminal(on_frame)
    activity_form.read_snapshot = timed_read
    opened, opened_cpu, totals, drawn, cpu, typed, typed_cpu = [], [], [], [], [], [], []
    try:
        async with app.run_test(headless=False, size=(80, 24)) as pilot:
            await _until(pilot, lambda: bool(shown))  # the overview, with the member's progress
            for number in range(runs + 1):  # the first one warms up
                await pilot.pause()
                form_at.clear()
                form_seen.clear()
                start, start_cpu = time.perf_counter(), time.thread_time()
                app.post_message(events.Key("r", "r"))
                await asyncio.wait_for(form_seen.wait(), 60)
                if number:
                    opened.append((form_at[0][0] - start) * 1000)
                    opened_cpu.append((form_at[0][1] - start_cpu) * 1000)
                await _until(pilot, lambda: _form_ready(app))
                form = app.screen
                title = f"KeypressCourse{number}"  # no space: the cursor's cell shows as one
                for length, key in enumerate(title, start=1):
                    title_typed[:] = [title[:length]]
                    key_seen.clear()
                    start, start_cpu = time.perf_counter(), time.thread_time()
                    app.post_message(events.Key(key, key))
                    await asyncio.wait_for(key_seen.wait(), 60)
                    if number:
                        typed.append((typed_at[-1][0] - start) * 1000)
                        typed_cpu.append((typed_at[-1][1] - start_cpu) * 1000)
                title_typed.clear()
                form.query_one("#points").value = str(POINTS)
                form.query_one("#start").value = today.isoformat()
                form.query_one("#attestation").value = True
                await pilot.pause()
                expected.append(shown[-1] + POINTS)
                read.clear()
                drawn_at.clear()
                frame_seen.clear()
                start, start_cpu = time.perf_counter(), time.thread_time()
                app.post_message(events.Key("ctrl+s", None))
                await asyncio.wait_for(frame_seen.wait(), 60)
                frame, frame_cpu = drawn_at[0]
                if number:
                    totals.append((max(t for t in read if t < frame) - start) * 1000)
                    drawn.append((frame - start) * 1000)
                    cpu.append((frame_cpu - start_cpu) * 1000)
    finally:
        activity_form.read_snapshot = read_snapshot
    return opened, opened_cpu, totals, drawn, cpu, typed, typed_cpu


def _form_ready(app) -> bool:
    """The record form is on screen with its fields mounted (under load that can take a while)."""
    if type(app.screen).__name__ != FORM:
        return False
    fields = app.screen.query("#attestation")
    return bool(fields) and fields.first().is_mounted


async def _until(pilot, condition) -> None:
    deadline = time.monotonic() + 60
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError("the app did not reach the expected state")
        await pilot.pause(0.01)
