"""Recording another activity like one before: the same credentials, category, provider and
dates; its own title, points, evidence and notes, and the member's attestation afresh."""

import datetime as dt
from decimal import Decimal

import pytest
from textual.widgets import DataTable, Select

from amtrax_tui.ccp import Draft
from amtrax_tui.store import activities
from amtrax_tui.store.drafts import save_draft
from tests.ui.conftest import SIZE, TODAY, make_app, notices, record, screen_is, screen_text, shows, type_text, wait_for
from tests.ui.test_fit import SMALL, notice_only
from tests.ui.test_history import open_history
from tests.ui.test_hostile_text import toasts
from tests.ui.test_kiosk import kiosk, palette_names, sign_in, signed_in_as_dana, site  # noqa: F401 (site: fixture)
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


async def form_like(pilot, key: str = ""):
    """The values of the form `key` opens (none: the form is opening)."""
    if key:
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


async def test_c_waits_while_the_terminal_is_too_small_and_works_back_at_size(db_path, rules, member):
    record(rules, member, title="Infection Control Update", start=dt.date(2026, 3, 2), codes=("RMA", "RPT"))
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot)
        await pilot.resize_terminal(*SMALL)
        await wait_for(pilot, lambda: notice_only(app), "the notice")
        await pilot.press("c")
        await pilot.pause()
        assert screen_is(pilot, "HistoryScreen")()
        await pilot.resize_terminal(*SIZE)
        await wait_for(pilot, lambda: "too small" not in screen_text(app), "the history back")
        values = await form_like(pilot, "c")
        assert (values["credential"], values["also"], values["start"], values["title"]) == (
            "RMA", ("RPT",), "2026-03-02", "")
        await save_another(pilot, title="Infection Control, part 2")
    assert len(activities.list_activities(member.id)) == 2


async def test_a_kept_draft_is_offered_first_and_discarding_it_starts_like_the_last(db_path, member):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await record_in_form(pilot)
        save_draft(member.id, {"credential": "RPT", "also": [], "category": "authorship", "title": "Half-typed",
                               "points": "1", "start": "2026-01-02", "end": "2026-01-02", "provider": "",
                               "notes": "", "evidence": ""})
        await pilot.press("R")
        await wait_for(pilot, shows(pilot, "Ctrl+R restores"), "the offer")
        await pilot.press("ctrl+t")  # discard
        values = await form_like(pilot)
        assert {k: values[k] for k in LIKE} == LIKE and values["title"] == ""
        await pilot.press("escape")  # nothing typed: no question
        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview")
        save_draft(member.id, {"title": "Half-typed", "start": "2026-01-02", "end": "2026-01-02"})
        await pilot.press("R")
        await wait_for(pilot, shows(pilot, "Ctrl+R restores"), "the offer")
        await pilot.press("ctrl+r")  # what was typed wins over the template
        values = await form_like(pilot)
        assert (values["title"], values["start"], values["credential"], values["category"]) == (
            "Half-typed", "2026-01-02", "RMA", "formal-education")


async def staff_opens(pilot, name: str):
    await wait_for(pilot, lambda: screen_is(pilot, "RosterScreen")() and pilot.app.screen.rows, "the roster")
    table = pilot.app.screen.query_one(DataTable)
    table.move_cursor(row=next(i for i, r in enumerate(pilot.app.screen.rows) if r.name == name))
    await pilot.press("enter")
    await wait_for(pilot, lambda: screen_is(pilot, "OverviewScreen")() and shows(pilot, name)(), name)


@pytest.mark.long
async def test_staff_record_another_for_the_member_and_not_for_the_next_one(db_path, site):
    app = kiosk(db_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await sign_in(pilot, "Jo Park", "9753")
        await staff_opens(pilot, "Dana Whitfield")
        await record_in_form(pilot)
        await wait_for(pilot, lambda: "Press R to record another like it." in toasts(app), "the toast naming the key")
        values = await form_like(pilot, "R")
        assert {k: values[k] for k in LIKE} == LIKE and values["attestation"] is False
        text = screen_text(app)
        assert "Record a CE activity for Dana Whitfield" in text and "On behalf of Dana Whitfield" in text
        await save_another(pilot)
        await pilot.press("o")
        await staff_opens(pilot, "Sam Okafor")
        await pilot.press("R")  # Dana's activity is not Sam's template
        await pilot.pause()
        assert screen_is(pilot, "OverviewScreen")()
        assert "Record another like the last" not in await palette_names(app)
    dana = sorted(activities.list_activities(site["dana"].id), key=lambda a: a.id)
    assert [a.title for a in dana] == ["Anatomy I", "Anatomy II"]
    assert dana[1].entered_by.startswith("staff:")


async def test_a_member_at_a_kiosk_records_another_like_their_own_from_the_history(db_path, rules, site):
    record(rules, site["dana"], start=dt.date(2026, 3, 2))  # the history lists only hers
    app = kiosk(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in_as_dana(pilot)
        await open_history(pilot)
        assert "Sam" not in screen_text(app)  # only her own activities to start from
        assert "Record one like this" in await palette_names(app)
        values = await form_like(pilot, "c")
        assert (values["credential"], values["start"], values["title"], values["evidence"]) == (
            "RMA", "2026-03-02", "", "")
        assert "On behalf of" not in screen_text(app)
        await save_another(pilot, title="Infection Control, part 2")
    assert len(activities.list_activities(site["dana"].id)) == 2
