"""The "To enter in AMTrax" screen and the overview's count, from the keyboard at 80x24."""

import datetime as dt

from textual.command import CommandPalette

from amtrax_tui.store import activities
from amtrax_tui.store.db import open_database
from amtrax_tui.store.history import changes_of
from amtrax_tui.store.models import Activity
from tests.ui.conftest import SIZE, TODAY, make_app, notices, record, screen_is, screen_text, shows, type_text, wait_for

HOSTILE = "Crash [/] me [@click=app.quit]Quit[/] [b]loud"


def rows(app) -> list[int]:
    return [a.id for a in app.screen.rows]


async def open_amtrax(pilot):
    await wait_for(pilot, shows(pilot, "not yet in AMTrax"), "the overview's count")
    await pilot.press("t")
    await wait_for(pilot, screen_is(pilot, "AmtraxScreen"), "the AMTrax screen")
    await wait_for(pilot, lambda: pilot.app.screen.rows, "the list")


async def test_marking_one_entered_takes_it_off_the_list_and_the_overview_count_drops(db_path, rules, member):
    first = record(rules, member, title="Infection Control Update", points="2", start=dt.date(2026, 3, 2))
    second = record(rules, member, title="Phlebotomy refresher", points="1.5", start=dt.date(2026, 4, 9))
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, shows(pilot, "2 activities (3.5 points) not yet in AMTrax"), "the count")
        await open_amtrax(pilot)
        text = screen_text(app)
        assert "Activity type   Points  Start       End         Title" in text
        for label in ("Activity type  Professional Education", "Points         2", "Start date     2026-03-02",
                      "End date       2026-03-02", "Title          Infection Control Update"):
            assert label in text
        assert rows(app) == [first, second]

        await pilot.press("m")
        await wait_for(pilot, lambda: rows(app) == [second], "the marked one gone from the list")
        await wait_for(pilot, shows(pilot, "Title          Phlebotomy refresher"), "the next one highlighted")
        await pilot.press("escape")
        await wait_for(pilot, shows(pilot, "1 activity (1.5 points) not yet in AMTrax"), "the count, lower")
    assert activities.get_activity(first).entered_in_amtrax == TODAY
    assert [c.actor for c in changes_of("activity", first)] == ["test", "member:A-778812"]


async def test_entered_ones_can_be_shown_and_their_date_cleared(db_path, rules, member):
    first = record(rules, member, title="Infection Control Update", start=dt.date(2026, 3, 2))
    activities.mark_entered(first, TODAY, TODAY, "test")
    record(rules, member, title="Phlebotomy refresher", start=dt.date(2026, 4, 9))
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_amtrax(pilot)
        assert "Infection Control" not in screen_text(app)
        await pilot.press("a")
        await wait_for(pilot, lambda: rows(app) == [first, first + 1], "the entered one shown too")
        await pilot.press("ctrl+home")
        await wait_for(pilot, shows(pilot, f"Entered in AMTrax on {TODAY.isoformat()}"), "its date")
        assert "✔ Professional" in screen_text(app)
        await pilot.press("m")  # already entered: m does nothing
        await pilot.press("c")
        await wait_for(pilot, shows(pilot, "Not yet in AMTrax: once entered there, press m"), "the date cleared")
        await pilot.press("escape")
        await wait_for(pilot, shows(pilot, "2 activities (4 points) not yet in AMTrax"), "the count, higher")
    assert activities.get_activity(first).entered_in_amtrax is None
    assert len(changes_of("activity", first)) == 3  # recorded, marked, cleared


async def test_stored_text_is_shown_literally(db_path, rules, member):
    first = record(rules, member, title=HOSTILE)
    open_database(str(db_path))
    Activity.update(provider="County\x1b[2J\u202eHospital").where(Activity.id == first).execute()
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_amtrax(pilot)
        text = screen_text(app)
        assert f"Title          {HOSTILE}" in text
        assert "Provider       County\\x1b[2J\\u202eHospital" in text
        assert "Crash [/] me" in text  # in the list, cut to the column
        await pilot.press("m")
        await wait_for(pilot, lambda: not rows(app), "the list emptied")
        assert any(HOSTILE in str(n.message) for n in notices(app))
        assert app.is_running and type(app.screen).__name__ == "AmtraxScreen"


async def test_the_command_palette_and_help_name_the_screen(db_path, rules, member):
    record(rules, member)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, shows(pilot, "not yet in AMTrax"), "the overview's count")
        await pilot.press("question_mark")
        await wait_for(pilot, shows(pilot, "activities to enter in AMTrax"), "the key in help")
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        await type_text(pilot, "AMTrax")
        await wait_for(pilot, shows(pilot, "To enter in AMTrax"), "the command")
        await pilot.press("enter")
        await wait_for(pilot, screen_is(pilot, "AmtraxScreen"), "the AMTrax screen")


async def test_nothing_to_enter_shows_no_count(db_path, rules, member):
    activities.mark_entered(record(rules, member), TODAY, TODAY, "test")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, shows(pilot, "Registered Medical Assistant"), "the overview")
        assert "not yet in AMTrax" not in screen_text(app)
        await pilot.press("t")
        await wait_for(pilot, shows(pilot, "Nothing to enter in AMTrax"), "the empty list")
