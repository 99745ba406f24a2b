"""Hostile text on every screen at 80x24: titles, providers, evidence, notes, member
and staff names, typed as an attacker would or written raw into the database by
another tool. No screen crashes, each shows the text as typed (control characters
as inert escapes), nothing on screen carries a raw control character, and no
stored text is ever read as markup."""

from __future__ import annotations

import datetime as dt
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
import rich.console
import rich.markup
import textual.markup
from hypothesis import HealthCheck, example, given, settings
from textual import events
from textual.widgets import DataTable, Input, OptionList, Static, TextArea

from amtrax_tui.ccp import Draft, has_unsafe, visible
from amtrax_tui.config import Config
from amtrax_tui.store import activities, auth, members
from amtrax_tui.store.db import open_database
from amtrax_tui.store.drafts import save_draft
from amtrax_tui.store.evidence import is_file_reference
from amtrax_tui.store.models import Activity, Member
from tests.hostile import LONG, NAMED, typeable_text
from tests.ui.conftest import SIZE, TODAY, make_app, screen_is, screen_text, shows, type_text, wait_for

RMA = "Registered Medical Assistant"
PREFIX = 12  # what of a value is looked for on screen: enough to know it, short enough not to wrap


@pytest.fixture
def parsed_markup(monkeypatch) -> list[str]:
    """Every string Textual or Rich reads as markup while the test runs."""
    seen: list[str] = []

    def spy(original):
        def reading(markup, *args, **kwargs):
            seen.append(str(markup))
            return original(markup, *args, **kwargs)
        return reading

    monkeypatch.setattr(textual.markup, "to_content", spy(textual.markup.to_content))
    monkeypatch.setattr(rich.markup, "render", spy(rich.markup.render))
    monkeypatch.setattr(rich.console, "render_markup", spy(rich.console.render_markup))
    return seen


def never_read_as_markup(parsed: list[str], *values: str) -> None:
    for value in values:
        if "[" in value and len(value) >= 3:  # a bracket or two may well be in the app's own markup
            assert not [markup for markup in parsed if value in markup], f"{value!r} was read as markup"


def assert_clean(app) -> None:
    """No control, separator or bidi character reaches the screen raw."""
    assert app.is_running
    text = screen_text(app)
    assert not has_unsafe(text, allow="\n"), f"raw control character on screen: {text!r}"
    assert not has_unsafe(app.export_screenshot(), allow="\n"), "raw control character in the screenshot"


def shows_value(app, value: str) -> bool:
    """The screen shows `value` as typed: its first characters, escaped where they are controls."""
    return visible(value)[:PREFIX] in screen_text(app)


def add_member(rules, name: str, amt_id: str) -> members.MemberInfo:
    """A member holding RMA (cycle from 2025-01-10), added through the store; a name
    input would refuse is then written raw, as another tool might."""
    found = members.add_member(name if not has_unsafe(name) and len(name) <= 200 else "Placeholder", amt_id, "test")
    if found.name != " ".join(name.split()):
        Member.update(name=name).where(Member.id == found.id).execute()
        found = members.MemberInfo(found.id, name, amt_id)
    members.add_credential(rules, found.id, "RMA", dt.date(2019, 1, 10), dt.date(2025, 1, 10), TODAY, "test")
    return found


def add_activity(rules, member, title: str, provider: str = "", evidence: str = "CERT-1", notes: str = "",
                 start: dt.date = dt.date(2026, 3, 2)) -> int:
    """Recorded through the store; what input would refuse is then written raw, as another tool might."""
    given = {"title": title, "provider": provider, "evidence": evidence, "notes": notes}
    refused = {name for name, value in given.items() if has_unsafe(value, allow="\n\t" if name == "notes" else "")
               or len(value) > 200 or name == "evidence" and is_file_reference(value)}
    safe = {name: "placeholder" if name in refused else value for name, value in given.items()}
    draft = Draft(category="professional-education", points=Decimal(2), start=start, end=start, attested=True,
                  **safe)
    activity_id = activities.record(rules, member.id, ["RMA"], draft, TODAY, "test")
    if refused:
        Activity.update({getattr(Activity, name): given[name] for name in refused}).where(
            Activity.id == activity_id).execute()
    return activity_id


def begins(value: str, cell: str) -> bool:
    """A table cell shows `value` as typed, cut to the column's width with an ellipsis
    (and a space where a wide character did not fit)."""
    return visible(value).startswith(cell.removesuffix("…").rstrip())


def history_row_title(app, row: int) -> str:
    table = app.screen.query_one(DataTable)
    return str(table.get_row_at(row)[table.get_column_index("title")])


def toasts(app) -> str:
    """The text of every notification on screen."""
    return "\n".join(str(toast.render()) for toast in app.screen.query("Toast"))


def detail(app) -> str:
    return str(app.screen.query_one("#history-detail", Static).content)


# -- a member at their own terminal: one hypothesis example per tour ------------


async def tour_as_member(app, title: str, provider: str, name: str, parsed: list[str]) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, shows(pilot, RMA), "the overview")
        assert shows_value(app, name), "the member's name on the overview"
        assert visible(name) in str(app.screen.query_one("#member-line", Static).content)
        assert_clean(app)

        await pilot.press("h")
        await wait_for(pilot, lambda: app.screen.query(DataTable) and app.screen.query_one(DataTable).row_count,
                       "the history rows")
        assert begins(title, history_row_title(app, 0)), "the title in the table"
        assert visible(title) in detail(app) and visible(provider) in detail(app)
        assert_clean(app)

        await pilot.press("d")
        await wait_for(pilot, screen_is(pilot, "ConfirmScreen"), "the delete question")
        assert visible(title) in str(app.screen.query_one("#dialog-message", Static).content)
        assert_clean(app)
        await pilot.press("y")
        await wait_for(pilot, lambda: "Press u to undo" in toasts(app), "the deleted toast")
        assert f"Deleted “{visible(title)}”" in toasts(app)
        assert_clean(app)
        await pilot.press("u")
        await wait_for(pilot, lambda: f"Restored “{visible(title)}”" in toasts(app), "the restored toast")
        await wait_for(pilot, lambda: app.screen.query_one(DataTable).row_count == 1, "the row back")
        assert_clean(app)

        await pilot.press("e")
        await wait_for(pilot, screen_is(pilot, "ActivityFormScreen"), "the edit form")
        assert app.screen.query_one("#title", Input).value == visible(title)
        assert app.screen.query_one("#provider", Input).value == visible(provider)
        assert_clean(app)
        await pilot.press("escape", "escape")
        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview again")

        await pilot.press("e")
        await wait_for(pilot, lambda: screen_is(pilot, "ExportScreen")() and app.screen.found, "the export preview")
        assert not has_unsafe(app.screen.query_one(TextArea).text, allow="\n")
        assert_clean(app)
        await pilot.press("escape")

        await pilot.press("m")
        await wait_for(pilot, screen_is(pilot, "MembersScreen"), "the members list")
        await wait_for(pilot, lambda: app.screen.query_one(OptionList).option_count, "the members")
        assert str(app.screen.query_one(OptionList).get_option_at_index(0).prompt).startswith(visible(name))
        assert_clean(app)
    never_read_as_markup(parsed, title, provider, name)


@pytest.mark.long
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=typeable_text(), provider=typeable_text(), name=typeable_text())
@example(title=NAMED["closing-tag"], provider=NAMED["quit-link"], name=NAMED["bold-tag"])
@example(title=NAMED["screenshot-link"], provider=NAMED["template-variable"], name=NAMED["unclosed-style"])
@example(title=NAMED["combining-marks"], provider=NAMED["right-to-left"], name=NAMED["wide-and-emoji"])
async def test_typed_hostile_text_shows_as_typed_on_every_screen(rules, parsed_markup, title, provider, name):
    parsed_markup.clear()
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "amtrax.db"
        open_database(str(db_path))
        member = add_member(rules, name, "A-1")
        add_activity(rules, member, title, provider, evidence=provider)
        await tour_as_member(make_app(db_path), title, provider, member.name, parsed_markup)


# -- text another tool wrote raw: every named case at once ---------------------


def raw_site(rules):
    """A member whose name and AMT ID hold escape sequences, with one activity per named
    case (and one of 100 KB), each case in its title, provider, evidence and notes."""
    member = add_member(rules, NAMED["osc52-clipboard"], "A-1")
    Member.update(amt_id="A-1\x1b[2J").where(Member.id == member.id).execute()
    member = members.MemberInfo(member.id, member.name, "A-1\x1b[2J")
    add_member(rules, NAMED["bidi-override"], "B-2")
    values = {"long": LONG, **NAMED}  # the oldest first: the history lists it last
    ids = {name: add_activity(rules, member, value, provider=value, evidence=value, notes=value,
                              start=dt.date(2026, 1, 1) + dt.timedelta(days=day))
           for day, (name, value) in enumerate(values.items())}
    return member, ids


