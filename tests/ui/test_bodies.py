"""Credentials of other bodies beside AMT's: the record form asks what their rules need
(points per content area, minutes, an approved provider), and the screens show their progress."""

import datetime as dt
import signal
from decimal import Decimal

import pytest
from textual.app import App
from textual.widgets import DataTable, Select

from amtrax_tui.ccp import Draft, compute_progress, cycle_on, load_rules
from amtrax_tui.config import Config
from amtrax_tui.store import activities, auth, members
from amtrax_tui.store.drafts import load_draft
from amtrax_tui.ui.app import build_app
from amtrax_tui.ui.glyphs import ASCII, UNICODE
from amtrax_tui.ui.widgets.progress import ProgressPanel
from tests.ui.conftest import (
    SIZE, TODAY, error_shown, make_app, notices, offered, record_notices, screen_is, screen_text, shows, type_text,
    wait_for,
)
from tests.hostile import NAMED
from tests.ui.test_fit import notice_only
from tests.ui.test_history import choose
from tests.ui.test_kiosk import sign_in
from tests.ui.test_record import fill

SMALL = (60, 20)


@pytest.fixture(scope="module")
def body_rules():
    return load_rules(bodies=["AAMA", "NHA", "ASCP"])


@pytest.fixture
def cma(db_path, body_rules):
    """A member holding RMA (cycle 2025-01-10 to 2028-01-09) and AAMA:CMA (certified 2022-03-15)."""
    found = members.add_member("Dana Whitfield", "A-778812", "test")
    members.add_credential(body_rules, found.id, "RMA", dt.date(2019, 1, 10), dt.date(2025, 1, 10), TODAY, "test")
    members.add_credential(body_rules, found.id, "AAMA:CMA", dt.date(2022, 3, 15), None, TODAY, "test")
    return found


def overview_shown(pilot):
    """The overview with the member's credentials (their names wrap where codes carry a body)."""
    app = pilot.app
    return lambda: screen_is(pilot, "OverviewScreen")() and app.snapshot is not None and bool(app.snapshot.progress)


async def open_form(pilot):
    await wait_for(pilot, overview_shown(pilot), "the overview")
    await pilot.press("r")
    await wait_for(pilot, shows(pilot, "Record a CE activity"), "the record form")
    return pilot.app.screen


def shown(form, selector):
    """Whether the widget is shown: it and every container it is in."""
    widget = form.query_one(selector)
    return all(node.display for node in [widget, *widget.ancestors_with_self] if hasattr(node, "display"))


async def also_count(pilot, code):
    form = pilot.app.screen
    next(t for t in form.query(".also") if t.name == code).focus()
    await pilot.press("space")


async def choose_credential(pilot, code):
    form = pilot.app.screen
    form.query_one("#credential", Select).value = code
    await pilot.pause()


async def test_the_fields_a_cma_asks_for_come_and_go_as_it_is_chosen(db_path, body_rules, cma):
    app = make_app(db_path, rules=body_rules)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot)
        await choose_credential(pilot, "RMA")
        assert not shown(form, "#areas") and not shown(form, "#minutes") and not shown(form, "#approved")
        await also_count(pilot, "AAMA:CMA")
        assert shown(form, "#areas") and shown(form, "#minutes") and shown(form, "#approved")
        form.query_one("#minutes").focus()  # the form scrolls to it
        await pilot.pause()
        text = screen_text(app)
        for label in ("Administrative points", "Clinical points", "General points", "Minutes",
                      "Provider is AAMA-approved", "at least 50 for AAMA:CMA"):
            assert label in text
        await also_count(pilot, "AAMA:CMA")  # untick: the fields go again
        assert not shown(form, "#areas") and not shown(form, "#minutes") and not shown(form, "#approved")
        assert "Clinical points" not in screen_text(app)


async def fill_cma(pilot, admin="", clinical="1", general="2", minutes="90", approved=True):
    """Title, 3 points split among the CMA's areas, the minutes and the approval, toward RMA and AAMA:CMA."""
    form = pilot.app.screen
    await choose_credential(pilot, "RMA")
    await also_count(pilot, "AAMA:CMA")
    form.query_one("#title").focus()
    await fill(pilot, title="Phlebotomy Safety Webinar", points="3", start="2026-05-04")
    for slug, typed in (("administrative", admin), ("clinical", clinical), ("general", general)):
        next(f for f in form.query("#areas Input") if f.name == slug).focus()
        await type_text(pilot, typed)
    form.query_one("#minutes").focus()
    await type_text(pilot, minutes)
    if approved:
        form.query_one(".approval").focus()
        await pilot.press("space")
    await pilot.pause()
    return form


