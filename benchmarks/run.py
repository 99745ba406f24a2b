"""python -m benchmarks [--quick] [--json FILE] [--only SECTION ...]"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import tempfile
from pathlib import Path

from benchmarks.measure import Figure

FULL = {"sizes": [100, 1_000, 10_000, 100_000], "others": (20_000, 50), "runs": 15,
        "processes": [1, 4, 8], "per_process": 200}
QUICK = {"sizes": [10, 100], "others": (50, 20), "runs": 3, "processes": [1, 2], "per_process": 10}
SECTIONS = ["scale", "concurrency"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny sizes, seconds in all (for CI)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, help="run only these sections")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    today = dt.date.today()
    postgres = os.environ.get("AMTRAX_TEST_POSTGRES")
    results: dict[str, list[Figure]] = {}
    with tempfile.TemporaryDirectory(prefix="amtrax-bench-") as work:
        work = Path(work)
        for section in args.only or SECTIONS:
            results[section] = _section(section, plan, str(work / f"{section}.db"), today)
            _print(section, results[section])
    if args.json:
        Path(args.json).write_text(json.dumps({
            "machine": _machine(), "quick": args.quick, "date": today.isoformat(),
            "sections": {name: [f.as_dict() for f in figures] for name, figures in results.items()},
        }, indent=2) + "\n")
    return 0


def _section(section: str, plan: dict, target: str, today: dt.date) -> list[Figure]:
    if section == "scale":
        from benchmarks import scale
        return scale.run(target, plan["sizes"], plan["others"], today, plan["runs"])
    if section == "concurrency":
        from benchmarks import concurrency
        return concurrency.run(target, plan["processes"], plan["per_process"], today)
    raise ValueError(section)


def _print(section: str, figures: list[Figure]) -> None:
    print(f"\n{section}")
    for f in figures:
        print(f"  {f.name:<40} {f.median:>10.2f} {f.unit:<10} [{f.low:.2f} .. {f.high:.2f}] n={f.runs}  {f.note}")
    sys.stdout.flush()


def _machine() -> dict:
    return {"python": platform.python_version(), "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(), "cpus": os.cpu_count()}
