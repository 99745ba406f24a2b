"""Other bodies' credentials on the command line: codes with their body, an activity's content areas,
approvals and minutes, and progress with minimums and unverified rules."""

from pathlib import Path

import pytest

from amtrax_tui.ccp.progress import UNVERIFIED
from amtrax_tui.cli import main

from .conftest import days_ago, record_args

CMA = ["--credential", "RMA", "--also", "AAMA:CMA"]


@pytest.fixture
def site(cli, new_sqlite, tmp_path, monkeypatch):
    """Ann Lee (A100), at a site tracking AAMA and NHA: RMA, AAMA:CMA and NHA:CPT held."""
    config = tmp_path / "config.toml"
    config.write_text('bodies = ["AAMA", "NHA"]\n')
    monkeypatch.setenv("AMTRAX_CONFIG", str(config))
    new_sqlite(Path(cli.target))
    cli.ok("member", "add", "--name", "Ann Lee", "--amt-id", "A100")
    cli.ok("cert", "add", "--member", "A100", "--credential", "RMA", "--certified-on", days_ago(400))
    assert cli.ok("cert", "add", "--member", "A100", "--credential", "aama:cma",
                  "--certified-on", days_ago(400)).out == "added AAMA:CMA for Ann Lee\n"
    cli.ok("cert", "add", "--member", "A100", "--credential", "NHA:CPT", "--certified-on", days_ago(200))
    return cli


def test_cert_add_takes_codes_with_their_body(site):
    codes = [row["credential"] for row in site.ok("cert", "list", "--member", "A100", "--json").json()]
    assert codes == ["AAMA:CMA", "NHA:CPT", "RMA"]


def test_a_code_without_its_body_is_refused_with_the_code_to_use(site):
    assert site.refused("cert", "add", "--member", "A100", "--credential", "CMA", "--certified-on", days_ago(1)) == (
        "amtrax-tui: credential: 'CMA' is not a credential; did you mean AAMA:CMA?")


def test_without_the_body_in_the_config_its_codes_are_unknown(ann):
    assert ann.refused("cert", "add", "--member", "A100", "--credential", "AAMA:CMA",
                       "--certified-on", days_ago(1)).startswith("amtrax-tui: credential: 'AAMA:CMA' is not a credential")


def test_record_with_areas_minutes_and_approval(site):
    site.ok(*record_args(*CMA, "--areas", "clinical=2", "--minutes", "60", "--approved", "AAMA", points="2"))
    [row] = site.ok("activities", "--member", "A100", "--json").json()
    assert (row["credentials"], row["areas"], row["minutes"], row["approved_by"]) == (
        ["AAMA:CMA", "RMA"], {"clinical": 2}, 60, ["AAMA"])


@pytest.mark.parametrize("extra, message", [
    (["--areas", "clinical=lots"], "areas: 'lots' is not a number"),
    (["--areas", "clinical"], "areas: 'clinical' is not a number"),  # an area without "=" is read as its points
    (["--areas", "clinical=1"], "areas: the points of Administrative, Clinical, General must add up to the activity's 2"),
    (["--areas", "clinical=1,surgery=1"], "areas: the points of Administrative, Clinical, General must add up to the "
     "activity's 2 (now 1); areas: 'surgery' is not a content area of the credentials chosen"),
    (["--minutes", "an hour"], "minutes: 'an hour' is not a whole number of minutes"),
    (["--minutes", "30"], "minutes: must be at least 50 for the activity to count toward AAMA:CMA"),
    (["--minutes", "0"], "minutes: must be a whole number of minutes from 1 to 1440"),
    (["--approved", "NHA"], "approved: 'NHA' approves none of the credentials chosen"),
])
def test_a_wrong_area_minute_count_or_approval_is_refused_naming_the_field(site, extra, message):
    base = {"--areas": "clinical=2", "--minutes": "60", "--approved": "AAMA"}
    for flag in ("--areas", "--minutes", "--approved"):
        if flag not in extra:
            extra = [*extra, flag, base[flag]]
    assert site.refused(*record_args(*CMA, *extra, points="2")).startswith(f"amtrax-tui: {message}")


def test_progress_json_gives_minimums_unverified_and_grace(site):
    site.ok(*record_args(*CMA, "--areas", "clinical=2", "--minutes", "60", "--approved", "AAMA", points="2"))
    by_code = {p["credential"]: p for p in site.ok("progress", "--member", "A100", "--json").json()}
    cma, cpt, rma = by_code["AAMA:CMA"], by_code["NHA:CPT"], by_code["RMA"]
    assert cma["minimums"] == {
        "area:administrative": {"name": "administrative", "required": 10, "earned": 0},
        "area:clinical": {"name": "clinical", "required": 10, "earned": 2},
        "area:general": {"name": "general", "required": 10, "earned": 0},
        "approved": {"name": "AAMA-approved", "required": 30, "earned": 2},
    }
    assert (cma["unverified"], cpt["unverified"], rma["unverified"]) == (False, True, False)
    assert (rma["minimums"], rma["grace_until"]) == ({}, None)
    assert cma["grace_until"] is not None


def test_progress_text_says_each_unmet_minimum_and_unverified_rules(site):
    site.ok(*record_args(*CMA, "--areas", "clinical=2", "--minutes", "60", "--approved", "AAMA", points="2"))
    out = site.ok("progress", "--member", "A100").out
    assert "AAMA:CMA: 8 clinical points still needed\n" in out
    assert "AAMA:CMA: 28 AAMA-approved points still needed\n" in out
    assert f"NHA:CPT: {UNVERIFIED}\n" in out
    assert "On track" in out or "Behind" in out


def help_of(capsys, *command: str) -> str:
    assert main([*command, "--help"]) == 0
    return " ".join(capsys.readouterr().out.split())


def test_import_help_names_the_optional_columns_of_other_bodies(capsys):
    text = help_of(capsys, "import")
    assert "for other bodies' rules, areas, approved, minutes: points per content area (clinical=2;general=1)" in text


def test_cert_add_help_says_other_bodies_codes_carry_the_body_and_the_config_loads_them(capsys):
    text = help_of(capsys, "cert", "add")
    assert "Codes of other bodies carry the body: AAMA:CMA" in text
    assert "the site's config file names them in its bodies key" in text
    assert "as the certifying body shows it" in text


def test_help_that_means_any_body_does_not_say_amt(capsys):
    assert "Record continuing-education points toward AMT's CCP and other bodies' recertification" in help_of(capsys)
    assert "write a zip for an audit:" in help_of(capsys)
    assert "AMT's rules TOML file" in help_of(capsys, "progress")


def test_progress_gives_amts_invoice_and_dues_for_amts_credentials_only(site):
    by_code = {p["credential"]: p for p in site.ok("progress", "--member", "A100", "--json").json()}
    assert by_code["RMA"]["next_dues_month"] is not None
    assert (by_code["AAMA:CMA"]["invoice_available_on"], by_code["AAMA:CMA"]["next_dues_month"]) == (None, None)
    rows = {line.split()[0]: line for line in site.ok("progress", "--member", "A100").out.splitlines()[1:4]}
    assert "not yet available" in rows["RMA"] and "not yet available" not in rows["AAMA:CMA"]
    assert rows["AAMA:CMA"].split()[-1] in ("Behind", "track")  # the status ends the row