async def record_cma(pilot):
    """From the overview: the form filled as fill_cma fills it, saved, and the overview back."""
    await open_form(pilot)
    await fill_cma(pilot)
    await pilot.press("ctrl+s")
    await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview after saving")


async def test_one_activity_counts_toward_rma_and_cma_with_its_areas_minutes_and_approval(db_path, body_rules, cma):
    app = make_app(db_path, rules=body_rules)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot)
        form = await fill_cma(pilot)
        assert not form.problems, form.values()
        await pilot.press("ctrl+s")
        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview after saving")
        await wait_for(pilot, shows(pilot, "3.00 of 60 points"), "the CMA's progress")
        text = screen_text(app)
        assert "AAMA:CMA" in text and "RMA" in text
        assert ("10 administrative points still needed; 9 clinical points still needed; "
                "8 general points still needed; 27 AAMA-approved points still needed") in flat(app)  # as split
        await pilot.press("down")  # the RMA's row
        await wait_for(pilot, shows(pilot, "3.00 of 30 points"), "the RMA's progress")
        assert any("toward RMA, AAMA:CMA" in str(n.message) for n in notices(app))
    (saved,) = activities.list_activities(cma.id)
    assert set(saved.credentials) == {"RMA", "AAMA:CMA"}
    assert saved.points == 3
    assert saved.areas == (("clinical", Decimal(1)), ("general", Decimal(2)))
    assert (saved.minutes, saved.approved_by) == (90, ("AAMA",))


@pytest.mark.parametrize(
    "wrong, field, message",
    [
        ({"clinical": "1", "general": "1"}, "areas",
         "the points of Administrative, Clinical, General must add up to the activity's 3 (now 2)"),
        ({"clinical": "", "general": ""}, "areas",
         "give the points for each of Administrative, Clinical, General (AAMA:CMA counts them)"),
        ({"minutes": "30"}, "minutes", "must be at least 50 for the activity to count toward AAMA:CMA"),
        ({"minutes": "an hour"}, "minutes", "'an hour' is not a whole number of minutes"),
        ({"clinical": "lots"}, "areas", "'lots' is not a number"),
    ],
    ids=["areas-not-adding-up", "areas-empty", "30-minutes", "minutes-not-a-number", "area-not-a-number"],
)
async def test_a_field_left_wrong_shows_its_rule_under_it_and_nothing_is_saved(
    db_path, body_rules, cma, wrong, field, message
):
    app = make_app(db_path, rules=body_rules)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot)
        form = await fill_cma(pilot, **wrong)
        await pilot.press("ctrl+s")
        await wait_for(pilot, error_shown(pilot, field, message), f"the {field} message")
        label = form.query_one(f"#{field}-error")
        above = form.query_one("#minutes-row" if field == "minutes" else "#areas")
        assert label.parent is above.parent and label.parent.children.index(label) == (
            label.parent.children.index(above) + 1)  # right under its field
        assert label.virtual_region.y == above.virtual_region.bottom
        assert screen_is(pilot, "ActivityFormScreen")()
        assert any("Not saved" in str(n.message) for n in notices(app))
    assert activities.list_activities(cma.id) == []


async def test_the_areas_minutes_and_approval_are_kept_as_a_draft_and_restored(db_path, body_rules, cma):
    app = make_app(db_path, rules=body_rules)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot)
        await fill_cma(pilot, clinical="1.5", general="1.5")
        app.terminal_gone(signal.SIGHUP)
        await wait_for(pilot, lambda: not app.is_running, "the app to exit")
    kept = load_draft(cma.id)
    assert (kept["areas"], kept["minutes"], kept["approved"]) == (
        [["clinical", "1.5"], ["general", "1.5"]], "90", ["AAMA"])

    app = make_app(db_path, rules=body_rules)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot)
        await wait_for(pilot, shows(pilot, "Ctrl+R"), "the offer")
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: form.query_one("#title").value, "the restored form")
        values = form.values()
        assert (values["also"], values["areas"], values["minutes"], values["approved"]) == (
            ("AAMA:CMA",), (("clinical", "1.5"), ("general", "1.5")), "90", ("AAMA",))
        form.query_one("#attestation").focus()
        await pilot.press("space", "ctrl+s")
        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview after saving")
    (saved,) = activities.list_activities(cma.id)
    assert saved.title == "Phlebotomy Safety Webinar"


