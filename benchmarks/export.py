"""Transcripts of one member with many activities: reading them, rendering text
and CSV, and writing a file as `amtrax-tui export` does (atomically, synced)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from benchmarks.fixtures import RULES, build
from benchmarks.measure import Figure, figure, time_ms
from amtrax_tui.store import members
from amtrax_tui.transcript import generation_time, render, transcripts, write_transcripts


def run(place, plan: dict, today: dt.date) -> list[Figure]:
    size, runs = plan["export"], plan["slow_runs"]
    with place("export") as target, tempfile.TemporaryDirectory(prefix="amtrax-export-") as folder:
        [amt_id] = build(target, 1, [size], today, seed=3)
        member = members.find_member(amt_id)

        def load():
            return transcripts(RULES, member, "RMA", "current", today, generation_time())

        output = Path(folder) / "transcript.txt"
        measured = [
            ("transcript read from the store", load),
            ("text transcript (read + render)", lambda: render(load(), "text")),
            ("CSV transcript (read + render)", lambda: render(load(), "csv")),
            ("text transcript written to a file", lambda: write_transcripts(load(), "text", output, force=True)),
        ]
        return [figure(f"{name}, {size:,} activities", time_ms(fn, runs), "ms", activities=size)
                for name, fn in measured]
