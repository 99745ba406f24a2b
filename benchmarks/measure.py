"""Timing helpers: every figure is a median of several runs, with its spread."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Figure:
    name: str
    median: float
    low: float
    high: float
    unit: str
    runs: int
    note: str = ""
    extra: dict = field(default_factory=dict)  # counts and ratios a section reports beside the time

    def as_dict(self) -> dict:
        return asdict(self)


def figure(name: str, samples: list[float], unit: str, note: str = "", **extra) -> Figure:
    return Figure(name, statistics.median(samples), min(samples), max(samples), unit, len(samples), note, extra)


def time_ms(fn: Callable[[], object], runs: int, warmup: int = 1) -> list[float]:
    """Milliseconds per call of `fn`, after `warmup` untimed calls."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples
