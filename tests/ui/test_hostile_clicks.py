"""Links in stored text, and actions a kiosk refuses: a click anywhere on a hostile
title, provider or name runs nothing, and a member at a kiosk can run only the app's
own actions. (Beside test_hostile_text.py, so the two run on different workers.)"""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import DataTable, Input

from amtrax_tui.store import auth
from tests.hostile import NAMED
from tests.ui.conftest import SIZE, click, make_app, screen_is, screen_text, shows, type_text, wait_for
from tests.ui.test_hostile_text import RMA, add_activity, add_member, kiosk


async def signed_in_member(pilot, rules, at_kiosk: bool) -> None:
    if at_kiosk:
        await wait_for(pilot, screen_is(pilot, "SignInScreen"), "the sign-in screen")
        await type_text(pilot, "A-1")
        await pilot.press("enter")
        await type_text(pilot, "2468")
        await pilot.press("enter")
    await wait_for(pilot, shows(pilot, RMA), "the overview")


@pytest.mark.long
@pytest.mark.parametrize("at_kiosk", [False, True], ids=["own-terminal", "kiosk"])
async def test_clicking_a_hostile_title_runs_nothing(db_path, rules, tmp_path, at_kiosk):
    folder = tmp_path / "shots"
    folder.mkdir()
    link = f'[@click=app.screenshot("amtrax.db","{folder}")]Click me[/]'
    member = add_member(rules, link, "A-1")
    if at_kiosk:  # at their own terminal the member has no PIN (a PIN makes a site database, which signs in)
        auth.set_member_pin("A-1", "2468", "test")
    add_activity(rules, member, NAMED["quit-link"], provider=NAMED["suspend-link"], start=dt.date(2026, 3, 1))
    add_activity(rules, member, link, provider=link, start=dt.date(2026, 3, 2))
    app = kiosk(db_path) if at_kiosk else make_app(db_path)
    ran: list[str] = []
    app.action_suspend_process = lambda: ran.append("suspend_process")

    async def click_along(selector: str, lines: int) -> None:
        for y in range(lines):
            for x in range(0, 40, 2):
                await click(pilot, selector, offset=(x, y))
        await pilot.pause()
        assert not list(folder.iterdir()), f"a click on {selector} wrote a screenshot"
        assert ran == [] and app.is_running

    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await signed_in_member(pilot, rules, at_kiosk)
        await click_along("#member-line", 1)
        await pilot.press("h")
        await wait_for(pilot, lambda: app.screen.query(DataTable) and app.screen.query_one(DataTable).row_count == 2,
                       "the history")
        table = app.screen.query_one(DataTable)
        title_x = sum(column.get_render_width(table) for column in list(table.columns.values())[:5])
        for row in (1, 0):  # a click on a row not highlighted only highlights it
            await click(pilot, "#history-table", offset=(title_x + 1, 1 + row))
            await click_along("#history-detail", 2)
            assert screen_is(pilot, "HistoryScreen")()
        await pilot.press("d")
        await wait_for(pilot, screen_is(pilot, "ConfirmScreen"), "the delete question")
        await click_along("#dialog-message", 1)
        await pilot.press("y")
        await wait_for(pilot, lambda: app.screen.query("Toast"), "the deleted toast")
        lines = screen_text(app).splitlines()  # a click closes a toast: the one click goes to the title
        y = next(y for y, line in enumerate(lines) if "“" in line)
        await click(pilot, offset=(lines[y].index("“") + 2, y))
        await pilot.pause()
        assert not list(folder.iterdir()) and ran == [] and app.is_running
        assert app.return_code is None


async def test_at_a_kiosk_a_member_runs_only_the_apps_own_actions(db_path, rules, tmp_path):
    member = add_member(rules, "Dana Whitfield", "A-1")
    auth.set_member_pin("A-1", "2468", "test")
    add_activity(rules, member, "First", start=dt.date(2026, 3, 1))
    add_activity(rules, member, "Second", start=dt.date(2026, 3, 2))
    app = kiosk(db_path)
    ran: list[str] = []
    app.action_suspend_process = lambda: ran.append("suspend_process")
    app.deliver_screenshot = lambda *args, **kwargs: ran.append("screenshot")
    async with app.run_test(size=SIZE) as pilot:
        await signed_in_member(pilot, rules, at_kiosk=True)
        refused = ["screenshot", f'screenshot("amtrax.db","{tmp_path}")', "app.suspend_process", "quit",
                   "bell", "toggle_dark", "change_theme", "push_screen('help')", "notify('hello')",
                   "focus('credential-list')", "show_help_panel", "screen.dismiss", "screen.maximize",
                   "no_such_action"]
        for action in refused:
            assert await app.run_action(action) is False, action
        await pilot.pause()
        assert ran == [] and app.is_running and screen_is(pilot, "OverviewScreen")()

        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert not titles & {"Screenshot", "Quit"}
        await pilot.press("ctrl+p")
        await wait_for(pilot, screen_is(pilot, "CommandPalette"), "the palette")
        await type_text(pilot, "screenshot")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")
        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview")
        assert ran == []

        # The app's own actions (by key, palette or call), and the widgets' own keys, still work.
        await pilot.press("ctrl+p")
        await wait_for(pilot, screen_is(pilot, "CommandPalette"), "the palette")
        await type_text(pilot, "history")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_is(pilot, "HistoryScreen")() and app.screen.rows, "the history")
        await pilot.press("down")
        assert app.screen.query_one(DataTable).cursor_row == 1
        await pilot.press("escape")
        assert await app.run_action("record") is True
        await wait_for(pilot, screen_is(pilot, "ActivityFormScreen"), "the form")
        await type_text(pilot, "itle")
        await pilot.press("home", "T", "tab")
        assert app.screen.query_one("#title", Input).value == "Title"
        assert app.screen.focused.id != "title"
        category = app.screen.query_one("#category")
        category.focus()
        before = category.value
        await pilot.press("enter", "down", "enter")  # open the selector, choose the next category
        await wait_for(pilot, lambda: category.value != before, "another category")
        await pilot.press("escape", "y")
        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview")
        assert await app.run_action("export") is True
        await wait_for(pilot, screen_is(pilot, "ExportScreen"), "the export screen")
        assert await app.run_action("sign_out") is True
        await wait_for(pilot, screen_is(pilot, "SignInScreen"), "the sign-in screen")
