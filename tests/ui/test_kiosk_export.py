"""Exports at a kiosk: only into the export folder, under plain file names."""

from __future__ import annotations

import os

import pytest
from textual.widgets import Select

from amtrax_tui.config import Config
from amtrax_tui.store import auth
from tests.ui.conftest import SIZE, make_app, screen_is, screen_text, shows, type_text, wait_for

RMA_FILE = "ccp-transcript-A-778812-RMA-2025-01-10.txt"


@pytest.fixture
def kiosk_with_folder(db_path, tmp_path, member):
    auth.set_member_pin(member.amt_id, "2468", "test")
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


async def open_export(pilot):
    await wait_for(pilot, screen_is(pilot, "SignInScreen"), "the sign-in screen")
    await type_text(pilot, "A-778812")
    await pilot.press("enter")
    await type_text(pilot, "2468")
    await pilot.press("enter")
    await wait_for(pilot, shows(pilot, "Registered Medical Assistant"), "the overview")
    await pilot.press("e")
    await wait_for(pilot, screen_is(pilot, "ExportScreen"), "the export screen")
    await wait_for(pilot, lambda: pilot.app.screen.found, "the preview")


def written(tmp_path) -> set[str]:
    """Every file under tmp_path but the database (and the link the test made)."""
    return {str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")
            if p.is_file() and not p.is_symlink() and not p.name.startswith("amtrax.db")}


async def test_the_member_gets_a_file_name_and_the_file_lands_in_the_export_folder(db_path, tmp_path,
                                                                                   kiosk_with_folder):
    app = make_app(db_path, config=Config(kiosk=True, export_dir=kiosk_with_folder))
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot)
        assert app.screen.query_one("#export-path").value == RMA_FILE  # a name, no folder to edit
        assert "File name" in screen_text(app) and "the export folder" in screen_text(app)
        formats = [value for _, value in app.screen.query_one("#export-format", Select)._options]
        assert "zip" not in formats  # no audit packet: it would copy files from recorded paths
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: (kiosk_with_folder / RMA_FILE).exists(), "the transcript")
    assert written(tmp_path) == {f"exports/{RMA_FILE}"}


@pytest.mark.parametrize("name, rule", [
    ("../x.txt", "give a file name only"),
    ("/etc/passwd", "give a file name only"),
    ("a/../../b.txt", "give a file name only"),
    ("..", "may not start with a dot"),
    ("x\0y.txt", "control characters"),
    ("link.txt", "is a link in the export folder"),
])
async def test_a_hostile_name_writes_nothing_anywhere(db_path, tmp_path, kiosk_with_folder, name, rule):
    outside = tmp_path / "outside.txt"
    outside.write_text("not yours")
    os.symlink(outside, kiosk_with_folder / "link.txt")
    app = make_app(db_path, config=Config(kiosk=True, export_dir=kiosk_with_folder))
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot)
        field = app.screen.query_one("#export-path")
        field.focus()
        field.value = ""
        if "\0" in name:  # a NUL cannot be typed; it can be pasted
            field.value = name
        else:
            await type_text(pilot, name)
        note = app.screen.query_one("#export-path-note")
        await wait_for(pilot, lambda: "nothing will be written" in str(note.content), "the refusal under the field")
        assert rule in str(note.content) and note.region.height > 0
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: any("Not exported" in str(n.title) for n in app._notifications),
                       "the refusal")
    assert outside.read_text() == "not yours"
    assert written(tmp_path) == {"outside.txt"}
    assert (kiosk_with_folder / "link.txt").is_symlink()


async def test_a_kiosk_without_an_export_folder_exports_nothing(db_path, tmp_path, kiosk_with_folder):
    app = make_app(db_path, config=Config(kiosk=True))
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot)
        await wait_for(pilot, shows(pilot, "nothing will be written"), "the refusal")
        assert "this kiosk has no export folder" in str(app.screen.query_one("#export-path-note").content)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: any("Not exported" in str(n.title) for n in app._notifications),
                       "the refusal")
    assert written(tmp_path) == set()
