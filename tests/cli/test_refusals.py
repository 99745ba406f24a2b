"""Exit status 2: one line naming the field and the rule, and nothing written.
Exit status 1: the database cannot be used, or something unexpected."""

import datetime as dt

import pytest

from amtrax_tui.cli import main

from .conftest import TODAY, days_ago, record_args

CUTOFF_CYCLE_START = "2021-01-01"  # a cycle starting after the 2020-12-31 employment cutoff


@pytest.mark.parametrize("args, message", [
    (record_args(attest=False), "attestation: must be given"),
    (record_args(points="0"), "points: must be more than 0"),
    (record_args(points="-1"), "points: must be more than 0"),
    (record_args(points="1.234"), "points: at most 2 decimal places"),
    (record_args(points="1000"), "points: at most 999.99"),
    (record_args(points="lots"), "points: 'lots' is not a number"),
    (record_args("--end", days_ago(11)), "end: must not be before the start date"),
    (record_args("--end", (TODAY + dt.timedelta(days=1)).isoformat(), start=TODAY.isoformat()),
     f"end: must not be after today ({TODAY.isoformat()})"),
    (record_args(start=days_ago(401)), "start: must fall inside the current RMA cycle"),
    (record_args("--also", "MLT", start=days_ago(101)), "start: must fall inside the current MLT cycle"),
    (record_args("--also", "RPT"), "credential: the member does not hold RPT"),
    (record_args(start="31/12/2024"), "start: '31/12/2024' is not a real calendar date"),
    (record_args(start="yesterday"), "start: 'yesterday' is not a date; use YYYY-MM-DD or MM/DD/YYYY"),
    (record_args(title="   "), "title: is required"),
    (record_args(title="x" * 201), "title: at most 200 characters"),
    (record_args("--category", "cooking"), "category: 'cooking' is not a category"),
    (record_args("--evidence", "/no/such/file.pdf"), "evidence: no such file: /no/such/file.pdf"),
    (["record", "--member", "Z9", "--credential", "RMA", "--category", "authorship", "--title", "t",
      "--points", "1", "--start", days_ago(1), "--attest"], "member: no member has AMT ID 'Z9'"),
    (["member", "add", "--name", "Ann Again", "--amt-id", "A100"], "amt-id: A100 already belongs to another member"),
    (["member", "add", "--name", "Bad Id", "--amt-id", "A 1"], "amt-id: must be 1 to 32 letters, digits or dashes"),
    (["cert", "add", "--member", "A100", "--credential", "XYZ", "--certified-on", days_ago(1)],
     "credential: 'XYZ' is not a credential"),
    (["cert", "add", "--member", "A100", "--credential", "RMA", "--certified-on", days_ago(1)],
     "credential: the member already holds RMA"),
    (["cert", "add", "--member", "A100", "--credential", "RPT", "--certified-on", days_ago(-1)],
     "certified-on: must not be after today"),
    (["activities", "--member", "A100", "--credential", "RPT"], "credential: the member does not hold RPT"),
    (["progress", "--member", "A100", "--on", days_ago(401)], "on: "),
    (["progress", "--member", "A100", "--on", "2024-02-30"], "on: '2024-02-30' is not a real calendar date"),
    (["progress", "--member", "A100", "--credential", "RPT"], "credential: the member does not hold RPT"),
])
def test_invalid_input_is_refused_naming_the_field(ann, args, message):
    assert message in ann.refused(*args)


def test_every_broken_rule_is_named_on_one_line(ann):
    err = ann.refused(*record_args(points="1", attest=False, title=" "))
    assert err == "amtrax-tui: title: is required; attestation: must be given: confirm that the information entered is correct"


def test_a_value_that_cannot_be_read_is_named_with_every_other_broken_rule(ann):
    err = ann.refused(*record_args("--end", days_ago(11), points="lots", title=" "))
    assert err == ("amtrax-tui: title: is required; points: 'lots' is not a number; "
                   "end: must not be before the start date")


def test_a_duplicate_is_refused_until_confirmed(ann):
    ann.ok(*record_args())
    err = ann.refused(*record_args(title="  infection CONTROL update"))
    assert err == "amtrax-tui: title: looks like a duplicate of activity 1; add --allow-duplicate to record it anyway"


