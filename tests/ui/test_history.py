"""Activity history: browse, edit, delete and undo, page through many rows."""

import datetime as dt
from decimal import Decimal

from textual.widgets import DataTable, OptionList, Select

from amtrax_tui.ccp import Draft
from amtrax_tui.store import activities
from amtrax_tui.ui.app import build_app
from tests.ui.conftest import SIZE, TODAY, error_shown, make_app, notices, offered, record, screen_is, screen_text, shows, type_text, wait_for


def cell(table, row: int, column: str) -> str:
    """The text in `row` of the column with key `column` (which columns show depends on the width)."""
    return str(table.get_row_at(row)[table.get_column_index(column)])


async def open_history(pilot):
    await wait_for(pilot, shows(pilot, "Registered Medical Assistant"), "the overview")
    await pilot.press("h")
    await wait_for(pilot, lambda: pilot.app.screen.query(DataTable) and pilot.app.screen.query_one(DataTable).row_count,
                   "the history rows")


async def test_history_lists_the_cycle_and_marks_missing_evidence(db_path, rules, member):
    record(rules, member, title="With proof", start=dt.date(2026, 2, 1), evidence="CERT-9")
    record(rules, member, title="Without proof", start=dt.date(2026, 3, 1), evidence="")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot)
        text = screen_text(app)
        assert "2 activities in the RMA cycle · 1 without evidence" in text
        table = app.screen.query_one(DataTable)
        proof = {cell(table, i, "title"): cell(table, i, "proof") for i in range(table.row_count)}
        assert proof == {"With proof": "✓", "Without proof": "none"}


async def test_sort_and_filter(db_path, rules, member):
    record(rules, member, title="Alpha course", points="1", start=dt.date(2026, 1, 5))
    record(rules, member, title="Beta course", points="5", start=dt.date(2026, 2, 5))
    record(rules, member, title="Gamma seminar", points="3", start=dt.date(2026, 3, 5))
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot)
        table = app.screen.query_one(DataTable)

        def titles():
            return [cell(table, i, "title") for i in range(table.row_count)]

        assert titles() == ["Gamma seminar", "Beta course", "Alpha course"]  # newest first
        await pilot.press("s", "s")  # date ascending, then points descending
        await wait_for(pilot, lambda: titles() == ["Beta course", "Gamma seminar", "Alpha course"], "points order")
        await pilot.press("slash")
        await type_text(pilot, "course")
        await wait_for(pilot, lambda: titles() == ["Beta course", "Alpha course"], "the filtered rows")


async def test_edit_from_history_saves_changes(db_path, rules, member):
    activity_id = record(rules, member, title="Infection Control", points="2")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot)
        await pilot.press("enter")
        await wait_for(pilot, shows(pilot, "Edit activity"), "the edit form")
        form = app.screen
        assert form.query_one("#title").value == "Infection Control"
        assert form.focused.id == "points"
        await pilot.press("end", "backspace")
        await type_text(pilot, "2.5")
        form.query_one("#attestation").focus()
        await pilot.press("space", "ctrl+s")
        await wait_for(pilot, screen_is(pilot, "HistoryScreen"), "the history again")
        await wait_for(pilot, shows(pilot, "2.50"), "the edited points")
    assert activities.get_activity(activity_id).points == 2.5


async def test_edit_applies_the_same_validation(db_path, rules, member):
    activity_id = record(rules, member, title="Infection Control", points="2")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot)
        await pilot.press("e")
        await wait_for(pilot, shows(pilot, "Edit activity"), "the edit form")
        await pilot.press("end", "backspace")
        await type_text(pilot, "1000")
        await wait_for(pilot, error_shown(pilot, "points", "at most 999.99"), "the points message")
        app.screen.query_one("#attestation").focus()
        await pilot.press("space", "ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "ActivityFormScreen"
    assert activities.get_activity(activity_id).points == 2


async def test_delete_asks_then_undo_restores(db_path, rules, member):
    record(rules, member, title="Keep me", start=dt.date(2026, 1, 5))
    gone = record(rules, member, title="Delete me", start=dt.date(2026, 2, 5))
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot)
        await pilot.press("d")  # the newest row: "Delete me"
        await wait_for(pilot, screen_is(pilot, "ConfirmScreen"), "the delete question")
        assert "Delete me" in screen_text(app)
        await pilot.press("n")
        await wait_for(pilot, screen_is(pilot, "HistoryScreen"), "the history")
        assert len(activities.list_activities(member.id)) == 2

        await pilot.press("d", "y")
        await wait_for(pilot, shows(pilot, "1 activity in the RMA cycle"), "one row left")
        assert [a.title for a in activities.list_activities(member.id)] == ["Keep me"]
        assert any("Press u to undo" in str(n.message) for n in notices(app))

        await pilot.press("u")
        await wait_for(pilot, shows(pilot, "2 activities in the RMA cycle"), "the row back")
    assert activities.get_activity(gone).title == "Delete me"


