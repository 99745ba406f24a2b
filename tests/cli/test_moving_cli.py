"""Moving between machines from a shell: export at home, import at the kiosk (where
the evidence files are not), the audit packet there; and calendar reminders."""

import hashlib
import zipfile

import pytest
from icalendar import Calendar

from .conftest import Cli, days_ago


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def add_dana(cli: Cli) -> None:
    cli.ok("member", "add", "--name", "Dana Ortiz", "--amt-id", "998877")
    cli.ok("cert", "add", "--member", "998877", "--credential", "RMA", "--certified-on", days_ago(400))


@pytest.fixture
def exported(tmp_path, capsys):
    """Dana's RMA CSV made at home, with a certificate file and one activity entered in
    AMTrax; the home folder is then gone, as it is on another machine."""
    home = Cli(str(tmp_path / "home.db"), capsys)
    add_dana(home)
    certificate = tmp_path / "home" / "bls card.pdf"
    certificate.parent.mkdir()
    certificate.write_bytes(b"%PDF BLS card")
    for title, days, evidence in (("BLS renewal", 30, str(certificate)), ("Grand rounds", 20, "CERT-7781")):
        home.ok("record", "--member", "998877", "--credential", "RMA", "--category", "professional-education",
                "--title", title, "--points", "1.5", "--start", days_ago(days), "--evidence", evidence, "--attest")
    home.ok("mark-entered", "--activity", "2", "--on", days_ago(10))
    csv = tmp_path / "dana.csv"
    home.ok("export", "--member", "998877", "--credential", "RMA", "--format", "csv", "--output", str(csv))
    certificate.unlink()
    certificate.parent.rmdir()
    return csv


@pytest.fixture
def kiosk(cli) -> Cli:
    add_dana(cli)
    return cli


def test_an_export_from_another_machine_is_imported_with_a_warning_naming_the_row(kiosk, exported, tmp_path):
    r = kiosk("import", "--member", "998877", "--credential", "RMA", "--attest", str(exported))
    assert (r.code, r.out) == (0, "imported 2 activities into RMA for Dana Ortiz\n")
    assert r.err == f"amtrax-tui: warning: {exported}:2: evidence: not on this machine; kept as a reference\n"
    bls, rounds = kiosk.ok("activities", "--member", "998877", "--json").json()
    assert (bls["evidence"], bls["evidence_sha256"]) == (str(tmp_path / "home" / "bls card.pdf"), sha(b"%PDF BLS card"))
    assert (bls["entered_in_amtrax"], rounds["entered_in_amtrax"]) == (None, days_ago(10))


def test_a_dry_run_gives_the_same_warning_and_imports_nothing(kiosk, exported):
    r = kiosk("import", "--member", "998877", "--credential", "RMA", "--attest", "--dry-run", str(exported))
    assert r.code == 0 and "can be imported" in r.out
    assert r.err.endswith(":2: evidence: not on this machine; kept as a reference\n")
    assert kiosk.ok("activities", "--member", "998877", "--json").json() == []


def test_the_audit_packet_made_there_says_the_file_is_not_on_this_machine(kiosk, exported, tmp_path):
    kiosk("import", "--member", "998877", "--credential", "RMA", "--attest", str(exported))
    packet = tmp_path / "audit.zip"
    r = kiosk("audit-packet", "--member", "998877", "--credential", "RMA", "--output", str(packet))
    assert r.code == 3
    assert "is not on this machine (an import kept it as a reference); make the packet where the file is" in r.err
    manifest = zipfile.ZipFile(packet).read("manifest.txt").decode()
    block = manifest[manifest.index("1.    "):manifest.index("2.    ")]
    assert "State     ELSEWHERE" in block and "Not read  not on this machine" in block
    assert f"Recorded  {sha(b'%PDF BLS card')}" in block and "Now       none" in block
    assert "2 activities: 1 elsewhere, 1 certificate" in manifest


def test_a_file_here_that_differs_from_the_export_is_recorded_with_a_warning(kiosk, exported, tmp_path):
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "bls card.pdf").write_bytes(b"%PDF another card")
    r = kiosk("import", "--member", "998877", "--credential", "RMA", "--attest", str(exported))
    assert r.code == 0
    assert r.err.startswith(f"amtrax-tui: warning: {exported}:2: evidence: the file here differs from the one exported")
    assert kiosk.ok("activities", "--member", "998877", "--json").json()[0]["evidence_sha256"] == sha(
        b"%PDF another card")


def test_a_row_with_a_malformed_sum_is_refused_and_nothing_imported(kiosk, tmp_path):
    rows = tmp_path / "rows.csv"
    rows.write_text(f"start_date,category,title,points,evidence,evidence_sha256\n"
                    f"{days_ago(3)},authorship,Article,1,/elsewhere/a.pdf,12345\n")
    before = kiosk.ok("activities", "--member", "998877", "--json").json()
    r = kiosk("import", "--member", "998877", "--credential", "RMA", "--attest", str(rows))
    assert r.code == 2
    assert f"{rows}:2: evidence_sha256: must be a SHA-256: 64 hexadecimal digits" in r.err
    assert kiosk.ok("activities", "--member", "998877", "--json").json() == before


def test_calendar_writes_the_reminders_and_keeps_an_existing_file(kiosk, tmp_path):
    kiosk.ok("record", "--member", "998877", "--credential", "RMA", "--category", "professional-education",
             "--title", "Course", "--points", "3", "--start", days_ago(3), "--attest")
    target = tmp_path / "dana.ics"
    assert kiosk.ok("calendar", "--member", "998877", "--output", str(target)).out == f"wrote {target}\n"
    uids = sorted(str(e["uid"]) for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
    assert [uid.split("-")[0] for uid in uids] == ["cycle", "dues", "projection"]
    first = target.read_bytes()
    r = kiosk("calendar", "--member", "998877", "--output", str(target))
    assert (r.code, r.err) == (2, f"amtrax-tui: output: {target} already exists; add --force to replace it\n")
    assert target.read_bytes() == first
    assert kiosk("calendar", "--member", "998877", "--output", str(target), "--force").code == 0


@pytest.mark.parametrize("args, message", [
    (["--member", "nobody"], "member: no member has AMT ID 'nobody'"),
    (["--member", "998877", "--credential", "MLT"], "credential: the member does not hold MLT"),
])
def test_calendar_refuses_what_it_cannot_write(kiosk, tmp_path, args, message):
    target = tmp_path / "x.ics"
    assert message in kiosk.refused("calendar", *args, "--output", str(target))
    assert not target.exists()


def test_calendar_for_a_member_without_credentials_is_refused(cli, tmp_path):
    cli.ok("member", "add", "--name", "Lee Park", "--amt-id", "L-1")
    assert cli.refused("calendar", "--member", "L-1", "--output", str(tmp_path / "x.ics")) == (
        "amtrax-tui: credential: Lee Park holds no credentials yet")
