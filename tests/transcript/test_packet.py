import datetime as dt
import hashlib
import zipfile

import pytest

from amtrax_tui.transcript import DestinationExists, render_csv, render_text, write_audit_packet
from amtrax_tui.transcript.packet import EvidenceCheck, render_manifest


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def evidence(tmp_path, make_transcript, activity):
    """A transcript whose evidence is fine, changed, missing, a certificate number, none,
    and one file cited twice."""
    folder = tmp_path / "evidence"
    folder.mkdir()
    good = folder / "bls-card.pdf"
    good.write_bytes(b"%PDF BLS card")
    changed = folder / "course certificate.pdf"
    changed.write_bytes(b"%PDF edited later")
    missing = folder / "lost.pdf"
    day = dt.date(2024, 1, 1)
    activities = [
        activity(1, day, "professional-education", "BLS renewal", "2", evidence=str(good), sha=sha(b"%PDF BLS card")),
        activity(2, day + dt.timedelta(days=1), "professional-education", "Lab safety", "3",
                 evidence=str(changed), sha=sha(b"%PDF as recorded")),
        activity(3, day + dt.timedelta(days=2), "authorship", "Article", "4", evidence=str(missing), sha=sha(b"x")),
        activity(4, day + dt.timedelta(days=3), "formal-education", "Chemistry", "5", evidence="CERT-1234"),
        activity(5, day + dt.timedelta(days=4), "organizational-participation", "Committee", "1"),
        activity(6, day + dt.timedelta(days=5), "professional-education", "BLS practical", "1",
                 evidence=str(good), sha=sha(b"%PDF BLS card")),
    ]
    return make_transcript(activities=activities)


def test_the_packet_holds_the_transcripts_the_evidence_and_the_manifest(tmp_path, evidence):
    packet = write_audit_packet(evidence, tmp_path / "audit.zip")
    assert packet.path == tmp_path / "audit.zip"
    with zipfile.ZipFile(packet.path) as archive:
        assert archive.namelist() == ["transcript.txt", "transcript.csv", "evidence/001-bls-card.pdf",
                                      "evidence/002-course certificate.pdf", "manifest.txt"]
        assert archive.read("transcript.txt").decode() == render_text(evidence)
        assert archive.read("transcript.csv").decode() == render_csv(evidence)
        assert archive.read("evidence/001-bls-card.pdf") == b"%PDF BLS card"
        assert archive.read("evidence/002-course certificate.pdf") == b"%PDF edited later"
        manifest = archive.read("manifest.txt").decode()
    assert manifest == render_manifest(evidence, list(packet.checks))


def test_each_activity_gets_the_state_of_its_evidence(tmp_path, evidence):
    packet = write_audit_packet(evidence, tmp_path / "audit.zip")
    assert [c.state for c in packet.checks] == ["ok", "changed", "missing", "certificate", "none", "ok"]
    assert [c.activity.id for c in packet.problems] == [2, 3]
    assert [c.activity.id for c in packet.without_evidence] == [5]
    assert packet.checks[1].sha256_now == sha(b"%PDF edited later")
    assert packet.checks[2].reason == "No such file or directory"
    assert packet.checks[5].copy == "evidence/001-bls-card.pdf"  # one copy for both activities


def test_the_manifest_sets_the_recorded_sum_beside_the_sum_now(tmp_path, evidence):
    packet = write_audit_packet(evidence, tmp_path / "audit.zip")
    manifest = render_manifest(evidence, list(packet.checks))
    block = manifest[manifest.index("2.    2024-01-02"):manifest.index("3.    2024-01-03")]
    assert "State     CHANGED" in block
    assert f"Recorded  {sha(b'%PDF as recorded')}" in block
    assert f"Now       {sha(b'%PDF edited later')}" in block
    block = manifest[manifest.index("3.    2024-01-03"):]
    assert "State     MISSING" in block and "Not read  No such file or directory" in block
    assert "Now       none" in block
    assert "6 activities: 2 ok, 1 changed, 1 missing, 1 certificate, 1 none" in manifest
    assert max(len(line) for line in manifest.splitlines()) <= 80


def test_the_manifest_matches_the_golden_file(transcript, golden):
    a = transcript.activities
    checks = [
        EvidenceCheck(1, a[0], "ok", a[0].evidence_sha256, "evidence/001-phlebotomy.pdf"),
        EvidenceCheck(2, a[1], "certificate"),
        EvidenceCheck(3, a[2], "none"),
        EvidenceCheck(4, a[3], "none"),
        EvidenceCheck(5, a[4], "changed", "0" * 64, "evidence/005-article.pdf"),
    ]
    golden("manifest.txt", render_manifest(transcript, checks))


def test_the_same_records_and_files_give_the_same_zip(tmp_path, evidence):
    first = write_audit_packet(evidence, tmp_path / "one.zip").path.read_bytes()
    second = write_audit_packet(evidence, tmp_path / "two.zip").path.read_bytes()
    assert first == second


def test_an_existing_packet_is_not_replaced_without_force(tmp_path, evidence):
    target = tmp_path / "audit.zip"
    target.write_bytes(b"earlier packet")
    with pytest.raises(DestinationExists):
        write_audit_packet(evidence, target)
    assert target.read_bytes() == b"earlier packet"
    write_audit_packet(evidence, target, force=True)
    assert zipfile.is_zipfile(target)
