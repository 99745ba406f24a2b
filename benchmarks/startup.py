"""Startup time and peak memory of separate processes: amtrax-tui against a bare Textual app.

Each figure is wall time from exec to the exit that follows the first full
frame (see launch.py), the CPU time the process used meanwhile (user and system,
every thread, from os.wait4), and its peak RSS (as the process reports it). Runs of the two apps alternate,
so drift in the machine's load touches both alike; the CPU time, which waiting
for a busy machine does not add to, is the steadier comparison under load.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import subprocess
import sys
import time

from benchmarks.fixtures import build
from benchmarks.measure import Figure, figure

BACKENDS = ("sqlite",)  # a PostgreSQL server's latency would measure the network, not the app
NO_DRIVER = "--without-postgres-driver"


def run(place, plan: dict, today: dt.date) -> list[Figure]:
    runs = plan["startup_runs"]
    with place("startup") as target:
        build(target, 1, [30], today, seed=6)
        kinds = {"bare": ("bare",), "amtrax": ("amtrax", target, NO_DRIVER), "driver": ("amtrax", target)}
        samples: dict[str, list[tuple[float, float, float]]] = {kind: [] for kind in kinds}
        for _ in range(runs):
            for kind, args in kinds.items():
                samples[kind].append(_launch(*args))
    ms = {kind: [s[0] for s in found] for kind, found in samples.items()}
    mib = {kind: [s[1] for s in found] for kind, found in samples.items()}
    cpu = {kind: [s[2] for s in found] for kind, found in samples.items()}

    def ratio(values: dict, kind: str) -> float:
        return statistics.median(values[kind]) / statistics.median(values["bare"])

    return [
        figure("startup, bare Textual app", ms["bare"], "ms"),
        figure("startup, amtrax-tui overview", ms["amtrax"], "ms",
               f"x{ratio(ms, 'amtrax'):.2f} the bare app (target 1.5); as the README installs it",
               ratio=ratio(ms, "amtrax")),
        figure("startup, amtrax-tui with the PostgreSQL driver", ms["driver"], "ms",
               f"x{ratio(ms, 'driver'):.2f}: Peewee imports the driver when installed",
               ratio=ratio(ms, "driver")),
        figure("startup CPU time, bare Textual app", cpu["bare"], "ms"),
        figure("startup CPU time, amtrax-tui overview", cpu["amtrax"], "ms",
               f"x{ratio(cpu, 'amtrax'):.2f} the bare app", ratio=ratio(cpu, "amtrax")),
        figure("peak RSS, bare Textual app", mib["bare"], "MiB"),
        figure("peak RSS, amtrax-tui", mib["amtrax"], "MiB",
               f"x{ratio(mib, 'amtrax'):.2f} the bare app (target 1.3)", ratio=ratio(mib, "amtrax")),
        figure("peak RSS, amtrax-tui with the PostgreSQL driver", mib["driver"], "MiB",
               f"x{ratio(mib, 'driver'):.2f}", ratio=ratio(mib, "driver")),
        figure("import amtrax_tui.cli (headless commands)", [_import_ms("amtrax_tui.cli") for _ in range(runs)], "ms"),
        figure("import amtrax_tui.ui.app", [_import_ms("amtrax_tui.ui.app") for _ in range(runs)], "ms"),
        figure("python alone", [_import_ms("sys") for _ in range(runs)], "ms"),
    ]


def _launch(*args: str) -> tuple[float, float, float]:
    """Wall milliseconds from exec to exit after the first full frame, peak RSS in MiB,
    and CPU milliseconds."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "benchmarks.launch", *args],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={**os.environ, "AMTRAX_CONFIG": os.devnull})
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = (time.perf_counter() - start) * 1000
    if os.waitstatus_to_exitcode(status):
        raise RuntimeError(f"launch {' '.join(args)} failed: {process.stderr.read().decode()[-2000:]}")
    peak = float(process.stdout.read())
    process.stdout.close()
    process.stderr.close()
    return elapsed, peak, (usage.ru_utime + usage.ru_stime) * 1000


def _import_ms(module: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", f"import {module}"], check=True)
    return (time.perf_counter() - start) * 1000
