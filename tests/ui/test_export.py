"""The export screen: preview, formats, the destination, replacing files, the audit packet."""

import datetime as dt
import os
import sqlite3
import zipfile

import pytest
from textual.command import CommandPalette

from amtrax_tui.config import Config
from amtrax_tui.transcript import generation_time, render, transcripts
from tests.ui.conftest import SIZE, TODAY, error_shown, make_app, notices, record, screen_is, screen_text, shows, type_text, wait_for

EPOCH = "1781000000"  # 2026-06-09 10:13:20 UTC: the same generation time for the app and the renderer
RMA_NAME = "ccp-transcript-A-778812-RMA-2025-01-10"


@pytest.fixture(autouse=True)
def fixed_generation_time(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "exports"
    path.mkdir()
    return path


def expected(rules, member, code, fmt, cycle="current"):
    """What the export command's renderer writes for the same records."""
    return render(transcripts(rules, member, code, cycle, TODAY, generation_time()), fmt).encode("utf-8")


def focused_id(pilot):
    return pilot.app.focused.id if pilot.app.focused else None


async def open_export(pilot):
    await wait_for(pilot, shows(pilot, "Registered Medical Assistant"), "the overview")
    await pilot.press("e")
    await wait_for(pilot, screen_is(pilot, "ExportScreen"), "the export screen")
    await wait_for(pilot, lambda: pilot.app.screen.found, "the preview")


async def choose(pilot, select_id: str, downs: int):
    """Focus the selector by Tab from the credential selector and move `downs` options down."""
    order = ["export-credential", "export-cycle", "export-format"]
    while focused_id(pilot) != select_id:
        assert focused_id(pilot) in order, f"Tab left the selectors at {focused_id(pilot)}"
        await pilot.press("tab")
    await pilot.press("enter", *["down"] * downs, "enter")
    await pilot.pause()


def preview(app) -> str:
    return app.screen.query_one("#export-preview").text


def path_value(app) -> str:
    return app.screen.query_one("#export-path").value


def result(app) -> str:
    return str(app.screen.query_one("#export-result").content)


def notifications(app) -> list[str]:
    return [str(n.message) for n in notices(app)]


async def test_opens_from_the_overview_and_previews_the_member_and_credential(db_path, rules, member, folder):
    record(rules, member, title="Venipuncture")
    app = make_app(db_path, config=Config(export_dir=folder))
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot)
        text = preview(app)
        assert "Dana Whitfield" in text and "A-778812" in text
        assert "Registered Medical Assistant (RMA)" in text and "Venipuncture" in text
        assert path_value(app) == str(folder / f"{RMA_NAME}.txt")
        assert "^s Export" in screen_text(app) and "esc Back" in screen_text(app)

        await choose(pilot, "export-credential", 1)  # RPT
        await wait_for(pilot, lambda: "Registered Phlebotomy Technician (RPT)" in preview(app), "the RPT preview")
        assert "Venipuncture" not in preview(app)
        assert path_value(app) == str(folder / "ccp-transcript-A-778812-RPT-2025-09-01.txt")

        await pilot.press("escape")
        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview again")


async def test_the_command_palette_opens_the_export_screen(db_path, rules, member):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, shows(pilot, "Registered Medical Assistant"), "the overview")
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        await type_text(pilot, "export")
        await wait_for(pilot, shows(pilot, "audit packet"), "the export command")
        await pilot.press("enter")
        await wait_for(pilot, screen_is(pilot, "ExportScreen"), "the export screen")


async def test_tab_goes_through_the_choice_the_destination_and_the_preview(db_path, rules, member, folder):
    app = make_app(db_path, config=Config(export_dir=folder))
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot)
        seen = [focused_id(pilot)]
        for _ in range(5):
            await pilot.press("tab")
            seen.append(focused_id(pilot))
        assert seen == ["export-credential", "export-cycle", "export-format", "export-path", "export-write",
                        "export-preview"]
        await pilot.press("escape")  # from the preview too
        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview again")