async def test_another_like_this_keeps_the_approval_and_leaves_areas_and_minutes_empty(db_path, body_rules, cma):
    app = make_app(db_path, rules=body_rules)
    async with app.run_test(size=SIZE) as pilot:
        await record_cma(pilot)
        await pilot.press("R")
        await wait_for(pilot, screen_is(pilot, "ActivityFormScreen"), "the form like the last")
        form = app.screen
        await wait_for(pilot, lambda: form.values()["category"], "the form's categories")
        values = form.values()
        assert (values["credential"], values["also"]) in ((("RMA", ("AAMA:CMA",))), ("AAMA:CMA", ("RMA",)))
        assert (values["points"], values["areas"], values["minutes"], values["approved"]) == ("", (), "", ("AAMA",))
        assert shown(form, "#areas") and shown(form, "#minutes")


async def test_an_edit_opens_with_the_activitys_areas_minutes_and_approval_and_saves_changes_to_them(
    db_path, body_rules, cma
):
    app = make_app(db_path, rules=body_rules)
    async with app.run_test(size=SIZE) as pilot:
        await record_cma(pilot)
        await pilot.press("h")
        await wait_for(pilot, shows(pilot, "Phlebotomy Safety Webinar"), "the history")
        await pilot.press("e")
        await wait_for(pilot, shows(pilot, "Edit activity"), "the edit form")
        form = app.screen
        values = form.values()
        assert (values["areas"], values["minutes"], values["approved"]) == (
            (("clinical", "1"), ("general", "2")), "90", ("AAMA",))
        assert not form.dirty
        general = next(f for f in form.query("#areas Input") if f.name == "general")
        general.focus()
        await pilot.press("end", "backspace")
        await type_text(pilot, "1")
        next(f for f in form.query("#areas Input") if f.name == "administrative").focus()
        await type_text(pilot, "1")
        form.query_one("#attestation").focus()
        await pilot.press("space", "ctrl+s")
        await wait_for(pilot, lambda: not screen_is(pilot, "ActivityFormScreen")(), "the form to close")
    (saved,) = activities.list_activities(cma.id)
    assert saved.areas == (("administrative", Decimal(1)), ("clinical", Decimal(1)), ("general", Decimal(1)))
    assert (saved.minutes, saved.approved_by) == (90, ("AAMA",))


@pytest.mark.parametrize("name, text", [(n, NAMED[n]) for n in ("quit-link", "markup-style-and-link", "bold-tag")])
async def test_hostile_text_in_an_area_field_is_shown_as_text(db_path, body_rules, cma, name, text):
    app = make_app(db_path, rules=body_rules)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot)
        form = await fill_cma(pilot, clinical=text)
        await wait_for(pilot, error_shown(pilot, "areas", f"{text!r} is not a number"), "the areas message")
        label = form.query_one("#areas-error")
        assert f"{text!r} is not a number" in label.render().plain  # drawn with its brackets, as typed
        next(f for f in form.query("#areas Input") if f.name == "clinical").focus()  # the form scrolls to it
        await pilot.pause()
        assert f"{text!r}"[:12] in screen_text(app)
        await pilot.press("ctrl+s")
        assert app.is_running and screen_is(pilot, "ActivityFormScreen")()
    assert activities.list_activities(cma.id) == []


