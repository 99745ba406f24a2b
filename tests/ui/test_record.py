"""Recording an activity with the keyboard: progress updates, every rule is enforced."""

import datetime as dt
from decimal import Decimal

import pytest
from textual import events
from textual.widgets import Input, Select

from amtrax_tui.store import activities
from tests.ui.conftest import (
    SIZE, error_shown, make_app, notices, offered, record, screen_is, screen_text, shows, type_text, wait_for,
)


async def open_form(pilot):
    await wait_for(pilot, shows(pilot, "Registered Medical Assistant"), "the overview")
    await pilot.press("r")
    await wait_for(pilot, shows(pilot, "Record a CE activity"), "the record form")


async def fill(pilot, title="Phlebotomy Safety Webinar", points="3", start="2026-05-04", end=None, attest=True):
    """Title, points, start (and end) from the title field, in tab order; then the attestation."""
    form = pilot.app.screen
    await type_text(pilot, title)
    form.query_one("#points").focus()
    await type_text(pilot, points)
    form.query_one("#start").focus()
    await type_text(pilot, start)
    if end is not None:
        form.query_one("#end").focus()
        await pilot.press("end", *["backspace"] * 10)
        await type_text(pilot, end)
    if attest:
        form.query_one("#attestation").focus()
        await pilot.press("space")
    await pilot.pause()


async def test_recording_updates_overview_and_progress(db_path, rules, member):
    record(rules, member, points="4")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, shows(pilot, "4.00 of 30 points"), "the progress panel")
        await open_form(pilot)
        await fill(pilot)
        assert not app.screen.query_one("#save").disabled
        await pilot.press("ctrl+s")
        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview after saving")
        await wait_for(pilot, shows(pilot, "7.00 of 30 points"), "the new total in the progress panel")
        text = screen_text(app)
        assert "23.00" in text  # remaining, in the credential's row
        assert any("Recorded" in str(n.message) for n in notices(app))

    (saved, _) = sorted(activities.list_activities(member.id), key=lambda a: a.id, reverse=True)
    assert (saved.title, saved.points, saved.start, saved.end) == (
        "Phlebotomy Safety Webinar", 3, dt.date(2026, 5, 4), dt.date(2026, 5, 4))  # the end followed the start
    assert saved.credentials == ("RMA",)


async def test_after_saving_the_overview_is_drawn_with_the_new_total_from_its_first_frame(db_path, rules, member):
    """The form hands the new totals over as it goes: the overview is never drawn with the old total first."""
    from benchmarks.terminal import earned_points, recording_terminal

    record(rules, member, points="4")
    app = make_app(db_path)
    drawn = []  # the earned points of each frame written that shows the progress line
    app.driver_class = recording_terminal(lambda _at, frame: drawn.append(earned_points(frame)))
    async with app.run_test(size=SIZE, headless=False) as pilot:
        await wait_for(pilot, shows(pilot, "4.00 of 30 points"), "the progress panel")
        await open_form(pilot)
        await fill(pilot)
        drawn.clear()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: Decimal("7.00") in drawn, "a frame with the new total")
    assert [points for points in drawn if points is not None][0] == Decimal("7.00")


async def test_also_count_toward_a_second_credential(db_path, rules, member):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot)
        await fill(pilot, start="05/04/2026")  # US format too
        app.screen.query_one(".also").focus()
        await pilot.press("space")
        await pilot.press("ctrl+s")
        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview after saving")
    (saved,) = activities.list_activities(member.id)
    assert saved.credentials == ("RMA", "RPT")


async def convert_ceus(pilot, amount: str):
    """Open the form, unfold the Convert helper and type `amount` CEUs into it; the form."""
    await open_form(pilot)
    await pilot.press("ctrl+g")  # unfold the helper
    form = pilot.app.screen
    form.query_one("#unit", Select).value = "CEUs"
    form.query_one("#amount").focus()
    await type_text(pilot, amount)
    await pilot.pause()
    return form