async def test_text_written_raw_by_another_tool_shows_escaped_on_every_screen(db_path, rules, parsed_markup):
    member, ids = raw_site(rules)
    app = make_app(db_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: screen_is(pilot, "MembersScreen")() and app.screen.found, "the members")
        options = app.screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert prompts == [f"{visible(m.name)}  ·  AMT ID {visible(m.amt_id)}" for m in app.screen.found]
        assert_clean(app)
        await pilot.press("enter")  # the first: the member with the escape sequences
        await wait_for(pilot, shows(pilot, RMA), "the overview")
        line = str(app.screen.query_one("#member-line", Static).content)
        assert visible(member.name) in line and visible(member.amt_id) in line
        assert_clean(app)

        await pilot.press("h")
        await wait_for(pilot, lambda: app.screen.query(DataTable) and app.screen.query_one(DataTable).row_count
                       == len(ids), "every activity in the history")
        table = app.screen.query_one(DataTable)
        for row, activity in enumerate(app.screen.rows):
            await wait_for(pilot, lambda row=row: table.cursor_row == row, f"row {row}")
            assert begins(activity.title, history_row_title(app, row))
            for value in (activity.title, activity.provider, activity.evidence):
                assert visible(value) in detail(app)
            assert_clean(app)
            await pilot.press("down")

        long = app.screen.current()
        assert long.id == ids["long"]
        await pilot.press("d")
        await wait_for(pilot, screen_is(pilot, "ConfirmScreen"), "the delete question")
        assert visible(LONG) in str(app.screen.query_one("#dialog-message", Static).content)
        assert_clean(app)
        await pilot.press("y")
        await wait_for(pilot, lambda: "Press u to undo" in toasts(app), "the deleted toast")
        assert f"Deleted “{visible(LONG)}”" in toasts(app)
        assert_clean(app)
        await pilot.press("u")
        await wait_for(pilot, lambda: f"Restored “{visible(LONG)}”" in toasts(app), "the restored toast")
        assert_clean(app)

        await pilot.press("escape")
        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview")
        await pilot.press("e")
        await wait_for(pilot, lambda: screen_is(pilot, "ExportScreen")() and app.screen.found, "the export preview")
        assert not has_unsafe(app.screen.query_one(TextArea).text, allow="\n")
        assert not has_unsafe(app.screen.query_one("#export-path", Input).value)
        assert_clean(app)
        await pilot.press("escape")

    never_read_as_markup(parsed_markup, *NAMED.values(), LONG)


async def test_a_kept_draft_and_an_edit_of_raw_text_show_it_escaped(db_path, rules, parsed_markup):
    member, ids = raw_site(rules)
    Member.delete().where(Member.amt_id == "B-2").execute()  # one member: the app opens on the overview
    draft = {"title": NAMED["clear-screen"], "provider": NAMED["bidi-override"], "notes": NAMED["newline"],
             "evidence": NAMED["c1-csi"]}
    save_draft(member.id, draft)
    save_draft(member.id, draft, f"edit-{ids['osc52-clipboard']}")
    app = make_app(db_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, shows(pilot, RMA), "the overview")
        await pilot.press("r")
        await wait_for(pilot, shows(pilot, "Ctrl+R restores"), "the offer of the kept draft")
        await pilot.press("ctrl+r")
        form = app.screen
        for name, value in draft.items():
            assert form.query_one(f"#{name}", Input).value == visible(value)
        assert_clean(app)
        await pilot.press("ctrl+s")  # left as stored, the title keeps its control characters: refused
        await wait_for(pilot, lambda: "single line of printable text" in str(form.query_one("#title-error").content),
                       "the title's rule")
        assert_clean(app)
        await pilot.press("escape", "y")  # discard
        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview")

        await pilot.press("h")
        await wait_for(pilot, lambda: app.screen.query(DataTable) and app.screen.query_one(DataTable).row_count,
                       "the history")
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=[a.id for a in app.screen.rows].index(ids["osc52-clipboard"]))
        await pilot.press("e")
        await wait_for(pilot, shows(pilot, "Ctrl+R restores"), "the offer of the kept edit")
        assert f"your edit of “{visible(NAMED['osc52-clipboard'])}”" in str(
            app.screen.query_one("#draft-offer", Static).content)
        assert_clean(app)
        await pilot.press("ctrl+t")
        assert app.screen.query_one("#title", Input).value == visible(NAMED["osc52-clipboard"])
        assert_clean(app)
    never_read_as_markup(parsed_markup, *NAMED.values())


