"""Startup time and peak memory of separate processes: amtrax-tui against a bare Textual app.

Each start gives the wall time from exec to its first full frame (see launch.py),
the wall time from exec to the exit that follows that frame, the CPU time the
process used until it exited (user and system, every thread, from os.wait4), and
its peak RSS (as the process reports it). Runs of the apps alternate, so drift
in the machine's load touches all alike; the CPU time, which waiting for a busy
machine adds less to, is the steadier comparison under load.

Python runs with its modules byte-compiled, as after `pip install` (which
compiles every module it installs): the compiled files go to a folder of the
benchmark's own (PYTHONPYCACHEPREFIX), filled by one untimed start of each kind.
Textual, installed by pip, is compiled either way; where Python may not write
bytecode (PYTHONDONTWRITEBYTECODE, as in some CI and container setups) a
checkout's own modules are compiled anew at every start, which the "from
source" figure shows.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time

from benchmarks.fixtures import build
from benchmarks.measure import Figure, figure

BACKENDS = ("sqlite",)  # a PostgreSQL server's latency would measure the network, not the app
NO_DRIVER = "--without-postgres-driver"


def run(place, plan: dict, today: dt.date) -> list[Figure]:
    runs = plan["startup_runs"]
    with place("startup") as target, tempfile.TemporaryDirectory(prefix="amtrax-bench-pyc-") as pyc:
        compiled = {**os.environ, "AMTRAX_CONFIG": os.devnull, "PYTHONPYCACHEPREFIX": pyc}
        compiled.pop("PYTHONDONTWRITEBYTECODE", None)
        source = {**os.environ, "AMTRAX_CONFIG": os.devnull, "PYTHONDONTWRITEBYTECODE": "1"}
        build(target, 1, [30], today, seed=6)
        kinds = {
            "bare": (compiled, "bare"),
            "amtrax": (compiled, "amtrax", target, NO_DRIVER),
            "driver": (compiled, "amtrax", target),
            "source": (source, "amtrax", target, NO_DRIVER),
        }
        for env, *args in kinds.values():  # compiles the modules, and brings the files into the page cache
            _launch(env, *args)
        samples: dict[str, list[tuple[float, float, float, float]]] = {kind: [] for kind in kinds}
        for _ in range(runs):
            for kind, (env, *args) in kinds.items():
                samples[kind].append(_launch(env, *args))
        imports = {module: [_import_ms(compiled, module) for _ in range(runs)]
                   for module in ("amtrax_tui.cli", "amtrax_tui.ui.app", "sys")}
    ms = {kind: [s[0] for s in found] for kind, found in samples.items()}
    mib = {kind: [s[1] for s in found] for kind, found in samples.items()}
    cpu = {kind: [s[2] for s in found] for kind, found in samples.items()}
    to_exit = {kind: [s[3] for s in found] for kind, found in samples.items()}

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
        figure("startup, amtrax-tui compiled at every start", ms["source"], "ms",
               f"x{ratio(ms, 'source'):.2f}: PYTHONDONTWRITEBYTECODE and a checkout", ratio=ratio(ms, "source")),
        figure("startup to exit, bare Textual app", to_exit["bare"], "ms"),
        figure("startup to exit, amtrax-tui overview", to_exit["amtrax"], "ms",
               f"x{ratio(to_exit, 'amtrax'):.2f} the bare app", ratio=ratio(to_exit, "amtrax")),
        figure("startup CPU time, bare Textual app", cpu["bare"], "ms"),
        figure("startup CPU time, amtrax-tui overview", cpu["amtrax"], "ms",
               f"x{ratio(cpu, 'amtrax'):.2f} the bare app", ratio=ratio(cpu, "amtrax")),
        figure("peak RSS, bare Textual app", mib["bare"], "MiB"),
        figure("peak RSS, amtrax-tui", mib["amtrax"], "MiB",
               f"x{ratio(mib, 'amtrax'):.2f} the bare app (target 1.3)", ratio=ratio(mib, "amtrax")),
        figure("peak RSS, amtrax-tui with the PostgreSQL driver", mib["driver"], "MiB",
               f"x{ratio(mib, 'driver'):.2f}", ratio=ratio(mib, "driver")),
        figure("import amtrax_tui.cli (headless commands)", imports["amtrax_tui.cli"], "ms"),
        figure("import amtrax_tui.ui.app", imports["amtrax_tui.ui.app"], "ms"),
        figure("python alone", imports["sys"], "ms"),
    ]


def _launch(env: dict, *args: str) -> tuple[float, float, float, float]:
    """Wall milliseconds from exec to the first full frame, peak RSS in MiB, CPU milliseconds
    to exit, and wall milliseconds from exec to exit."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "benchmarks.launch", *args],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = (time.perf_counter() - start) * 1000
    if os.waitstatus_to_exitcode(status):
        raise RuntimeError(f"launch {' '.join(args)} failed: {process.stderr.read().decode()[-2000:]}")
    shown, peak = map(float, process.stdout.read().split())
    process.stdout.close()
    process.stderr.close()
    return (shown - start) * 1000, peak, (usage.ru_utime + usage.ru_stime) * 1000, elapsed


def _import_ms(env: dict, module: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", f"import {module}"], check=True, env=env)
    return (time.perf_counter() - start) * 1000
