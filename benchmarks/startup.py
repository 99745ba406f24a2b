"""Startup time and peak memory of separate processes: amtrax-tui against a bare Textual app."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

from benchmarks.measure import Figure, figure


def _launch(*args: str) -> tuple[float, float]:
    """Wall milliseconds from exec to exit after the first frame, and peak RSS in MiB."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "benchmarks.launch", *args],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = (time.perf_counter() - start) * 1000
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise RuntimeError(f"launch {' '.join(args)} failed: {process.stderr.read().decode()[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024  # Linux reports KiB


def _imports(module: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", f"import {module}"], check=True)
    return (time.perf_counter() - start) * 1000


def run(target: str, runs: int) -> list[Figure]:
    from benchmarks.fixtures import build
    from datetime import date

    build(target, 1, [30], date.today())
    samples: dict[str, list[tuple[float, float]]] = {"bare": [], "amtrax": []}
    for _ in range(runs):  # interleaved, so drift in the machine's load hits both alike
        samples["bare"].append(_launch("bare"))
        samples["amtrax"].append(_launch("amtrax", target))
    bare_ms, app_ms = ([s[0] for s in samples[k]] for k in ("bare", "amtrax"))
    bare_mb, app_mb = ([s[1] for s in samples[k]] for k in ("bare", "amtrax"))
    python_ms = [_imports("sys") for _ in range(runs)]
    return [
        figure("startup, bare Textual app", bare_ms, "ms"),
        figure("startup, amtrax-tui overview", app_ms, "ms",
               f"ratio {statistics.median(app_ms) / statistics.median(bare_ms):.2f} (target <= 1.3)"),
        figure("peak RSS, bare Textual app", bare_mb, "MiB"),
        figure("peak RSS, amtrax-tui", app_mb, "MiB",
               f"ratio {statistics.median(app_mb) / statistics.median(bare_mb):.2f} (target <= 1.3)"),
        figure("python interpreter alone", python_ms, "ms"),
        figure("import amtrax_tui.cli (headless commands)", [_imports("amtrax_tui.cli") for _ in range(runs)], "ms"),
        figure("import amtrax_tui.ui.app", [_imports("amtrax_tui.ui.app") for _ in range(runs)], "ms"),
    ]