async def test_at_60x20_the_notice_then_at_80x24_the_form_records_toward_both(db_path, body_rules, cma):
    app = make_app(db_path, rules=body_rules)
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, lambda: app.snapshot is not None, "the member's records")
        await wait_for(pilot, lambda: notice_only(app), "the notice at 60x20")
        await pilot.resize_terminal(*SIZE)
        await open_form(pilot)
        await fill_cma(pilot)
        await pilot.resize_terminal(*SMALL)
        await wait_for(pilot, lambda: notice_only(app), "the notice over the form")
        await pilot.resize_terminal(*SIZE)
        form = app.screen
        await wait_for(pilot, lambda: not notice_only(app), "the form again")
        form.query_one(".approval").focus()
        await pilot.pause()
        text = screen_text(app)
        assert "Provider is AAMA-approved" in text and "Minutes" in text
        await pilot.press("ctrl+s")
        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview after saving")
    (saved,) = activities.list_activities(cma.id)
    assert saved.points == 3


async def test_the_points_helper_offers_the_units_of_the_credentials_chosen(db_path, body_rules, cma):
    app = make_app(db_path, rules=body_rules)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot)
        await choose_credential(pilot, "RMA")
        assert "college credits (x15)" not in offered(form.query_one("#unit", Select))
        await also_count(pilot, "AAMA:CMA")
        await pilot.press("ctrl+g")
        assert "college credits (x15)" in offered(form.query_one("#unit", Select))
        form.query_one("#unit", Select).value = "college credits"
        form.query_one("#amount").focus()
        await type_text(pilot, "2")
        assert form.query_one("#points").value == "30"


BODY_WITH_CATEGORIES = """
body = "ABC"
name = "A Body with Categories"

[credentials.XYZ]
name = "Xylography Technician"
points = 12

[categories.abc-course]
name = "ABC Course"
"""


async def test_the_categories_offered_are_those_every_credential_chosen_accepts(db_path, tmp_path):
    path = tmp_path / "abc.toml"
    path.write_text(BODY_WITH_CATEGORIES, "utf-8")
    rules = load_rules(bodies=["AAMA", path])
    found = members.add_member("Dana Whitfield", "A-778812", "test")
    members.add_credential(rules, found.id, "RMA", dt.date(2019, 1, 10), dt.date(2025, 1, 10), TODAY, "test")
    members.add_credential(rules, found.id, "ABC:XYZ", dt.date(2024, 3, 15), None, TODAY, "test")
    app = make_app(db_path, rules=rules)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot)
        await choose_credential(pilot, "ABC:XYZ")
        assert offered(form.query_one("#category", Select))[1:] == ["ABC Course"]  # after the prompt
        await choose_credential(pilot, "RMA")
        amt = offered(form.query_one("#category", Select))
        assert "ABC Course" not in amt and "Professional Education" in amt
        await also_count(pilot, "ABC:XYZ")  # no category counts toward both
        assert offered(form.query_one("#category", Select)) == ["Choose a category"]
        assert form.problems["category"] == "is required"


@pytest.mark.parametrize("typed, code", [("aama:cma", "AAMA:CMA"), ("nha:cmaa", "NHA:CMAA"), ("cmas", "CMAS"), ("cpt", "NHA:CPT")])
async def test_adding_a_credential_offers_every_bodys_and_a_typed_code_finds_its_own(
    db_path, body_rules, member, typed, code
):
    app = make_app(db_path, rules=body_rules)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, shows(pilot, "Registered Medical Assistant"), "the overview")
        await pilot.press("a")
        await wait_for(pilot, screen_is(pilot, "CredentialScreen"), "the credential screen")
        form = app.screen
        labels = offered(form.query_one("#credential", Select))
        for label in ("RMA Registered Medical Assistant (30 points)",
                      "AAMA:CMA Certified Medical Assistant (AAMA) (60 points)",
                      "NHA:CPT Certified Phlebotomy Technician (10 points)",
                      "ASCP:MLS Medical Laboratory Scientist, ASCP (36 points)"):
            assert label in labels
        await pilot.press("enter")  # open the selector
        await type_text(pilot, typed)
        await pilot.press("enter")
        assert form.query_one("#credential", Select).value == code
        await pilot.press("tab")
        await type_text(pilot, "2022-03-15")
        await pilot.press("ctrl+s")
        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview")
    assert code in [h.code for h in members.list_credentials(member.id)]


