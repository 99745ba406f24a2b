"""An activity imported from another machine, its evidence file not on this one, edited here."""

import datetime as dt
import hashlib
from decimal import Decimal

from amtrax_tui.ccp import Draft
from amtrax_tui.store import activities
from amtrax_tui.store.imports import ImportRow, record_all
from tests.ui.conftest import SIZE, TODAY, make_app, screen_is, shows, type_text, wait_for
from tests.ui.test_history import open_history

ELSEWHERE = "/srv/amtrax/evidence/bls-card.pdf"  # the kiosk's file: not on this machine
SUM = hashlib.sha256(b"%PDF BLS card").hexdigest()


async def test_the_edit_form_keeps_the_reference_and_saves(db_path, rules, member):
    day = dt.date(2026, 3, 2)
    draft = Draft(category="professional-education", title="BLS renewal", points=Decimal(2), start=day, end=day,
                  evidence=ELSEWHERE, attested=True)
    record_all(rules, member.id, "RMA", [ImportRow(2, draft, SUM)], TODAY, "test")
    [imported] = activities.list_activities(member.id)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot)
        await pilot.press("enter")
        await wait_for(pilot, shows(pilot, "Edit activity"), "the edit form")
        form = app.screen
        assert form.query_one("#evidence").value == ELSEWHERE
        await pilot.press("end", "backspace")
        await type_text(pilot, "3")
        form.query_one("#attestation").focus()
        await pilot.press("space")
        await pilot.pause()
        assert not form.query_one("#evidence-error").display
        await pilot.press("ctrl+s")
        await wait_for(pilot, screen_is(pilot, "HistoryScreen"), "the history again")
    edited = activities.get_activity(imported.id)
    assert (edited.points, edited.evidence, edited.evidence_sha256, edited.evidence_elsewhere) == (
        Decimal(3), ELSEWHERE, SUM, True)
