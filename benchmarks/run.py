"""python -m benchmarks [--quick] [--json FILE] [--only SECTION ...]

Builds its own databases (SQLite files in a temporary folder; scratch
PostgreSQL databases on the server of AMTRAX_TEST_POSTGRES when it is set,
dropped afterwards), measures, prints a table and optionally writes JSON.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.measure import Figure

PG_ENV = "AMTRAX_TEST_POSTGRES"
FULL = {"sizes": [100, 1_000, 10_000, 100_000], "others": (20_000, 50), "alone": 10_000, "runs": 15,
        "startup_runs": 15, "keypress_runs": 15,
        "export": 10_000, "roster": (1_000, 50), "slow_runs": 7,
        "processes": [1, 4, 8], "rounds": 5, "per_process": 100}
# Quick: each figure once or twice, to show that every section runs (its times are not judged).
QUICK = {"sizes": [10, 100], "others": (50, 20), "alone": 100, "runs": 3,
         "startup_runs": 1, "keypress_runs": 1,
         "export": 100, "roster": (20, 5), "slow_runs": 2,
         "processes": [1, 2], "rounds": 1, "per_process": 5}
SECTIONS = ["startup", "keypress", "scale", "history", "export", "roster", "concurrency"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="tiny sizes, seconds in all (for CI)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, help="run only these sections")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    today = dt.date.today()
    postgres = os.environ.get(PG_ENV)
    chosen = args.only or SECTIONS
    runs = [(name, "sqlite") for name in chosen]
    if postgres:
        runs += [(name, "postgresql") for name in chosen if "postgresql" in _backends(name)]
    results: dict[str, list[Figure]] = {}
    load_before = os.getloadavg()
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="amtrax-bench-") as work:
        for name, backend in runs:
            place = _sqlite_place(Path(work)) if backend == "sqlite" else _postgres_place(postgres)
            key = name if backend == "sqlite" else f"{name} (postgresql)"
            results[key] = _section(name, place, plan, today)
            _print(key, results[key])
    load = {"before": load_before, "after": os.getloadavg()}  # 1, 5, 15 minutes: other work on the machine
    print(f"\n{time.perf_counter() - began:.0f} s in all; load average {_load(load['before'])} before, "
          f"{_load(load['after'])} after, on {os.cpu_count()} CPUs")
    if args.json:
        Path(args.json).write_text(json.dumps({
            "machine": {**_machine(), "load_average": load}, "quick": args.quick,
            "date": today.isoformat(), "plan": plan,
            "sections": {key: [f.as_dict() for f in figures] for key, figures in results.items()},
        }, indent=2) + "\n")
    return 0


def _backends(name: str) -> tuple[str, ...]:
    """Where a section runs: a module may say BACKENDS = ("sqlite",)."""
    return getattr(importlib.import_module(f"benchmarks.{name}"), "BACKENDS", ("sqlite", "postgresql"))


def _section(name: str, place, plan: dict, today: dt.date) -> list[Figure]:
    """Each section module's run(place, plan, today). `place(name)` is a context
    manager giving the target of a new empty database, closed (and on
    PostgreSQL dropped) when the block ends."""
    module = importlib.import_module(f"benchmarks.{name}")
    return module.run(place, plan, today)


def _sqlite_place(work: Path):
    @contextlib.contextmanager
    def place(name: str):
        try:
            yield str(work / f"{name}.db")
        finally:
            _close()
    return place


def _postgres_place(url: str):
    from benchmarks.postgres import scratch_database

    @contextlib.contextmanager
    def place(name: str):
        with scratch_database(url, f"amtrax_bench_{os.getpid()}_{name.replace('-', '_')}") as target:
            yield target
    return place


def _close() -> None:
    from amtrax_tui.store.models import db

    if db.obj is not None:
        db.close()


def _print(section: str, figures: list[Figure]) -> None:
    print(f"\n{section}")
    for f in figures:
        print(f"  {f.name:<52} {f.median:>10.2f} {f.unit:<10} [{f.low:.2f} .. {f.high:.2f}] n={f.runs}  {f.note}")
    sys.stdout.flush()


def _load(averages: tuple[float, ...]) -> str:
    return "/".join(f"{a:.1f}" for a in averages)


def _machine() -> dict:
    return {"python": platform.python_version(), "platform": platform.platform(),
            "processor": _cpu_model() or platform.processor() or platform.machine(), "cpus": os.cpu_count()}


def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return ""