async def test_points_helper_converts_ceus(db_path, rules, member):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        form = await convert_ceus(pilot, "0.25")
        assert form.query_one("#points").value == "2.5"
        assert "= 2.5" in screen_text(app)
        await pilot.press(*["backspace"] * 4)
        await type_text(pilot, "3")
        await pilot.pause()
        assert form.query_one("#points").value == "30"  # never 3E+1
        assert "= 30" in screen_text(app) and "CEUs (x10)" in screen_text(app)
        await pilot.press("backspace")
        await type_text(pilot, "３")  # a full-width 3: not an ASCII number, so no conversion
        await pilot.pause()
        assert form.query_one("#points").value == "30"
        assert str(form.query_one("#units-note").content) == "not a number"


INVALID = [
    # (field to spoil, what to type, the message shown next to it)
    ("points", "0", "must be more than 0"),
    ("points", "1.234", "at most 2 decimal places"),
    ("points", "lots", "'lots' is not a number"),
    ("start", "13/45/2026", "'13/45/2026' is not a real calendar date"),
    ("start", "2026-5-4", "is not a date; use YYYY-MM-DD or MM/DD/YYYY"),
    ("start", "２０２６-０５-０４", "is not a date; use YYYY-MM-DD or MM/DD/YYYY"),  # full-width digits
    ("start", "9999-12-31", "is out of range; use a year from 1900 to 9000"),
    ("points", "١٫٥", "is not a number"),  # Arabic-Indic digits
    ("start", "2024-12-01", "must fall inside the current RMA cycle 2025-01-10 to 2028-01-09"),
    ("end", "2026-07-01", "must not be after today (2026-06-15)"),
    ("end", "2026-05-01", "must not be before the start date"),
    ("title", "   ", "is required"),
]


@pytest.mark.parametrize(("field", "typed", "message"), INVALID, ids=[f"{f}={t!r}" for f, t, _ in INVALID])
async def test_each_invalid_field_shows_its_message_and_nothing_is_saved(db_path, rules, member, field, typed, message):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot)
        values = {"title": "Phlebotomy Safety Webinar", "points": "3", "start": "2026-05-04"}
        if field in values:
            values[field] = typed
        await fill(pilot, **values, end=typed if field == "end" else None)
        await wait_for(pilot, error_shown(pilot, field, message), f"the message {message!r}")
        assert app.screen.query_one("#save").disabled
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "ActivityFormScreen"
    assert activities.list_activities(member.id) == []


async def test_without_attestation_save_stays_unavailable(db_path, rules, member):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot)
        await fill(pilot, attest=False)
        assert app.screen.query_one("#save").disabled
        await pilot.press("ctrl+s")
        await wait_for(pilot, error_shown(pilot, "attestation", "must be given: confirm that the information"),
                       "the attestation message")
    assert activities.list_activities(member.id) == []


async def test_employment_is_not_offered_for_a_cycle_after_2020_and_the_form_says_why(db_path, rules, member):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot)
        labels = offered(app.screen.query_one("#category", Select))
        assert "Employment Verification" not in labels and "Professional Education" in labels
        assert "Employment Verification is not offered" in str(app.screen.query_one("#guidance").render())


async def test_duplicate_asks_and_records_only_when_confirmed(db_path, rules, member):
    record(rules, member, title="Phlebotomy Safety Webinar", start=dt.date(2026, 5, 4))
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot)
        await fill(pilot, title="phlebotomy  safety webinar")  # same after case-folding and spaces
        await pilot.press("ctrl+s")
        await wait_for(pilot, screen_is(pilot, "ConfirmScreen"), "the duplicate question")
        assert "Possible duplicate" in screen_text(app)
        await pilot.press("n")
        await wait_for(pilot, screen_is(pilot, "ActivityFormScreen"), "the form again")
        assert len(activities.list_activities(member.id)) == 1

        await pilot.press("ctrl+s")
        await wait_for(pilot, screen_is(pilot, "ConfirmScreen"), "the duplicate question again")
        await pilot.press("y")
        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview after confirming")
    assert len(activities.list_activities(member.id)) == 2


