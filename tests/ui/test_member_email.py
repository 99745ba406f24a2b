"""The profile form's optional e-mail address: kept when it is one, refused with a field message when not."""

from __future__ import annotations

import pytest

from amtrax_tui.store import members
from tests.ui.conftest import SIZE, error_shown, make_app, screen_is, screen_text, type_text, wait_for


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
