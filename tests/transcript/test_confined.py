"""A kiosk's exports stay in the export folder, whatever name is typed."""

import os

import pytest

from amtrax_tui.transcript import DestinationError, confined_path, write_atomic


@pytest.fixture
def folder(tmp_path):
    exports = tmp_path / "exports"
    exports.mkdir()
    return exports


def test_a_plain_name_lands_in_the_folder(folder):
    assert confined_path(folder, "ccp-transcript-123-RMA-2025-01-10.txt") == \
        folder / "ccp-transcript-123-RMA-2025-01-10.txt"
    assert confined_path(folder, "Dana's transcript (2026).txt") == folder / "Dana's transcript (2026).txt"


@pytest.mark.parametrize("name, rule", [
    ("../x", "give a file name only"),
    ("/etc/passwd", "give a file name only"),
    ("a/../../b", "give a file name only"),
    ("sub/file.txt", "give a file name only"),
    ("..\\x", "give a file name only"),
    ("..", "may not start with a dot"),
    (".", "may not start with a dot"),
    (".bashrc", "may not start with a dot"),
    ("x\0.txt", "control characters"),
    ("x\n.txt", "control characters"),
    ("", "a file name is required"),
    ("   ", "a file name is required"),
    ("x" * 256, "at most 255 bytes"),
])
def test_hostile_names_are_refused_saying_why(folder, name, rule):
    with pytest.raises(DestinationError) as caught:
        confined_path(folder, name)
    assert rule in str(caught.value)
    assert caught.value.field == "output"


def test_a_symbolic_link_inside_the_folder_is_refused(folder, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("not yours")
    os.symlink(outside, folder / "link.txt")
    os.symlink(tmp_path, folder / "up")
    for name in ("link.txt", "up"):
        with pytest.raises(DestinationError, match="is a link in the export folder"):
            confined_path(folder, name)
    assert outside.read_text() == "not yours"


def test_a_link_made_after_the_check_is_replaced_not_followed(folder, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("not yours")
    path = confined_path(folder, "late.txt")
    os.symlink(outside, path)
    write_atomic(path, "transcript", force=True)
    assert outside.read_text() == "not yours"
    assert not path.is_symlink() and path.read_text() == "transcript"


def test_the_folder_may_itself_be_a_link_the_site_made(folder, tmp_path):
    linked = tmp_path / "exports-link"
    os.symlink(folder, linked)
    assert confined_path(linked, "a.txt") == folder / "a.txt"


def test_a_missing_folder_is_named(tmp_path):
    with pytest.raises(DestinationError, match="the export folder .*missing does not exist"):
        confined_path(tmp_path / "missing", "a.txt")
