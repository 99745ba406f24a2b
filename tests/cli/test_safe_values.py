"""Dates and numbers from the command line: a year whose cycle arithmetic would
leave the calendar, or digits other than ASCII 0-9, are refused with exit 2
and a message naming the field, in every command that takes them."""

import pytest

from .conftest import days_ago, record_args

OUT_OF_RANGE = ["9999-12-31", "0001-01-01", "12/31/9999"]
# full-width, Arabic-Indic, Extended Arabic-Indic (Persian) digits; one full-width digit among ASCII
FOREIGN_DATES = ["２０２５-１２-０１", "１２/０１/２０２５", "٢٠٢٥-١٢-٠١", "١٢/٠١/٢٠٢٥", "۲۰۲۵-۱۲-۰۱", "2025-1２-01"]
FOREIGN_POINTS = ["１.５", "１", "١٫٥", "١.٥", "۳", "1٥"]


def commands_taking(date: str) -> list[tuple[list[str], str]]:
    """Every command line that takes a date, with `date` in it, and the field named."""
    return [
        (["progress", "--member", "A100", "--on", date], "on"),
        (["roster", "--on", date], "on"),
        (["export", "--member", "A100", "--credential", "RMA", "--cycle", date, "--format", "text",
          "--output", "-"], "cycle"),
        (["export", "--member", "A100", "--cycle", date, "--format", "json", "--output", "-"], "cycle"),
        (["audit-packet", "--member", "A100", "--credential", "RMA", "--cycle", date, "--output", "p.zip"], "cycle"),
        (record_args(start=date), "start"),
        (record_args("--end", date), "end"),
        (["cert", "add", "--member", "A100", "--credential", "RPT", "--certified-on", date], "certified-on"),
        (["cert", "add", "--member", "A100", "--credential", "RPT", "--certified-on", days_ago(30),
          "--cycle-start", date], "cycle-start"),
    ]


@pytest.mark.parametrize("date", OUT_OF_RANGE)
def test_a_year_outside_1900_to_9000_is_refused_in_every_command(ann, tmp_path, monkeypatch, date):
    monkeypatch.chdir(tmp_path)
    for args, field in commands_taking(date):
        err = ann.refused(*args)
        assert err.startswith(f"amtrax-tui: {field}: {date!r} is out of range; use a year from 1900 to 9000"), err
    assert not (tmp_path / "p.zip").exists()


@pytest.mark.parametrize("date", FOREIGN_DATES)
def test_dates_in_other_digits_are_refused_in_every_command(ann, tmp_path, monkeypatch, date):
    monkeypatch.chdir(tmp_path)
    for args, field in commands_taking(date):
        err = ann.refused(*args)
        assert err.startswith(f"amtrax-tui: {field}: {date!r} is not a date; use YYYY-MM-DD or MM/DD/YYYY"), err


@pytest.mark.parametrize("points", FOREIGN_POINTS)
def test_points_in_other_digits_are_refused(ann, points):
    assert ann.refused(*record_args(points=points)) == f"amtrax-tui: points: {points!r} is not a number"


@pytest.mark.parametrize("column, value", [("start_date", "9999-12-31"), ("start_date", "٢٠٢٥-١٢-٠١"),
                                           ("points", "１.５")])
def test_import_refuses_the_same_dates_and_points(ann, tmp_path, column, value):
    row = {"category": "professional-education", "title": "Course", "points": "1.5", "start_date": days_ago(3)}
    row[column] = value
    path = tmp_path / "in.csv"
    path.write_text(",".join(row) + "\n" + ",".join(row.values()) + "\n", encoding="utf-8")
    result = ann("import", "--member", "A100", "--credential", "RMA", "--attest", str(path))
    assert (result.code, result.out) == (2, "")
    assert f"{path}:2: {column}: {value!r}" in result.err
    assert ann.ok("activities", "--member", "A100", "--json").json() == []


def test_the_edges_of_the_range_are_accepted(ann):
    assert "Cycle" in ann.ok("progress", "--member", "A100", "--on", "9000-12-31").out
    assert ann.ok("roster", "--on", "1900-01-01", "--json").json() == []  # nobody was certified yet
