"""`record`, `import` and `audit-packet` with evidence files that are not documents:
exit 2 naming the evidence and the rule, nothing written (3 for a packet that
could not copy every file)."""

from __future__ import annotations

import hashlib
import os
import zipfile
from pathlib import Path

import pytest

from amtrax_tui.config import load_config
from amtrax_tui.store.evidence import EvidenceRules, evidence_rules

from .conftest import contents, days_ago, record_args

MIB = 1 << 20


def not_a_document(kind: str, cli, tmp_path: Path, monkeypatch) -> tuple[str, str]:
    """A path of `kind` and the rule recording it as evidence breaks."""
    database = Path(cli.target)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(exist_ok=True)
    if kind == "folder":
        return str(elsewhere), "is a folder, not a regular file"
    if kind == "fifo":
        os.mkfifo(elsewhere / "pipe.pdf")
        return str(elsewhere / "pipe.pdf"), "is a named pipe (FIFO), not a regular file"
    if kind == "device":
        return "/dev/zero", "is a device, not a regular file"
    if kind == "proc":
        return "/proc/self/pagemap", "is a system file, not a document"
    if kind == "database":
        return str(database), "is the database, or one of its files"
    if kind == "symlink":
        (elsewhere / "link.pdf").symlink_to(database)
        return str(elsewhere / "link.pdf"), "is the database, or one of its files"
    if kind == "hardlink":
        os.link(database, elsewhere / "copy.pdf")
        return str(elsewhere / "copy.pdf"), "is the database, or one of its files"
    if kind == "wal":
        return f"{database}-wal", "is the database, or one of its files"
    if kind == "data-folder":
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
        inside = tmp_path / "data" / "amtrax-tui" / "notes.pdf"
        inside.parent.mkdir(parents=True)
        inside.write_bytes(b"%PDF")
        return str(inside), f"is in amtrax-tui's data folder {inside.parent.resolve()}"
    if kind == "too-large":
        site_limit(tmp_path, monkeypatch, 1)
        (elsewhere / "scan.pdf").write_bytes(b"x" * (MIB + 1))
        return str(elsewhere / "scan.pdf"), "is larger than the 1 MiB limit for evidence files"
    raise AssertionError(kind)


KINDS = ["folder", "fifo", "device", "proc", "database", "symlink", "hardlink", "wal", "data-folder", "too-large"]


def site_limit(tmp_path: Path, monkeypatch, mib: float) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f"evidence_max_mib = {mib}\n")
    monkeypatch.setenv("AMTRAX_CONFIG", str(config))


@pytest.mark.parametrize("kind", KINDS)
def test_record_refuses_evidence_that_is_not_a_document(ann, tmp_path, monkeypatch, no_hang, kind):
    path, rule = not_a_document(kind, ann, tmp_path, monkeypatch)
    with no_hang():
        err = ann.refused(*record_args("--evidence", path))
    assert err == f"amtrax-tui: evidence: {rule}"


@pytest.mark.parametrize("kind", KINDS)
def test_import_refuses_a_row_whose_evidence_is_not_a_document(ann, tmp_path, monkeypatch, no_hang, kind):
    path, rule = not_a_document(kind, ann, tmp_path, monkeypatch)
    proof = tmp_path / "proof.pdf"
    proof.write_bytes(b"%PDF")
    csv = tmp_path / "in.csv"
    csv.write_text("start_date,category,title,points,evidence\n"
                   f"{days_ago(9)},professional-education,Fine,1,{proof}\n"
                   f'{days_ago(8)},professional-education,Not a document,1,"{path}"\n')
    before = contents(ann.target)
    with no_hang():
        r = ann("import", "--member", "A100", "--credential", "RMA", str(csv), "--attest")
    assert (r.code, r.out) == (2, "")
    assert r.err.splitlines() == [f"amtrax-tui: {csv}:3: evidence: {rule}",
                                  "amtrax-tui: nothing imported: 1 problem in 1 row"]
    assert contents(ann.target) == before


def test_a_file_exactly_at_the_sites_limit_is_recorded(ann, tmp_path, monkeypatch):
    site_limit(tmp_path, monkeypatch, 1)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"x" * MIB)
    activity_id = ann.ok(*record_args("--evidence", str(scan))).out.strip()
    [listed] = ann.ok("activities", "--member", "A100", "--json").json()
    assert (str(listed["id"]), listed["evidence_sha256"]) == (activity_id, hashlib.sha256(b"x" * MIB).hexdigest())


def test_a_packet_does_not_copy_a_file_replaced_by_a_fifo_and_says_so(ann, tmp_path, no_hang):
    proof = tmp_path / "proof.pdf"
    proof.write_bytes(b"%PDF")
    ann.ok(*record_args("--evidence", str(proof)))
    proof.unlink()
    os.mkfifo(proof)
    with no_hang():
        r = ann("audit-packet", "--member", "A100", "--credential", "RMA", "--output", str(tmp_path / "audit.zip"))
    assert r.code == 3
    assert r.err == (f"amtrax-tui: warning: activity 1 ({days_ago(10)}, 'Infection control update'): evidence "
                     f"{proof} was not copied: it is a named pipe (FIFO), not a regular file\n")
    with zipfile.ZipFile(tmp_path / "audit.zip") as archive:
        assert not [n for n in archive.namelist() if n.startswith("evidence/")]
        assert "State     REFUSED" in archive.read("manifest.txt").decode()


@pytest.mark.parametrize("value", ["0", "-1", '"25"', "true", "nan", "inf"])
def test_a_size_limit_that_is_not_a_positive_number_is_refused_naming_the_setting(ann, tmp_path, monkeypatch, value):
    config = tmp_path / "config.toml"
    config.write_text(f"evidence_max_mib = {value}\n")
    monkeypatch.setenv("AMTRAX_CONFIG", str(config))
    err = ann.refused(*record_args())
    assert err == f"amtrax-tui: config file {config}: evidence_max_mib: has the wrong type or value"


def test_the_config_file_gives_the_evidence_folder_and_limit(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('evidence_dir = "~/scans"\nevidence_max_mib = 0.5\n')
    loaded = load_config(config)
    assert (loaded.evidence_dir, loaded.evidence_max_mib) == (Path("~/scans").expanduser(), 0.5)
    assert evidence_rules(loaded, kiosk=True, amt_id="A100") == EvidenceRules(
        MIB // 2, True, Path("~/scans").expanduser() / "A100")  # at a kiosk, the member's own folder
    assert evidence_rules(load_config(tmp_path / "none.toml"), kiosk=False) == EvidenceRules(25 * MIB, False, None)