async def test_escape_on_a_filled_form_asks_before_discarding(db_path, rules, member):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot)
        await type_text(pilot, "Half typed")
        await pilot.press("escape")
        await wait_for(pilot, screen_is(pilot, "ConfirmScreen"), "the discard question")
        await pilot.press("n")
        await wait_for(pilot, screen_is(pilot, "ActivityFormScreen"), "the form kept")
        assert app.screen.query_one("#title").value == "Half typed"
        await pilot.press("escape", "y")
        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview")
    assert activities.list_activities(member.id) == []


async def test_ctrl_q_with_unsaved_input_asks_first(db_path, rules, member):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot)
        await type_text(pilot, "Half typed")
        await pilot.press("ctrl+q")
        await wait_for(pilot, screen_is(pilot, "ConfirmScreen"), "the quit question")
        await pilot.press("n")
        await wait_for(pilot, screen_is(pilot, "ActivityFormScreen"), "the form kept")
        assert app.is_running
        await pilot.press("ctrl+q", "y")
        await wait_for(pilot, lambda: not app.is_running, "the app to exit")


async def test_keys_typed_in_one_burst_land_in_the_fields_tab_moves_to(db_path, rules, member):
    """A paste or a fast typist over SSH: the keys arrive before the app handles the first."""
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot)
        for key in [*"Sharps Safety", "tab", *"ACME CE", "tab", *"2.5"]:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        form = app.screen
        await wait_for(pilot, lambda: form.query_one("#points", Input).value == "2.5", "the points")
        assert form.query_one("#title", Input).value == "Sharps Safety"
        assert form.query_one("#provider", Input).value == "ACME CE"


async def test_also_count_credential_and_category_changes_keep_points_and_unit(db_path, rules, member):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        form = await convert_ceus(pilot, "0.15")
        assert form.query_one("#points").value == "1.5"
        form.query_one(".also").focus()
        await pilot.press("space")
        await pilot.pause()
        assert (form.query_one("#points").value, form.query_one("#unit", Select).value) == ("1.5", "CEUs")
        assert "= 1.5" in screen_text(app)
        form.query_one("#credential", Select).value = "RPT"
        form.query_one("#category", Select).value = "formal-education"
        await pilot.pause()
        assert form.query_one("#points").value == "1.5"


async def test_typing_over_converted_points_clears_the_stale_note(db_path, rules, member):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot)
        await pilot.press("ctrl+g")
        form = app.screen
        await type_text(pilot, "2")
        await pilot.pause()
        assert str(form.query_one("#units-note").content) == "= 2"
        form.query_one("#points").focus()
        await type_text(pilot, "3")
        await pilot.pause()
        assert str(form.query_one("#units-note").content) == ""


async def test_an_emptied_field_says_required(db_path, rules, member):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot)
        app.screen.query_one("#points").focus()
        await pilot.press("1", "backspace")
        await wait_for(pilot, error_shown(pilot, "points", "is required"), "points: is required")
        assert "not a number" not in screen_text(app)


async def test_a_start_after_the_end_is_flagged_as_it_is_typed(db_path, rules, member):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot)
        await fill(pilot, start="2026-05-04", end="2026-05-01", attest=False)
        await wait_for(pilot, error_shown(pilot, "end", "must not be before the start date"), "the order message")
        form = app.screen
        form.query_one("#end").focus()
        await pilot.press("end", *["backspace"] * 10)
        await type_text(pilot, "2026-05-06")
        form.query_one("#start").focus()
        await pilot.press("end", "backspace")
        await type_text(pilot, "9")  # 2026-05-09: after the end, typed in the start field
        await wait_for(pilot, error_shown(pilot, "end", "must not be before the start date"), "the message again")


