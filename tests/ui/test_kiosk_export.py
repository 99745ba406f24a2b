"""Exports at a kiosk: only into the member's own folder of the export folder
(staff: the export folder itself), under plain file names."""

from __future__ import annotations

import datetime as dt
import os
import stat

import pytest
from textual.widgets import Select

from amtrax_tui.config import Config
from amtrax_tui.store import auth, members
from tests.ui.conftest import SIZE, TODAY, make_app, notices, offered, screen_is, screen_text, shows, type_text, wait_for

RMA_FILE = "ccp-transcript-A-778812-RMA-2025-01-10.txt"
DANA, SAM = "A-778812", "B-4410"


@pytest.fixture
def kiosk_with_folder(db_path, tmp_path, rules, member):
    """Dana (the `member` fixture, PIN 2468), Sam (MLT, PIN 1357), staff Jo Park
    (PIN 9753), and an empty export folder."""
    sam = members.add_member("Sam Okafor", SAM, "test")
    members.add_credential(rules, sam.id, "MLT", dt.date(2024, 2, 1), None, TODAY, "test")
    auth.set_member_pin(member.amt_id, "2468", "test")
    auth.set_member_pin(SAM, "1357", "test")
    auth.add_staff("Jo Park", "9753", "test")
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


async def sign_in(pilot, login: str, pin: str, shown: str):
    await wait_for(pilot, screen_is(pilot, "SignInScreen"), "the sign-in screen")
    pilot.app.screen.query_one("#login").focus()
    await type_text(pilot, login)
    await pilot.press("enter")
    await type_text(pilot, pin)
    await pilot.press("enter")
    await wait_for(pilot, shows(pilot, shown), f"{login} signed in")


async def open_export(pilot, login: str = DANA, pin: str = "2468",
                      overview: str = "Registered Medical Assistant"):
    await sign_in(pilot, login, pin, overview)
    await pilot.press("e")
    await wait_for(pilot, screen_is(pilot, "ExportScreen"), "the export screen")
    await wait_for(pilot, lambda: pilot.app.screen.found, "the preview")


async def type_name(pilot, name: str):
    """Put `name` in the file name field, as a member types it (a NUL can only be pasted)."""
    field = pilot.app.screen.query_one("#export-path")
    field.focus()
    field.value = ""
    if "\0" in name:
        field.value = name
    else:
        await type_text(pilot, name)
    await pilot.pause()


def note(app) -> str:
    return str(app.screen.query_one("#export-path-note").content)


def path_error(app) -> str:
    """The message under the file name field."""
    return str(app.screen.query_one("#export-path-error").content)


def said(app) -> str:
    """Everything the member was told: the screen, the note and every notification."""
    return "\n".join([screen_text(app), note(app), path_error(app), *(f"{n.title}: {n.message}" for n in notices(app))])


def written(tmp_path) -> set[str]:
    """Every file under tmp_path but the database (and the link the test made)."""
    return {str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")
            if p.is_file() and not p.is_symlink() and not p.name.startswith("amtrax.db")}


async def test_the_member_gets_a_file_name_and_the_file_lands_in_their_own_folder(db_path, tmp_path,
                                                                                  kiosk_with_folder):
    app = make_app(db_path, config=Config(kiosk=True, export_dir=kiosk_with_folder))
    own = kiosk_with_folder / DANA
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot)
        assert app.screen.query_one("#export-path").value == RMA_FILE  # a name, no folder to edit
        assert "File name" in screen_text(app)
        assert f"A new file in the export folder {own}" in note(app)
        formats = offered(app.screen.query_one("#export-format", Select))
        assert "Audit packet (zip)" not in formats and "Text" in formats  # no audit packet: it would copy files from recorded paths
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: (own / RMA_FILE).exists(), "the transcript")
        result = app.screen.query_one("#export-result")
        await wait_for(pilot, lambda: str(own / RMA_FILE) in str(result.content), "where the file went")
    assert written(tmp_path) == {f"exports/{DANA}/{RMA_FILE}"}
    assert stat.S_IMODE(own.stat().st_mode) == 0o700


