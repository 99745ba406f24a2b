"""docs/ccp-rules.md sections 1, 4 and 10: the shipped rules file, and refusing a malformed one."""

import datetime as dt
from decimal import Decimal
from importlib import resources

import pytest

from amtrax_tui.ccp import RulesError, cycle_at, load_rules

SHIPPED = resources.files("amtrax_tui.ccp").joinpath("rules.toml").read_text("utf-8")

REQUIRED_POINTS = {
    "RMA": 30, "CMAS": 30, "RDA": 30, "CMLA": 30, "AHI": 30,
    "MLS": 45, "MLT": 45, "CLC": 45, "MDT": 36, "RPT": 24,
}
CATEGORIES = [
    "professional-education", "formal-education", "authorship",
    "instructional-presentation", "organizational-participation", "employment-verification",
]


def rules_file(tmp_path, text):
    path = tmp_path / "rules.toml"
    path.write_text(text, "utf-8")
    return path


def test_shipped_credentials_and_points(rules):
    assert {code: c.points for code, c in rules.credentials.items()} == REQUIRED_POINTS
    assert all(isinstance(c.points, Decimal) for c in rules.credentials.values())
    assert rules.credentials["MDT"].name == "Molecular Diagnostics Technologist"


def test_mt_is_read_as_mls_its_new_name(rules):
    assert rules.resolve("MT") == rules.resolve("amt:mt") == "MLS"
    assert rules.credentials["MLS"].renamed_from == ("MT",)


def test_shipped_categories_and_limits(rules):
    assert list(rules.categories) == CATEGORIES
    assert [c.slug for c in rules.categories.values() if c.employment] == ["employment-verification"]
    assert all(c.cap is None for c in rules.categories.values())
    assert rules.categories["professional-education"].units == {"contact hours": 1, "CEUs": 10}
    assert rules.employment_cutoff == dt.date(2020, 12, 31)
    assert (rules.max_points, rules.points_decimals) == (Decimal("999.99"), 2)
    assert "attest" in rules.attestation and "exam content outline" in rules.guidance


def test_a_cycle_starting_after_the_cutoff_has_no_employment_category(rules):
    on_cutoff = cycle_at(dt.date(2020, 12, 31), 0)
    after_cutoff = cycle_at(dt.date(2021, 1, 1), 0)
    assert "employment-verification" in [c.slug for c in rules.categories_for(on_cutoff)]
    assert [c.slug for c in rules.categories_for(after_cutoff)] == CATEGORIES[:-1]


def test_a_rules_file_may_set_a_cap(tmp_path):
    text = SHIPPED.replace('name = "Authorship of Written Works"', 'name = "Authorship of Written Works"\ncap = 5.5')
    loaded = load_rules(rules_file(tmp_path, text))
    assert loaded.categories["authorship"].cap == Decimal("5.5")


@pytest.mark.parametrize("old, new, key", [
    ("\npoints = 24\n", "\n", "credentials.RPT.points: is missing"),
    ("points = 24", "points = 0", "credentials.RPT.points: must be a number above 0"),
    ("points = 24", "points = -3", "credentials.RPT.points: must be a number above 0"),
    ("points = 24", 'points = "24"', "credentials.RPT.points: must be a number above 0"),
    ("points = 24", "points = true", "credentials.RPT.points: must be a number above 0"),
    ('name = "Registered Phlebotomy Technician"', "name = 7", "credentials.RPT.name: must be text"),
    ("[credentials.RPT]", "[credentials.rpt]", "credentials.rpt: the name must be capital letters"),
    ("[categories.authorship]", "[categories.Authorship]", "categories.Authorship: the name must be lower-case"),
    ("employment = true", 'employment = "yes"', "categories.employment-verification.employment: must be true or false"),
    ('notes = "Articles, books, chapters."', "cap = 0", "categories.authorship.cap: must be a number above 0"),
    ('notes = "Articles, books, chapters."', "caps = 5", "categories.authorship.caps: unknown key"),
    ('"CEUs" = 10', '"CEUs" = -10', "categories.professional-education.units.CEUs: must be a number above 0"),
    ("employment_cutoff = 2020-12-31", "", "employment_cutoff: is missing"),
    ("employment_cutoff = 2020-12-31", 'employment_cutoff = "2020-12-31"', "employment_cutoff: must be a date"),
    ("employment_cutoff = 2020-12-31", "employment_cutoff = 2020-12-31T00:00:00", "employment_cutoff: must be a date"),
    ("max_points = 999.99", "max_points = 0", "max_points: must be a number above 0"),
    ("points_decimals = 2", "points_decimals = 2.5", "points_decimals: must be a whole number"),
    ("points_decimals = 2", "points_decimals = 9", "points_decimals: must be a whole number from 0 to 4"),
    ("points_decimals = 2", "points_decimals = true", "points_decimals: must be a whole number"),
    ("max_points = 999.99", "max_points = 999.99\nmax_point = 5", "max_point: unknown key"),
    ("\n[credentials.RMA]\n", '\nRMA = 30\n[credentials.RMA]\n', "RMA: unknown key"),
    ("\n[credentials.RMA]\n", '\n[credentials]\nRMA = 30\n[credentials.RMB]\n', "credentials.RMA: must be a table"),
    ("points = 24", "points = 24 24", "not valid TOML"),
])
def test_a_malformed_rules_file_is_refused_naming_the_bad_key(tmp_path, old, new, key):
    assert old in SHIPPED
    path = rules_file(tmp_path, SHIPPED.replace(old, new, 1))
    with pytest.raises(RulesError) as caught:
        load_rules(path)
    assert str(path) in str(caught.value)
    assert key in str(caught.value)


def test_a_rules_file_that_cannot_be_read_is_refused(tmp_path):
    with pytest.raises(RulesError, match="cannot be read"):
        load_rules(tmp_path / "missing.toml")


def test_a_rules_file_without_credentials_is_refused(tmp_path):
    text = SHIPPED.split("# [AMT] Credentials")[0] + "#" + SHIPPED.split("# The six CCP categories.")[1]
    with pytest.raises(RulesError, match="credentials: must be a table with at least one entry"):
        load_rules(rules_file(tmp_path, text))
