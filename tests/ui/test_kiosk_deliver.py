"""Print and E-mail at a kiosk (80x24, keyboard): a member gets only their own transcript,
only on the site's printer or at their own stored address."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from textual.widgets import Input

from amtrax_tui.config import Config, Smtp
from amtrax_tui.store import auth, members
from amtrax_tui.transcript import generation_time, render, transcripts
from tests.print_command import stand_in
from tests.smtp_server import PASSWORD, USER, attachments, free_port
from tests.ui.conftest import SIZE, TODAY, make_app, notices, record, screen_is, screen_text, shows, type_text, wait_for

EPOCH = "1781000000"


@pytest.fixture(autouse=True)
def fixed_generation_time(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture
def site(db_path, rules, member):
    """Dana (PIN 2468, dana@example.org, one activity) and Sam (PIN 1357, sam@example.org, a private seminar)."""
    members.edit_member(member.amt_id, "test", email="dana@example.org")
    record(rules, member, title="Dana's Seminar")
    sam = members.add_member("Sam Okafor", "B-4410", "test", email="sam@example.org")
    members.add_credential(rules, sam.id, "MLT", dt.date(2024, 2, 1), None, TODAY, "test")
    record(rules, sam, title="Sam's Private Seminar", codes=("MLT",))
    auth.set_member_pin(member.amt_id, "2468", "test")
    auth.set_member_pin(sam.amt_id, "1357", "test")
    return {"dana": members.find_member(member.amt_id), "sam": members.find_member(sam.amt_id)}


def smtp(tmp_path, port: int) -> Smtp:
    secret = tmp_path / "smtp-password"
    secret.write_text(PASSWORD + "\n")
    return Smtp(host="127.0.0.1", port=port, security="none", sender="ce-records@example.org", user=USER,
                password_file=secret)


def kiosk(db_path, tmp_path, **settings):
    folder = tmp_path / "exports"
    folder.mkdir(exist_ok=True)
    return make_app(db_path, config=Config(kiosk=True, export_dir=folder, **settings))


def expected(rules, member, code: str, fmt: str) -> bytes:
    """What `export` writes for the member's current cycle of `code`."""
    return render(transcripts(rules, member, code, "current", TODAY, generation_time()), fmt).encode("utf-8")


async def open_export(pilot, login: str, pin: str):
    await wait_for(pilot, screen_is(pilot, "SignInScreen"), "the sign-in screen")
    pilot.app.screen.query_one("#login").focus()
    await type_text(pilot, login)
    await pilot.press("enter")
    await type_text(pilot, pin)
    await pilot.press("enter")
    await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview")
    await wait_for(pilot, lambda: pilot.app.snapshot is not None, "the member's data")
    await pilot.press("e")
    await wait_for(pilot, screen_is(pilot, "ExportScreen"), "the export screen")
    await wait_for(pilot, lambda: pilot.app.screen.found, "the preview")


def titled(app, title: str) -> list[str]:
    return [n.message for n in notices(app) if n.title == title]


async def test_a_member_prints_their_own_transcript_and_only_theirs(db_path, tmp_path, rules, site):
    printer = stand_in(tmp_path)
    app = kiosk(db_path, tmp_path, print_command=(str(printer), "-d", "frontdesk"))
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot, "A-778812", "2468")
        assert "^t Print" in screen_text(app) and "Print  Ctrl+T" in screen_text(app)
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: titled(app, "Printed"), "the printed notice")
        assert titled(app, "Printed") == [("The RMA transcript went to the printer.\n"
                                            "request id is frontdesk-7 (1 file(s))")]
    printed = Path(f"{printer}.stdin").read_bytes()
    assert printed == expected(rules, site["dana"], "RMA", "text")
    assert b"Dana's Seminar" in printed and b"Sam" not in printed
    assert json.loads(Path(f"{printer}.argv").read_text()) == ["-d", "frontdesk"]
    assert not [p for p in (tmp_path / "exports").rglob("*") if not p.is_dir()]  # printing writes no file


async def test_the_next_member_prints_their_own(db_path, tmp_path, rules, site):
    printer = stand_in(tmp_path)
    app = kiosk(db_path, tmp_path, print_command=(str(printer),))
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot, "A-778812", "2468")
        await pilot.press("ctrl+o")
        await open_export(pilot, "B-4410", "1357")
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: titled(app, "Printed"), "the printed notice")
    printed = Path(f"{printer}.stdin").read_bytes()
    assert printed == expected(rules, site["sam"], "MLT", "text") and b"Dana" not in printed