async def test_another_member_typing_that_name_gets_their_own_file_and_learns_nothing(db_path, tmp_path,
                                                                                      kiosk_with_folder):
    app = make_app(db_path, config=Config(kiosk=True, export_dir=kiosk_with_folder))
    danas = kiosk_with_folder / DANA / RMA_FILE
    sams = kiosk_with_folder / SAM / RMA_FILE
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot)
        await pilot.press("ctrl+s")
        await wait_for(pilot, danas.exists, "Dana's transcript")
        before = danas.read_bytes()
        await pilot.press("ctrl+o")  # Dana signs out; Sam signs in at the same kiosk

        await open_export(pilot, SAM, "1357", "Medical Laboratory Technician")
        await type_name(pilot, RMA_FILE)
        await wait_for(pilot, lambda: "A new file" in note(app), "the note on Sam's name")
        assert "exist" not in said(app) and f"/{DANA}" not in said(app)
        await pilot.press("ctrl+s")
        await wait_for(pilot, sams.exists, "Sam's file")
        await wait_for(pilot, shows(pilot, "Wrote"), "the written path")
        assert screen_is(pilot, "ExportScreen")()  # no question about replacing anything
        assert f"/{DANA}" not in said(app)
    assert danas.read_bytes() == before and "Dana Whitfield" in before.decode()
    assert "Sam Okafor" in sams.read_text() and "Dana Whitfield" not in sams.read_text()
    assert written(tmp_path) == {f"exports/{DANA}/{RMA_FILE}", f"exports/{SAM}/{RMA_FILE}"}


@pytest.mark.parametrize("name, rule", [
    (f"../{DANA}/{RMA_FILE}", "give a file name only"),
    (f"../{DANA}/x.txt", "give a file name only"),
    ("{folder}/" + f"{DANA}/{RMA_FILE}", "give a file name only"),
    ("../x.txt", "give a file name only"),
    ("/etc/passwd", "give a file name only"),
    ("a/../../b.txt", "give a file name only"),
    ("..", "may not start with a dot"),
    ("x\0y.txt", "control characters"),
    ("link.txt", "is a link in the export folder"),
])
async def test_a_hostile_name_writes_nothing_anywhere(db_path, tmp_path, kiosk_with_folder, name, rule):
    danas = kiosk_with_folder / DANA / RMA_FILE
    danas.parent.mkdir(mode=0o700)
    danas.write_text("Dana's transcript\n")
    (kiosk_with_folder / SAM).mkdir(mode=0o700)
    os.symlink(danas, kiosk_with_folder / SAM / "link.txt")
    app = make_app(db_path, config=Config(kiosk=True, export_dir=kiosk_with_folder))
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot, SAM, "1357", "Medical Laboratory Technician")
        await type_name(pilot, name.format(folder=kiosk_with_folder))
        await wait_for(pilot, lambda: "nothing will be written" in path_error(app), "the refusal under the field")
        assert rule in path_error(app) and app.screen.query_one("#export-path-error").region.height > 0
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: any("Not exported" in str(n.title) for n in notices(app)),
                       "the refusal")
        assert "exist" not in said(app)
    assert danas.read_text() == "Dana's transcript\n"
    assert written(tmp_path) == {f"exports/{DANA}/{RMA_FILE}"}
    assert (kiosk_with_folder / SAM / "link.txt").is_symlink()


async def test_staff_export_for_a_member_into_the_export_folder_itself(db_path, tmp_path, kiosk_with_folder):
    app = make_app(db_path, config=Config(kiosk=True, export_dir=kiosk_with_folder))
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Jo Park", "9753", "credentials of 2 members")
        await pilot.press("slash")
        await type_text(pilot, "Whitfield")
        await pilot.press("enter")
        await wait_for(pilot, shows(pilot, "2 credentials of 1 members"), "Dana's rows")
        await pilot.press("enter")  # open her
        await wait_for(pilot, shows(pilot, "Registered Medical Assistant"), "Dana's overview")
        await pilot.press("e")
        await wait_for(pilot, screen_is(pilot, "ExportScreen"), "the export screen")
        await wait_for(pilot, lambda: app.screen.found, "the preview")
        await pilot.press("ctrl+s")
        await wait_for(pilot, (kiosk_with_folder / RMA_FILE).exists, "the transcript")
    assert written(tmp_path) == {f"exports/{RMA_FILE}"}


async def test_a_kiosk_without_an_export_folder_exports_nothing(db_path, tmp_path, kiosk_with_folder):
    app = make_app(db_path, config=Config(kiosk=True))
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot)
        await wait_for(pilot, shows(pilot, "nothing will be written"), "the refusal")
        assert "this site has no export folder" in path_error(app)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: any("Not exported" in str(n.title) for n in notices(app)),
                       "the refusal")
    assert written(tmp_path) == set()
