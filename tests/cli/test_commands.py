"""The headless commands: output, JSON shapes and exit status 0."""

import datetime as dt

import pytest

from amtrax_tui.cli import main
from amtrax_tui.store.db import open_database

from .conftest import TODAY, Cli, days_ago, record_args

ACTIVITY_KEYS = {"id", "category", "title", "provider", "points", "start", "end", "credentials"}
PROGRESS_KEYS = {"credential", "required", "cycle_start", "cycle_end", "earned", "remaining", "by_category",
                 "status", "days_left", "date_met", "invoice_available_on", "next_dues_month"}


def test_member_add_and_list(cli):
    assert cli.ok("member", "add", "--name", "Ann Lee", "--amt-id", "A100").out == "added Ann Lee (AMT ID A100)\n"
    cli.ok("member", "add", "--name", "Bob Diaz", "--amt-id", "B200")
    assert cli.ok("member", "list", "--json").json() == [
        {"id": 1, "name": "Ann Lee", "amt_id": "A100", "email": None},
        {"id": 2, "name": "Bob Diaz", "amt_id": "B200", "email": None}]
    lines = cli.ok("member", "list").out.splitlines()
    assert lines[0].split() == ["AMT", "ID", "Name", "E-mail"] and lines[1].split() == ["A100", "Ann", "Lee"]


def test_cert_add_and_list(ann):
    us_date = (TODAY - dt.timedelta(days=30)).strftime("%m/%d/%Y")
    ann.ok("cert", "add", "--member", "A100", "--credential", "RPT", "--certified-on", days_ago(2000),
           "--cycle-start", us_date)
    by_code = {row["credential"]: row for row in ann.ok("cert", "list", "--member", "A100", "--json").json()}
    assert list(by_code) == ["MLT", "RMA", "RPT"]
    rpt = by_code["RPT"]
    assert (rpt["name"], rpt["required"], rpt["certified_on"], rpt["anchor"], rpt["cycle_start"]) == (
        "Registered Phlebotomy Technician", 24, days_ago(2000), days_ago(30), days_ago(30))
    assert by_code["RMA"]["cycle_start"] == days_ago(400)
    assert "Registered Medical Assistant" in ann.ok("cert", "list", "--member", "A100").out


def test_record_prints_the_new_id_and_end_defaults_to_start(ann):
    assert ann.ok(*record_args()).out == "1\n"
    assert ann.ok(*record_args("--end", days_ago(8), title="Two-day course", start=days_ago(9))).out == "2\n"
    first, second = ann.ok("activities", "--member", "A100", "--json").json()
    assert (first["start"], first["end"]) == (days_ago(10), days_ago(10))
    assert (second["start"], second["end"]) == (days_ago(9), days_ago(8))


def test_activities_json_shape_and_filter(ann, tmp_path):
    proof = tmp_path / "cert.pdf"
    proof.write_bytes(b"certificate")
    ann.ok(*record_args("--also", "MLT", "--provider", "AMT", "--notes", "Room 4", "--evidence", str(proof)))
    ann.ok(*record_args(title="Older course", start=days_ago(300)))
    rows = ann.ok("activities", "--member", "A100", "--json").json()
    assert ACTIVITY_KEYS <= set(rows[0])
    first = next(r for r in rows if r["title"] == "Infection control update")
    assert (first["category"], first["provider"], first["points"], first["credentials"], first["notes"]) == (
        "professional-education", "AMT", 1.5, ["MLT", "RMA"], "Room 4")
    assert first["evidence"] == str(proof) and len(first["evidence_sha256"]) == 64
    assert [r["title"] for r in ann.ok("activities", "--member", "A100", "--credential", "mlt", "--json").json()] == [
        "Infection control update"]
    table = ann.ok("activities", "--member", "A100").out
    assert "Older course" in table and "MLT,RMA" in table


def test_decimal_points_end_to_end(ann):
    ann.ok(*record_args(points="0.1", title="a"))
    ann.ok(*record_args(points="0.2", title="b"))
    assert [a["points"] for a in ann.ok("activities", "--member", "A100", "--json").json()] == [0.1, 0.2]
    [rma] = ann.ok("progress", "--member", "A100", "--credential", "RMA", "--json").json()
    assert (rma["earned"], rma["remaining"]) == (0.3, 29.7)
    assert rma["by_category"]["professional-education"] == 0.3
    assert '"earned": 0.3,' in ann.ok("progress", "--member", "A100", "--credential", "RMA", "--json").out


def test_progress_json_shape(ann):
    ann.ok(*record_args("--also", "MLT", points="30"))
    rows = ann.ok("progress", "--member", "A100", "--json").json()
    assert [r["credential"] for r in rows] == ["MLT", "RMA"]
    for row in rows:
        assert PROGRESS_KEYS <= set(row)
        assert row["status"] in {"met", "on_track", "behind", "lapsed"}
    mlt, rma = rows
    assert (rma["required"], rma["earned"], rma["remaining"], rma["status"]) == (30, 30, 0, "met")
    assert (rma["date_met"], rma["invoice_available_on"]) == (days_ago(10), days_ago(9))
    assert (rma["cycle_start"], rma["cycle_end"]) == (days_ago(400), _cycle_end(400))
    assert rma["days_left"] == (dt.date.fromisoformat(rma["cycle_end"]) - TODAY).days + 1
    assert (mlt["required"], mlt["status"], mlt["remaining"]) == (45, "on_track", 15)
    assert (mlt["date_met"], mlt["invoice_available_on"]) == (None, None)
    assert rma["next_dues_month"] == _next_dues(TODAY - dt.timedelta(days=400))
    assert set(rma["by_category"]) >= {"professional-education", "authorship"}


