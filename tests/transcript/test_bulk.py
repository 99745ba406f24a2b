"""Staff's bulk export: each chosen member's current transcripts into the site's
export folder, one text file each, on each database backend."""

import dataclasses
import datetime as dt

import pytest

from amtrax_tui.ccp import load_rules
from amtrax_tui.config import Config
from amtrax_tui.store import members
from amtrax_tui.transcript import DestinationError, destination
from amtrax_tui.transcript.bulk import export_members

RULES = load_rules()
TODAY = dt.date(2024, 6, 15)
NOW = dt.datetime(2024, 6, 15, 12, 0, tzinfo=dt.UTC)
ACTOR = "test"
DANA_RMA = "ccp-transcript-A-1001-RMA-2022-03-01.txt"
DANA_MLT = "ccp-transcript-A-1001-MLT-2023-09-01.txt"
SAM_RMA = "ccp-transcript-B-2002-RMA-2024-01-10.txt"


@pytest.fixture
def people(database):
    """Dana holds RMA and MLT, Sam holds RMA."""
    dana = members.add_member("Dana Ortiz", "A-1001", ACTOR)
    members.add_credential(RULES, dana.id, "RMA", dt.date(2022, 3, 1), None, TODAY, ACTOR)
    members.add_credential(RULES, dana.id, "MLT", dt.date(2023, 9, 1), None, TODAY, ACTOR)
    sam = members.add_member("Sam Lee", "B-2002", ACTOR)
    members.add_credential(RULES, sam.id, "RMA", dt.date(2024, 1, 10), None, TODAY, ACTOR)
    return [dana, sam]


@pytest.fixture
def site(tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    return Config(export_dir=folder)


def names(folder):
    return sorted(p.name for p in folder.iterdir())


def test_each_members_current_transcripts_go_into_the_export_folder_one_file_each(people, site):
    results = export_members(RULES, people, site, TODAY, NOW)
    folder = site.export_dir
    assert [(r.member, r.paths, r.problem) for r in results] == [
        (people[0], (folder / DANA_MLT, folder / DANA_RMA), ""),
        (people[1], (folder / SAM_RMA,), ""),
    ]
    assert "Registered Medical Assistant" in (folder / SAM_RMA).read_text()


def test_a_file_of_the_same_name_is_replaced(people, site):
    (site.export_dir / SAM_RMA).write_text("last month's transcript")
    export_members(RULES, people[1:], site, TODAY, NOW)
    assert "Sam Lee" in (site.export_dir / SAM_RMA).read_text()


def test_a_member_whose_credential_the_rules_file_lacks_is_named_and_the_others_are_written(people, site):
    without_mlt = dataclasses.replace(RULES, credentials={"RMA": RULES.credentials["RMA"]})
    dana, sam = export_members(without_mlt, people, site, TODAY, NOW)
    assert dana.paths == () and dana.problem == "credential: MLT is not in the rules file"
    assert sam.paths == (site.export_dir / SAM_RMA,) and sam.problem == ""
    assert names(site.export_dir) == [SAM_RMA]


def test_a_link_in_the_export_folder_is_not_followed_and_the_members_other_files_are_written(people, site, tmp_path):
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("not the app's")
    (site.export_dir / DANA_RMA).symlink_to(elsewhere)
    dana, sam = export_members(RULES, people, site, TODAY, NOW)
    assert dana.paths == (site.export_dir / DANA_MLT,)  # written before the link was met
    assert dana.problem == f"output: {DANA_RMA!r} is a link in the export folder; choose another name"
    assert sam.problem == "" and elsewhere.read_text() == "not the app's"


def test_without_an_export_folder_set_nothing_is_written(people, tmp_path):
    with pytest.raises(DestinationError, match="this site has no export folder: set export_dir"):
        export_members(RULES, people, Config(), TODAY, NOW)


@pytest.mark.parametrize("make, rule", [
    (lambda path: None, "does not exist"),
    (lambda path: path.write_text("a file"), "is not a folder"),
])
def test_an_export_folder_that_is_not_a_folder_stops_the_export_naming_it(people, tmp_path, make, rule):
    (tmp_path / "site").mkdir()
    folder = tmp_path / "site" / "exports"
    make(folder)
    with pytest.raises(DestinationError, match=f"output: the export folder {folder} {rule}"):
        export_members(RULES, people, Config(export_dir=folder), TODAY, NOW)
    assert names(tmp_path / "site") == (["exports"] if folder.exists() else [])


def test_an_unwritable_export_folder_stops_the_export_before_anything_is_written(people, site, monkeypatch):
    # The permission itself, since the tests may run as root, who may write anywhere.
    monkeypatch.setattr(destination.os, "access", lambda path, mode: path != site.export_dir)
    with pytest.raises(DestinationError, match=f"output: the export folder {site.export_dir} is not writable"):
        export_members(RULES, people, site, TODAY, NOW)
    assert names(site.export_dir) == []


def test_transcripts_of_other_bodies_credentials_show_their_minimums_verification_and_status(database, site):
    rules = load_rules(bodies=["AAMA", "NHA"])
    pat = members.add_member("Pat Kim", "C-3003", ACTOR)
    members.add_credential(rules, pat.id, "RMA", dt.date(2005, 5, 1), None, TODAY, ACTOR)
    members.add_credential(rules, pat.id, "AAMA:CMA", dt.date(2021, 3, 15), None, TODAY, ACTOR)
    members.add_credential(rules, pat.id, "NHA:CPT", dt.date(2023, 6, 10), None, TODAY, ACTOR)
    [result] = export_members(rules, [pat], site, TODAY, NOW)
    assert result.problem == ""
    texts = {path.name: path.read_text() for path in result.paths}
    [cma] = [text for name, text in texts.items() if "CMA" in name]
    [cpt] = [text for name, text in texts.items() if "CPT" in name]
    [rma] = [text for name, text in texts.items() if "RMA" in name]
    assert "Minimums         10 administrative points still needed" in cma
    assert "Grace period     until 2026-06-29" in cma
    assert "requirements not verified against the body's current rules" in cpt
    assert "Status           CCP voluntary" in rma