async def test_many_activities_load_a_page_at_a_time(db_path, rules, member):
    start = dt.date(2025, 1, 10)
    for day in range(130):
        record(rules, member, title=f"Module {day:03d}", points="0.25", start=start + dt.timedelta(days=day))
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 100
        assert "100 of 130 activities" in screen_text(app)
        await pilot.press("ctrl+end")  # the cursor reaches the last loaded row: the next page loads
        await wait_for(pilot, lambda: table.row_count == 130, "the second page")
        assert "130 activities in the RMA cycle" in screen_text(app)


async def test_one_activity_is_said_in_the_singular(db_path, rules, member):
    record(rules, member, title="Only one")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot)
        assert "1 activity in the RMA cycle" in screen_text(app)
        assert "1 activities" not in screen_text(app)


async def test_escape_in_the_filter_clears_it_first_then_leaves(db_path, rules, member):
    record(rules, member, title="Alpha course", start=dt.date(2026, 1, 5))
    record(rules, member, title="Gamma seminar", start=dt.date(2026, 3, 5))
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot)
        table = app.screen.query_one(DataTable)
        await pilot.press("slash")
        await type_text(pilot, "course")
        await wait_for(pilot, lambda: table.row_count == 1, "the filtered rows")
        await pilot.press("escape")
        await wait_for(pilot, lambda: table.row_count == 2, "every row again")
        assert screen_is(pilot, "HistoryScreen")()
        assert app.screen.query_one("#history-filter").value == ""
        await pilot.press("escape")
        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview")


async def test_end_reaches_the_last_row_of_every_page_and_home_the_first(db_path, rules, member):
    start = dt.date(2025, 1, 10)
    for day in range(230):
        record(rules, member, title=f"Module {day:03d}", points="0.25", start=start + dt.timedelta(days=day))
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 100
        await pilot.press("end")
        await wait_for(pilot, lambda: table.cursor_row == 229, "the last row")
        assert table.row_count == 230
        assert "Module 000" in screen_text(app)  # the oldest, newest first
        await pilot.press("home")
        await pilot.pause()
        assert table.cursor_row == 0
        assert "Module 229" in screen_text(app)


async def test_the_detail_shows_everything_about_the_activity(db_path, rules, member, tmp_path):
    proof = tmp_path / "certificates" / "2026" / "american-medical-technologists-annual-meeting.pdf"
    proof.parent.mkdir(parents=True)
    proof.write_bytes(b"%PDF certificate")
    draft = Draft(category="professional-education", title="AMT Annual Meeting: laboratory safety workshop",
                  points=Decimal("6"), start=dt.date(2026, 5, 4), end=dt.date(2026, 5, 5),
                  provider="American Medical Technologists", notes="Two days; the second was hands-on.",
                  evidence=str(proof), attested=True)
    activities.record(rules, member.id, ["RMA", "RPT"], draft, TODAY, "staff:Ann")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot)
        text = "".join(screen_text(app).split())  # a long path wraps anywhere: read the text without spaces
        for expected in ("AMT Annual Meeting: laboratory safety workshop",
                         "2026-05-04 to 2026-05-05 · 6.00 points · Professional Education · counts for RMA, RPT",
                         "Provider: American Medical Technologists",
                         f"Evidence: {proof} (SHA-256 ", "Notes: Two days; the second was hands-on.",
                         "Entered by staff:Ann"):
            assert "".join(expected.split()) in text, expected