async def test_the_cycles_note_follows_the_credential_chosen(db_path, body_rules, member):
    app = make_app(db_path, rules=body_rules)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, shows(pilot, "Registered Medical Assistant"), "the overview")
        await pilot.press("a")
        await wait_for(pilot, screen_is(pilot, "CredentialScreen"), "the credential screen")
        assert "Your 3-year cycles count from the certification date" in screen_text(app)
        await pilot.press("enter")
        await type_text(pilot, "aama:cma")
        await pilot.press("enter")
        text = " ".join(screen_text(app).split())
        assert "Your 60-month cycles" not in text
        assert ("Your 5-year cycles count from the end of the month of certification. After a recertification, "
                "enter the start of your current cycle as AAMA shows it.") in text
        assert "optional: as AAMA shows it" in text


@pytest.fixture
def three_bodies(db_path, body_rules, cma):
    """The member of `cma`, also holding NHA:CPT (certified 2025-02-01), with an activity for RMA and AAMA:CMA."""
    members.add_credential(body_rules, cma.id, "NHA:CPT", dt.date(2025, 2, 1), None, TODAY, "test")
    draft = Draft(category="professional-education", title="Infection Control Update", points=Decimal(3),
                  start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 2), evidence="CERT-1", attested=True,
                  areas=(("clinical", Decimal(1)), ("general", Decimal(2))), minutes=180, approved_by=("AAMA",))
    activities.record(body_rules, cma.id, ["RMA", "AAMA:CMA"], draft, TODAY, "test")
    return cma


def flat(app) -> str:
    """The screen's words on one line: what wraps may wrap anywhere."""
    return " ".join(screen_text(app).split())


async def test_the_overview_shows_each_bodys_credential_by_its_code_and_what_it_still_needs(
    db_path, body_rules, three_bodies
):
    app = make_app(db_path, rules=body_rules)
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, lambda: app.snapshot is not None, "the member's records")
        await wait_for(pilot, lambda: notice_only(app), "the notice at 60x20")
        await pilot.resize_terminal(*SIZE)
        await wait_for(pilot, shows(pilot, "3.00 of 60 points"), "the CMA's progress")
        text = screen_text(app)
        rows = [line.split()[0] for line in text.splitlines() if line.startswith("  ") and line.split()]
        assert [code for code in rows if code in ("AAMA:CMA", "NHA:CPT", "RMA")] == ["AAMA:CMA", "NHA:CPT", "RMA"]
        for cycle in ("2022-03-15 to 2027-03-31", "2025-02-01 to 2027-01-31", "2025-01-10 to 2028-01-09"):
            assert cycle in text  # every row whole: name, figures and cycle
        assert ("10 administrative points still needed; 9 clinical points still needed; "
                "8 general points still needed; 27 AAMA-approved points still needed") in flat(app)
        assert "Invoice" not in text  # AMT's
        await pilot.press("down")
        await wait_for(pilot, shows(pilot, "0.00 of 10 points"), "the CPT's progress")
        assert "Requirements not verified against the body's current rules." in flat(app)
        assert "still needed" not in flat(app)
        await pilot.press("down")
        await wait_for(pilot, shows(pilot, "3.00 of 30 points"), "the RMA's progress")
        assert "not verified" not in flat(app) and "still needed" not in flat(app)
        assert "Invoice" in screen_text(app)


async def test_a_credential_held_from_before_ccp_began_shows_as_voluntary(db_path, body_rules):
    found = members.add_member("Dana Whitfield", "A-778812", "test")
    members.add_credential(body_rules, found.id, "RMA", dt.date(2004, 5, 1), None, TODAY, "test")
    app = make_app(db_path, rules=body_rules)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, shows(pilot, "0.00 of 30 points"), "the RMA's progress")
        text = screen_text(app)
        assert "○ CCP voluntary" in text  # the progress panel's status
        row = [line for line in text.splitlines() if line.startswith("  RMA")][0]
        assert "○ CCP" in row  # the table's status, its second word on the next line


def panel_app(progress, glyphs=UNICODE):
    class Panel(App):
        def compose(self):
            yield ProgressPanel(load_rules(bodies=["AAMA"]), id="progress")

        def on_mount(self):
            self.query_one(ProgressPanel).progress = progress

    app = Panel()
    app.glyphs = glyphs
    return app


