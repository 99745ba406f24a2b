import datetime as dt
import hashlib
import os
import zipfile
from pathlib import Path

import pytest

from amtrax_tui.ccp.progress import UNVERIFIED
from amtrax_tui.store.evidence import EvidenceRules
from amtrax_tui.transcript import DestinationExists, render_csv, render_text, write_audit_packet
from amtrax_tui.transcript.packet import EvidenceCheck, render_manifest
from tests.transcript.bodies import EKG, HELD, UNMET, body_transcript


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


@pytest.fixture
def recorded(tmp_path, make_transcript, activity):
    """A transcript citing three files that were fine when recorded; `replace` swaps one for something else."""
    folder = tmp_path / "evidence"
    folder.mkdir()
    names = ("card.pdf", "course.pdf", "article.pdf", "kept.pdf")
    day = dt.date(2024, 1, 1)
    activities = []
    for number, name in enumerate(names, start=1):
        (folder / name).write_bytes(b"%PDF " + name.encode())
        activities.append(activity(number, day + dt.timedelta(days=number), "professional-education",
                                   f"Course {number}", "1", evidence=str(folder / name),
                                   sha=sha(b"%PDF " + name.encode())))
    return folder, make_transcript(activities=activities)


def test_files_that_became_a_fifo_a_folder_or_too_large_are_not_copied_and_listed_refused(tmp_path, recorded,
                                                                                           no_hang):
    folder, transcript = recorded
    (folder / "card.pdf").unlink()
    os.mkfifo(folder / "card.pdf")
    (folder / "course.pdf").unlink()
    (folder / "course.pdf").mkdir()
    (folder / "article.pdf").write_bytes(b"x" * 101)
    with no_hang():
        packet = write_audit_packet(transcript, tmp_path / "audit.zip", evidence_rules=EvidenceRules(max_bytes=100))
    assert [(c.state, c.reason) for c in packet.checks] == [
        ("refused", "is a named pipe (FIFO), not a regular file"),
        ("refused", "is a folder, not a regular file"),
        ("refused", "is larger than the 100 bytes limit for evidence files"),
        ("ok", ""),
    ]
    assert [c.activity.id for c in packet.problems] == [1, 2, 3]
    with zipfile.ZipFile(packet.path) as archive:
        assert [n for n in archive.namelist() if n.startswith("evidence/")] == ["evidence/004-kept.pdf"]
        manifest = archive.read("manifest.txt").decode()
    block = manifest[manifest.index("1.    2024-01-02"):manifest.index("2.    2024-01-03")]
    assert "State     REFUSED" in block and "Refused   is a named pipe (FIFO), not a regular file" in block
    assert "4 activities: 1 ok, 3 refused" in manifest


def test_the_open_database_is_never_copied_into_a_packet(tmp_path, sqlite_db, make_transcript, activity):
    database = Path(sqlite_db.database)
    link = tmp_path / "certificate.pdf"
    os.link(database, link)
    cited = [activity(1, dt.date(2024, 1, 2), "professional-education", "Database", "1", evidence=str(database)),
             activity(2, dt.date(2024, 1, 3), "professional-education", "Linked", "1", evidence=str(link))]
    packet = write_audit_packet(make_transcript(activities=cited), tmp_path / "audit.zip")
    assert [(c.state, c.reason) for c in packet.checks] == [("refused", "is the database, or one of its files")] * 2
    with zipfile.ZipFile(packet.path) as archive:
        assert not [n for n in archive.namelist() if n.startswith("evidence/")]


def test_the_packet_of_another_bodys_credential_carries_its_minimums_areas_and_verification(tmp_path):
    cma = body_transcript(HELD["AAMA:CMA"], UNMET)
    with zipfile.ZipFile(write_audit_packet(cma, tmp_path / "cma.zip").path) as archive:
        text = archive.read("transcript.txt").decode()
        header = archive.read("transcript.csv").decode().splitlines()[0]
    assert "Minimums         5 administrative points still needed" in text
    assert "Areas       Clinical 12.00, General 8.00" in text
    assert header.endswith(",areas,approved,minutes")
    cpt = body_transcript(HELD["NHA:CPT"], (EKG,))
    packet = write_audit_packet(cpt, tmp_path / "cpt.zip")
    with zipfile.ZipFile(packet.path) as archive:
        manifest = archive.read("manifest.txt").decode()
    assert f"Credential       Certified Phlebotomy Technician (NHA:CPT)\n                 {UNVERIFIED}\n" in manifest
    assert UNVERIFIED not in render_manifest(cma, [])


def test_the_manifest_of_another_bodys_credential_names_its_body_and_the_members_id_without_amt():
    head = render_manifest(body_transcript(HELD["AAMA:CMA"], UNMET), []).split("This packet")[0].splitlines()
    assert [line.strip() for line in head[:3]] == [
        "AUDIT PACKET MANIFEST", "American Association of Medical Assistants: recertification by continuing",
        "education"]
    assert "Member ID        A-123456" in head
    assert not any("AMT" in line for line in head)
