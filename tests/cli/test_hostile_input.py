"""Hostile text pushed through every command that stores text: each value is
either refused (exit 2, a message naming the field, nothing written) or
stored and then shown exactly as typed."""

from __future__ import annotations

import csv
import io
import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from amtrax_tui.ccp import has_unsafe
from amtrax_tui.transcript.csvfile import restore
from tests.hostile import NASTY, hostile_text

from .conftest import Cli, Result, contents, days_ago, record_args

# The database persists across a test's examples: each example adds to it.
EXAMPLES = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
NASTY_TEXTS = pytest.mark.parametrize("text", [text for _, text in NASTY], ids=[name for name, _ in NASTY])
_numbers = itertools.count(1)


def stored_or_refused(cli: Cli, argv: list[str], field: str) -> Result | None:
    """Run `argv` (given whole, --db included); the result if it succeeded,
    None if it was refused as the rules say it must be."""
    before = contents(cli.target)
    result = cli(*argv, db_option=False)
    assert not has_unsafe(result.out + result.err, allow="\n"), "an output carries a raw control character"
    if result.code == 0:
        return result
    assert result.code == 2, result
    assert result.out == ""
    lines = result.err.splitlines()
    assert lines and all(line.startswith("amtrax-tui: ") for line in lines), result.err
    assert f" {field}: " in lines[0], f"the message does not name {field}: {lines[0]}"
    assert contents(cli.target) == before, "a refused command must write nothing"
    return None


@pytest.fixture
def site(cli, new_sqlite) -> Cli:
    """The command line on a database that exists, still without members."""
    new_sqlite(Path(cli.target))
    return cli


def typing(monkeypatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


# member add

def check_member_name(cli: Cli, typed: str) -> None:
    amt_id = f"H{next(_numbers)}"
    if stored_or_refused(cli, ["member", "add", f"--name={typed}", f"--amt-id={amt_id}", f"--db={cli.target}"], "name"):
        name = " ".join(typed.split())  # names are kept with their spacing tidied
        [shown] = [m for m in cli.ok("member", "list", "--json").json() if m["amt_id"] == amt_id]
        assert shown["name"] == name
        [line] = [line for line in cli.ok("member", "list").out.splitlines() if line.startswith(f"{amt_id} ")]
        assert line[len(amt_id):].lstrip(" ") == name


@EXAMPLES
@given(typed=hostile_text())
def test_member_names(site, typed):
    check_member_name(site, typed)


@NASTY_TEXTS
def test_member_name_examples(site, text):
    check_member_name(site, text)


@EXAMPLES
@given(typed=hostile_text())
def test_amt_ids(site, typed):
    if stored_or_refused(site, ["member", "add", "--name=Ann Lee", f"--amt-id={typed}", f"--db={site.target}"],
                         "amt-id"):
        assert typed.strip() in [m["amt_id"] for m in site.ok("member", "list", "--json").json()]


# staff add

def check_staff_name(cli: Cli, monkeypatch, typed: str) -> None:
    typing(monkeypatch, "4321\n")
    if stored_or_refused(cli, ["staff", "add", f"--db={cli.target}", "--", typed], "name"):
        name = " ".join(typed.split())
        assert name in cli.ok("staff", "list", "--json").json()
        assert name in cli.ok("staff", "list").out.splitlines()


@EXAMPLES
@given(typed=hostile_text())
def test_staff_names(site, monkeypatch, typed):
    check_staff_name(site, monkeypatch, typed)


@NASTY_TEXTS
def test_staff_name_examples(site, monkeypatch, text):
    check_staff_name(site, monkeypatch, text)


def test_staff_add_refuses_control_characters_naming_the_field(site, monkeypatch):
    typing(monkeypatch, "4321\n")
    err = site.refused("staff", "add", "Jo\x1b]52;c;aGk=\x07")
    assert err == "amtrax-tui: name: must be a single line of printable text"
    assert site.ok("staff", "list", "--json").json() == []


# record: every text field, and the fields that name what exists

RECORD_FIELDS = {"title": "title", "provider": "provider", "notes": "notes", "evidence": "evidence",
                 "category": "category", "credential": "credential", "member": "member"}


def check_record_field(ann: Cli, option: str, typed: str) -> None:
    argv = [*record_args("--allow-duplicate"), f"--{option}={typed}", f"--db={ann.target}"]
    result = stored_or_refused(ann, argv, RECORD_FIELDS[option])
    if result and option in ("title", "provider", "notes", "evidence"):
        [shown] = [a for a in ann.ok("activities", "--member", "A100", "--json").json() if a["id"] == int(result.out)]
        assert shown[option] == typed.strip()


@pytest.mark.parametrize("option", RECORD_FIELDS)
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(typed=hostile_text())
def test_record_fields(ann, option, typed):
    check_record_field(ann, option, typed)


@pytest.mark.parametrize("option", ["title", "provider", "notes", "evidence"])
@NASTY_TEXTS
def test_record_field_examples(ann, option, text):
    check_record_field(ann, option, text)


@pytest.mark.parametrize("option, field", [("title", "title"), ("provider", "provider"), ("evidence", "evidence"),
                                           ("notes", "notes")])
def test_record_refuses_escape_sequences_naming_the_field(ann, option, field):
    err = ann.refused(*record_args(f"--{option}=x\x1b[2Jy"))
    assert err.startswith(f"amtrax-tui: {field}: ")


@pytest.mark.parametrize("path", ["~nosuchuser/certificate.pdf", "/tmp/" + "x" * 400])
def test_a_path_the_system_cannot_use_is_refused_not_a_crash(ann, path):
    err = ann.refused(*record_args(f"--evidence={path}"))  # exit 2, not "unexpected error"
    assert err.startswith("amtrax-tui: evidence: ") and "unexpected" not in err


def test_bytes_that_are_not_utf8_on_the_command_line_are_refused(ann):
    # Python hands undecodable argv bytes over as lone surrogates.
    assert ann.refused("member", "add", "--name=Ann \udcff", "--amt-id=B1") == (
        "amtrax-tui: name: is not valid text (broken character encoding)")
    assert ann.refused(*record_args("--title=Course \udcff")) == (
        "amtrax-tui: title: is not valid text (broken character encoding)")


# import

IMPORT_COLUMNS = ("start_date", "category", "title", "provider", "notes", "evidence", "points")


def import_row(ann: Cli, tmp_path, column: str, cell: str) -> None:
    row = {"start_date": days_ago(3), "category": "authorship", "title": f"Imported {next(_numbers)}",
           "provider": "", "notes": "", "evidence": "", "points": "1", column: cell}
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(IMPORT_COLUMNS)
    writer.writerow([row[name] for name in IMPORT_COLUMNS])
    path = tmp_path / "hostile.csv"
    path.write_text(out.getvalue(), "utf-8", newline="")
    argv = ["import", "--member=A100", "--credential=RMA", "--attest", "--allow-duplicate", str(path),
            f"--db={ann.target}"]
    if stored_or_refused(ann, argv, {"title": "title", "notes": "notes", "provider": "provider",
                                     "evidence": "evidence"}[column]):
        titles = {a["title"]: a for a in ann.ok("activities", "--member", "A100", "--json").json()}
        shown = titles[row["title"].strip() if column != "title" else restore(cell).strip()]
        assert shown[column] == restore(cell).strip()


@pytest.mark.parametrize("column", ["title", "provider", "notes", "evidence"])
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cell=hostile_text())
def test_import_cells(ann, tmp_path, column, cell):
    import_row(ann, tmp_path, column, cell)