async def choose(pilot, label: str):
    """Pick `label` in the cycle selector, by keyboard, from the list."""
    select = pilot.app.screen.query_one("#history-credential", Select)
    select.focus()
    await pilot.press("enter")
    await wait_for(pilot, lambda: select.expanded, "the open selector")
    for _ in range(len(offered(select))):  # from wherever the highlight starts, wrap to the label
        if str(select.query_one(OptionList).highlighted_option.prompt) == label:
            break
        await pilot.press("down")
    await pilot.press("enter")
    await wait_for(pilot, lambda: not select.expanded, "the closed selector")


async def test_cycle_selector_shows_earlier_cycles_and_every_activity(db_path, rules, member):
    later = dt.date(2028, 3, 1)  # RMA's second cycle began on 2028-01-10
    record(rules, member, title="First cycle course", start=dt.date(2026, 3, 2))
    record(rules, member, title="Also first cycle", start=dt.date(2026, 5, 2), codes=("RMA", "RPT"))
    draft = Draft(category="professional-education", title="Second cycle course", points=Decimal("1"),
                  start=dt.date(2028, 2, 1), end=dt.date(2028, 2, 1), evidence="CERT-3", attested=True)
    activities.record(rules, member.id, ["RMA"], draft, later, "test")
    app = build_app(str(db_path), clock=lambda: later)
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot)
        table = app.screen.query_one(DataTable)

        def titles():
            return {cell(table, i, "title") for i in range(table.row_count)}

        assert offered(app.screen.query_one("#history-credential", Select)) == [
            "RMA cycle", "RMA 2025-2028", "RPT cycle", "All activities"]
        assert titles() == {"Second cycle course"}
        assert "1 activity in the RMA cycle" in screen_text(app)

        await choose(pilot, "RMA 2025-2028")
        await wait_for(pilot, lambda: titles() == {"First cycle course", "Also first cycle"}, "the first cycle")
        assert "2 activities in RMA 2025-01-10 to 2028-01-09" in screen_text(app)

        await choose(pilot, "All activities")
        await wait_for(pilot, lambda: len(titles()) == 3, "every activity")
        assert "3 activities in all" in screen_text(app)
        await pilot.press("slash")
        await type_text(pilot, "first")
        await wait_for(pilot, lambda: titles() == {"First cycle course", "Also first cycle"}, "the filtered rows")


async def test_titles_and_providers_are_wide_at_80_columns_and_the_sort_is_marked(db_path, rules, member):
    draft = Draft(category="professional-education", title="Bloodborne Pathogens Annual Refresher",
                  points=Decimal("1.5"), start=dt.date(2026, 5, 4), end=dt.date(2026, 5, 4),
                  provider="American Red Cross", evidence="CERT-7", attested=True)
    activities.record(rules, member.id, ["RMA"], draft, TODAY, "test")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot)
        lines = screen_text(app).splitlines()
        heading = next(line for line in lines if "Title" in line)
        assert "Date ▼" in heading and "Provider" in heading
        row = next(line for line in lines if line.startswith(" 2026-05-04"))
        assert "Bloodborne Pathogens Annua…" in row  # 27 cells of title, where 23 were
        assert "American Red Cross" in row
        await pilot.press("s")
        await wait_for(pilot, lambda: "Date ▲" in screen_text(app), "date ascending marked")
        await pilot.press("s")
        await wait_for(pilot, lambda: "Points ▼" in screen_text(app), "points descending marked")
        await pilot.press("s")
        await wait_for(pilot, lambda: "Title ▲" in screen_text(app), "title ascending marked")
        await pilot.press("s")  # Category does not show at 80 columns: its sort is skipped
        await wait_for(pilot, lambda: "Date ▼" in screen_text(app), "back to date descending")


async def test_a_wide_terminal_shows_category_and_credentials_too(db_path, rules, member):
    record(rules, member, title="HIPAA Privacy Essentials", codes=("RMA", "RPT"))
    app = make_app(db_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_history(pilot)
        table = app.screen.query_one(DataTable)
        assert cell(table, 0, "category") == "Professional"
        assert cell(table, 0, "credentials") == "RMA,RPT"
        await pilot.press("s", "s", "s", "s")
        await wait_for(pilot, lambda: "Category ▲" in screen_text(app), "category ascending marked")
