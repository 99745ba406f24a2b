"""A site database (one with a PIN set) opened without --kiosk: the same sign-in
and confinement as at a kiosk, but anyone may quit. Keyboard only, at 80x24."""

from __future__ import annotations

import signal

import pytest
from textual.command import CommandPalette

from amtrax_tui.config import Config
from amtrax_tui.store import auth, members
from amtrax_tui.store.auth import MAX_FAILURES
from amtrax_tui.store.drafts import load_draft
from tests.ui.conftest import SIZE, make_app, screen_is, screen_text, shows, type_text, wait_for
from tests.ui.test_kiosk import (  # noqa: F401 (site: fixture)
    WRONG,
    only_dana,
    palette_names,
    sign_in,
    sign_in_message,
    signed_in_as_dana,
    site,
    staff_roster,
)


def stack(app) -> list[str]:
    return [type(s).__name__ for s in app.screen_stack]


@pytest.mark.usefixtures("site")
async def test_a_site_database_opens_on_sign_in_not_the_member_list(db_path):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, screen_is(pilot, "SignInScreen"), "the sign-in screen")
        text = screen_text(app)
        assert "Dana" not in text and "Sam" not in text
        assert stack(app) == ["StartScreen", "SignInScreen"]
        assert app.session.member is None and app.snapshot is None
        for key in ("m", "escape", "o"):  # no way past the sign-in
            await pilot.press(key)
        await pilot.pause()
        assert stack(app) == ["StartScreen", "SignInScreen"]


@pytest.mark.usefixtures("site")
async def test_a_member_signs_in_and_reaches_only_their_own_records(db_path):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in_as_dana(pilot)
        assert app.session.actor == "member:A-778812"
        assert "^o Sign out" in screen_text(app)
        for key in ("m", "o", "p"):  # members switcher, roster, PIN: staff only
            await pilot.press(key)
            await pilot.pause()
            assert type(app.screen).__name__ == "OverviewScreen", key
        names = await palette_names(app)
        assert {"Record CE", "Activity history", "Sign out", "Quit"} <= names
        assert not names & {"Members", "Roster", "Set PIN"}
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        await type_text(pilot, "members")
        await pilot.press("enter")
        await pilot.pause()
        assert "MembersScreen" not in stack(app)
        await pilot.press("escape")
        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview again")
        await pilot.press("h")
        await wait_for(pilot, screen_is(pilot, "HistoryScreen"), "Dana's history")
        await wait_for(pilot, shows(pilot, "0 activities"), "Dana's (empty) history")
        assert "Sam" not in screen_text(app)
        assert app.snapshot.member == members.find_member("A-778812")


@pytest.mark.usefixtures("site")
async def test_a_wrong_pin_is_refused_and_locks_the_id_as_at_a_kiosk(db_path):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "A-778812", "0000")
        await wait_for(pilot, shows(pilot, WRONG), "the refusal")
        assert app.session.principal is None and type(app.screen).__name__ == "SignInScreen"
        for attempt in range(1, MAX_FAILURES):
            app.screen.query_one("#login").clear()
            await sign_in(pilot, "A-778812", "0000")
            await wait_for(pilot, lambda: not app.screen.checking, f"wrong PIN {attempt + 1}")
        app.screen.query_one("#login").clear()
        await sign_in(pilot, "A-778812", "2468")  # the right PIN, but locked
        await wait_for(pilot, lambda: "this ID is locked" in sign_in_message(app), "the lock")
        assert app.session.principal is None and "Dana" not in screen_text(app)


@pytest.mark.usefixtures("site")
async def test_staff_sign_in_and_get_the_roster_and_the_member_switcher(db_path):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await staff_roster(pilot)
        assert "Dana Whitfield" in screen_text(app) and "Sam Okafor" in screen_text(app)
        await pilot.press("enter")  # the member most at risk first
        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "a member's overview")
        assert app.session.is_staff and app.check_action("members", ()) and app.check_action("set_pin", ())
        await pilot.press("m")
        await wait_for(pilot, screen_is(pilot, "MembersScreen"), "the member switcher")
        await wait_for(pilot, shows(pilot, "Sam Okafor"), "every member listed")
        assert "Dana Whitfield" in screen_text(app)