# -- a kiosk: sign-in, and staff's screens of every member ----------------------

STAFF = "Jo [b]Park[/b] [@click=app.quit]"  # a staff name as typed: input takes it


def kiosk(db_path, **settings):
    return make_app(db_path, config=Config(kiosk=True, **settings))


async def test_at_a_kiosk_sign_in_and_staff_screens_show_hostile_names_as_typed(db_path, rules, tmp_path,
                                                                                parsed_markup):
    auth.add_staff(STAFF, "9753", "test")
    names = {"A-1": NAMED["osc52-clipboard"], "A-2": NAMED["closing-tag"], "A-3": LONG}
    for amt_id, name in names.items():
        add_member(rules, name, amt_id)
    Member.update(amt_id="A-3\x9b2J").where(Member.amt_id == "A-3").execute()
    folder = tmp_path / "exports"
    folder.mkdir()
    app = kiosk(db_path, export_dir=folder)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, screen_is(pilot, "SignInScreen"), "the sign-in screen")
        login = app.screen.query_one("#login", Input)
        login.focus()
        await type_text(pilot, NAMED["screenshot-link"])
        await pilot.press("enter")
        await type_text(pilot, "1234")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "not right" in str(app.screen.query_one("#sign-in-message").content),
                       "the refusal")
        assert login.value == NAMED["screenshot-link"] and shows_value(app, NAMED["screenshot-link"])
        assert_clean(app)
        login.clear()
        login.focus()
        app.post_message(events.Paste(NAMED["osc52-clipboard"] + "\nsecond line"))  # pasted, not typed
        await wait_for(pilot, lambda: login.value, "the pasted text")
        assert login.value == visible(NAMED["osc52-clipboard"])
        assert_clean(app)
        login.clear()

        await type_text(pilot, STAFF)
        await pilot.press("enter")
        await type_text(pilot, "9753")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_is(pilot, "RosterScreen")() and len(app.screen.rows) == 3, "the roster")
        assert f"staff {STAFF}" in screen_text(app)  # the header
        table = app.screen.query_one(DataTable)
        for row, shown in enumerate(app.screen.rows):
            name, amt_id = str(table.get_row_at(row)[0]), str(table.get_row_at(row)[1])
            assert begins(shown.name, name) and amt_id == visible(shown.amt_id)
        assert_clean(app)

        for row, shown in enumerate(app.screen.rows):
            table.move_cursor(row=row)
            await pilot.press("p")
            await wait_for(pilot, screen_is(pilot, "PinScreen"), "the PIN dialog")
            assert visible(shown.name) in str(app.screen.query_one("#dialog-title").content)
            assert_clean(app)
            await pilot.press("escape")
            await wait_for(pilot, screen_is(pilot, "RosterScreen"), "the roster")
            await pilot.press("x")
            await wait_for(pilot, screen_is(pilot, "ConfirmScreen"), "the export question")
            message = str(app.screen.query_one("#dialog-message").content)
            assert f"{visible(shown.name)} (AMT ID {visible(shown.amt_id)})" in message
            assert_clean(app)
            await pilot.press("n")
            await wait_for(pilot, screen_is(pilot, "RosterScreen"), "the roster")

        osc = next(row for row, shown in enumerate(app.screen.rows) if shown.amt_id == "A-1")
        table.move_cursor(row=osc)
        await pilot.press("enter")
        await wait_for(pilot, shows(pilot, RMA), "the member's overview")
        assert visible(names["A-1"]) in str(app.screen.query_one("#member-line").content)
        header = app.format_title(app.title, app.sub_title).plain
        assert f"{visible(names['A-1'])} · AMT ID A-1 · staff {STAFF}" in header
        assert_clean(app)
        await pilot.press("r")
        await wait_for(pilot, screen_is(pilot, "ActivityFormScreen"), "the form")
        assert str(app.screen.query_one("#form-title").content) == f"Record a CE activity for {visible(names['A-1'])}"
        assert_clean(app)
    never_read_as_markup(parsed_markup, STAFF, NAMED["screenshot-link"], *names.values())
