"""The quick benchmark runs and reports every figure; its times are not judged here."""

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SECTIONS = ["startup", "keypress", "scale", "history", "export", "roster", "concurrency"]
SQLITE_ONLY = {"startup", "keypress"}  # the screens' figures do not depend on the database


pytestmark = pytest.mark.long  # the module's fixture runs the quick benchmark


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    output = tmp_path_factory.mktemp("bench") / "quick.json"
    done = subprocess.run([sys.executable, "-m", "benchmarks", "--quick", "--json", str(output)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(output.read_text()), done.stdout


def _expected_sections():
    names = list(SECTIONS)
    if os.environ.get("AMTRAX_TEST_POSTGRES"):
        names += [f"{name} (postgresql)" for name in SECTIONS if name not in SQLITE_ONLY]
    return names


def test_every_section_reports_on_each_backend(report):
    data, _ = report
    assert list(data["sections"]) == _expected_sections()
    assert data["quick"] is True
    assert {"python", "platform", "processor", "cpus", "load_average"} <= set(data["machine"])


def test_every_figure_is_a_median_within_its_spread(report):
    data, _ = report
    for section, figures in data["sections"].items():
        assert figures, section
        for f in figures:
            assert f["name"] and f["unit"], f
            assert f["runs"] >= 1, f
            assert all(math.isfinite(f[k]) and f[k] > 0 for k in ("low", "median", "high")), f
            assert f["low"] <= f["median"] <= f["high"], f


def test_scale_shows_growth_and_the_member_alone(report):
    data, _ = report
    for key in [k for k in data["sections"] if k.startswith("scale")]:
        figures = data["sections"][key]
        sizes = data["plan"]["sizes"]
        among = [f for f in figures if f["extra"]["other_activities"] > 0]
        assert [f["extra"]["activities"] for f in among] == sizes
        assert among[0]["extra"]["growth_per_10x"] is None
        assert all(f["extra"]["growth_per_10x"] > 0 for f in among[1:])
        [alone] = [f for f in figures if f["extra"]["other_activities"] == 0]
        assert alone["extra"]["activities"] == data["plan"]["alone"]
        assert alone["extra"]["among_others_ratio"] > 0


def test_history_times_a_page_in_each_sort_both_ways(report):
    data, _ = report
    for key in [k for k in data["sections"] if k.startswith("history")]:
        figures = data["sections"][key]
        assert [(f["extra"]["sort"], f["extra"]["descending"]) for f in figures] == [
            (sort, descending) for sort in ("date", "points", "title", "category") for descending in (False, True)]
        assert {f["extra"]["activities"] for f in figures} == {data["plan"]["sizes"][-1]}


def test_concurrent_writers_store_every_record(report):
    data, _ = report
    for key in [k for k in data["sections"] if k.startswith("concurrency")]:
        figures = data["sections"][key]
        for member in ("own", "shared"):  # each process for a member of its own; all for one member
            assert [f["extra"]["processes"] for f in figures if f["extra"]["member"] == member] == data["plan"]["processes"]
        for f in figures:
            assert f["extra"]["failed"] == 0, f["note"]
            assert f["extra"]["stored"] == f["extra"]["attempted"] > 0


def test_startup_compares_with_the_bare_app_and_keypress_times_both_moments(report):
    data, _ = report
    startup = {f["name"]: f for f in data["sections"]["startup"]}
    for kind in ("overview", "with the PostgreSQL driver"):
        assert startup[f"startup, amtrax-tui {kind}"]["extra"]["ratio"] > 0
    for app in ("bare Textual app", "amtrax-tui overview"):  # the first frame, timed from the same exec
        assert 0 < startup[f"startup, {app}"]["median"] < startup[f"startup to exit, {app}"]["median"]
    assert startup["peak RSS, amtrax-tui"]["extra"]["ratio"] > 0
    keypress = data["sections"]["keypress"]
    assert [f["extra"]["activities"] for f in keypress] == [n for n in data["plan"]["sizes"] for _ in (1, 2, 3, 4)]
    for opened, typed, totals, drawn in zip(keypress[::4], keypress[1::4], keypress[2::4], keypress[3::4]):
        assert opened["name"].startswith("R to the record form drawn") and opened["extra"]["event_loop_cpu_ms"] > 0
        assert typed["name"].startswith("typed character to its frame") and typed["extra"]["event_loop_cpu_ms"] > 0
        titles = [f"KeypressCourse{n}" for n in range(1, data["plan"]["keypress_runs"] + 1)]
        assert typed["runs"] == sum(map(len, titles))  # every key of every title but the warm-up's
        assert totals["name"].startswith("Ctrl+S to saved and re-read") and drawn["name"].startswith("Ctrl+S to overview")
        assert drawn["extra"]["event_loop_cpu_ms"] > 0
        assert drawn["median"] >= totals["low"]  # the frame comes after the totals it shows


def test_the_table_names_every_section(report):
    data, printed = report
    for section in data["sections"]:
        assert f"\n{section}\n" in printed
