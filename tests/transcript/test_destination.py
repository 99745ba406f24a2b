"""The one check every export destination of the app passes."""

import os
import stat
from pathlib import Path

import pytest

from amtrax_tui.config import Config
from amtrax_tui.store.auth import Principal
from amtrax_tui.transcript import DestinationError, destination
from amtrax_tui.transcript.destination import export_folder, resolve_destination

SITE = Config()  # not a kiosk: any writable folder (kiosks: tests/ui/test_kiosk_export.py)


def test_a_file_in_an_existing_writable_folder_is_accepted_even_if_it_exists(tmp_path):
    (tmp_path / "old.txt").write_text("old\n")
    assert resolve_destination(f"  {tmp_path}/new.txt ", SITE) == tmp_path / "new.txt"
    assert resolve_destination(str(tmp_path / "old.txt"), SITE) == tmp_path / "old.txt"


def test_a_relative_or_home_path_becomes_absolute(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    assert resolve_destination("~/ce.txt", SITE) == tmp_path / "ce.txt"
    assert resolve_destination("ce.txt", SITE) == Path(os.path.abspath("ce.txt"))


@pytest.mark.parametrize("name, message", [
    ("", "give the file to write"),
    ("   ", "give the file to write"),
    ("missing/ce.txt", "does not exist"),
    ("a-file/ce.txt", "is not a folder"),
    ("a-folder", "is a folder"),
])
def test_a_destination_that_cannot_be_written_is_refused_with_the_reason(tmp_path, name, message):
    (tmp_path / "a-file").write_text("x\n")
    (tmp_path / "a-folder").mkdir()
    with pytest.raises(DestinationError, match=message):
        resolve_destination(str(tmp_path / name) if name.strip() else name, SITE)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "a-folder"]


def test_a_folder_without_write_permission_is_refused(tmp_path, monkeypatch):
    # The permission itself, since the tests may run as root, who may write anywhere.
    monkeypatch.setattr(destination.os, "access", lambda path, mode: Path(path) != tmp_path)
    with pytest.raises(DestinationError, match=f"the folder {tmp_path} is not writable"):
        resolve_destination(str(tmp_path / "ce.txt"), SITE)


def test_exports_go_to_the_configured_folder_else_home(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert export_folder(Config(export_dir=tmp_path / "exports")) == tmp_path / "exports"
    assert export_folder(Config()) == tmp_path / "home"


MEMBER = Principal("member", 1, "Dana Whitfield", "A-778812")
STAFF = Principal("staff", 1, "Jo Park")


def test_at_a_kiosk_a_plain_name_goes_into_the_members_own_folder_and_nothing_else_is_accepted(tmp_path):
    kiosk = Config(kiosk=True, export_dir=tmp_path)
    own = tmp_path / "A-778812"
    assert resolve_destination(" ce.txt ", kiosk, MEMBER) == own / "ce.txt"
    assert stat.S_IMODE(own.stat().st_mode) == 0o700  # made on first use, the member's account only
    for name, rule in ((str(own / "ce.txt"), "give a file name only"), ("../ce.txt", "give a file name only"),
                       (".hidden", "may not start with a dot")):
        with pytest.raises(DestinationError, match=rule):
            resolve_destination(name, kiosk, MEMBER)
    with pytest.raises(DestinationError, match="this site has no export folder"):
        resolve_destination("ce.txt", Config(kiosk=True), MEMBER)


def test_at_a_kiosk_staff_write_into_the_export_folder_itself(tmp_path):
    assert resolve_destination("ce.txt", Config(kiosk=True, export_dir=tmp_path), STAFF) == tmp_path / "ce.txt"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("principal", [None, Principal("member", 2, "Odd", "../odd"), Principal("member", 3, "No ID")])
def test_at_a_kiosk_no_one_else_gets_a_folder(tmp_path, principal):
    with pytest.raises(DestinationError, match="only a signed-in member or staff can export"):
        resolve_destination("ce.txt", Config(kiosk=True, export_dir=tmp_path), principal)
    assert list(tmp_path.iterdir()) == []


def test_a_missing_export_folder_is_named_and_not_made(tmp_path):
    with pytest.raises(DestinationError, match=f"the export folder {tmp_path / 'missing'} does not exist"):
        resolve_destination("ce.txt", Config(kiosk=True, export_dir=tmp_path / "missing"), MEMBER)
    assert list(tmp_path.iterdir()) == []
