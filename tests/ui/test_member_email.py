"""The profile form's optional e-mail address: kept when it is one, refused with a field message when not;
changed later by staff (or at one's own terminal), never by a member signed in."""

from __future__ import annotations

import datetime as dt

import pytest

from amtrax_tui.config import Config
from amtrax_tui.store import auth, members
from amtrax_tui.store.history import changes_of
from tests.ui.conftest import SIZE, TODAY, error_shown, make_app, screen_is, screen_text, shows, type_text, wait_for


async def fill_profile(pilot, email: str | None):
    await wait_for(pilot, screen_is(pilot, "ProfileScreen"), "the profile step")
    await type_text(pilot, "Maria Lopez")
    await pilot.press("tab")
    await type_text(pilot, "1234567")
    await pilot.press("tab")
    if email is None:
        return
    if email.isprintable() and len(email) < 40:
        await type_text(pilot, email)
    else:  # control characters cannot be typed, and a long text is quicker pasted
        pilot.app.screen.query_one("#email").value = email


async def test_the_address_typed_on_the_profile_is_stored(db_path):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await fill_profile(pilot, "maria.lopez@example.org")
        assert "E-mail" in screen_text(app)
        await pilot.press("ctrl+s")
        await wait_for(pilot, screen_is(pilot, "CredentialScreen"), "the credential step")
    assert [(m.amt_id, m.email) for m in members.list_members()] == [("1234567", "maria.lopez@example.org")]


async def test_the_address_is_optional(db_path):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await fill_profile(pilot, None)
        await pilot.press("ctrl+s")
        await wait_for(pilot, screen_is(pilot, "CredentialScreen"), "the credential step")
    assert [(m.amt_id, m.email) for m in members.list_members()] == [("1234567", None)]


@pytest.mark.parametrize("email, message", [
    ("maria.example.org", "must be an e-mail address such as name@example.org"),
    ("maria@example.org\x1b[2J", "must be a single line of printable text"),
    ("maria@example.org\u2028x", "must be a single line of printable text"),
    ("m" * 243 + "@example.org", "at most 254 characters"),
], ids=["no-at", "escape", "line-separator", "too-long"])
async def test_an_address_that_is_not_one_is_refused_in_the_form(db_path, email, message):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await fill_profile(pilot, email)
        await wait_for(pilot, error_shown(pilot, "email", message), "the e-mail message")
        assert app.screen.query_one("#save").disabled
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "ProfileScreen"
    assert members.list_members() == []


async def run_palette(pilot, command: str):
    from textual.command import CommandPalette

    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CommandPalette), "the palette")
    await type_text(pilot, command)
    await wait_for(pilot, shows(pilot, command), f"the {command} command")
    await pilot.press("enter")


async def test_staff_at_a_kiosk_add_a_members_address(db_path, rules, member):
    from tests.ui.test_kiosk import only_dana, staff_roster

    auth.set_member_pin(member.amt_id, "2468", "test")
    auth.add_staff("Jo Park", "9753", "test")
    sam = members.add_member("Sam Okafor", "B-4410", "test")
    members.add_credential(rules, sam.id, "MLT", dt.date(2024, 2, 1), None, TODAY, "test")
    app = make_app(db_path, config=Config(kiosk=True))
    async with app.run_test(size=SIZE) as pilot:
        await staff_roster(pilot)
        await only_dana(pilot)
        await pilot.press("enter")
        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "Dana's overview")
        await run_palette(pilot, "Edit member")
        await wait_for(pilot, screen_is(pilot, "ProfileScreen"), "the member's details")
        await wait_for(pilot, lambda: app.screen.query_one("#name").value == "Dana Whitfield", "the stored name")
        assert app.screen.query_one("#amt-id").disabled  # the AMT ID is who the member is: not changed here
        app.screen.query_one("#email").focus()
        await type_text(pilot, "dana@example.org")
        await pilot.press("ctrl+s")
        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview again")
    assert members.find_member("A-778812").email == "dana@example.org"
    assert changes_of("member", member.id)[-1].actor == "staff:Jo Park"


async def test_a_member_signed_in_cannot_change_where_their_transcripts_go(db_path, member):
    from tests.ui.test_kiosk import palette_names, signed_in_as_dana

    auth.set_member_pin(member.amt_id, "2468", "test")
    app = make_app(db_path, config=Config(kiosk=True))
    async with app.run_test(size=SIZE) as pilot:
        await signed_in_as_dana(pilot)
        assert "Edit member" not in await palette_names(app)
        await pilot.press("ctrl+p")
        await type_text(pilot, "Edit member")
        await pilot.press("enter")
        await pilot.pause()
        assert not any(type(s).__name__ == "ProfileScreen" for s in app.screen_stack)


async def test_editing_refuses_an_address_that_is_not_one_and_keeps_the_stored_one(db_path, member):
    members.edit_member(member.amt_id, "test", email="dana@example.org")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview")
        await run_palette(pilot, "Edit member")
        await wait_for(pilot, lambda: pilot.app.screen.query_one("#email").value == "dana@example.org",
                       "the stored address")
        field = app.screen.query_one("#email")
        field.focus()
        await pilot.press("end", "backspace", "backspace", "backspace", "backspace")
        await wait_for(pilot, error_shown(pilot, "email", "must be an e-mail address such as name@example.org"),
                       "the e-mail message")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "ProfileScreen"
    assert members.find_member(member.amt_id).email == "dana@example.org"