async def test_change_the_format_and_export_writes_what_the_export_command_writes(db_path, rules, member, folder):
    record(rules, member, title="=SUM(A1) looks like a formula", start=dt.date(2026, 2, 3))
    record(rules, member, title="Phlebotomy refresher", points="1.5", start=dt.date(2026, 4, 9))
    app = make_app(db_path, config=Config(export_dir=folder))
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot)
        await choose(pilot, "export-format", 1)  # CSV
        target = folder / f"{RMA_NAME}.csv"
        await wait_for(pilot, lambda: path_value(app) == str(target), "the .csv name")
        await pilot.press("ctrl+s")
        await wait_for(pilot, target.exists, "the CSV file")
        await wait_for(pilot, shows(pilot, "Wrote"), "the written path on screen")
        assert str(target) in screen_text(app).replace("\n", "").replace(" ", "")
        assert any(str(target) in message for message in notifications(app))
    assert target.read_bytes() == expected(rules, member, "RMA", "csv")
    assert sorted(p.name for p in folder.iterdir()) == [target.name]  # no temporary file left


async def test_all_credentials_write_one_file_each_and_json_one_document(db_path, rules, member, folder):
    record(rules, member, codes=("RMA", "RPT"), start=dt.date(2026, 3, 2))
    app = make_app(db_path, config=Config(export_dir=folder))
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot)
        await choose(pilot, "export-credential", 2)  # All credentials
        await wait_for(pilot, lambda: "(RPT)" in preview(app) and "(RMA)" in preview(app), "both in the preview")
        await wait_for(pilot, shows(pilot, "One file per credential"), "the two names")
        await pilot.press("ctrl+s")
        stem = "ccp-transcripts-A-778812-2026-06-15"
        rma, rpt = folder / f"{stem}-RMA.txt", folder / f"{stem}-RPT.txt"
        await wait_for(pilot, lambda: rma.exists() and rpt.exists(), "both files")

        await choose(pilot, "export-format", 2)  # JSON: every credential in one document
        await pilot.press("ctrl+s")
        document = folder / f"{stem}.json"
        await wait_for(pilot, document.exists, "the JSON document")
    assert rma.read_bytes() == expected(rules, member, "RMA", "text")
    assert rpt.read_bytes() == expected(rules, member, "RPT", "text")
    assert document.read_bytes() == expected(rules, member, None, "json")


async def test_an_existing_file_is_replaced_only_after_confirming(db_path, rules, member, folder):
    record(rules, member)
    target = folder / f"{RMA_NAME}.txt"
    target.write_text("an older transcript\n")
    app = make_app(db_path, config=Config(export_dir=folder))
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot)
        await wait_for(pilot, shows(pilot, "The file exists already"), "the warning by the field")
        await pilot.press("ctrl+s")
        await wait_for(pilot, screen_is(pilot, "ConfirmScreen"), "the question")
        assert str(target) in str(app.screen.query_one("#dialog-message").content)
        await pilot.press("n")
        await wait_for(pilot, screen_is(pilot, "ExportScreen"), "the export screen again")
        assert target.read_text() == "an older transcript\n"
        assert "Wrote" not in screen_text(app)

        await pilot.press("ctrl+s")
        await wait_for(pilot, screen_is(pilot, "ConfirmScreen"), "the question again")
        await pilot.press("y")
        await wait_for(pilot, shows(pilot, "Wrote"), "the written path")
    assert target.read_bytes() == expected(rules, member, "RMA", "text")
    assert sorted(p.name for p in folder.iterdir()) == [target.name]


async def test_a_missing_folder_is_refused_and_nothing_is_created(db_path, rules, member, tmp_path):
    missing = tmp_path / "no-such-folder"
    app = make_app(db_path, config=Config(export_dir=missing))
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot)
        await wait_for(pilot, shows(pilot, "does not exist"), "the message by the field")
        assert app.screen.query_one("#export-path").has_class("-invalid")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: any("does not exist" in m for m in notifications(app)), "the refusal")
        assert type(app.screen).__name__ == "ExportScreen"
    assert not missing.exists()


