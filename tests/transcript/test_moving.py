"""Moving records between machines: an export imported where its evidence files are
not, the audit packet made there, and the AMTrax entry dates carried along."""

import dataclasses
import datetime as dt
import hashlib
from decimal import Decimal

import pytest

from amtrax_tui.ccp import Draft, load_rules
from amtrax_tui.store import activities, members
from amtrax_tui.store.db import open_database
from amtrax_tui.store.imports import NOT_HERE, ImportRow, RowsRefused, record_all
from amtrax_tui.store.records import Invalid
from amtrax_tui.transcript import read_csv, render_csv, transcripts, write_audit_packet
from amtrax_tui.transcript.csvfile import Unreadable

RULES = load_rules()
TODAY = dt.date.today()
NOW = dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
ACTOR = "test"


def day(days_ago: int) -> dt.date:
    return TODAY - dt.timedelta(days=days_ago)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def add_dana():
    dana = members.add_member("Dana Ortiz", "998877", ACTOR)
    members.add_credential(RULES, dana.id, "RMA", day(400), None, TODAY, ACTOR)
    return dana


def draft(title: str, days_ago: int, evidence: str = "") -> Draft:
    return Draft(category="professional-education", title=title, points=Decimal("1.5"), start=day(days_ago),
                 end=day(days_ago), evidence=evidence, attested=True)


@pytest.fixture
def exported(tmp_path) -> bytes:
    """Dana's RMA transcript as CSV, made on a machine that had her certificate; one
    activity entered in AMTrax. The certificate is gone afterwards: this is another machine."""
    home = open_database(str(tmp_path / "home.db"))
    dana = add_dana()
    certificate = tmp_path / "home" / "bls.pdf"
    certificate.parent.mkdir()
    certificate.write_bytes(b"%PDF BLS card")
    first = activities.record(RULES, dana.id, ["RMA"], draft("BLS renewal", 30, str(certificate)), TODAY, ACTOR)
    activities.record(RULES, dana.id, ["RMA"], draft("Grand rounds", 20, "CERT-7781"), TODAY, ACTOR)
    activities.mark_entered(first, day(25), TODAY, ACTOR)
    [transcript] = transcripts(RULES, dana, "RMA", "current", TODAY, NOW)
    home.close()
    certificate.unlink()
    certificate.parent.rmdir()
    return render_csv(transcript).encode("utf-8")


@pytest.fixture
def kiosk(tmp_path):
    opened = open_database(str(tmp_path / "kiosk.db"))
    yield add_dana()
    opened.close()


def test_evidence_not_on_this_machine_is_kept_as_a_reference_with_its_recorded_sum(exported, kiosk, tmp_path):
    rows = read_csv(exported, RULES, TODAY)
    imported = record_all(RULES, kiosk.id, "RMA", rows, TODAY, ACTOR)
    assert imported.count == 2
    assert [(line, str(warning)) for line, warning in imported.warnings] == [(2, f"evidence: {NOT_HERE}")]
    bls, rounds = activities.list_activities(kiosk.id)
    assert (bls.evidence, bls.evidence_sha256, bls.evidence_elsewhere) == (
        str(tmp_path / "home" / "bls.pdf"), sha(b"%PDF BLS card"), True)
    assert (rounds.evidence, rounds.evidence_sha256, rounds.evidence_elsewhere) == ("CERT-7781", None, False)


def test_the_audit_packet_says_the_file_is_not_on_this_machine(exported, kiosk, tmp_path):
    record_all(RULES, kiosk.id, "RMA", read_csv(exported, RULES, TODAY), TODAY, ACTOR)
    [transcript] = transcripts(RULES, kiosk, "RMA", "current", TODAY, NOW)
    packet = write_audit_packet(transcript, tmp_path / "audit.zip")
    assert [(c.state, c.reason) for c in packet.checks] == [("elsewhere", "not on this machine"), ("certificate", "")]
    assert packet.problems == [packet.checks[0]]
    assert packet.checks[0].copy is None


def test_a_file_recorded_here_that_went_missing_is_still_missing(kiosk, tmp_path):
    proof = tmp_path / "proof.pdf"
    proof.write_bytes(b"%PDF")
    activities.record(RULES, kiosk.id, ["RMA"], draft("Here", 10, str(proof)), TODAY, ACTOR)
    proof.unlink()
    [transcript] = transcripts(RULES, kiosk, "RMA", "current", TODAY, NOW)
    [check] = write_audit_packet(transcript, tmp_path / "audit.zip").checks
    assert check.state == "missing"


def test_once_the_file_is_copied_to_the_same_path_the_packet_checks_it(exported, kiosk, tmp_path):
    record_all(RULES, kiosk.id, "RMA", read_csv(exported, RULES, TODAY), TODAY, ACTOR)
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "bls.pdf").write_bytes(b"%PDF BLS card")
    [transcript] = transcripts(RULES, kiosk, "RMA", "current", TODAY, NOW)
    assert write_audit_packet(transcript, tmp_path / "audit.zip").checks[0].state == "ok"