async def test_one_activity_is_not_enough_to_project(db_path, rules, member):
    record(rules, member, points="1")
    app = make_app(db_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_for(pilot, shows(pilot, "not enough yet to project"), "the projection")
        assert "late!" not in screen_text(app)


TITLE, PROVIDER, POINTS, START, CERTIFICATE = "Bloodborne Pathogens", "OSHA Academy", "2", "2026-05-04", "C-123"
# Every key from the form opening to the activity saved, in the form as it was: Tab past the
# Convert row's amount and unit, the end date (today) typed again, Tab past Notes.
KEYS_BEFORE = [*TITLE, "tab", *PROVIDER, "tab", *POINTS, "tab", "tab", "tab", *START, "tab", *START, "tab", "tab",
               *CERTIFICATE, "tab", "space", "ctrl+s"]


async def test_a_typical_one_day_activity_takes_a_fifth_fewer_keys(db_path, rules, member):
    keys = [*TITLE, "tab", *PROVIDER, "tab", *POINTS, "tab", *START, "tab", *CERTIFICATE, "tab", "space", "ctrl+s"]
    assert len(KEYS_BEFORE) == 69
    assert len(keys) <= len(KEYS_BEFORE) * 4 / 5
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot)
        await pilot.press(*keys)
        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview after saving")
    (saved,) = activities.list_activities(member.id)
    assert (saved.title, saved.provider, saved.points, saved.evidence) == (TITLE, PROVIDER, 2, CERTIFICATE)
    assert saved.start == saved.end == dt.date(2026, 5, 4)


async def test_the_end_date_follows_the_start_until_edited(db_path, rules, member):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot)
        form = app.screen
        form.query_one("#start").focus()
        await type_text(pilot, "2026-05-04")
        await pilot.pause()
        assert form.query_one("#end").value == "2026-05-04"
        form.query_one("#end").focus()
        await pilot.press("end", "backspace")
        await type_text(pilot, "6")
        form.query_one("#start").focus()
        await pilot.press("end", "backspace")
        await type_text(pilot, "5")
        await pilot.pause()
        assert (form.query_one("#start").value, form.query_one("#end").value) == ("2026-05-05", "2026-05-06")


async def test_the_convert_row_stays_folded_until_asked_for(db_path, rules, member):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot)
        form = app.screen
        assert "Convert" not in screen_text(app).split("Start date")[0]
        form.query_one("#points").focus()
        await pilot.press("tab")
        assert app.focused is form.query_one("#start")  # no Tab spent on the folded row
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert app.focused is form.query_one("#amount") and "Convert" in screen_text(app)


@pytest.mark.parametrize(("typed", "amount", "unit", "points"), [
    ("3h", "3", "contact hours", "3"), ("0.3ceu", "0.3", "CEUs", "3"), ("1.5 CEUs", "1.5", "CEUs", "15"),
])
async def test_points_typed_with_a_unit_unfold_the_helper_and_convert(db_path, rules, member, typed, amount, unit,
                                                                     points):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot)
        form = app.screen
        await fill(pilot, points=typed)
        assert form.query_one("#points").value == typed  # what was typed stays as typed
        assert (form.query_one("#amount").value, form.query_one("#unit", Select).value) == (amount, unit)
        assert f"= {points}" in screen_text(app)
        await pilot.press("ctrl+s")
        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview after saving")
    (saved,) = activities.list_activities(member.id)
    assert saved.points == int(points)


@pytest.mark.parametrize("opened_at", [SIZE, (60, 20)], ids=["80x24", "60x20-then-80x24"])
async def test_r_and_the_title_typed_in_one_burst_all_land_in_the_title(db_path, member, opened_at):
    """Type-ahead over SSH: "r" and the title in one read, each key handed on as the terminal driver does."""
    app = make_app(db_path)
    async with app.run_test(size=opened_at) as pilot:
        await wait_for(pilot, lambda: app.snapshot is not None, "the member's records")
        await pilot.resize_terminal(*SIZE)  # keys wait for a terminal big enough to show what they do
        await wait_for(pilot, shows(pilot, "Registered Medical Assistant"), "the overview")
        await type_text(pilot, "rFlu shots")  # "h" would open the history, "e" the export
        assert [type(screen).__name__ for screen in app.screen_stack][1:] == ["OverviewScreen", "ActivityFormScreen"]
        assert app.screen.query_one("#title", Input).value == "Flu shots"