async def test_a_file_in_place_of_the_folder_is_refused_as_you_type(db_path, rules, member, folder):
    (folder / "notes.txt").write_text("not a folder\n")
    app = make_app(db_path, config=Config(export_dir=folder))
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot)
        await pilot.press("tab", "tab", "tab")
        assert focused_id(pilot) == "export-path"
        await pilot.press("ctrl+u")
        await type_text(pilot, str(folder / "notes.txt" / "transcript.txt"))
        await wait_for(pilot, shows(pilot, "is not a folder"), "the message by the field")
        await pilot.press("enter")  # Enter in the field exports, if it can
        await wait_for(pilot, lambda: any("is not a folder" in m for m in notifications(app)), "the refusal")
        await pilot.press("ctrl+u")
        await wait_for(pilot, shows(pilot, "give the file to write"), "the empty-field message")
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


async def test_a_cycle_that_cannot_be_exported_says_why_and_writes_nothing(db_path, rules, member, folder):
    app = make_app(db_path, config=Config(export_dir=folder))
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot)
        await choose(pilot, "export-credential", 1)  # RPT: its first cycle is the current one
        await choose(pilot, "export-cycle", 1)  # previous
        await wait_for(pilot, error_shown(pilot, "export-choice", "RPT has no cycle before 2025-09-01"),
                       "the cycle message")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: any("no cycle before" in m for m in notifications(app)), "the refusal")

        await choose(pilot, "export-cycle", 1)  # on a date: today's, then a wrong one
        await pilot.press("tab")
        assert focused_id(pilot) == "export-date"
        await pilot.press("ctrl+u")
        await type_text(pilot, "2026-13-01")
        await wait_for(pilot, error_shown(pilot, "export-choice", "not a real calendar date"), "the date message")
        assert app.screen.query_one("#export-date").has_class("-invalid")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: any("cycle date" in m for m in notifications(app)), "the refusal")
        await pilot.press("ctrl+u")
        await type_text(pilot, "2029-01-01")
        await wait_for(pilot, error_shown(pilot, "export-choice", "starts on 2028-09-01, after today"),
                       "the future-cycle message")
        await pilot.press("ctrl+u")
        await type_text(pilot, "2025-10-01")
        await wait_for(pilot, lambda: "(RPT)" in preview(app), "the preview of that cycle")
        await pilot.press("ctrl+s")
        target = folder / "ccp-transcript-A-778812-RPT-2025-09-01.txt"
        await wait_for(pilot, target.exists, "the file")
    assert sorted(p.name for p in folder.iterdir()) == [target.name]
    assert target.read_bytes() == expected(rules, member, "RPT", "text", cycle=dt.date(2025, 10, 1))


async def test_the_audit_packet_is_written_and_missing_evidence_is_reported(db_path, rules, member, folder, tmp_path):
    kept, lost = tmp_path / "bls-certificate.pdf", tmp_path / "lost-certificate.pdf"
    kept.write_bytes(b"%PDF kept")
    lost.write_bytes(b"%PDF lost")
    record(rules, member, title="BLS renewal", evidence=str(kept), start=dt.date(2026, 1, 5))
    record(rules, member, title="Lost certificate course", evidence=str(lost), start=dt.date(2026, 2, 5))
    lost.unlink()
    app = make_app(db_path, config=Config(export_dir=folder))
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot)
        await choose(pilot, "export-credential", 2)  # All credentials, which a packet does not take
        await choose(pilot, "export-format", 4)  # Audit packet (zip)
        assert app.screen.query_one("#export-credential").value == "RMA"
        target = folder / "ccp-audit-A-778812-RMA-2025-01-10.zip"
        await wait_for(pilot, lambda: path_value(app) == str(target), "the .zip name")
        await pilot.press("ctrl+s")
        await wait_for(pilot, target.exists, "the packet")
        await wait_for(pilot, shows(pilot, "Evidence missing"), "the missing evidence on screen")
        assert "Lost certificate course" in result(app) and "BLS renewal" not in result(app)
        assert any(n.severity == "warning" and str(target) in str(n.message) for n in notices(app))
    with zipfile.ZipFile(target) as packet:
        names = packet.namelist()
        manifest = packet.read("manifest.txt").decode("utf-8")
    assert {"transcript.txt", "transcript.csv", "manifest.txt"} <= set(names)
    assert "evidence/001-bls-certificate.pdf" in names
    assert "MISSING" in manifest and "BLS renewal" in manifest


