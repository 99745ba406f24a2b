"""print and send: a transcript to the site's print command, or e-mailed through a real SMTP server."""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

import pytest

from tests.cli.conftest import record_args
from tests.print_command import RECORDING, stand_in
from tests.smtp_server import PASSWORD, REFUSED_DOMAIN, USER, attachments, free_port, smtp_config

EPOCH = "1781000000"  # the same generation time for export and for print/send


@pytest.fixture(autouse=True)
def fixed_time_and_own_temp(monkeypatch, tmp_path):
    """A fixed generation time, and a temporary folder of our own, to see that nothing is left in it."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    return temp


@pytest.fixture
def ann_with_records(ann):
    ann.ok(*record_args(title="Infection control update", points="2"))
    ann.ok(*record_args(title="=HYPERLINK(\"http://x\")", points="1.5"))
    return ann


def site(tmp_path, monkeypatch, text: str) -> Path:
    config = tmp_path / "config.toml"
    config.write_text(text)
    monkeypatch.setenv("AMTRAX_CONFIG", str(config))
    return config


def files_in(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def exported(cli, *selection: str, fmt: str = "text") -> bytes:
    """What export writes for the same choice, to standard output."""
    return cli.ok("export", *selection, "--format", fmt, "--output", "-").out.encode("utf-8")


def one_line_failure(result) -> str:
    assert (result.code, result.out) == (1, ""), result
    assert result.err.startswith("amtrax-tui: ") and result.err.count("\n") == 1, result.err
    return result.err.strip()


# -- print ---------------------------------------------------------------------


def test_print_pipes_the_text_transcript_to_the_command_with_its_arguments(ann_with_records, tmp_path, monkeypatch,
                                                                           fixed_time_and_own_temp):
    printer = stand_in(tmp_path, RECORDING)
    site(tmp_path, monkeypatch, f'print_command = ["{printer}", "-d", "frontdesk", "-o", "media=Letter"]\n')
    before = files_in(tmp_path)
    out = ann_with_records.ok("print", "--member", "A100", "--credential", "RMA").out
    assert out == f"printed the RMA transcript of Ann Lee with {printer} (request id is frontdesk-7 (1 file(s)))\n"
    assert json.loads(Path(f"{printer}.argv").read_text()) == ["-d", "frontdesk", "-o", "media=Letter"]
    printed = Path(f"{printer}.stdin").read_bytes()
    assert printed == exported(ann_with_records, "--member", "A100", "--credential", "RMA")
    assert b"Infection control" in printed and b"Total points  3.50" in printed
    assert files_in(tmp_path) - before == {"printer.stdin", "printer.argv"}  # nothing else was written
    assert files_in(fixed_time_and_own_temp) == set()


def test_print_without_a_credential_prints_every_one_held_with_page_breaks(ann_with_records, tmp_path, monkeypatch):
    printer = stand_in(tmp_path, RECORDING)
    site(tmp_path, monkeypatch, f'print_command = ["{printer}"]\n')
    assert "the MLT, RMA transcripts of Ann Lee" in ann_with_records.ok("print", "--member", "A100").out
    printed = Path(f"{printer}.stdin").read_bytes()
    assert printed == exported(ann_with_records, "--member", "A100")
    assert printed.count(b"\f\n") == 1


def test_print_of_the_previous_cycle_or_an_unknown_member_is_refused_before_printing(ann, tmp_path, monkeypatch):
    printer = stand_in(tmp_path, RECORDING)
    site(tmp_path, monkeypatch, f'print_command = ["{printer}"]\n')
    assert ann.refused("print", "--member", "Z9") == "amtrax-tui: member: no member has AMT ID 'Z9'"
    assert ann.refused("print", "--member", "A100", "--cycle", "someday").startswith("amtrax-tui: cycle: 'someday'")
    assert not Path(f"{printer}.stdin").exists()


def test_a_command_that_fails_is_one_line_with_its_message_and_exit_1(ann, tmp_path, monkeypatch):
    printer = stand_in(tmp_path, 'sys.stdin.read()\nprint("lp: The printer or class does not exist.\\n'
                                 'second line", file=sys.stderr)\nsys.exit(1)')
    site(tmp_path, monkeypatch, f'print_command = ["{printer}"]\n')
    assert one_line_failure(ann("print", "--member", "A100")) == (
        f"amtrax-tui: the print command {printer} failed (exit status 1): lp: The printer or class does not exist.;"
        " nothing was printed")


def test_the_message_of_a_failing_command_cannot_drive_the_terminal(ann, tmp_path, monkeypatch):
    printer = stand_in(tmp_path, 'sys.stderr.write("\\x1b[2J\\x1b]52;c;aGk=\\x07gone"); sys.exit(2)')
    site(tmp_path, monkeypatch, f'print_command = ["{printer}"]\n')
    error = one_line_failure(ann("print", "--member", "A100"))
    assert "\x1b" not in error and "\x07" not in error
    assert "(exit status 2): \\x1b[2J\\x1b]52;c;aGk=\\x07gone" in error


def test_a_command_that_takes_too_long_is_stopped_with_what_it_started(ann, tmp_path, monkeypatch,
                                                                       fixed_time_and_own_temp):
    child = tmp_path / "child.pid"
    printer = stand_in(tmp_path, f'import subprocess\np = subprocess.Popen(["sleep", "60"])\n'
                                 f'Path("{child}").write_text(str(p.pid))\ntime.sleep(60)')
    site(tmp_path, monkeypatch, f'print_command = ["{printer}"]\nprint_timeout_seconds = 1\n')
    assert one_line_failure(ann("print", "--member", "A100")) == (
        f"amtrax-tui: the print command {printer} did not finish within 1 seconds and was stopped; "
        "the transcript may not have been printed")
    assert not alive(int(child.read_text()))
    assert files_in(fixed_time_and_own_temp) == set()


def alive(pid: int) -> bool:
    """Whether the process runs (a zombie waiting for its parent to notice does not)."""
    for _ in range(50):  # the kernel may take a moment to deliver the kill
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return False
        if state == "Z":
            return False
        time.sleep(0.1)
    return True


def test_a_missing_command_is_one_line(ann, tmp_path, monkeypatch):
    site(tmp_path, monkeypatch, f'print_command = ["{tmp_path / "no-such-lp"}", "-d", "x"]\n')
    assert one_line_failure(ann("print", "--member", "A100")) == (
        f"amtrax-tui: the print command {tmp_path / 'no-such-lp'} was not found; nothing was printed")


def test_a_command_that_cannot_be_run_is_one_line(ann, tmp_path, monkeypatch):
    not_executable = tmp_path / "lp"
    not_executable.write_text("#!/bin/sh\n")
    site(tmp_path, monkeypatch, f'print_command = ["{not_executable}"]\n')
    assert one_line_failure(ann("print", "--member", "A100")) == (
        f"amtrax-tui: the print command {not_executable} cannot be run (Permission denied); nothing was printed")


def test_print_without_a_print_command_says_so(ann):
    assert one_line_failure(ann("print", "--member", "A100")) == (
        "amtrax-tui: printing is not set up here: the site's config file sets no print_command")


# -- send ----------------------------------------------------------------------


def test_send_mails_the_transcript_as_the_file_export_writes(ann_with_records, tmp_path, monkeypatch, mailbox):
    site(tmp_path, monkeypatch, smtp_config(tmp_path, mailbox.port).read_text())
    out = ann_with_records.ok("send", "--member", "A100", "--credential", "RMA", "--to", "ann.lee@example.org",
                              "--format", "csv").out
    assert out == "sent the RMA transcript of Ann Lee to ann.lee@example.org\n"
    [(recipients, message)] = mailbox.received
    assert recipients == ["ann.lee@example.org"]
    assert (message["From"], message["To"]) == ("ce-records@example.org", "ann.lee@example.org")
    assert message["Subject"] == "CE transcript of Ann Lee (AMT ID A100)"
    body = message.get_body(("plain",)).get_content()
    assert "Attached: the continuing-education transcript of Ann Lee (AMT ID A100)." in body
    assert "RMA, cycle " in body and "3.50 of 30.00 points, " in body
    csv = exported(ann_with_records, "--member", "A100", "--credential", "RMA", fmt="csv")
    [(name, data)] = attachments(message).items()
    assert name.startswith("ccp-transcript-A100-RMA-") and name.endswith(".csv")
    assert data == csv and b"\r\n" in data and b"'=HYPERLINK" in data
    assert mailbox.logins == [(USER, PASSWORD)]


@pytest.mark.parametrize("fmt, ext", [("text", "txt"), ("md", "md")])
def test_send_without_a_credential_attaches_one_file_per_credential(ann_with_records, tmp_path, monkeypatch,
                                                                   mailbox, fmt, ext):
    site(tmp_path, monkeypatch, smtp_config(tmp_path, mailbox.port).read_text())
    ann_with_records.ok("send", "--member", "A100", "--to", "ann.lee@example.org", "--format", fmt)
    [message] = mailbox.messages
    files = attachments(message)
    codes = {name: name.split("-")[3] for name in files}  # ccp-transcript-A100-CODE-CYCLESTART.EXT
    assert sorted(codes.values()) == ["MLT", "RMA"]
    for name, data in files.items():
        assert name.startswith(f"ccp-transcript-A100-{codes[name]}-") and name.endswith(f".{ext}")
        assert data == exported(ann_with_records, "--member", "A100", "--credential", codes[name], fmt=fmt)


def test_send_goes_to_the_stored_address_when_no_other_is_given(ann, tmp_path, monkeypatch, mailbox):
    site(tmp_path, monkeypatch, smtp_config(tmp_path, mailbox.port).read_text())
    assert ann.refused("send", "--member", "A100") == (
        "amtrax-tui: to: Ann Lee has no e-mail address stored; give --to, or store one with member edit --email")
    ann.ok("member", "edit", "--amt-id", "A100", "--email", "ann@example.org")
    assert ann.ok("send", "--member", "A100", "--credential", "MLT").out == (
        "sent the MLT transcript of Ann Lee to ann@example.org\n")
    assert [recipients for recipients, _ in mailbox.received] == [["ann@example.org"]]


@pytest.mark.parametrize("to", ["ann", "ann@example.org, boss@example.org", "ann@example.org\r\nBcc: x@example.org"])
def test_send_refuses_a_recipient_that_is_not_one_address(ann, tmp_path, monkeypatch, mailbox, to):
    site(tmp_path, monkeypatch, smtp_config(tmp_path, mailbox.port).read_text())
    assert ann.refused("send", "--member", "A100", "--to", to).startswith("amtrax-tui: to: ")
    assert mailbox.received == []


def test_a_refused_login_is_one_line_that_never_shows_the_password(ann, tmp_path, monkeypatch, mailbox):
    site(tmp_path, monkeypatch, smtp_config(tmp_path, mailbox.port, password="wrong-Pa55word").read_text())
    result = ann("send", "--member", "A100", "--to", "ann@example.org")
    assert one_line_failure(result) == (
        f"amtrax-tui: the mail server 127.0.0.1:{mailbox.port} refused the login of {USER} (check user and the "
        "password in smtp.password_file or smtp.password_env); nothing was sent")
    assert "wrong-Pa55word" not in result.err + result.out
    # (smtplib tries each mechanism the server offers)
    assert set(mailbox.logins) == {(USER, "wrong-Pa55word")} and mailbox.received == []


def test_a_server_that_is_down_is_one_line(ann, tmp_path, monkeypatch):
    port = free_port()
    site(tmp_path, monkeypatch, smtp_config(tmp_path, port).read_text())
    assert one_line_failure(ann("send", "--member", "A100", "--to", "ann@example.org")) == (
        f"amtrax-tui: cannot reach the mail server 127.0.0.1:{port}: Connection refused; nothing was sent")


def test_a_refused_recipient_is_one_line(ann, tmp_path, monkeypatch, mailbox):
    site(tmp_path, monkeypatch, smtp_config(tmp_path, mailbox.port).read_text())
    assert one_line_failure(ann("send", "--member", "A100", "--to", f"ann@{REFUSED_DOMAIN}")) == (
        f"amtrax-tui: the mail server 127.0.0.1:{mailbox.port} refused the recipient ann@{REFUSED_DOMAIN}; "
        "nothing was sent")
    assert mailbox.received == []


def test_send_without_smtp_settings_says_so(ann):
    assert one_line_failure(ann("send", "--member", "A100", "--to", "ann@example.org")) == (
        "amtrax-tui: e-mail is not set up here: the site's config file has no [smtp] table; nothing was sent")


def test_the_password_may_come_from_a_variable_which_must_be_set(ann, tmp_path, monkeypatch, mailbox):
    text = smtp_config(tmp_path, mailbox.port).read_text().replace(
        f'password_file = "{tmp_path / "smtp-password"}"', 'password_env = "AMTRAX_SMTP_PASSWORD"')
    site(tmp_path, monkeypatch, text)
    monkeypatch.delenv("AMTRAX_SMTP_PASSWORD", raising=False)
    assert one_line_failure(ann("send", "--member", "A100", "--to", "ann@example.org")) == (
        "amtrax-tui: the SMTP password variable AMTRAX_SMTP_PASSWORD is not set; nothing was sent")
    monkeypatch.setenv("AMTRAX_SMTP_PASSWORD", PASSWORD)
    ann.ok("send", "--member", "A100", "--to", "ann@example.org")
    assert len(mailbox.received) == 1


def test_an_unreadable_password_file_is_one_line(ann, tmp_path, monkeypatch, mailbox):
    site(tmp_path, monkeypatch, smtp_config(tmp_path, mailbox.port).read_text())
    os.unlink(tmp_path / "smtp-password")
    assert one_line_failure(ann("send", "--member", "A100", "--to", "ann@example.org")) == (
        f"amtrax-tui: the SMTP password file {tmp_path / 'smtp-password'} cannot be read (No such file or "
        "directory); nothing was sent")
    assert mailbox.received == []


def test_a_stored_name_with_control_characters_reaches_the_message_inert(ann, tmp_path, monkeypatch, mailbox):
    from amtrax_tui.store.db import open_database
    from amtrax_tui.store.models import Member

    database = open_database(ann.target)
    Member.update(name="Ann\x1b[2J\r\nBcc: all@example.org").where(Member.amt_id == "A100").execute()
    database.close()
    site(tmp_path, monkeypatch, smtp_config(tmp_path, mailbox.port).read_text())
    ann.ok("send", "--member", "A100", "--credential", "RMA", "--to", "ann@example.org")
    [(recipients, message)] = mailbox.received
    assert recipients == ["ann@example.org"] and message["Bcc"] is None
    assert message["Subject"] == "CE transcript of Ann\\x1b[2J\\x0d\\x0aBcc: all@example.org (AMT ID A100)"
    assert "\x1b" not in message.get_body(("plain",)).get_content()


@pytest.mark.parametrize("security, said", [
    ("starttls", "STARTTLS extension not supported by server; nothing was sent"),
    ("tls", "TLS with the mail server"),
])
def test_a_server_without_the_security_asked_for_gets_nothing_in_the_clear(ann, tmp_path, monkeypatch, mailbox,
                                                                           security, said):
    text = smtp_config(tmp_path, mailbox.port).read_text().replace('security = "none"', f'security = "{security}"')
    site(tmp_path, monkeypatch, text)
    error = one_line_failure(ann("send", "--member", "A100", "--to", "ann@example.org"))
    assert said in error and error.endswith("; nothing was sent")
    assert mailbox.logins == [] and mailbox.received == []
