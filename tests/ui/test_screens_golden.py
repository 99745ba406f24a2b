"""Every screen at 80x24 as text, compared with a golden file in tests/golden/screens/.

Each test drives the app with the keyboard to one screen, on fixed data, the fixed
clock (TODAY) and a fixed generation time (SOURCE_DATE_EPOCH), and compares
`screen_text` with tests/golden/screens/<name>.txt. After a deliberate change to a
screen, rewrite the files and review the diff before committing it:

    AMTRAX_UPDATE_GOLDEN=1 python -m pytest tests/ui/test_screens_golden.py

Text only: colours and the blinking cursor do not show, so a snapshot changes only
when what a person reads changes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.widgets import DataTable

from amtrax_tui.config import Config
from tests.ui.conftest import SIZE, make_app, record, screen_is, screen_text, shows, type_text, wait_for
from tests.ui.test_export import open_export
from tests.ui.test_history import open_history
from tests.ui.test_kiosk import kiosk, sign_in, site  # noqa: F401 (site: fixture)

EPOCH = "1781000000"  # 2026-06-09 10:13:20 UTC


@pytest.fixture(autouse=True)
def fixed_generation_time(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture
def snapshot(golden, tmp_path):
    """Compare the app's screen with tests/golden/screens/NAME.txt."""

    def check(app, name: str) -> None:
        text = screen_text(app)
        assert str(tmp_path) not in text, "the test's own folder is on screen: the snapshot would change each run"
        golden(f"screens/{name}.txt", text + "\n")

    return check


@pytest.fixture
def three_activities(rules, member):
    """Three three_activities in Dana's RMA cycle, one without evidence."""
    record(rules, member, title="Infection Control Update", points="2", start=dt.date(2026, 3, 2))
    record(rules, member, title="Phlebotomy refresher", points="1.5", start=dt.date(2026, 4, 9), evidence="")
    record(rules, member, title="HIPAA Privacy Essentials", points="1", start=dt.date(2026, 5, 20),
           codes=("RMA", "RPT"))


async def at_profile(pilot):
    await wait_for(pilot, screen_is(pilot, "ProfileScreen"), "the profile step")


async def test_first_run_profile(db_path, snapshot):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await at_profile(pilot)
        await wait_for(pilot, lambda: "^s Save" in screen_text(app), "the footer drawn")  # it follows the form
        snapshot(app, "first_run_profile")


async def test_credential_setup(db_path, snapshot):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await at_profile(pilot)
        await type_text(pilot, "Maria Lopez")
        await pilot.press("tab")
        await type_text(pilot, "1234567")
        await pilot.press("ctrl+s")
        await wait_for(pilot, screen_is(pilot, "CredentialScreen"), "the credential step")
        snapshot(app, "credential_setup")


async def test_overview_of_the_demo_member(tmp_path, snapshot):
    app = make_app(tmp_path / "demo.db", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, shows(pilot, "Registered Medical Assistant"), "the overview")
        snapshot(app, "overview")


async def open_form(pilot):
    await wait_for(pilot, shows(pilot, "Registered Medical Assistant"), "the overview")
    await pilot.press("r")
    await wait_for(pilot, screen_is(pilot, "ActivityFormScreen"), "the form")


async def test_record_form_empty(db_path, member, snapshot):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot)
        snapshot(app, "record_form")


async def test_record_form_with_errors(db_path, member, snapshot):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot)
        app.screen.query_one("#points").focus()
        await type_text(pilot, "1000")
        app.screen.query_one("#start").focus()
        await type_text(pilot, "13/45/2026")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen.query_one("#points-error").display, "the points message")
        snapshot(app, "record_form_errors")


async def test_history_with_rows_and_detail(db_path, three_activities, snapshot):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot)
        await pilot.press("down")  # the detail follows the cursor
        await pilot.pause()
        snapshot(app, "history")


async def test_confirm_dialog_to_delete(db_path, three_activities, snapshot):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot)
        await pilot.press("d")
        await wait_for(pilot, screen_is(pilot, "ConfirmScreen"), "the delete question")
        snapshot(app, "confirm_delete")


async def test_export_with_preview(db_path, three_activities, tmp_path, monkeypatch, snapshot):
    monkeypatch.chdir(tmp_path)  # a relative folder: the same path on screen in every run
    (tmp_path / "exports").mkdir()
    app = make_app(db_path, config=Config(export_dir=Path("exports")))
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot)
        snapshot(app, "export")


async def test_to_enter_in_amtrax(db_path, three_activities, snapshot):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, shows(pilot, "not yet in AMTrax"), "the overview's count")
        await pilot.press("t")
        await wait_for(pilot, lambda: screen_is(pilot, "AmtraxScreen")() and app.screen.rows, "the AMTrax list")
        snapshot(app, "amtrax")


async def test_members_list(db_path, rules, member, snapshot):
    record(rules, member)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, shows(pilot, "Registered Medical Assistant"), "the overview")
        await pilot.press("m")
        await wait_for(pilot, lambda: screen_is(pilot, "MembersScreen")() and app.screen.found, "the members")
        snapshot(app, "members")


async def test_help(db_path, member, snapshot):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, shows(pilot, "Registered Medical Assistant"), "the overview")
        await pilot.press("f1")
        await wait_for(pilot, screen_is(pilot, "HelpScreen"), "the help")
        snapshot(app, "help")


@pytest.mark.usefixtures("site")
async def test_sign_in(db_path, snapshot):
    app = kiosk(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, screen_is(pilot, "SignInScreen"), "the sign-in screen")
        snapshot(app, "sign_in")


async def open_roster(pilot):
    await sign_in(pilot, "Jo Park", "9753")
    await wait_for(pilot, lambda: screen_is(pilot, "RosterScreen")() and pilot.app.screen.query_one(DataTable).row_count,
                   "the roster")


@pytest.mark.usefixtures("site")
async def test_roster_for_staff(db_path, snapshot):
    app = kiosk(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_roster(pilot)
        snapshot(app, "roster")


@pytest.mark.usefixtures("site")
async def test_pin_dialog(db_path, snapshot):
    app = kiosk(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_roster(pilot)
        await pilot.press("p")
        await wait_for(pilot, screen_is(pilot, "PinScreen"), "the PIN dialog")
        snapshot(app, "pin")


async def test_too_small_notice_at_60x20(db_path, member, snapshot):
    app = make_app(db_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await wait_for(pilot, shows(pilot, "too small"), "the notice")
        snapshot(app, "too_small")