def test_a_file_that_is_here_is_hashed_here_and_a_difference_is_a_warning(exported, kiosk, tmp_path):
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "bls.pdf").write_bytes(b"%PDF a different card")
    imported = record_all(RULES, kiosk.id, "RMA", read_csv(exported, RULES, TODAY), TODAY, ACTOR)
    [(line, warning)] = imported.warnings
    assert line == 2 and warning.field == "evidence"
    assert warning.message == (f"the file here differs from the one exported (SHA-256 {sha(b'%PDF BLS card')} there, "
                               f"{sha(b'%PDF a different card')} here); the file here is recorded")
    bls = activities.list_activities(kiosk.id)[0]
    assert (bls.evidence_sha256, bls.evidence_elsewhere) == (sha(b"%PDF a different card"), False)


def test_a_file_that_is_here_and_the_same_needs_no_warning(exported, kiosk, tmp_path):
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "bls.pdf").write_bytes(b"%PDF BLS card")
    assert record_all(RULES, kiosk.id, "RMA", read_csv(exported, RULES, TODAY), TODAY, ACTOR).warnings == ()


def test_a_path_that_is_here_but_breaks_a_rule_is_still_refused(kiosk, tmp_path):
    row = ImportRow(2, draft("Device", 10, "/dev/null"), sha(b"x"))
    with pytest.raises(RowsRefused) as caught:
        record_all(RULES, kiosk.id, "RMA", [row], TODAY, ACTOR)
    assert [str(e) for _, e in caught.value.problems] == ["evidence: is a device, not a regular file"]


def test_a_dry_run_warns_and_writes_nothing(exported, kiosk):
    imported = record_all(RULES, kiosk.id, "RMA", read_csv(exported, RULES, TODAY), TODAY, ACTOR, dry_run=True)
    assert len(imported.warnings) == 1
    assert activities.list_activities(kiosk.id) == []


def test_an_edit_keeps_the_reference_while_it_is_unchanged(exported, kiosk):
    record_all(RULES, kiosk.id, "RMA", read_csv(exported, RULES, TODAY), TODAY, ACTOR)
    bls = activities.list_activities(kiosk.id)[0]
    activities.edit(RULES, bls.id, ["RMA"], dataclasses.replace(bls.draft(), title="BLS renewal, 2 years"),
                    TODAY, ACTOR)
    edited = activities.get_activity(bls.id)
    assert (edited.title, edited.evidence, edited.evidence_sha256, edited.evidence_elsewhere) == (
        "BLS renewal, 2 years", bls.evidence, bls.evidence_sha256, True)
    with pytest.raises(Invalid, match="evidence: no such file"):
        activities.edit(RULES, bls.id, ["RMA"], dataclasses.replace(bls.draft(), evidence=bls.evidence + ".old"),
                        TODAY, ACTOR)


def test_the_date_entered_in_amtrax_goes_out_and_comes_back(exported, kiosk):
    record_all(RULES, kiosk.id, "RMA", read_csv(exported, RULES, TODAY), TODAY, ACTOR)
    assert [a.entered_in_amtrax for a in activities.list_activities(kiosk.id)] == [day(25), None]
    [again] = transcripts(RULES, kiosk, "RMA", "current", TODAY, NOW)
    rows = read_csv(render_csv(again).encode("utf-8"), RULES, TODAY)
    assert [row.entered_in_amtrax for row in rows] == [day(25), None]


def test_an_entry_date_after_today_or_before_the_activity_ends_refuses_the_row(kiosk):
    rows = [ImportRow(2, draft("Future", 10), entered_in_amtrax=TODAY + dt.timedelta(days=1)),
            ImportRow(3, draft("Early", 10), entered_in_amtrax=day(11))]
    with pytest.raises(RowsRefused) as caught:
        record_all(RULES, kiosk.id, "RMA", rows, TODAY, ACTOR)
    assert [(line, str(e)) for line, e in caught.value.problems] == [
        (2, f"entered_in_amtrax: must not be after today ({TODAY.isoformat()})"),
        (3, f"entered_in_amtrax: must not be before the activity ends ({day(10).isoformat()})"),
    ]
    assert activities.list_activities(kiosk.id) == []


@pytest.mark.parametrize("column, cell, message", [
    ("evidence_sha256", "not-a-sum", "evidence_sha256: must be a SHA-256: 64 hexadecimal digits"),
    ("evidence_sha256", "ab" * 31, "evidence_sha256: must be a SHA-256: 64 hexadecimal digits"),
    ("entered_in_amtrax", "Dec 31", "entered_in_amtrax: 'Dec 31' is not a date; use YYYY-MM-DD or MM/DD/YYYY"),
])
def test_a_malformed_sum_or_entry_date_is_refused_naming_the_column(column, cell, message):
    data = (f"start_date,category,title,points,evidence,{column}\r\n"
            f"2024-03-04,professional-education,T,1,/x.pdf,{cell}\r\n")
    with pytest.raises(Unreadable) as caught:
        read_csv(data.encode(), RULES, TODAY)
    assert [(e.line, str(e.error)) for e in caught.value.errors] == [(2, message)]
