"""Unsaved form input kept when the terminal goes away, and offered back next time.
(The real signals, sent to the installed app, are in tests/e2e.)"""

from __future__ import annotations

import signal

from amtrax_tui.config import Config
from amtrax_tui.store import activities, auth
from amtrax_tui.store.drafts import load_draft, save_draft
from tests.ui.conftest import SIZE, make_app, record, screen_is, shows, type_text, wait_for


OFFER = "Ctrl+R restores"


async def open_form(pilot, key="r"):
    await wait_for(pilot, shows(pilot, "Registered Medical Assistant"), "the overview")
    await pilot.press(key)


async def test_the_terminal_going_away_keeps_the_forms_input_and_exits(db_path, member):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot)
        await wait_for(pilot, screen_is(pilot, "ActivityFormScreen"), "the form")
        await type_text(pilot, "Half-typed webinar")
        app.screen.query_one("#points").focus()
        await type_text(pilot, "1.5")
        app.screen.query_one("#attestation").focus()
        await pilot.press("space")
        app.terminal_gone(signal.SIGHUP)
        await wait_for(pilot, lambda: not app.is_running, "the app to exit")
    assert app.return_code == 128 + signal.SIGHUP
    kept = load_draft(member.id)
    assert (kept["title"], kept["points"], kept["credential"], kept["end"]) == (
        "Half-typed webinar", "1.5", "RMA", "")  # the end follows a start not yet typed
    assert "attestation" not in kept  # attested afresh when restored
    assert activities.list_activities(member.id) == []


async def test_nothing_is_kept_when_the_form_holds_nothing_new(db_path, member):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot)
        await wait_for(pilot, screen_is(pilot, "ActivityFormScreen"), "the form")
        app.terminal_gone(signal.SIGTERM)
        await wait_for(pilot, lambda: not app.is_running, "the app to exit")
    assert app.return_code == 128 + signal.SIGTERM
    assert load_draft(member.id) is None


async def test_a_kept_draft_is_offered_back_and_restored(db_path, member):
    save_draft(member.id, {"credential": "RPT", "also": ["RMA"], "category": "formal-education",
                           "title": "Half-typed webinar", "points": "1.5", "start": "2026-05-04",
                           "end": "2026-05-04", "provider": "", "notes": "", "evidence": "CERT-9"})
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot)
        await wait_for(pilot, shows(pilot, OFFER), "the offer")
        form = app.screen
        assert form.focused is form.query_one("#title")  # the offer takes no keys from the form
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: form.query_one("#title").value, "the restored form")
        assert not shows(pilot, OFFER)()
        values = form.values()
        assert (values["credential"], values["also"], values["category"], values["title"], values["points"],
                values["evidence"], values["attestation"]) == (
            "RPT", ("RMA",), "formal-education", "Half-typed webinar", "1.5", "CERT-9", False)
        assert form.dirty  # Escape asks before dropping it again
        await wait_for(pilot, lambda: load_draft(member.id) is None, "the draft taken out of the store")
        form.query_one("#attestation").focus()
        await pilot.press("space", "ctrl+s")
        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview after saving")
    (saved,) = activities.list_activities(member.id)
    assert (saved.title, saved.credentials) == ("Half-typed webinar", ("RMA", "RPT"))


async def test_a_discarded_draft_is_gone_and_the_form_opens_empty(db_path, member):
    save_draft(member.id, {"title": "Not wanted", "credential": "NOPE", "category": "no-such"})
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot)
        await wait_for(pilot, shows(pilot, OFFER), "the offer")
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: not shows(pilot, OFFER)(), "the offer answered")
        assert app.screen.query_one("#title").value == ""
        await wait_for(pilot, lambda: load_draft(member.id) is None, "the draft discarded")


async def test_a_draft_with_values_that_no_longer_fit_keeps_only_what_does(db_path, member):
    save_draft(member.id, {"title": "Kept", "credential": "NOPE", "also": ["XYZ"], "category": "no-such",
                           "points": 3})
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot)
        await wait_for(pilot, shows(pilot, OFFER), "the offer")
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: app.screen.query_one("#title").value, "the restored form")
        values = app.screen.values()
        assert (values["title"], values["credential"], values["also"], values["category"], values["points"]) == (
            "Kept", "RMA", (), "professional-education", "")


