"""Recording another activity like one before: the same credentials, category, provider and
dates; its own title, points, evidence and notes, and the member's attestation afresh."""

import datetime as dt
from decimal import Decimal

from textual.widgets import DataTable, Select

from amtrax_tui.ccp import Draft
from amtrax_tui.store import activities
from amtrax_tui.store.drafts import save_draft
from tests.ui.conftest import SIZE, TODAY, make_app, notices, record, screen_is, screen_text, shows, type_text, wait_for
from tests.ui.test_fit import SMALL, notice_only, staff_overview
from tests.ui.test_history import open_history
from tests.ui.test_hostile_text import toasts
from tests.ui.test_kiosk import kiosk, palette_names, site  # noqa: F401 (site: fixture)
from tests.ui.test_record import fill, open_form

LIKE = {"credential": "RMA", "also": ("RPT",), "category": "formal-education", "provider": "Valley College",
        "start": "2026-05-04", "end": "2026-05-06"}
OWN = {"title": "", "points": "", "evidence": "", "evidence_file": "", "notes": "", "attestation": False}


async def record_in_form(pilot):
    """Record, through the form, an activity for RMA and RPT with every field the next one takes."""
    await open_form(pilot)
    form = pilot.app.screen
    await fill(pilot, title="Anatomy I", points="3", start="2026-05-04", end="2026-05-06")
    form.query_one("#provider").focus()
    await type_text(pilot, "Valley College")
    form.query_one("#notes").focus()
    await type_text(pilot, "week one")
    form.query_one("#evidence").focus()
    await type_text(pilot, "CERT-7")
    form.query_one(".also").focus()
    await pilot.press("space")
    form.query_one("#category", Select).value = "formal-education"
    await pilot.press("ctrl+s")
    await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview after saving")


async def form_like(pilot, key: str):
    await pilot.press(key)
    await wait_for(pilot, screen_is(pilot, "ActivityFormScreen"), "the form")
    await wait_for(pilot, lambda: pilot.app.screen.values()["category"], "the form's categories")
    return pilot.app.screen.values()


async def save_another(pilot, title="Anatomy II"):
    await fill(pilot, title=title, points="2", start="")  # the dates are there
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: not screen_is(pilot, "ActivityFormScreen")(), "the form to close")


def latest(member):
    return max(activities.list_activities(member.id), key=lambda a: a.id)


async def test_R_records_another_like_the_last_one_recorded(db_path, member):
    app = make_app(db_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, shows(pilot, "Registered Medical Assistant"), "the overview")
        assert "Record another like the last" not in await palette_names(app)
        await pilot.press("R")  # nothing recorded yet
        await pilot.pause()
        assert screen_is(pilot, "OverviewScreen")()
        await record_in_form(pilot)
        await wait_for(pilot, lambda: "Press R to record another like it." in toasts(app), "the toast naming the key")
        assert "Record another like the last" in await palette_names(app)
        values = await form_like(pilot, "R")
        assert {k: values[k] for k in LIKE} == LIKE
        assert {k: values[k] for k in OWN} == OWN
        assert app.screen.activity is None and not app.screen.dirty  # a new activity; Esc leaves without asking
        await save_another(pilot)
    first, second = sorted(activities.list_activities(member.id), key=lambda a: a.id)
    assert (second.title, second.points, second.evidence, second.notes) == ("Anatomy II", 2, "", "")
    assert (second.credentials, second.category, second.provider, second.start, second.end) == (
        ("RMA", "RPT"), "formal-education", "Valley College", dt.date(2026, 5, 4), dt.date(2026, 5, 6))
    assert first.title == "Anatomy I"


async def test_R_waits_while_the_terminal_is_too_small_and_works_back_at_size(db_path, member):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await record_in_form(pilot)
        await pilot.resize_terminal(*SMALL)
        await wait_for(pilot, lambda: notice_only(app), "the notice")
        await pilot.press("R")
        await pilot.pause()
        assert screen_is(pilot, "OverviewScreen")()  # nothing opens behind the notice
        await pilot.resize_terminal(*SIZE)
        await wait_for(pilot, lambda: "too small" not in screen_text(app), "the overview back")
        values = await form_like(pilot, "R")
        assert {k: values[k] for k in LIKE} == LIKE
        await save_another(pilot)
    assert len(activities.list_activities(member.id)) == 2


async def test_c_in_the_history_records_another_like_the_highlighted_row(db_path, rules, member):
    record(rules, member, title="Newest", start=dt.date(2026, 4, 1))
    draft = Draft(category="instructional-presentation", title="Chosen", points=Decimal(4), start=dt.date(2026, 2, 9),
                  end=dt.date(2026, 2, 10), provider="County EMS", notes="taught", evidence="CERT-2", attested=True)
    activities.record(rules, member.id, ["RMA", "RPT"], draft, TODAY, "test")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot)
        await pilot.press("down")  # the rows are newest first
        values = await form_like(pilot, "c")
        assert {k: values[k] for k in LIKE} == {
            "credential": "RMA", "also": ("RPT",), "category": "instructional-presentation",
            "provider": "County EMS", "start": "2026-02-09", "end": "2026-02-10"}
        assert {k: values[k] for k in OWN} == OWN
        await save_another(pilot, title="Chosen again")
        await wait_for(pilot, screen_is(pilot, "HistoryScreen"), "the history")
        assert any("Press R" in str(n.message) for n in notices(app))
    assert len(activities.list_activities(member.id)) == 3
    again = latest(member)
    assert (again.title, again.credentials, again.category, again.provider, again.start, again.end) == (
        "Chosen again", ("RMA", "RPT"), "instructional-presentation", "County EMS",
        dt.date(2026, 2, 9), dt.date(2026, 2, 10))