@pytest.mark.parametrize("glyphs, mark", [(UNICODE, "◐"), (ASCII, "~")], ids=["unicode", "ascii"])
async def test_a_cycle_in_its_grace_period_says_until_when_it_may_be_met(body_rules, glyphs, mark):
    cma_rules = body_rules.credentials["AAMA:CMA"]
    cycle = cycle_on(dt.date(2021, 3, 15), dt.date(2025, 6, 1), cma_rules.schedule)  # to 2026-03-31
    progress = compute_progress(body_rules, cma_rules, cycle, dt.date(2021, 3, 15), [], TODAY)
    assert progress.status == "grace"
    async with panel_app(progress, glyphs).run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(pilot.app)
        assert f"{mark} Grace period" in text
        assert f"{mark} It may still be met until 2026-06-29." in text
        facts = " ".join(line.plain for line in pilot.app.query_one("#progress-facts").render().lines(60))
        assert "Projected the cycle has ended" in " ".join(facts.split())


async def test_in_its_grace_period_a_cma_records_into_the_ended_cycle_and_sees_it_met(db_path, body_rules):
    found = members.add_member("Dana Whitfield", "A-778812", "test")
    members.add_credential(body_rules, found.id, "AAMA:CMA", dt.date(2021, 5, 10), None, dt.date(2021, 6, 1), "test")
    short = Draft(category="professional-education", title="Annual Review Course", points=Decimal(57),
                  start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 2), attested=True, approved_by=("AAMA",),
                  areas=(("administrative", Decimal(10)), ("clinical", Decimal(10)), ("general", Decimal(37))),
                  minutes=600)
    activities.record(body_rules, found.id, ["AAMA:CMA"], short, dt.date(2026, 3, 2), "test")
    # The cycle ended on 2026-05-31 with 57 of its 60 points: 30 days on, 60 days of grace are left.
    app = build_app(str(db_path), rules=body_rules, clock=lambda: dt.date(2026, 6, 30))
    record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, shows(pilot, "57.00 of 60 points"), "the ended cycle's progress")
        assert "Grace period" in flat(app) and "It may still be met until 2026-08-29." in flat(app)
        assert "2021-05-10 to 2026-05-31" in screen_text(app)
        await pilot.press("h")
        await wait_for(pilot, shows(pilot, "Annual Review Course"), "the history of the ended cycle")
        assert offered(app.screen.query_one("#history-credential", Select)) == ["AAMA:CMA cycle", "All activities"]
        await pilot.press("escape")
        form = await open_form(pilot)
        await choose_credential(pilot, "AAMA:CMA")
        form.query_one("#title").focus()
        await fill(pilot, title="Phlebotomy Safety Webinar", points="3", start="2026-06-10")
        for slug, typed in (("clinical", "1"), ("general", "2")):
            next(f for f in form.query("#areas Input") if f.name == slug).focus()
            await type_text(pilot, typed)
        form.query_one("#minutes").focus()
        await type_text(pilot, "90")
        form.query_one(".approval").focus()
        await pilot.press("space", "ctrl+s")
        refusal = "must fall inside the AAMA:CMA cycle 2021-05-10 to 2026-05-31, in its grace period"
        await wait_for(pilot, error_shown(pilot, "start", refusal), "the start's refusal")
        form.query_one("#start").focus()
        await pilot.press("end", *["backspace"] * 10)
        await type_text(pilot, "2026-05-20")
        await pilot.press("ctrl+s")
        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview after saving")
        await wait_for(pilot, shows(pilot, "2026-06-01 to 2031-05-31"), "the new cycle")
        assert "0.00 of 60 points" in screen_text(app) and "Grace period" not in flat(app)
        assert any("The AAMA:CMA cycle 2021-05-10 to 2026-05-31 is met." in str(n.message) for n in notices(app))
    saved = [a for a in activities.list_activities(found.id) if a.title == "Phlebotomy Safety Webinar"]
    assert [(a.start, a.points) for a in saved] == [(dt.date(2026, 5, 20), Decimal(3))]