async def test_leaving_at_once_still_writes_the_file_and_says_where(db_path, rules, member, folder):
    app = make_app(db_path, config=Config(export_dir=folder))
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot)
        await pilot.press("ctrl+s", "escape")
        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview")
        target = folder / f"{RMA_NAME}.txt"
        await wait_for(pilot, lambda: any(str(target) in m for m in notifications(app)), "the notification")
    assert target.read_bytes() == expected(rules, member, "RMA", "text")


async def test_a_file_name_the_user_typed_is_kept_when_the_choice_changes(db_path, rules, member, folder):
    app = make_app(db_path, config=Config(export_dir=folder))
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot)
        await pilot.press("tab", "tab", "tab", "ctrl+u")
        await type_text(pilot, str(folder / "for-my-employer.csv"))
        await pilot.press("shift+tab")
        assert focused_id(pilot) == "export-format"
        await pilot.press("enter", "down", "enter")  # CSV
        await pilot.press("shift+tab", "shift+tab")
        await choose(pilot, "export-credential", 1)  # RPT
        await wait_for(pilot, lambda: "(RPT)" in preview(app), "the RPT preview")
        assert path_value(app) == str(folder / "for-my-employer.csv")
        await pilot.press("ctrl+s")
        target = folder / "for-my-employer.csv"
        await wait_for(pilot, target.exists, "the file")
    assert target.read_bytes() == expected(rules, member, "RPT", "csv")


@pytest.mark.parametrize("typed, message", [
    ("9999-12-31", "cycle date: '9999-12-31' is out of range; use a year from 1900 to 9000"),
    ("0001-01-01", "cycle date: '0001-01-01' is out of range; use a year from 1900 to 9000"),
    ("２０２６-０１-０１", "cycle date: '２０２６-０１-０１' is not a date"),
])
async def test_a_cycle_date_off_the_calendar_is_refused_and_the_app_runs_on(db_path, rules, member, folder,
                                                                             typed, message):
    app = make_app(db_path, config=Config(export_dir=folder))
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot)
        await choose(pilot, "export-cycle", 2)  # on a date
        await pilot.press("tab")
        assert focused_id(pilot) == "export-date"
        await pilot.press("ctrl+u")
        await type_text(pilot, typed)
        await wait_for(pilot, error_shown(pilot, "export-choice", message), "the date message")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: any("cycle date" in m for m in notifications(app)), "the refusal")
        await pilot.press("ctrl+u")
        await type_text(pilot, "2026-01-01")
        await wait_for(pilot, lambda: "(RMA)" in preview(app), "the preview of a good date")
        assert app.is_running and type(app.screen).__name__ == "ExportScreen"
    assert list(folder.iterdir()) == []


async def test_the_database_is_refused_as_the_file_to_write(db_path, rules, member, folder):
    record(rules, member)
    before = db_path.read_bytes()
    app = make_app(db_path, config=Config(export_dir=folder))
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot)
        for name in (str(db_path), f"{db_path}-wal"):
            app.screen.query_one("#export-path").value = name
            await wait_for(pilot, shows(pilot, "is the database"), "the refusal under the field")
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda name=name: any(f"{name} is the database" in m for m in notifications(app)),
                           "the refusal")
            assert type(app.screen).__name__ == "ExportScreen"
    assert db_path.read_bytes() == before
    assert list(folder.iterdir()) == []


async def test_replacing_is_refused_when_the_file_became_the_database_meanwhile(db_path, rules, member, folder):
    """The check is made again as the file is written, after the question."""
    record(rules, member)
    target = folder / f"{RMA_NAME}.txt"
    target.write_text("an older transcript\n")
    app = make_app(db_path, config=Config(export_dir=folder))
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot)
        await pilot.press("ctrl+s")
        await wait_for(pilot, screen_is(pilot, "ConfirmScreen"), "the question")
        target.unlink()
        os.link(db_path, target)  # now a second name of the database
        before = db_path.read_bytes()
        await pilot.press("y")
        await wait_for(pilot, lambda: any(f"{target} is the database" in m for m in notifications(app)),
                       "the refusal")
        assert db_path.read_bytes() == before
    assert os.path.samefile(target, db_path)
    assert sqlite3.connect(db_path).execute("SELECT count(*) FROM activity").fetchone() == (1,)
