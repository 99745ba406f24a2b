"""Evidence in the record form, with the keyboard at 80x24: at a kiosk a file is
chosen from the member's own folder in the site's evidence folder and a typed
path tells nothing; elsewhere a typed path is checked as you type."""

from __future__ import annotations

import hashlib

import pytest

from amtrax_tui.config import Config
from amtrax_tui.store import activities, auth
from amtrax_tui.store.evidence import KIOSK_NO_FOLDER, KIOSK_RULE
from tests.ui.conftest import SIZE, error_shown, make_app, notices, screen_is, screen_text, shows, type_text, wait_for
from tests.ui.test_kiosk import signed_in_as_dana


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """Dana's own evidence folder, inside the site's (which also holds another member's)."""
    monkeypatch.chdir(tmp_path)  # short relative paths: typing is slow
    site = tmp_path / "evidence"
    (site / "B-100").mkdir(parents=True)
    (site / "B-100" / "someone else.pdf").write_bytes(b"%PDF not Dana's")
    folder = site / "A-778812"
    folder.mkdir()
    (folder / "bls card.pdf").write_bytes(b"%PDF BLS card")
    (folder / "safety.pdf").write_bytes(b"%PDF safety")
    (folder / "scans").mkdir()  # not a file: not offered
    return folder


@pytest.fixture
def dana(member):
    auth.set_member_pin(member.amt_id, "2468", "test")
    return member


async def kiosk_form(pilot):
    await signed_in_as_dana(pilot)
    await pilot.press("r")
    await wait_for(pilot, screen_is(pilot, "ActivityFormScreen"), "the record form")


async def fill(pilot):
    """Title, points, start date and the attestation: all but the evidence."""
    form = pilot.app.screen
    await type_text(pilot, "BLS Renewal")
    form.query_one("#points").focus()
    await type_text(pilot, "2")
    form.query_one("#start").focus()
    await type_text(pilot, "2026-05-04")
    form.query_one("#attestation").focus()
    await pilot.press("space")


def evidence_message(app) -> str:
    label = app.screen.query_one("#evidence-error")
    return str(label.content) if label.display else ""


async def test_at_a_kiosk_a_member_chooses_a_file_from_the_evidence_folder(db_path, dana, folder):
    app = make_app(db_path, config=Config(kiosk=True, evidence_dir=folder.parent))
    async with app.run_test(size=SIZE) as pilot:
        await kiosk_form(pilot)
        await fill(pilot)
        app.screen.query_one("#evidence-file").focus()
        await pilot.press("enter")  # the list opens on "no file"
        await wait_for(pilot, shows(pilot, "safety.pdf"), "the list of the folder's files")
        assert "scans" not in screen_text(app)
        assert "someone else" not in screen_text(app)  # another member's folder is not offered
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: app.screen.query_one("#evidence-file").value == "bls card.pdf", "the choice")
        await pilot.press("ctrl+s")
        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview after saving")
    [saved] = activities.list_activities(dana.id)
    assert saved.evidence == str((folder / "bls card.pdf").resolve())
    assert saved.evidence_sha256 == hashlib.sha256(b"%PDF BLS card").hexdigest()


@pytest.mark.parametrize("evidence_dir", [True, False], ids=["with-folder", "without-folder"])
async def test_at_a_kiosk_a_typed_path_gets_one_message_whether_or_not_it_exists(db_path, dana, folder,
                                                                                   evidence_dir):
    app = make_app(db_path, config=Config(kiosk=True, evidence_dir=folder.parent if evidence_dir else None))
    rule = KIOSK_RULE if evidence_dir else KIOSK_NO_FOLDER
    async with app.run_test(size=SIZE) as pilot:
        await kiosk_form(pilot)
        await fill(pilot)
        field = app.screen.query_one("#evidence")
        shown = []
        for path in ("/etc/passwd", "/nonexistent", "./evidence/A-778812/safety.pdf",
                     "./evidence/B-100/someone else.pdf", "/dev/zero"):
            field.clear()
            field.focus()
            await type_text(pilot, path)
            await wait_for(pilot, error_shown(pilot, "evidence", rule), f"the message for {path}")
            shown.append(evidence_message(app))
            assert app.screen.query_one("#save").disabled
        assert shown == [f"✖ {rule}"] * 5
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: any("Not saved" in str(n.message) for n in notices(app)), "the refusal")
        assert type(app.screen).__name__ == "ActivityFormScreen"
        assert bool(app.screen.query("#evidence-file")) == evidence_dir
    assert activities.list_activities(dana.id) == []


async def test_at_a_kiosk_a_certificate_number_is_still_typed(db_path, dana, folder):
    app = make_app(db_path, config=Config(kiosk=True, evidence_dir=folder.parent))
    async with app.run_test(size=SIZE) as pilot:
        await kiosk_form(pilot)
        await fill(pilot)
        app.screen.query_one("#evidence").focus()
        await type_text(pilot, "CERT-2291")
        await pilot.press("ctrl+s")
        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview after saving")
    [saved] = activities.list_activities(dana.id)
    assert (saved.evidence, saved.evidence_sha256) == ("CERT-2291", None)


async def test_outside_a_kiosk_a_typed_path_is_checked_as_you_type(db_path, member, folder, tmp_path):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, shows(pilot, "Registered Medical Assistant"), "the overview")
        await pilot.press("r")
        await wait_for(pilot, screen_is(pilot, "ActivityFormScreen"), "the record form")
        await fill(pilot)
        field = app.screen.query_one("#evidence")
        for path, message in (("./evidence", "is a folder, not a regular file"),
                              ("/dev/zero", "is a device, not a regular file"),
                              ("./amtrax.db", "is the database, or one of its files"),
                              ("./nope.pdf", f"no such file: {tmp_path.resolve() / 'nope.pdf'}")):
            field.clear()
            field.focus()
            await type_text(pilot, path)
            await wait_for(pilot, error_shown(pilot, "evidence", message), f"the message for {path}")
        field.clear()
        await type_text(pilot, "./evidence/A-778812/safety.pdf")
        await wait_for(pilot, lambda: not evidence_message(app), "no message for a document file")
        assert not app.query("#evidence-file")  # no list outside a kiosk
    assert activities.list_activities(member.id) == []