def test_employment_is_refused_in_a_cycle_after_the_cutoff(ann):
    err = ann.refused(*record_args("--category", "employment-verification"))
    assert "category: Employment Verification is not available for the RMA cycle that starts after 2020-12-31" in err
    assert "end: employment may be claimed only up to 2020-12-31" in err


@pytest.mark.parametrize("args, message", [
    (["record", "--member", "A100"], "the following arguments are required: --credential"),
    (["progress"], "the following arguments are required: --member"),
    (["member"], "amtrax-tui member: argument COMMAND: invalid choice"),  # --db comes after it
    (["member", "list", "--colour"], "unrecognized arguments: --colour"),
    (["frobnicate"], "invalid choice: 'frobnicate'"),
])
def test_a_command_line_that_does_not_parse_exits_2(ann, args, message):
    err = ann.refused(*args)
    assert message in err and "--help" in err


@pytest.mark.parametrize("args, message", [
    (["--db"], "amtrax-tui: argument --db: expected one argument (see amtrax-tui --help)"),
    (["--kiosk", "--colour"], "amtrax-tui: unrecognized arguments: --colour (see amtrax-tui --help)"),
    (["--d", "x.db"], "amtrax-tui: ambiguous option: --d could match --db, --debug, --demo (see amtrax-tui --help)"),
    (["--demo", "extra"], "amtrax-tui: argument COMMAND: invalid choice: 'extra' (choose from 'member', 'cert',"),
])
def test_the_apps_own_options_are_refused_like_any_command_line(args, message, capsys):
    """Without a command only the app's options are read (cli/parser.py `parse`), in the
    same words as the whole command line, and the app does not open."""
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith(message) and err.count("\n") == 1, err


def test_a_group_without_its_command_exits_2(capsys):
    assert main(["cert"]) == 2
    assert capsys.readouterr().err == (
        "amtrax-tui cert: the following arguments are required: COMMAND (see amtrax-tui cert --help)\n")


@pytest.mark.parametrize("mutation, key", [
    (("points = 30", "points = 0"), "credentials.RMA.points: must be a number above 0"),
    (("max_points = 999.99", ""), "max_points: is missing"),
    (("points_decimals = 2", 'points_decimals = "two"'), "points_decimals: must be a whole number"),
    (("[categories.authorship]", "[categories.authorship\n"), "not valid TOML"),
])
def test_a_malformed_rules_file_is_refused_before_anything_is_written(ann, tmp_path, mutation, key):
    from importlib import resources

    shipped = resources.files("amtrax_tui.ccp").joinpath("rules.toml").read_text("utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(shipped.replace(*mutation, 1))
    err = ann.refused(*record_args(), "--rules", str(bad))
    assert err.startswith(f"amtrax-tui: rules file {bad}: ") and key in err


def test_a_bad_rules_file_does_not_even_create_the_database(cli, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("credentials = 1\n")
    assert cli.refused("member", "add", "--name", "Ann", "--amt-id", "A1", "--rules", str(bad))
    assert not (tmp_path / "amtrax.db").exists()


def test_an_unusable_database_exits_1_with_a_message(tmp_path, capsys):
    code = main(["member", "list", "--db", str(tmp_path / "missing" / "amtrax.db")])
    err = capsys.readouterr().err
    assert code == 1
    assert err == f"amtrax-tui: cannot create the database {tmp_path}/missing/amtrax.db: the folder {tmp_path}/missing does not exist\n"


def test_a_database_from_a_newer_version_exits_1(ann, capsys):
    import sqlite3

    with sqlite3.connect(ann.target) as conn:
        conn.execute("INSERT INTO schema_migration (name, applied) VALUES ('9999_later', '2030-01-01')")
    result = ann("member", "list")
    assert result.code == 1
    assert "written by a newer version of amtrax-tui (schema 9999_later); upgrade amtrax-tui" in result.err


@pytest.fixture
def broken_list(monkeypatch):
    from amtrax_tui.store import members

    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(members, "list_members", explode)


def test_an_unexpected_error_exits_1_without_a_traceback(ann, broken_list):
    result = ann("member", "list")
    assert result.code == 1
    assert result.err == "amtrax-tui: unexpected error: RuntimeError: disk on fire (run with --debug for details)\n"


def test_debug_shows_the_traceback(ann, broken_list):
    result = ann("member", "list", "--debug")
    assert result.code == 1
    assert result.err.startswith("Traceback (most recent call last):")
    assert "in explode" in result.err and "RuntimeError: disk on fire" in result.err
