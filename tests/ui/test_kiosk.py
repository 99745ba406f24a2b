"""Kiosk mode with the keyboard at 80x24: signing in and out, what a member may
see, what staff may do."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from textual.command import CommandPalette

from amtrax_tui.config import Config
from amtrax_tui.store import activities, auth, members
from amtrax_tui.store.auth import MAX_FAILURES
from amtrax_tui.store.drafts import load_draft, save_draft
from amtrax_tui.store.history import changes_of
from amtrax_tui.store.models import SignInLock
from amtrax_tui.ui.commands import AppCommands
from amtrax_tui.ui.kiosk import idle_words
from amtrax_tui.ui.widgets.idle_warning import IdleWarning
from tests.ui.conftest import SIZE, TODAY, make_app, notices, record, screen_is, screen_text, shows, type_text, wait_for

WRONG = "The ID or PIN is not right."


@pytest.fixture
def site(db_path, rules, member):
    """Dana (the `member` fixture, PIN 2468) and Sam (PIN 1357, one activity), and staff Jo Park (PIN 9753)."""
    sam = members.add_member("Sam Okafor", "B-4410", "test")
    members.add_credential(rules, sam.id, "MLT", dt.date(2024, 2, 1), None, TODAY, "test")
    record(rules, sam, title="Sam's Private Seminar", codes=("MLT",))
    auth.set_member_pin(member.amt_id, "2468", "test")
    auth.set_member_pin(sam.amt_id, "1357", "test")
    auth.add_staff("Jo Park", "9753", "test")
    return {"dana": member, "sam": sam}


def kiosk(db_path, **settings):
    return make_app(db_path, config=Config(kiosk=True, **settings))


async def sign_in(pilot, login: str, pin: str):
    await wait_for(pilot, screen_is(pilot, "SignInScreen"), "the sign-in screen")
    pilot.app.screen.query_one("#login").focus()
    await type_text(pilot, login)
    await pilot.press("enter")
    await type_text(pilot, pin)
    await pilot.press("enter")


async def signed_in_as_dana(pilot):
    await sign_in(pilot, "A-778812", "2468")
    await wait_for(pilot, shows(pilot, "Registered Medical Assistant"), "Dana's overview")


def sign_in_message(app) -> str:
    return str(app.screen.query_one("#sign-in-message").content)


async def palette_names(app) -> set[str]:
    names = {hit.text async for hit in AppCommands(app.screen).discover()}
    return names | {command.title for command in app.get_system_commands(app.screen)}


async def test_opens_on_sign_in_and_a_member_signs_in_with_the_pin(db_path, site):
    app = kiosk(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, shows(pilot, "Sign in"), "the sign-in screen")
        text = screen_text(app)
        assert "Dana" not in text and "Sam" not in text
        await sign_in(pilot, "A-778812", "2468")
        await wait_for(pilot, shows(pilot, "Registered Medical Assistant"), "Dana's overview")
        assert "Dana Whitfield" in screen_text(app)
        assert "^o Sign out" in screen_text(app)
        assert app.session.actor == "member:A-778812"


async def test_the_pin_is_masked(db_path, site):
    app = kiosk(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, screen_is(pilot, "SignInScreen"), "the sign-in screen")
        app.screen.query_one("#pin").focus()
        await type_text(pilot, "2468")
        await pilot.pause()
        assert "2468" not in screen_text(app) and "••••" in screen_text(app)


async def test_a_wrong_pin_and_an_unknown_id_get_the_same_message(db_path, site):
    app = kiosk(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "A-778812", "0000")
        await wait_for(pilot, shows(pilot, WRONG), "the refusal")
        assert app.screen.query_one("#pin").value == ""  # cleared for the next try
        message = app.screen.query_one("#sign-in-message")
        after_wrong_pin = (str(message.content), message.classes)
        app.screen.query_one("#login").clear()
        await sign_in(pilot, "NO-SUCH-ID", "0000")
        await wait_for(pilot, lambda: app.screen.query_one("#login").value == "NO-SUCH-ID"
                       and not app.screen.checking, "the second refusal")
        assert (str(message.content), message.classes) == after_wrong_pin
        assert WRONG in screen_text(app)
        assert app.session.principal is None and type(app.screen).__name__ == "SignInScreen"


async def test_a_pin_that_is_not_4_to_8_digits_is_refused_before_checking(db_path, site):
    app = kiosk(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "A-778812", "12")
        await wait_for(pilot, shows(pilot, "A PIN is 4 to 8 digits."), "the PIN rule")
        app.screen.query_one("#login").clear()
        await sign_in(pilot, "", "2468")
        await wait_for(pilot, shows(pilot, "Enter your AMT member ID, or your staff name."), "the ID rule")
    assert SignInLock.select().count() == 0  # not counted as wrong PINs


async def test_a_lock_after_wrong_pins_survives_a_restart(db_path, site):
    app = kiosk(db_path)
    async with app.run_test(size=SIZE) as pilot:
        for attempt in range(MAX_FAILURES):
            await sign_in(pilot, "A-778812", "0000")
            await wait_for(pilot, lambda: not app.screen.checking, f"wrong PIN {attempt + 1}")
            app.screen.query_one("#login").clear()
        assert "locked" in sign_in_message(app)
    restarted = kiosk(db_path)
    async with restarted.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "A-778812", "2468")  # the right PIN, but locked
        await wait_for(pilot, lambda: "this ID is locked; try again in 15 minutes" in sign_in_message(restarted),
                       "the lock")
        assert restarted.session.principal is None


async def test_idle_sign_out_clears_every_screen_and_the_form(db_path, site):
    save_draft(site["dana"].id, {"title": "from an SSH session"})
    app = kiosk(db_path, idle_minutes=0.1)  # six seconds: time enough to sign in again on a busy machine
    async with app.run_test(size=SIZE) as pilot:
        await signed_in_as_dana(pilot)
        await pilot.press("r")
        await wait_for(pilot, screen_is(pilot, "ActivityFormScreen"), "the form (no draft offered at a kiosk)")
        await type_text(pilot, "Half-typed title")
        await wait_for(pilot, screen_is(pilot, "SignInScreen"), "the idle sign-out")
        assert [type(s).__name__ for s in app.screen_stack] == ["StartScreen", "SignInScreen"]
        assert app.session.principal is None and app.session.member is None and app.snapshot is None
        assert "Half-typed" not in screen_text(app) and "Dana" not in screen_text(app)
        await wait_for(pilot, lambda: load_draft(site["dana"].id) is None, "the member's drafts discarded")
        await signed_in_as_dana(pilot)
        await pilot.press("r")
        await wait_for(pilot, screen_is(pilot, "ActivityFormScreen"), "a fresh form")
        assert app.screen.query_one("#title").value == ""
    assert activities.list_activities(site["dana"].id) == []


def countdown_shown(app) -> bool:
    return bool(app.screen.query(IdleWarning))


async def test_a_countdown_comes_before_the_idle_sign_out_and_sign_in_says_why(db_path, site):
    app = kiosk(db_path, idle_minutes=0.1)  # six seconds: the countdown is the last three
    async with app.run_test(size=SIZE) as pilot:
        await signed_in_as_dana(pilot)
        await pilot.press("r")
        await wait_for(pilot, screen_is(pilot, "ActivityFormScreen"), "the form")
        await type_text(pilot, "Half-typed")
        await wait_for(pilot, lambda: countdown_shown(app), "the countdown")
        assert "Signing out in" in screen_text(app) and "Press any key to stay signed in." in screen_text(app)
        assert app.focused is app.screen.query_one("#title") and app.focused.value == "Half-typed"
        await wait_for(pilot, screen_is(pilot, "SignInScreen"), "the idle sign-out")
        assert not countdown_shown(app)
        assert sign_in_message(app) == (
            "The last session ended after 6 seconds without a key. Nothing unsaved was kept."
        )
        assert "Nothing unsaved was kept." in screen_text(app)
        await sign_in(pilot, "A-778812", "0000")  # the next try says how it went instead
        await wait_for(pilot, lambda: sign_in_message(app) == WRONG, "the refusal in place of the farewell")


async def test_a_key_stops_the_countdown_and_still_lands_in_the_field(db_path, site):
    app = kiosk(db_path, idle_minutes=0.1)  # six seconds: the countdown is the last three
    async with app.run_test(size=SIZE) as pilot:
        await signed_in_as_dana(pilot)
        await pilot.press("r")
        await wait_for(pilot, screen_is(pilot, "ActivityFormScreen"), "the form")
        await type_text(pilot, "Half-typed")
        await wait_for(pilot, lambda: countdown_shown(app), "the countdown")
        await pilot.press("x")
        await wait_for(pilot, lambda: not countdown_shown(app), "the countdown to stop")
        assert type(app.screen).__name__ == "ActivityFormScreen" and app.session.principal is not None
        title = app.screen.query_one("#title")
        assert app.focused is title and title.value == "Half-typedx"  # the key that stopped it is kept
        assert "Signing out in" not in screen_text(app)


async def test_below_80x24_the_countdown_shows_over_the_notice_and_a_key_stops_it(db_path, site):
    app = kiosk(db_path, idle_minutes=0.1)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in_as_dana(pilot)
        await pilot.press("r")
        await wait_for(pilot, screen_is(pilot, "ActivityFormScreen"), "the form")
        await type_text(pilot, "Half-typed")
        await pilot.resize_terminal(60, 20)
        await wait_for(pilot, lambda: countdown_shown(app) and "Signing out in" in screen_text(app),
                       "the countdown over the notice")
        assert "The terminal is too small." in screen_text(app)
        await pilot.press("x")  # ignored while the notice shows, but it is a key: the session stays
        await wait_for(pilot, lambda: not countdown_shown(app), "the countdown to stop")
        await pilot.resize_terminal(*SIZE)
        await wait_for(pilot, lambda: "Half-typed" in screen_text(app), "the form again")
        assert type(app.screen).__name__ == "ActivityFormScreen"
        assert app.screen.query_one("#title").value == "Half-typed"


async def test_signing_out_says_so_on_the_sign_in_screen(db_path, site):
    app = kiosk(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in_as_dana(pilot)
        await pilot.press("ctrl+o")
        await wait_for(pilot, screen_is(pilot, "SignInScreen"), "the sign-in screen")
        assert sign_in_message(app) == "Signed out."


@pytest.mark.parametrize(("minutes", "words"), [(0.05, "3 seconds"), (1, "1 minute"), (1.5, "1.5 minutes"),
                                                (2, "2 minutes"), (1440, "1440 minutes")])
def test_the_idle_time_reads_as_a_person_says_it(minutes, words):
    assert idle_words(minutes * 60) == words


@pytest.mark.parametrize("key", ["ctrl+c", "ctrl+q", "ctrl+z", "ctrl+o"])
async def test_a_member_cannot_quit_or_suspend_those_keys_sign_out(db_path, site, key):
    app = kiosk(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in_as_dana(pilot)
        await pilot.press("r")
        await wait_for(pilot, screen_is(pilot, "ActivityFormScreen"), "the form")
        await type_text(pilot, "Unsaved")  # the focus is in an input, where Ctrl+C would copy
        await pilot.press(key)
        await wait_for(pilot, screen_is(pilot, "SignInScreen"), f"the sign-in screen after {key}")
        assert app.is_running and app.return_code is None
        assert app.session.principal is None
        await pilot.press("ctrl+q", "ctrl+c")  # nobody signed in: nothing to quit or sign out of
        await pilot.pause()
        assert app.is_running and type(app.screen).__name__ == "SignInScreen"


async def test_a_member_cannot_reach_another_members_data(db_path, site):
    app = kiosk(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in_as_dana(pilot)
        for key in ("m", "o", "p"):  # members switcher, roster, PIN: staff only
            await pilot.press(key)
            await pilot.pause()
            assert type(app.screen).__name__ == "OverviewScreen", key
        footer = screen_text(app).splitlines()[-1]
        assert "Members" not in footer and "Roster" not in footer and "PIN" not in footer
        names = await palette_names(app)
        assert {"Record CE", "Activity history", "Sign out", "Help"} <= names
        assert not names & {"Members", "Roster", "Set PIN", "Quit", "Screenshot"}
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        await type_text(pilot, "members")
        await pilot.press("enter")
        await pilot.pause()
        assert not any(type(s).__name__ == "MembersScreen" for s in app.screen_stack)
        await pilot.press("escape")
        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview again")
        await pilot.press("h")
        await wait_for(pilot, screen_is(pilot, "HistoryScreen"), "Dana's history")
        await wait_for(pilot, shows(pilot, "0 activities"), "Dana's (empty) history")
        assert "Sam" not in screen_text(app)
        assert app.snapshot.member == site["dana"]


async def staff_roster(pilot):
    await sign_in(pilot, "Jo Park", "9753")
    await wait_for(pilot, screen_is(pilot, "RosterScreen"), "the roster")
    await wait_for(pilot, shows(pilot, "Sam Okafor"), "the roster's rows")


async def test_staff_see_the_roster_filter_it_and_record_on_a_members_behalf(db_path, site):
    app = kiosk(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await staff_roster(pilot)
        text = screen_text(app)
        assert "Dana Whitfield" in text and "B-4410" in text and "MLT" in text
        assert "3 credentials of 2 members" in text
        await pilot.press("slash")
        await type_text(pilot, "okaf")
        await wait_for(pilot, shows(pilot, "1 credentials of 1 members"), "the filtered roster")
        assert "Dana" not in screen_text(app)
        await pilot.press("enter", "enter")  # leave the filter, open the member
        await wait_for(pilot, shows(pilot, "Medical Laboratory Technician"), "Sam's overview")
        assert "staff Jo Park" in screen_text(app)
        await pilot.press("r")
        await wait_for(pilot, shows(pilot, "Record a CE activity for Sam Okafor"), "the form")
        form = app.screen
        assert "On behalf of Sam Okafor" in screen_text(app)
        assert str(form.query_one("#attestation").label).startswith("Sam Okafor attested to me: “I attest")
        await type_text(pilot, "Lab Safety Refresher")
        form.query_one("#points").focus()
        await type_text(pilot, "2")
        form.query_one("#start").focus()
        await type_text(pilot, "2026-05-04")
        await pilot.press("ctrl+s")
        await wait_for(pilot, shows(pilot, "I attest"), "the form still open")
        assert type(app.screen).__name__ == "ActivityFormScreen"  # the member's attestation is required
        form.query_one("#attestation").focus()
        await pilot.press("space", "ctrl+s")
        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview after saving")
    saved = [a for a in activities.list_activities(site["sam"].id) if a.title == "Lab Safety Refresher"]
    assert [a.entered_by for a in saved] == ["staff:Jo Park"]
    assert [c.actor for c in changes_of("activity", saved[0].id)] == ["staff:Jo Park"]


async def test_the_roster_sorts_and_filters_by_status(db_path, rules, site):
    behind = members.add_member("Ava Behind", "C-1", "test")
    members.add_credential(rules, behind.id, "RMA", dt.date(2024, 1, 10), None, TODAY, "test")
    app = kiosk(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await staff_roster(pilot)
        rows = app.screen.rows
        assert rows[0].name == "Ava Behind" and rows[0].status == "behind"  # most at risk first
        await pilot.press("s")
        await wait_for(pilot, shows(pilot, "sorted by name"), "the name order")
        assert [r.name for r in app.screen.rows] == sorted(r.name for r in rows)
        met = members.add_member("Meg Done", "C-2", "test")
        members.add_credential(rules, met.id, "RPT", dt.date(2025, 9, 1), None, TODAY, "test")
        record(rules, met, points="24", codes=("RPT",))
        await wait_for(pilot, shows(pilot, "Meg Done"), "the refreshed roster")
        app.screen.query_one("#roster-status").value = "met"
        await wait_for(pilot, shows(pilot, "1 credentials of 1 members"), "only the one met")
        assert [(r.name, r.status) for r in app.screen.rows] == [("Meg Done", "met")]
        assert "✔ Met" in screen_text(app)


async def test_the_roster_refreshes_when_another_session_writes(db_path, rules, site):
    app = kiosk(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await staff_roster(pilot)
        def another_session():  # a thread has its own database connection
            lee = members.add_member("Lee New", "D-2", "test")
            members.add_credential(rules, lee.id, "RMA", dt.date(2025, 1, 2), None, TODAY, "test")

        writer = threading.Thread(target=another_session)
        writer.start()
        writer.join()
        await wait_for(pilot, shows(pilot, "Lee New"), "the new member in the roster")


async def only_dana(pilot):
    await pilot.press("slash")
    await type_text(pilot, "Whitfield")
    await pilot.press("enter")
    await wait_for(pilot, shows(pilot, "2 credentials of 1 members"), "Dana's rows")


async def test_staff_set_a_members_pin(db_path, site):
    app = kiosk(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await staff_roster(pilot)
        await only_dana(pilot)
        await pilot.press("p")
        await wait_for(pilot, shows(pilot, "New PIN for Dana Whitfield"), "the PIN dialog")
        await type_text(pilot, "1122")
        await pilot.press("enter")
        await type_text(pilot, "1123")
        await pilot.press("ctrl+s")
        await wait_for(pilot, shows(pilot, "the two entries differ"), "the mismatch")
        assert app.screen.query_one("#again").has_class("-invalid") and app.screen.query_one("#save").disabled
        app.screen.query_one("#again").clear()
        app.screen.query_one("#again").focus()
        await type_text(pilot, "1122")
        await pilot.press("ctrl+s")
        await wait_for(pilot, screen_is(pilot, "RosterScreen"), "the roster again")
    assert auth.sign_in("A-778812", "1122", dt.datetime(2026, 6, 15, 12)).name == "Dana Whitfield"
    assert [c.actor for c in changes_of("member", site["dana"].id) if c.action == "set-pin"][-1] == "staff:Jo Park"


async def test_staff_export_transcripts_into_the_export_folder(db_path, tmp_path, site):
    folder = tmp_path / "exports"
    folder.mkdir()
    app = kiosk(db_path, export_dir=folder)
    async with app.run_test(size=SIZE) as pilot:
        await staff_roster(pilot)
        await only_dana(pilot)
        await pilot.press("x")
        await wait_for(pilot, shows(pilot, "Export transcripts?"), "the question")
        await pilot.press("y")
        await wait_for(pilot, lambda: len(list(folder.iterdir())) == 2, "Dana's two transcripts")
        assert sorted(p.name for p in folder.iterdir()) == [
            "ccp-transcript-A-778812-RMA-2025-01-10.txt", "ccp-transcript-A-778812-RPT-2025-09-01.txt"]
        app.screen.query_one("#roster-filter").clear()
        await wait_for(pilot, shows(pilot, "3 credentials of 2 members"), "every member again")
        await pilot.press("X", "y")
        await wait_for(pilot, lambda: len(list(folder.iterdir())) == 3, "every member's transcripts")
    assert "Sam's Private Seminar" in (folder / "ccp-transcript-B-4410-MLT-2024-02-01.txt").read_text()


@pytest.mark.parametrize("export_dir, rule", [
    (None, "this site has no export folder: set export_dir in the site's config file"),
    ("missing", "does not exist"),
])
async def test_staff_export_without_a_usable_export_folder_is_refused_naming_it(db_path, tmp_path, site,
                                                                                 export_dir, rule):
    app = kiosk(db_path, export_dir=export_dir and tmp_path / export_dir)
    async with app.run_test(size=SIZE) as pilot:
        await staff_roster(pilot)
        await pilot.press("X")
        await wait_for(pilot, lambda: any(n.title == "Not exported" and rule in str(n.message) for n in notices(app)),
                       "the refusal")
        assert screen_is(pilot, "RosterScreen")()  # nothing to confirm: the question is never asked


async def test_staff_quit_after_confirming(db_path, site):
    app = kiosk(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await staff_roster(pilot)
        assert "Quit" in await palette_names(app)
        await pilot.press("ctrl+q")
        await wait_for(pilot, shows(pilot, "Quit the kiosk?"), "the question")
        await pilot.press("n")
        await wait_for(pilot, screen_is(pilot, "RosterScreen"), "the roster again")
        await pilot.press("ctrl+q", "y")
        await wait_for(pilot, lambda: not app.is_running, "the app to quit")
