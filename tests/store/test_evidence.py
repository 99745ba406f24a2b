"""Evidence files: regular files of a sane size, never the database or the data
folder, at a kiosk only from the site's evidence folder; read before the write
transaction opens."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from amtrax_tui.store import activities, members
from amtrax_tui.store.evidence import (
    DATABASE_FILE, DEFAULT_RULES, KIOSK_NO_FOLDER, KIOSK_RULE, EvidenceRefused, EvidenceRules, evidence_files,
    evidence_problem, read_evidence, resolve_evidence,
)
from amtrax_tui.store.imports import ImportRow, record_all
from amtrax_tui.store.models import Activity, Change, db
from amtrax_tui.store.records import Invalid

from .support import ACTOR, RMA_CERTIFIED, TODAY, draft

SMALL = EvidenceRules(max_bytes=100)


@pytest.fixture
def ann(sqlite_db, rules):
    """A member on a SQLite file (the database-file rules need one)."""
    info = members.add_member("Ann Lee", "A100", ACTOR)
    members.add_credential(rules, info.id, "RMA", RMA_CERTIFIED, None, TODAY, ACTOR)
    return info


@pytest.fixture
def database_file(ann) -> Path:
    return Path(db.obj.database)


def record(rules, member, evidence: str, evidence_rules: EvidenceRules = DEFAULT_RULES) -> int:
    return activities.record(rules, member.id, ["RMA"], draft(evidence=evidence), TODAY, ACTOR,
                             evidence_rules=evidence_rules)


def counts():
    return Activity.select().count(), Change.select().count()


def refused(rules, member, evidence: str, evidence_rules: EvidenceRules = DEFAULT_RULES) -> str:
    """The message recording `evidence` gets; asserts it names the evidence field and writes nothing."""
    before = counts()
    with pytest.raises(Invalid) as caught:
        record(rules, member, evidence, evidence_rules)
    assert [e.field for e in caught.value.errors] == ["evidence"]
    assert counts() == before
    return caught.value.errors[0].message


def test_a_folder_is_refused(rules, ann, tmp_path):
    assert refused(rules, ann, str(tmp_path)) == "is a folder, not a regular file"


def test_a_fifo_is_refused_without_being_opened(rules, ann, tmp_path, no_hang):
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    with no_hang():
        assert refused(rules, ann, str(fifo)) == "is a named pipe (FIFO), not a regular file"


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero"])
def test_a_device_is_refused(rules, ann, device):
    assert refused(rules, ann, device) == "is a device, not a regular file"


@pytest.mark.parametrize("path", ["/proc/self/pagemap", "/proc/self/environ", "/sys/kernel/mm/transparent_hugepage/enabled"])
def test_kernel_files_are_refused_before_they_are_read(rules, ann, path):
    assert refused(rules, ann, path) == "is a system file, not a document"


def test_the_database_is_refused(rules, ann, database_file):
    assert refused(rules, ann, str(database_file)) == DATABASE_FILE


def test_a_symbolic_link_to_the_database_is_refused(rules, ann, database_file, tmp_path):
    link = tmp_path / "elsewhere" / "certificate.pdf"
    link.parent.mkdir()
    link.symlink_to(database_file)
    assert refused(rules, ann, str(link)) == DATABASE_FILE


def test_a_hard_link_to_the_database_is_refused(rules, ann, database_file, tmp_path):
    link = tmp_path / "elsewhere" / "certificate.pdf"
    link.parent.mkdir()
    os.link(database_file, link)
    assert refused(rules, ann, str(link)) == DATABASE_FILE


def test_the_databases_wal_file_is_refused_by_name_and_through_a_hard_link(rules, ann, database_file, tmp_path):
    wal = Path(f"{database_file}-wal")
    assert wal.is_file()  # WAL mode: written since the member was added
    assert refused(rules, ann, str(wal)) == DATABASE_FILE
    link = tmp_path / "elsewhere" / "wal.pdf"
    link.parent.mkdir()
    os.link(wal, link)
    assert refused(rules, ann, str(link)) == DATABASE_FILE


def test_a_file_in_the_data_folder_is_refused(rules, ann, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    notes = tmp_path / "data" / "amtrax-tui" / "notes.pdf"
    notes.parent.mkdir(parents=True)
    notes.write_bytes(b"%PDF")
    assert refused(rules, ann, str(notes)) == f"is in amtrax-tui's data folder {notes.parent.resolve()}"


def test_a_file_at_the_size_limit_is_stored_one_byte_more_is_refused(rules, ann, tmp_path):
    at_limit, over = tmp_path / "at-limit.pdf", tmp_path / "over.pdf"
    at_limit.write_bytes(b"x" * 100)
    over.write_bytes(b"x" * 101)
    stored = activities.get_activity(record(rules, ann, str(at_limit), SMALL))
    assert stored.evidence_sha256 == hashlib.sha256(b"x" * 100).hexdigest()
    assert refused(rules, ann, str(over), SMALL) == "is larger than the 100 bytes limit for evidence files"
    assert evidence_problem(str(over), EvidenceRules(max_bytes=1 << 20)) is None
    assert evidence_problem(str(over), EvidenceRules(max_bytes=1)) == "is larger than the 1 bytes limit for evidence files"


def test_a_file_that_grows_past_the_limit_as_it_is_read_is_refused(tmp_path):
    growing = tmp_path / "growing.pdf"
    growing.write_bytes(b"x" * 50)

    def grow(block: bytes) -> None:  # another process appends while the file is read
        with growing.open("ab") as handle:
            handle.write(b"y" * 100)

    with pytest.raises(EvidenceRefused) as caught:
        read_evidence(growing, SMALL, grow)
    assert caught.value.message == "grew past the 100 bytes limit for evidence files as it was read"


def test_a_refused_file_in_an_edit_changes_nothing(rules, ann, tmp_path):
    proof = tmp_path / "proof.pdf"
    proof.write_bytes(b"%PDF")
    activity_id = record(rules, ann, str(proof))
    before = activities.get_activity(activity_id), counts()
    with pytest.raises(Invalid) as caught:
        activities.edit(rules, activity_id, ["RMA"], draft(evidence="/dev/zero"), TODAY, ACTOR)
    assert str(caught.value) == "evidence: is a device, not a regular file"
    assert (activities.get_activity(activity_id), counts()) == before


def test_an_import_row_with_a_refused_file_imports_nothing(rules, ann, tmp_path):
    proof = tmp_path / "proof.pdf"
    proof.write_bytes(b"%PDF")
    rows = [ImportRow(2, draft(title="Fine", evidence=str(proof))),
            ImportRow(3, draft(title="Device", evidence="/dev/null"))]
    before = counts()
    with pytest.raises(Invalid) as caught:
        record_all(rules, ann.id, "RMA", rows, TODAY, ACTOR)
    assert [(line, str(e)) for line, e in caught.value.problems] == [(3, "evidence: is a device, not a regular file")]
    assert counts() == before


@pytest.fixture
def reads_check_the_write_lock(monkeypatch, database_file):
    """Every evidence read first proves that no write transaction is open: in this
    connection, and (with a second connection that may not wait) in the file."""
    reads = []
    real = activities.resolve_evidence

    def resolve(ref, rules):
        assert not db.in_transaction(), "evidence read inside a transaction"
        other = sqlite3.connect(database_file, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # fails with "database is locked" while a writer holds it
            other.execute("ROLLBACK")
        finally:
            other.close()
        reads.append(ref)
        return real(ref, rules)

    monkeypatch.setattr(activities, "resolve_evidence", resolve)
    return reads


def test_evidence_is_read_before_the_write_transaction_opens(rules, ann, tmp_path, reads_check_the_write_lock):
    proof = tmp_path / "proof.pdf"
    proof.write_bytes(b"%PDF")
    activity_id = record(rules, ann, str(proof))
    activities.edit(rules, activity_id, ["RMA"], draft(title="Edited", evidence=str(proof)), TODAY, ACTOR)
    rows = [ImportRow(2, draft(title="One", evidence=str(proof))),
            ImportRow(3, draft(title="Two", evidence=str(proof)))]
    assert record_all(rules, ann.id, "RMA", rows, TODAY, ACTOR).count == 2
    assert reads_check_the_write_lock == [str(proof)] * 3  # the import reads a file once for both rows
    assert activities.get_activity(activity_id).evidence_sha256 == hashlib.sha256(b"%PDF").hexdigest()


# At a kiosk

@pytest.fixture
def folder(tmp_path) -> Path:
    folder = tmp_path / "evidence"
    folder.mkdir()
    (folder / "bls card.pdf").write_bytes(b"%PDF BLS")
    (folder / "safety.pdf").write_bytes(b"%PDF safety")
    return folder


def test_at_a_kiosk_a_file_of_the_evidence_folder_is_stored_with_its_sha256(folder):
    kiosk = EvidenceRules(kiosk=True, folder=folder)
    assert resolve_evidence(str(folder / "safety.pdf"), kiosk) == (
        str(folder / "safety.pdf"), hashlib.sha256(b"%PDF safety").hexdigest())
    assert resolve_evidence("CERT-1234", kiosk) == ("CERT-1234", None)


def test_at_a_kiosk_any_other_path_gets_one_message_whether_or_not_it_exists(folder, tmp_path):
    kiosk = EvidenceRules(kiosk=True, folder=folder)
    (folder / "away.pdf").symlink_to("/etc/passwd")
    (folder / "inner").mkdir()
    (folder / "inner" / "deep.pdf").write_bytes(b"%PDF")
    for ref in ("/etc/passwd", "/nonexistent", "/dev/zero", "/proc/self/pagemap", "~/.bashrc", "./safety.pdf",
                str(folder / "away.pdf"), str(folder / "inner" / "deep.pdf"), str(folder / ".." / "evidence" / "x"),
                str(tmp_path)):
        with pytest.raises(EvidenceRefused) as caught:
            resolve_evidence(ref, kiosk)
        assert caught.value.message == KIOSK_RULE, ref
        assert evidence_problem(ref, kiosk) == KIOSK_RULE, ref


def test_a_kiosk_without_an_evidence_folder_takes_certificate_numbers_only(folder):
    kiosk = EvidenceRules(kiosk=True)
    assert resolve_evidence("CERT-1234", kiosk) == ("CERT-1234", None)
    for ref in (str(folder / "safety.pdf"), "/nonexistent"):
        assert evidence_problem(ref, kiosk) == KIOSK_NO_FOLDER


def test_the_kiosk_list_holds_only_the_regular_files_directly_inside_the_folder(folder):
    (folder / "sub").mkdir()
    (folder / "sub" / "deeper.pdf").write_bytes(b"%PDF")
    (folder / "link.pdf").symlink_to(folder / "safety.pdf")
    os.mkfifo(folder / "pipe.pdf")
    (folder / "bad\x1bname.pdf").write_bytes(b"%PDF")
    assert evidence_files(folder) == ["bls card.pdf", "safety.pdf"]
    assert evidence_files(folder / "missing") == []