async def test_the_roster_shows_every_bodys_code_whole_the_new_statuses_and_marks_unverified_requirements(
    db_path, body_rules, three_bodies
):
    early = members.add_member("Sam Okafor", "B-4410", "test")
    members.add_credential(body_rules, early.id, "RMA", dt.date(2004, 5, 1), None, TODAY, "test")
    auth.add_staff("Jo Park", "9753", "test")
    app = make_app(db_path, rules=body_rules, config=Config(kiosk=True))
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Jo Park", "9753")
        await wait_for(pilot, lambda: screen_is(pilot, "RosterScreen")() and app.screen.query_one(DataTable).row_count,
                       "the roster")
        lines = screen_text(app).splitlines()
        rows = [line for line in lines if line.startswith(" Dana Whitfi")]  # the name cut to leave the codes whole
        assert sorted(line.split()[3] for line in rows) == ["AAMA:CMA", "NHA:CPT", "RMA"]
        assert [line.split()[4] for line in rows if "NHA:CPT" in line] == ["?"]
        assert all("?" not in line for line in rows if "NHA:CPT" not in line)
        assert " ? after a code: requirements not verified against the body's current rules" in lines
        assert [line for line in lines if line.startswith(" Sam Okafor") and "○ CCP voluntary" in line]


async def test_the_history_of_a_cma_lists_its_month_end_cycles(db_path, body_rules):
    found = members.add_member("Dana Whitfield", "A-778812", "test")
    members.add_credential(body_rules, found.id, "AAMA:CMA", dt.date(2015, 6, 10), None, TODAY, "test")
    draft = Draft(category="professional-education", title="Infection Control Update", points=Decimal(2),
                  start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 2), evidence="CERT-1", attested=True,
                  areas=(("clinical", Decimal(2)),), minutes=120)
    activities.record(body_rules, found.id, ["AAMA:CMA"], draft, TODAY, "test")
    app = make_app(db_path, rules=body_rules)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, overview_shown(pilot), "the overview")
        await pilot.press("h")
        await wait_for(pilot, shows(pilot, "Infection Control Update"), "the history")
        assert "1 activity in the AAMA:CMA cycle" in screen_text(app)
        choices = offered(app.screen.query_one("#history-credential", Select))
        assert choices == ["AAMA:CMA cycle", "AAMA:CMA 2020-2025", "AAMA:CMA 2015-2020", "All activities"]
        await choose(pilot, "AAMA:CMA 2020-2025")
        await wait_for(pilot, shows(pilot, "AAMA:CMA 2020-07-01 to 2025-06-30"), "the cycle before")
        assert "Infection Control Update" not in screen_text(app)


async def test_the_roster_shows_a_credential_in_its_grace_period_whole(db_path, body_rules):
    found = members.add_member("Dana Whitfield", "A-778812", "test")
    members.add_credential(body_rules, found.id, "AAMA:CMA", dt.date(2021, 3, 15), None, dt.date(2021, 4, 1), "test")
    draft = Draft(category="professional-education", title="Infection Control Update", points=Decimal(2),
                  start=dt.date(2026, 1, 5), end=dt.date(2026, 1, 5), evidence="CERT-1", attested=True,
                  areas=(("clinical", Decimal(2)),), minutes=120)
    activities.record(body_rules, found.id, ["AAMA:CMA"], draft, dt.date(2026, 2, 1), "test")  # the cycle to 2026-03-31
    auth.add_staff("Jo Park", "9753", "test")
    app = make_app(db_path, rules=body_rules, config=Config(kiosk=True))
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Jo Park", "9753")
        await wait_for(pilot, lambda: screen_is(pilot, "RosterScreen")() and app.screen.query_one(DataTable).row_count,
                       "the roster")
        (row,) = [line for line in screen_text(app).splitlines() if line.startswith(" Dana")]
        assert "AAMA:CMA" in row and "◐ Grace period" in row and "2.00/60" in row


@pytest.mark.parametrize("others", [True, False], ids=["other bodies", "AMT only"])
async def test_help_says_what_each_other_body_tracked_asks(db_path, body_rules, cma, others):
    app = make_app(db_path, rules=body_rules if others else load_rules())
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, overview_shown(pilot), "the overview")
        await pilot.press("f1")
        await wait_for(pilot, screen_is(pilot, "HelpScreen"), "the help")
        for _ in range(12):
            await pilot.press("pagedown")
        text = " ".join(screen_text(app).split())
        assert ("Other bodies' credentials" in text) is others
        assert ("at least 10 administrative, 10 clinical, 10 general" in text) is others
        assert ("NHA:CCMA, NHA:CPT" in text) is others
        assert "not verified against the body's current rules" in text if others else "AAMA" not in text
