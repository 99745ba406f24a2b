"""member set-pin, staff, roster and backup, as a site administrator types them."""

from __future__ import annotations

import datetime as dt
import getpass
import io
import json
import os
import sqlite3
from dataclasses import astuple

import pytest

from amtrax_tui.store.auth import SignInRefused, sign_in
from amtrax_tui.store.models import Change

from .conftest import Result

NOW = dt.datetime(2026, 3, 2, 9, 0)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def typing(monkeypatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def at_terminal(monkeypatch, *entries: str) -> list[str]:
    """Standard input is a terminal; getpass (no echo) returns `entries`; its prompts."""
    prompts, answers = [], iter(entries)
    monkeypatch.setattr("sys.stdin", Terminal())
    monkeypatch.setattr(getpass, "getpass", lambda prompt: prompts.append(prompt) or next(answers))
    return prompts


@pytest.fixture
def admin(cli):
    """The command line, on a database holding Ann Lee (AMT ID 100)."""
    cli.ok("member", "add", "--name", "Ann Lee", "--amt-id", "100")
    return cli


def test_member_set_pin_reads_standard_input(admin, monkeypatch):
    typing(monkeypatch, "4321\n")
    assert admin("member", "set-pin", "100") == Result(0, "PIN set for AMT ID 100\n", "")
    assert sign_in("100", "4321", NOW).amt_id == "100"


def test_on_a_terminal_the_pin_is_typed_twice_without_echo(admin, monkeypatch):
    prompts = at_terminal(monkeypatch, "246810", "246810")
    assert admin("member", "set-pin", "100").code == 0
    assert prompts == ["New PIN (4 to 8 digits): ", "Type it again: "]
    assert sign_in("100", "246810", NOW).amt_id == "100"


def test_two_different_entries_change_nothing(admin, monkeypatch):
    at_terminal(monkeypatch, "1111", "2222")
    assert admin("member", "set-pin", "100") == Result(2, "", "amtrax-tui: pin: the two entries differ; nothing was changed\n")
    with pytest.raises(SignInRefused):
        sign_in("100", "1111", NOW)


def test_a_bad_pin_on_a_terminal_is_refused_before_asking_again(admin, monkeypatch):
    prompts = at_terminal(monkeypatch, "12ab")
    assert admin("member", "set-pin", "100").code == 2
    assert prompts == ["New PIN (4 to 8 digits): "]


@pytest.mark.parametrize("typed", ["", "\n", "123\n", "123456789\n", "12a4\n", " 1234\n", "1234 \n"])
def test_bad_pins_exit_2_naming_the_rule(admin, monkeypatch, typed):
    typing(monkeypatch, typed)
    assert admin("member", "set-pin", "100") == Result(2, "", "amtrax-tui: pin: must be 4 to 8 digits (0-9)\n")
    assert Change.select().where(Change.action == "set-pin").count() == 0


def test_set_pin_for_an_unknown_member(cli, monkeypatch):
    typing(monkeypatch, "1234\n")
    assert cli("member", "set-pin", "404") == Result(2, "", "amtrax-tui: member: no member has AMT ID '404'\n")


def test_staff_add_set_pin_and_list(cli, monkeypatch):
    typing(monkeypatch, "5555\n")
    assert cli("staff", "add", "Jo Park") == Result(0, "added staff account Jo Park\n", "")
    typing(monkeypatch, "5555\n")
    assert cli("staff", "add", "Jo Park") == Result(2, "", "amtrax-tui: name: a staff account named 'Jo Park' already exists\n")
    typing(monkeypatch, "7777\n")
    assert cli("staff", "set-pin", "Jo Park") == Result(0, "PIN set for staff account Jo Park\n", "")
    assert sign_in("Jo Park", "7777", NOW).is_staff
    assert cli("staff", "list") == Result(0, "Jo Park\n", "")
    assert json.loads(cli("staff", "list", "--json").out) == ["Jo Park"]


def test_staff_add_with_a_bad_pin(cli, monkeypatch):
    typing(monkeypatch, "12\n")
    assert cli("staff", "add", "Jo").code == 2
    assert cli("staff", "list") == Result(0, "", "")


@pytest.fixture
def site(admin):
    """Ann is on track in RMA; Ben has recorded nothing and is behind."""
    assert admin("member", "add", "--name", "Ben Ode", "--amt-id", "101").code == 0
    for amt_id in ("100", "101"):
        assert admin("cert", "add", "--member", amt_id, "--credential", "RMA", "--certified-on", "2025-06-01").code == 0
    start = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    assert admin("record", "--member", "100", "--credential", "RMA", "--category", "professional-education",
               "--title", "Everything", "--points", "30", "--start", start, "--attest").code == 0
    return admin


def test_roster_table(site):
    status, out, err = astuple(site("roster"))
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == ["AMT", "ID", "Name", "Cred", "Status", "Earned", "Req", "Days", "left", "Cycle", "ends"]
    assert lines[1].split()[:5] == ["101", "Ben", "Ode", "RMA", "Behind"]
    assert lines[2].split()[:6] == ["100", "Ann", "Lee", "RMA", "Met", "30"]


def test_roster_json_and_status_filter(site):
    status, out, _ = astuple(site("roster", "--status", "behind", "--json"))
    [row] = json.loads(out)
    assert status == 0
    assert (row["amt_id"], row["credential"], row["status"], row["behind"], row["earned"], row["required"]) == \
        ("101", "RMA", "behind", True, 0, 30)
    assert row["cycle_start"] == "2025-06-01" and row["cycle_end"] == "2028-05-31"
    assert json.loads(site("roster", "--status", "lapsed", "--json").out) == []


@pytest.mark.parametrize(("args", "message"), [
    (["--status", "late"], "argument --status: invalid choice: 'late'"),
    (["--on", "2026-13-01"], "on: '2026-13-01' is not a real calendar date"),
])
def test_roster_bad_input_exits_2(site, args, message):
    status, out, err = astuple(site("roster", *args))
    assert (status, out) == (2, "")
    assert message in err


def test_backup_refuses_to_overwrite_without_force(site, tmp_path):
    copy = tmp_path / "copy.db"
    status, out, _ = astuple(site("backup", "--output", str(copy)))
    assert status == 0
    assert out == f"backed up 2 members and 1 activities to {copy} ({copy.stat().st_size} bytes)\n"
    before = copy.read_bytes()
    assert site("backup", "--output", str(copy)) == Result(
        2, "", f"amtrax-tui: output: {copy} already exists; add --force to replace it\n")
    assert copy.read_bytes() == before
    assert site("backup", "--output", str(copy), "--force").code == 0
    assert sqlite3.connect(copy).execute("SELECT count(*) FROM member").fetchone() == (2,)


def test_every_cli_change_names_the_user(site, monkeypatch):
    typing(monkeypatch, "1234\n")
    assert site("member", "set-pin", "101").code == 0
    actors = {c.actor for c in Change.select()}
    assert actors == {f"cli:{getpass.getuser()}"}
    assert json.loads(site("activities", "--member", "100", "--json").out)[0]["entered_by"] == f"cli:{getpass.getuser()}"


def write_config(tmp_path, monkeypatch, text: str):
    config = tmp_path / "config.toml"
    config.write_text(text)
    monkeypatch.setenv("AMTRAX_CONFIG", str(config))


def test_the_config_file_names_the_database_and_rules(cli, tmp_path, monkeypatch):
    rules = tmp_path / "rules.toml"
    rules.write_text(open_rules_text().replace('name = "Registered Medical Assistant"', 'name = "Site RMA"'))
    write_config(tmp_path, monkeypatch, f'db = "{tmp_path / "site.db"}"\nrules = "{rules}"\n')
    assert cli("member", "add", "--name", "Ann", "--amt-id", "1", db_option=False).code == 0
    assert cli("cert", "add", "--member", "1", "--credential", "RMA", "--certified-on", "2025-01-01", db_option=False).code == 0
    assert json.loads(cli("cert", "list", "--member", "1", "--json", db_option=False).out)[0]["name"] == "Site RMA"
    assert (tmp_path / "site.db").exists() and not os.path.exists(cli.target)


def test_db_option_and_environment_come_before_the_config_file(cli, tmp_path, monkeypatch):
    write_config(tmp_path, monkeypatch, f'db = "{tmp_path / "site.db"}"\n')
    assert cli("member", "add", "--name", "Ann", "--amt-id", "1").code == 0  # --db given
    monkeypatch.setenv("AMTRAX_DB", str(tmp_path / "env.db"))
    assert cli("member", "add", "--name", "Ben", "--amt-id", "2", db_option=False).code == 0
    assert os.path.exists(cli.target) and (tmp_path / "env.db").exists()
    assert not (tmp_path / "site.db").exists()


def test_a_bad_config_file_exits_2(cli, tmp_path, monkeypatch):
    write_config(tmp_path, monkeypatch, "kiosk = 'yes'\n")
    status, out, err = astuple(cli("roster"))
    assert (status, out) == (2, "")
    assert err.startswith("amtrax-tui: config file ") and "kiosk: has the wrong type or value" in err
    assert not os.path.exists(cli.target)


@pytest.mark.parametrize("minutes", ["nan", "inf", "-inf", "0", "-1", "1441", "1e300"])
def test_idle_minutes_off_the_clock_are_refused(cli, tmp_path, monkeypatch, minutes):
    """A kiosk must sign out in the end: nan or inf (TOML allows both) would never."""
    write_config(tmp_path, monkeypatch, f"idle_minutes = {minutes}\n")
    status, out, err = astuple(cli("roster"))
    assert (status, out) == (2, "")
    assert err.endswith("idle_minutes: must be above 0 and at most 1440 (a day)\n")


def open_rules_text() -> str:
    from importlib import resources

    return resources.files("amtrax_tui.ccp").joinpath("rules.toml").read_text("utf-8")