async def test_a_failing_printer_is_a_notice_and_the_kiosk_carries_on(db_path, tmp_path, site):
    printer = stand_in(tmp_path, 'sys.stdin.read()\nprint("lp: printer frontdesk is offline", file=sys.stderr)\n'
                                 'sys.exit(1)')
    app = kiosk(db_path, tmp_path, print_command=(str(printer),))
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot, "A-778812", "2468")
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: titled(app, "Not printed"), "the failure notice")
        assert titled(app, "Not printed") == [(f"The print command {printer} failed (exit status 1): "
                                                "lp: printer frontdesk is offline; nothing was printed")]
        assert not app.screen.query_one("#export-print").disabled  # it may be tried again
        assert type(app.screen).__name__ == "ExportScreen"


async def test_a_member_emails_their_transcript_to_their_own_address_only(db_path, tmp_path, rules, site, mailbox):
    app = kiosk(db_path, tmp_path, smtp=smtp(tmp_path, mailbox.port))
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot, "A-778812", "2468")
        # The only fields are the cycle date and the file name: no address can be typed.
        assert [i.id for i in app.screen.query(Input)] == ["export-date", "export-path"]
        path = app.screen.query_one("#export-path")
        path.focus()
        path.value = ""
        await type_text(pilot, "sam@example.org")  # typed where a name goes, it is only a file name
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: titled(app, "Sent"), "the sent notice")
        assert titled(app, "Sent") == ["The RMA transcript was e-mailed to dana@example.org."]
    [(recipients, message)] = mailbox.received
    assert recipients == ["dana@example.org"] and message["To"] == "dana@example.org"
    [(name, data)] = attachments(message).items()
    assert name == "ccp-transcript-A-778812-RMA-2025-01-10.txt"
    assert data == expected(rules, site["dana"], "RMA", "text") and b"Sam" not in data


async def test_without_a_stored_address_the_member_is_told_to_ask_staff(db_path, tmp_path, site, mailbox):
    members.edit_member("A-778812", "test", email="")
    app = kiosk(db_path, tmp_path, smtp=smtp(tmp_path, mailbox.port))
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot, "A-778812", "2468")
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: titled(app, "Not sent"), "the refusal")
        assert titled(app, "Not sent") == ["No e-mail address is stored for you: ask staff to add one"]
    assert mailbox.received == []


async def test_a_mail_server_that_is_down_is_a_notice(db_path, tmp_path, site):
    port = free_port()
    app = kiosk(db_path, tmp_path, smtp=smtp(tmp_path, port))
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot, "A-778812", "2468")
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: titled(app, "Not sent"), "the failure notice")
        assert titled(app, "Not sent") == [(f"Cannot reach the mail server 127.0.0.1:{port}: Connection refused; "
                                             "nothing was sent")]


async def test_email_attaches_only_text_csv_or_markdown(db_path, tmp_path, site, mailbox):
    app = kiosk(db_path, tmp_path, smtp=smtp(tmp_path, mailbox.port))
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot, "A-778812", "2468")
        app.screen.query_one("#export-format").focus()
        await pilot.press("enter", "down", "down", "enter")  # JSON
        await wait_for(pilot, shows(pilot, "data for other programs"), "the JSON choice")
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: titled(app, "Not sent"), "the refusal")
        assert titled(app, "Not sent") == ["E-mail attaches text, CSV or Markdown: choose one of them as the format."]
    assert mailbox.received == []


async def test_where_nothing_is_set_up_print_and_email_are_not_offered(db_path, tmp_path, site):
    app = kiosk(db_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot, "A-778812", "2468")
        text = screen_text(app)
        assert "Print" not in text and "E-mail" not in text
        await pilot.press("ctrl+t", "ctrl+l")
        await pilot.pause()
        assert not titled(app, "Not printed") and not titled(app, "Not sent")


async def test_at_ones_own_terminal_email_points_to_edit_member_then_sends_every_credential(db_path, tmp_path, rules,
                                                                                            member, mailbox):
    app = make_app(db_path, config=Config(smtp=smtp(tmp_path, mailbox.port)))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview")
        await pilot.press("e")
        await wait_for(pilot, lambda: getattr(app.screen, "found", None), "the preview")
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: titled(app, "Not sent"), "the refusal")
        assert titled(app, "Not sent") == [("No e-mail address is stored for Dana Whitfield: add one with "
                                             "Edit member (Ctrl+P)")]
        members.edit_member(member.amt_id, "test", email="dana@example.org")
        app.screen.query_one("#export-credential").focus()
        await pilot.press("enter", "down", "down", "enter")  # RMA, RPT, All credentials
        await wait_for(pilot, lambda: len(app.screen.found) == 2, "both transcripts")
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: titled(app, "Sent"), "the sent notice")
        assert titled(app, "Sent") == ["The RMA, RPT transcripts were e-mailed to dana@example.org."]
    [message] = mailbox.messages
    assert sorted(attachments(message)) == ["ccp-transcript-A-778812-RMA-2025-01-10.txt",
                                            "ccp-transcript-A-778812-RPT-2025-09-01.txt"]