async def test_an_edit_keeps_its_own_draft(db_path, rules, member):
    activity_id = record(rules, member, title="Original title")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot, "h")
        await wait_for(pilot, shows(pilot, "Original title"), "the history")
        await pilot.press("e")
        await wait_for(pilot, screen_is(pilot, "ActivityFormScreen"), "the edit form")
        app.screen.query_one("#title").focus()
        await pilot.press("end")
        await type_text(pilot, " revised")
        app.terminal_gone(signal.SIGHUP)
        await wait_for(pilot, lambda: not app.is_running, "the app to exit")
    assert load_draft(member.id) is None
    assert load_draft(member.id, f"edit-{activity_id}")["title"] == "Original title revised"

    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot)  # a new record: no draft of the edit offered here
        await wait_for(pilot, screen_is(pilot, "ActivityFormScreen"), "the new-record form")
        await pilot.press("escape")
        await pilot.press("h")
        await wait_for(pilot, shows(pilot, "Original title"), "the history")
        await pilot.press("e")
        await wait_for(pilot, shows(pilot, "your edit of “Original title”"), "the offer of the edit")
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: app.screen.query_one("#title").value == "Original title revised",
                       "the restored edit")


async def test_a_kiosk_keeps_no_drafts(db_path, member):
    auth.set_member_pin(member.amt_id, "2468", "test")
    app = make_app(db_path, config=Config(kiosk=True))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, screen_is(pilot, "SignInScreen"), "the sign-in screen")
        await type_text(pilot, member.amt_id)
        await pilot.press("enter")
        await type_text(pilot, "2468")
        await pilot.press("enter")
        await open_form(pilot)
        await wait_for(pilot, screen_is(pilot, "ActivityFormScreen"), "the form")
        await type_text(pilot, "Typed at a kiosk")
        app.terminal_gone(signal.SIGHUP)
        await wait_for(pilot, lambda: not app.is_running, "the app to exit")
    assert load_draft(member.id) is None


async def test_r_and_a_title_typed_in_one_burst_land_in_the_form_and_the_draft_is_still_offered(db_path, member):
    save_draft(member.id, {"title": "Half-typed webinar", "points": "1.5"})
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, shows(pilot, "Registered Medical Assistant"), "the overview")
        await type_text(pilot, "rFlu shots")  # as type-ahead over SSH delivers it: one read
        await wait_for(pilot, shows(pilot, OFFER), "the offer")
        form = app.screen
        assert [type(screen).__name__ for screen in app.screen_stack][1:] == ["OverviewScreen", "ActivityFormScreen"]
        assert form.query_one("#title").value == "Flu shots"
        await type_text(pilot, " 2026")  # the offer waits; typing goes on into the field
        await pilot.press("ctrl+t")  # discarded: what was typed stays
        assert not shows(pilot, OFFER)()
        assert (form.query_one("#title").value, form.query_one("#points").value) == ("Flu shots 2026", "")
        await wait_for(pilot, lambda: load_draft(member.id) is None, "the draft discarded")


async def test_restoring_a_draft_after_typing_replaces_what_was_typed(db_path, member):
    save_draft(member.id, {"title": "Half-typed webinar", "points": "1.5"})
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, shows(pilot, "Registered Medical Assistant"), "the overview")
        await type_text(pilot, "rFlu shots")
        await wait_for(pilot, shows(pilot, OFFER), "the offer")
        await pilot.press("ctrl+r")
        form = app.screen
        assert (form.query_one("#title").value, form.query_one("#points").value) == ("Half-typed webinar", "1.5")
        await type_text(pilot, "!")  # the focus stayed in the title
        assert form.query_one("#title").value == "Half-typed webinar!"
        await wait_for(pilot, lambda: load_draft(member.id) is None, "the draft taken out of the store")