async def test_a_database_without_a_pin_opens_as_before(db_path, rules, member):
    members.add_member("Sam Okafor", "B-4410", "test")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, screen_is(pilot, "MembersScreen"), "the member list, no sign-in")
        await wait_for(pilot, shows(pilot, "Sam Okafor"), "the members")
        assert "Dana Whitfield" in screen_text(app)
        assert not app.sign_in_required and "SignInScreen" not in stack(app)


@pytest.mark.usefixtures("site")
async def test_anyone_may_quit_before_and_after_signing_in(db_path):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        for key in ("ctrl+o", "ctrl+c", "ctrl+z"):  # these still sign out, as at a kiosk
            await signed_in_as_dana(pilot)
            await pilot.press(key)
            await wait_for(pilot, screen_is(pilot, "SignInScreen"), f"the sign-in screen after {key}")
            assert app.session.principal is None and app.is_running
        await signed_in_as_dana(pilot)
        await pilot.press("ctrl+q")  # a member, outside kiosk mode: quits at once
        await wait_for(pilot, lambda: not app.is_running, "the app to quit")
    assert app.return_code == 0
    before = make_app(db_path)
    async with before.run_test(size=SIZE) as pilot:
        await wait_for(pilot, screen_is(pilot, "SignInScreen"), "the sign-in screen")
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: not before.is_running, "the app to quit from sign-in")
    assert before.return_code == 0


@pytest.mark.usefixtures("site")
async def test_an_idle_session_signs_out(db_path):
    app = make_app(db_path, config=Config(idle_minutes=0.05))  # three seconds
    async with app.run_test(size=SIZE) as pilot:
        await signed_in_as_dana(pilot)
        await wait_for(pilot, screen_is(pilot, "SignInScreen"), "the idle sign-out")
        assert app.session.principal is None and app.session.member is None and "Dana" not in screen_text(app)


@pytest.mark.usefixtures("site")
async def test_a_members_draft_is_kept_but_not_one_typed_by_staff(db_path):
    dana = members.find_member("A-778812")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await staff_roster(pilot)
        await only_dana(pilot)
        await pilot.press("enter")
        await wait_for(pilot, shows(pilot, "Registered Medical Assistant"), "Dana's overview")
        await pilot.press("r")
        await wait_for(pilot, shows(pilot, "Record a CE activity for Dana Whitfield"), "the form")
        await type_text(pilot, "Typed by staff")
        app.terminal_gone(signal.SIGHUP)
        await wait_for(pilot, lambda: not app.is_running, "the app to exit")
    assert load_draft(dana.id) is None
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in_as_dana(pilot)
        await pilot.press("r")
        await wait_for(pilot, screen_is(pilot, "ActivityFormScreen"), "the form")
        await type_text(pilot, "Typed by Dana")
        app.terminal_gone(signal.SIGHUP)
        await wait_for(pilot, lambda: not app.is_running, "the app to exit")
    assert load_draft(dana.id)["title"] == "Typed by Dana"


@pytest.mark.usefixtures("site")
async def test_help_names_the_sign_out_keys_and_not_the_kiosks(db_path):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in_as_dana(pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, shows(pilot, "sign out (also Ctrl+C and Ctrl+Z)"), "the help's sign-in keys")
        assert "quit the kiosk" not in screen_text(app) and "Ctrl+Q for members" not in screen_text(app)


async def test_a_pin_set_only_for_staff_makes_a_site_database(db_path, member):
    auth.add_staff("Jo Park", "9753", "test")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, screen_is(pilot, "SignInScreen"), "the sign-in screen")
        assert "Dana" not in screen_text(app)