def _cycle_end(days_since_anchor: int) -> str:
    from dateutil.relativedelta import relativedelta

    anchor = TODAY - dt.timedelta(days=days_since_anchor)
    return (anchor + relativedelta(years=3) - dt.timedelta(days=1)).isoformat()


def _next_dues(certified: dt.date) -> str:
    year = TODAY.year if TODAY.month <= certified.month else TODAY.year + 1
    return f"{max(year, certified.year + 1):04d}-{certified.month:02d}"


def test_progress_on_a_date_evaluates_the_cycle_containing_it(ann):
    ann.ok(*record_args(points="5"))
    on = (TODAY - dt.timedelta(days=20)).strftime("%m/%d/%Y")
    [rma] = ann.ok("progress", "--member", "A100", "--credential", "RMA", "--on", on, "--json").json()
    assert rma["earned"] == 0  # recorded for 10 days ago: not yet earned 20 days ago
    later = (TODAY + dt.timedelta(days=3 * 366)).isoformat()
    [rma] = ann.ok("progress", "--member", "A100", "--credential", "RMA", "--on", later, "--json").json()
    assert rma["cycle_start"] > days_ago(400) and rma["earned"] == 0


def test_progress_table(ann):
    out = ann.ok("progress", "--member", "A100").out
    header, *rows = out.splitlines()
    assert header.split()[:3] == ["Code", "Cycle", "Required"]
    assert [r.split()[0] for r in rows] == ["MLT", "RMA"]
    assert "not yet available" in out


def test_a_cap_in_a_rules_file_is_reported(ann, tmp_path):
    from importlib import resources

    shipped = resources.files("amtrax_tui.ccp").joinpath("rules.toml").read_text("utf-8")
    capped = tmp_path / "capped.toml"
    capped.write_text(shipped.replace('name = "Professional Education"', 'name = "Professional Education"\ncap = 2'))
    ann.ok(*record_args(points="1.5", title="a"), "--rules", str(capped))
    ann.ok(*record_args(points="1.5", title="b"), "--rules", str(capped))
    [rma] = ann.ok("progress", "--member", "A100", "--credential", "RMA", "--rules", str(capped), "--json").json()
    assert (rma["earned"], rma["by_category"]["professional-education"], rma["cut_by_cap"]) == (
        2, 2, {"professional-education": 1})
    out = ann.ok("progress", "--member", "A100", "--credential", "RMA", "--rules", str(capped)).out
    assert "RMA: 1 of 3 Professional Education points do not count (cap 2 per cycle)" in out


def test_allow_duplicate_records_a_confirmed_duplicate(ann):
    ann.ok(*record_args())
    assert ann.ok(*record_args("--allow-duplicate", title="INFECTION  control update")).out == "2\n"


def test_common_options_may_come_before_the_command(ann):
    result = ann("--db", ann.target, "member", "list", "--json", db_option=False)
    assert (result.code, [m["amt_id"] for m in result.json()]) == (0, ["A100"])


def test_amtrax_db_names_the_database(ann, monkeypatch):
    monkeypatch.setenv("AMTRAX_DB", ann.target)
    assert [m["amt_id"] for m in ann("member", "list", "--json", db_option=False).json()] == ["A100"]


def test_the_same_commands_run_on_every_backend(database_url, capsys):
    cli = Cli(database_url, capsys)
    cli.ok("member", "add", "--name", "Ann Lee", "--amt-id", "A100")
    cli.ok("cert", "add", "--member", "A100", "--credential", "RMA", "--certified-on", days_ago(400))
    cli.ok(*record_args(points="0.1", title="a"))
    cli.ok(*record_args(points="0.2", title="b"))
    [rma] = cli.ok("progress", "--member", "A100", "--json").json()
    assert rma["earned"] == 0.3
    refused = cli("member", "add", "--name", "Someone", "--amt-id", "A100")
    assert (refused.code, refused.err) == (2, "amtrax-tui: amt-id: A100 already belongs to another member\n")
    open_database(database_url)
    from amtrax_tui.store.models import Member

    assert Member.select().count() == 1


@pytest.mark.parametrize("argv", [["--version"], ["--help"]])
def test_version_and_help_exit_0(argv, capsys):
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "amtrax-tui" in out


def test_version_names_the_version(capsys):
    from amtrax_tui import __version__

    main(["--version"])
    assert capsys.readouterr().out == f"amtrax-tui {__version__}\n"


def test_help_lists_every_command(capsys):
    main(["--help"])
    out = capsys.readouterr().out
    for command in ("member", "cert", "record", "activities", "progress"):
        assert command in out
    assert "YYYY-MM-DD or MM/DD/YYYY" in out


SUBCOMMANDS = [["member"], ["member", "add"], ["member", "edit"], ["member", "list"], ["cert"], ["cert", "add"],
               ["cert", "list"], ["record"], ["activities"], ["progress"], ["print"], ["send"], ["digest"]]


@pytest.mark.parametrize("command", SUBCOMMANDS, ids=" ".join)
def test_every_command_has_help(command, capsys):
    assert main([*command, "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: amtrax-tui " + " ".join(command))
    if len(command) == 2 or command[0] in {"record", "activities", "progress"}:
        assert "--db PATH_OR_URL" in out and "--rules FILE" in out and "--debug" in out
    if command[-1] in {"list", "activities", "progress"}:
        assert "--json" in out
