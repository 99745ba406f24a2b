"""App-wide behaviour: live refresh, small terminals, help, palette, members, demo."""

import asyncio
import datetime as dt
import gc
import sys
import threading

from textual.command import CommandPalette
from textual.message import Message
from textual.widget import Widget

from amtrax_tui.ccp import load_rules
from amtrax_tui.store import activities, members
from amtrax_tui.store.demo import AMT_ID, build_demo
from amtrax_tui.ui.app import build_app
from tests.ui.conftest import SIZE, TODAY, make_app, notices, record, screen_is, screen_text, shows, type_text, wait_for


async def test_another_connection_in_this_process_shows_up_by_itself(db_path, rules, member):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, shows(pilot, "0.00 of 30 points"), "the progress panel")
        writer = threading.Thread(target=record, args=(rules, member), kwargs={"points": "5"})
        writer.start()  # a thread has its own database connection
        writer.join()
        await wait_for(pilot, shows(pilot, "5.00 of 30 points"), "the other connection's points")


async def test_another_process_writing_with_the_cli_shows_up_by_itself(db_path, rules):
    today = dt.date.today()  # the CLI reads the real clock, so this app does too
    member = members.add_member("Dana Whitfield", "A-778812", "test")
    members.add_credential(rules, member.id, "RMA", today - dt.timedelta(days=400), None, today, "test")
    app = build_app(str(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, shows(pilot, "0.00 of 30 points"), "the progress panel")
        cli = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "amtrax_tui", "record", "--db", str(db_path), "--member", member.amt_id,
            "--credential", "RMA", "--category", "professional-education", "--title", "From the CLI",
            "--points", "4", "--start", (dt.date.today() - dt.timedelta(days=1)).isoformat(), "--attest")
        assert await cli.wait() == 0
        await wait_for(pilot, shows(pilot, "4.00 of 30 points"), "the CLI's points")


async def test_a_terminal_below_80x24_asks_to_be_enlarged_and_ignores_keys(db_path, rules, member):
    app = make_app(db_path)
    async with app.run_test(size=(79, 24)) as pilot:
        await wait_for(pilot, shows(pilot, "please enlarge the terminal to at least 80x24".capitalize()),
                       "the enlarge message")
        await pilot.press("r")  # would open the form if the app listened
        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, shows(pilot, "Registered Medical Assistant"), "the overview once large enough")
        assert type(app.screen).__name__ == "OverviewScreen"
        await pilot.resize_terminal(80, 23)
        await wait_for(pilot, shows(pilot, "Please enlarge the terminal"), "the message again")


async def test_help_shows_the_keys_and_ccp(db_path, rules, member):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, shows(pilot, "Registered Medical Assistant"), "the overview")
        await pilot.press("question_mark")
        await wait_for(pilot, shows(pilot, "Keyboard"), "the help")
        assert "Ctrl+P" in screen_text(app) and "record a CE activity" in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview again")
        await pilot.press("f1")
        await wait_for(pilot, screen_is(pilot, "HelpScreen"), "the help via F1")
        await pilot.press("pagedown", "pagedown")
        await wait_for(pilot, shows(pilot, "How CCP works"), "the CCP explanation")


async def test_command_palette_offers_every_app_action_and_runs_one(db_path, rules, member):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, shows(pilot, "Registered Medical Assistant"), "the overview")
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        await type_text(pilot, "history")
        await wait_for(pilot, shows(pilot, "Activity history"), "the history command")
        await pilot.press("enter")
        await wait_for(pilot, screen_is(pilot, "HistoryScreen"), "the history screen")

        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        from amtrax_tui.ui.commands import AppCommands

        names = [hit.text async for hit in AppCommands(app.screen_stack[-2]).discover()]
        for expected in ("Overview", "Record CE", "Activity history", "Add credential", "Members", "Help",
                         "Quit", "Edit", "Delete", "Sort", "Filter"):
            assert expected in names


async def test_several_members_start_with_a_searchable_switcher(db_path, rules, member):
    other = members.add_member("Sam Okafor", "B-4410", "test")
    members.add_credential(rules, other.id, "MLT", dt.date(2024, 2, 1), None, TODAY, "test")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, shows(pilot, "Sam Okafor"), "the member list")
        await type_text(pilot, "okaf")
        await wait_for(pilot, lambda: not shows(pilot, "Dana Whitfield")(), "the filtered list")
        await pilot.press("enter")
        await wait_for(pilot, shows(pilot, "Medical Laboratory Technician"), "Sam's overview")
        assert app.session.actor == "member:B-4410"
        await pilot.press("m")
        await wait_for(pilot, screen_is(pilot, "MembersScreen"), "the switcher")
        await type_text(pilot, "Dana")
        await wait_for(pilot, lambda: not shows(pilot, "Sam Okafor  ·")(), "the filtered list")
        await pilot.press("enter")
        await wait_for(pilot, shows(pilot, "Registered Medical Assistant"), "Dana's overview")