@pytest.mark.parametrize("column", ["title", "notes"])
@NASTY_TEXTS
def test_import_cell_examples(ann, tmp_path, column, text):
    import_row(ann, tmp_path, column, text)


def test_a_hand_written_quote_is_imported_as_typed(ann, tmp_path):
    path = tmp_path / "typed.csv"
    path.write_text(f"start_date,category,title,points\n{days_ago(3)},authorship,'Twas a course,1\n")
    ann.ok("import", "--member", "A100", "--credential", "RMA", "--attest", str(path))
    assert [a["title"] for a in ann.ok("activities", "--member", "A100", "--json").json()] == ["'Twas a course"]


# files a site gives: rules and config

def test_a_rules_file_with_control_characters_is_refused_naming_the_key(ann, tmp_path):
    from importlib import resources

    shipped = resources.files("amtrax_tui.ccp").joinpath("rules.toml").read_text("utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(shipped.replace('name = "Registered Medical Assistant"', 'name = "RMA\\u001b[2J"', 1))
    err = ann.refused(*record_args(), "--rules", str(bad))
    assert err == (f"amtrax-tui: rules file {bad}: credentials.RMA.name: "
                   "must be printable text (no control characters or bidi overrides)")


def test_a_config_file_with_control_characters_is_refused_naming_the_key(cli, tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text('export_dir = "/srv/\\u202eexports"\n')
    monkeypatch.setenv("AMTRAX_CONFIG", str(config))
    assert cli.refused("member", "list") == (
        f"amtrax-tui: config file {config}: export_dir: must not hold control characters or bidi overrides")


def test_a_rules_paragraph_may_run_over_several_lines(ann, tmp_path):
    from importlib import resources

    shipped = resources.files("amtrax_tui.ccp").joinpath("rules.toml").read_text("utf-8")
    lines = tmp_path / "lines.toml"
    lines.write_text(shipped.replace('attestation = "I attest that', 'attestation = "I attest,\\n\\tand that', 1))
    ann.ok(*record_args(), "--rules", str(lines))