async def test_the_header_names_the_member_shown_and_follows_a_switch(db_path, rules, member):
    """The overview stays open through a switch: its header line changes in place."""
    members.add_member("Sam Okafor", "B-4410", "test")
    app = make_app(db_path)

    def header() -> str:
        return screen_text(app).splitlines()[0]

    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, shows(pilot, "Sam Okafor"), "the member list")
        await type_text(pilot, "okaf")
        await wait_for(pilot, lambda: not shows(pilot, "Dana Whitfield")(), "the filtered list")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Sam Okafor · AMT ID B-4410" in header(), "Sam in the header")
        overview = app.screen
        await pilot.press("m")
        await wait_for(pilot, screen_is(pilot, "MembersScreen"), "the switcher")
        assert "Sam Okafor · AMT ID B-4410" in header()
        await type_text(pilot, "Dana")
        await wait_for(pilot, lambda: not shows(pilot, "Sam Okafor  ·")(), "the filtered list")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Dana Whitfield · AMT ID A-778812" in header(), "Dana in the header")
        assert app.screen is overview
        assert "Sam" not in header()


async def test_leaving_the_first_member_list_or_a_new_members_form_offers_the_members_again(db_path, rules, member):
    """Behind them is only the start screen, which has nothing to offer once the database is open."""
    members.add_member("Sam Okafor", "B-4410", "test")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, screen_is(pilot, "MembersScreen"), "the member list")
        await pilot.press("escape")
        await wait_for(pilot, lambda: any("Choose a member" in str(n.message) for n in notices(app)), "the notice")
        await wait_for(pilot, screen_is(pilot, "MembersScreen"), "the member list again")
        await pilot.press("ctrl+n")
        await wait_for(pilot, screen_is(pilot, "ProfileScreen"), "the new member's form")
        await pilot.press("escape")
        await wait_for(pilot, screen_is(pilot, "MembersScreen"), "the member list after the form")
        assert "Opening the database" not in screen_text(app)
        assert [type(s).__name__ for s in app.screen_stack] == ["StartScreen", "MembersScreen"]


async def test_records_are_attributed_to_the_member(db_path, rules, member):
    record(rules, member)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, shows(pilot, "Registered Medical Assistant"), "the overview")
        await pilot.press("h")
        await wait_for(pilot, shows(pilot, "1 activity in"), "the history")
        await pilot.press("d", "y")
        await wait_for(pilot, shows(pilot, "0 activities"), "the deletion")
    from amtrax_tui.store.history import changes_of

    (activity_id,) = [c.entity_id for c in changes_of("activity", 1)][:1]
    assert [c.actor for c in changes_of("activity", activity_id)] == ["test", "member:A-778812"]


async def test_demo_opens_a_sample_member_with_two_credentials(tmp_path):
    app = build_app(str(tmp_path / "demo.db"), demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, shows(pilot, "Jordan Rivera"), "the demo member")
        await wait_for(pilot, lambda: app.snapshot is not None, "the demo data")
        assert [p.credential.code for p in app.snapshot.progress] == ["RMA", "RPT"]
        assert all(p.earned > 0 for p in app.snapshot.progress)


def test_demo_member_has_a_few_dozen_activities_across_the_cycle(db_path):
    rules, today = load_rules(), dt.date(2026, 6, 15)
    member = build_demo(rules, today)
    found = activities.list_activities(member.id)
    assert member.amt_id == AMT_ID and 20 <= len(found) <= 40
    assert min(a.start for a in found) < today - dt.timedelta(days=365) < max(a.start for a in found)
    assert any(not a.evidence for a in found) and any(len(a.credentials) == 2 for a in found)


class PostsOnUnmount(Widget):
    """Posts the app a worker's result as the app's closing removes it, as a read that ends then would."""

    def __init__(self, *messages: Message) -> None:
        super().__init__()
        self.messages = messages

    def on_unmount(self) -> None:
        for message in self.messages:
            self.app.post_message(message)


async def test_a_read_that_lands_as_the_app_closes_is_dropped_not_a_crash(db_path, rules, member):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, shows(pilot, "0.00 of 30 points"), "the progress panel")
        await app.screen.mount(PostsOnUnmount(app.Loaded(app.snapshot), app.Changed(app.change_seen + 1)))
    # Leaving run_test re-raises whatever the app raised while closing.


def test_running_the_app_freezes_start_up_and_collects_nothing_until_the_first_screen_is_up(db_path, member):
    """The console script's `run` (tests use `run_test`): what start-up made before Textual runs
    lives as long as the process, so it is frozen; nothing is collected while the first screen is
    built, and collections resume once it is up."""
    seen = {}

    async def auto_pilot(pilot):
        seen["frozen"], seen["collecting at start"] = gc.get_freeze_count() > 0, gc.isenabled()
        await wait_for(pilot, shows(pilot, "0.00 of 30 points"), "the overview")
        await wait_for(pilot, gc.isenabled, "collections to resume")
        pilot.app.exit()

    gc.unfreeze()  # the suite freezes what outlives each test and collects only between tests
    gc.enable()
    try:
        make_app(db_path).run(headless=True, size=SIZE, auto_pilot=auto_pilot)
    finally:
        gc.disable()  # as the suite had it (tests/conftest.py)
    assert seen == {"frozen": True, "collecting at start": False}
