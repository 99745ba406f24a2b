"""export, audit-packet and import as a person runs them from a shell."""

import errno
import json
import os
import tempfile
import zipfile
from pathlib import Path

import pytest

from amtrax_tui.cli import main
from amtrax_tui.transcript.width import width

from .conftest import Cli, contents, days_ago

EPOCH = "1735787045"  # 2025-01-02 03:04:05 UTC


def activity_count(cli: Cli) -> int:
    return len(cli.ok("activities", "--member", "998877", "--json").json())


@pytest.fixture
def shell(cli, monkeypatch) -> Cli:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return cli


@pytest.fixture
def evidence(tmp_path) -> dict[str, Path]:
    folder = tmp_path / "certificates"
    folder.mkdir()
    files = {name: folder / f"{name}.pdf" for name in ("bls", "safety", "article")}
    for name, path in files.items():
        path.write_bytes(f"%PDF {name}".encode())
    return files


@pytest.fixture
def member(shell, evidence):
    """Dana holds RMA and MLT; the safety course counts toward both."""
    shell.ok("member", "add", "--name", "Dana Ortiz", "--amt-id", "998877")
    shell.ok("cert", "add", "--member", "998877", "--credential", "RMA", "--certified-on", days_ago(400))
    shell.ok("cert", "add", "--member", "998877", "--credential", "MLT", "--certified-on", days_ago(700))
    for title, days, extra in (
        ("BLS renewal", 200, ["--evidence", str(evidence["bls"])]),
        ("Lab safety: order of draw, specimen labelling and needle handling", 100,
         ["--evidence", str(evidence["safety"]), "--also", "MLT", "--provider", "=AMT"]),
        ("Article on QA", 50, ["--evidence", str(evidence["article"]), "--notes", "pages 1-4,\nissue 7"]),
        ("Committee work", 10, ["--evidence", "CERT-7781"]),
        ("Grand rounds", 5, []),
    ):
        shell.ok("record", "--member", "998877", "--credential", "RMA", "--category", "professional-education",
                 "--title", title, "--points", "1.5", "--start", days_ago(days), "--attest", *extra)
    return "998877"


def export(shell, *args):
    return shell("export", "--member", "998877", *args)


# export

def test_export_writes_the_text_transcript_atomically_and_says_where(shell, member, tmp_path):
    r = export(shell, "--credential", "RMA", "--format", "text", "--output", str(tmp_path / "ce.txt"))
    assert (r.code, r.out, r.err) == (0, f"wrote {tmp_path / 'ce.txt'}\n", "")
    text = (tmp_path / "ce.txt").read_text("utf-8")
    assert "Dana Ortiz" in text and "Registered Medical Assistant (RMA)" in text
    assert "Generated        2025-01-02 03:04 UTC" in text
    assert "5 activities" in text and "Total points  7.50" in text
    assert max(width(line) for line in text.splitlines()) <= 80
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_export_to_standard_output(shell, member):
    r = export(shell, "--credential", "RMA", "--format", "md", "--output", "-")
    assert r.code == 0 and r.err == ""
    assert r.out.startswith("# Continuing Education Transcript: RMA\n")


def test_the_same_records_give_the_same_bytes(shell, member, tmp_path):
    for name in ("one", "two"):
        export(shell, "--format", "json", "--output", str(tmp_path / f"{name}.json"))
    assert (tmp_path / "one.json").read_bytes() == (tmp_path / "two.json").read_bytes()


def test_without_a_credential_each_credential_gets_its_own_file(shell, member, tmp_path):
    r = export(shell, "--format", "csv", "--output", str(tmp_path / "ce.csv"))
    assert r.code == 0
    assert r.out.splitlines() == [f"wrote {tmp_path / 'ce-MLT.csv'}", f"wrote {tmp_path / 'ce-RMA.csv'}"]
    assert (tmp_path / "ce-MLT.csv").read_bytes().count(b"\r\n") == 2  # header and the shared course
    assert "'=AMT" in (tmp_path / "ce-RMA.csv").read_text()


def test_without_a_credential_json_holds_them_all(shell, member, tmp_path):
    assert export(shell, "--format", "json", "--output", str(tmp_path / "ce.json")).code == 0
    document = json.loads((tmp_path / "ce.json").read_text())
    assert [t["credential"]["code"] for t in document["transcripts"]] == ["MLT", "RMA"]


def test_csv_to_standard_output_needs_a_credential(shell, member):
    r = export(shell, "--format", "csv", "--output", "-")
    assert (r.code, r.out) == (2, "")
    assert "a CSV file holds one credential's activities" in r.err


def test_an_existing_file_is_kept_unless_forced(shell, member, tmp_path):
    target = tmp_path / "ce.txt"
    target.write_text("my notes")
    r = export(shell, "--credential", "RMA", "--format", "text", "--output", str(target))
    assert r.code == 2
    assert r.err == f"amtrax-tui: output: {target} already exists; add --force to replace it\n"
    assert target.read_text() == "my notes"
    assert export(shell, "--credential", "RMA", "--format", "text", "--output", str(target), "--force").code == 0
    assert "CONTINUING EDUCATION TRANSCRIPT" in target.read_text()


def test_a_missing_folder_is_refused_and_nothing_is_created(shell, member, tmp_path):
    r = export(shell, "--format", "text", "--output", str(tmp_path / "no" / "ce.txt"))
    assert r.code == 2
    assert f"the folder {tmp_path / 'no'} does not exist" in r.err
    assert not (tmp_path / "no").exists()


def test_an_unwritable_folder_is_refused(shell, member, tmp_path, monkeypatch):
    def refuse(*args, **kwargs):  # permissions do not stop root, so the refusal is simulated
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    r = export(shell, "--credential", "RMA", "--format", "text", "--output", str(tmp_path / "ce.txt"))
    assert r.code == 2
    assert r.err == f"amtrax-tui: output: cannot write to the folder {tmp_path}: Permission denied\n"
    assert not (tmp_path / "ce.txt").exists()


@pytest.mark.parametrize("cycle, message", [
    ("last", "cycle: 'last' is not a date; use YYYY-MM-DD or MM/DD/YYYY, or current or previous"),
    ("previous", "cycle: RMA has no cycle before"),
    ("13/45/2024", ("cycle: '13/45/2024' is not a real calendar date; use YYYY-MM-DD or MM/DD/YYYY, "
                    "or current or previous")),
])
def test_a_cycle_that_cannot_be_chosen_is_refused(shell, member, tmp_path, cycle, message):
    r = export(shell, "--credential", "RMA", "--cycle", cycle, "--format", "text",
                            "--output", str(tmp_path / "ce.txt"))
    assert r.code == 2 and message in r.err
    assert not (tmp_path / "ce.txt").exists()


def test_the_cycle_containing_a_date(shell, member):
    out = export(shell, "--credential", "MLT", "--cycle", days_ago(10), "--format", "json", "--output", "-").out
    assert json.loads(out)["transcripts"][0]["cycle"]["start"] == days_ago(700)


def test_export_help_says_how_several_credentials_are_written(capsys):
    assert main(["export", "--help"]) == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert "one file per credential held, named STEM-CODE.EXT" in help_text
    assert "json writes every credential into one document" in help_text


# audit-packet

def packet(shell, output, *extra):
    return shell("audit-packet", "--member", "998877", "--credential", "RMA", "--output", str(output), *extra)


def test_a_packet_with_every_file_in_order(shell, member, tmp_path):
    r = packet(shell, tmp_path / "audit.zip")
    assert r.code == 0
    assert r.out == f"wrote {tmp_path / 'audit.zip'}\n"
    assert r.err == "amtrax-tui: warning: 1 activity has no evidence (flagged in the manifest)\n"
    with zipfile.ZipFile(tmp_path / "audit.zip") as archive:
        assert archive.namelist() == ["transcript.txt", "transcript.csv", "evidence/001-bls.pdf",
                                      "evidence/002-safety.pdf", "evidence/003-article.pdf", "manifest.txt"]
        assert archive.read("evidence/002-safety.pdf") == b"%PDF safety"


def test_a_packet_with_a_missing_and_a_changed_evidence_file(shell, member, evidence, tmp_path):
    evidence["bls"].unlink()
    evidence["article"].write_bytes(b"%PDF article, edited")
    r = packet(shell, tmp_path / "audit.zip")
    assert r.code == 3
    assert r.out == f"wrote {tmp_path / 'audit.zip'}\n"
    warnings = r.err.splitlines()
    assert warnings[0] == (f"amtrax-tui: warning: activity 1 ({days_ago(200)}, 'BLS renewal'): evidence "
                           f"{evidence['bls']} is missing (No such file or directory)")
    assert warnings[1] == (f"amtrax-tui: warning: activity 3 ({days_ago(50)}, 'Article on QA'): evidence "
                           f"{evidence['article']} has changed since it was recorded")
    with zipfile.ZipFile(tmp_path / "audit.zip") as archive:
        manifest = archive.read("manifest.txt").decode()
        assert "evidence/001-bls.pdf" not in archive.namelist()
        assert archive.read("evidence/003-article.pdf") == b"%PDF article, edited"
    states = [line.split()[1] for line in manifest.splitlines() if line.strip().startswith("State ")]
    assert states == ["MISSING", "ok", "CHANGED", "certificate", "NONE"]


def test_a_packet_is_not_written_over_an_existing_file_or_to_standard_output(shell, member, tmp_path):
    (tmp_path / "audit.zip").write_bytes(b"older")
    r = packet(shell, tmp_path / "audit.zip")
    assert r.code == 2 and "already exists; add --force" in r.err
    assert (tmp_path / "audit.zip").read_bytes() == b"older"
    r = packet(shell, "-")
    assert r.code == 2 and "an audit packet is a zip file" in r.err


# import

def import_(shell, path, *extra, member="998877"):
    return shell("import", "--member", member, "--credential", "RMA", str(path), *extra)


@pytest.fixture
def empty_shell(tmp_path, capsys, monkeypatch):
    """A second, empty database with the same member and credential."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    other = Cli(str(tmp_path / "empty.db"), capsys)
    other.ok("member", "add", "--name", "Dana Ortiz", "--amt-id", "998877")
    other.ok("cert", "add", "--member", "998877", "--credential", "RMA", "--certified-on", days_ago(400))
    return other


def test_export_then_import_into_an_empty_database_gives_the_same_transcript(shell, member, empty_shell, tmp_path):
    export(shell, "--credential", "RMA", "--format", "csv", "--output", str(tmp_path / "ce.csv"))
    r = import_(empty_shell, tmp_path / "ce.csv", "--attest")
    assert (r.code, r.out, r.err) == (0, "imported 5 activities into RMA for Dana Ortiz\n", "")
    for sh, name in ((shell, "before.txt"), (empty_shell, "after.txt")):
        sh.ok("export", "--member", "998877", "--credential", "RMA", "--format", "text",
              "--output", str(tmp_path / name))
    assert (tmp_path / "before.txt").read_bytes() == (tmp_path / "after.txt").read_bytes()


def test_import_needs_the_attestation(shell, member, empty_shell, tmp_path):
    export(shell, "--credential", "RMA", "--format", "csv", "--output", str(tmp_path / "ce.csv"))
    r = import_(empty_shell, tmp_path / "ce.csv")
    assert r.code == 2 and "attestation: must be given: add --attest" in r.err
    assert activity_count(empty_shell) == 0


def test_a_dry_run_reports_and_writes_nothing(shell, member, empty_shell, tmp_path):
    export(shell, "--credential", "RMA", "--format", "csv", "--output", str(tmp_path / "ce.csv"))
    r = import_(empty_shell, tmp_path / "ce.csv", "--attest", "--dry-run")
    assert r.code == 0
    assert r.out == "5 activities can be imported into RMA for Dana Ortiz; nothing was written (dry run)\n"
    assert activity_count(empty_shell) == 0


HEADER = "start_date,end_date,category,title,points\n"


@pytest.mark.parametrize("content, problems", [
    pytest.param(
        (HEADER + f"{days_ago(9)},,professional-education,Café,1\n").encode("cp1252"),
        ["FILE: file: is not UTF-8 text (byte 81 is 0xe9); save it as UTF-8 CSV"], id="wrong-encoding"),
    pytest.param(
        f"start_date,title\n{days_ago(9)},Course\n".encode(),
        ["FILE:1: header: required column missing: category, points"], id="missing-columns"),
    pytest.param(
        (HEADER + f"{days_ago(9)},,professional-education,Fine,1\n"
         "2024-02-30,,professional-education,Bad start,1\n"
         f"{days_ago(9)},yesterday,professional-education,Bad end,1\n").encode(),
        ["FILE:3: start_date: '2024-02-30' is not a real calendar date",
         "FILE:4: end_date: 'yesterday' is not a date; use YYYY-MM-DD or MM/DD/YYYY"], id="bad-dates"),
    pytest.param(
        (HEADER + f"{days_ago(9)},,professional-education,Zero,0\n"
         f"{days_ago(9)},,professional-education,Huge,1000\n").encode(),
        ["FILE:2: points: must be more than 0", "FILE:3: points: at most 999.99"], id="bad-points"),
    pytest.param(
        (HEADER + f"{days_ago(9)},,professional-education,Course,1\n"
         f"{days_ago(9)},,professional-education,COURSE,2\n").encode(),
        ["FILE:3: title: repeats line 2 (same category, start date and title)"], id="duplicate-row"),
    pytest.param(
        (HEADER + f"{days_ago(9)},,professional-education,Fine,1\n"
         f"{days_ago(900)},,professional-education,Too old,1\n").encode(),
        [f"FILE:3: start: must fall inside the current RMA cycle {days_ago(400)} to ",
         f"FILE:3: end: must fall inside the current RMA cycle {days_ago(400)} to "], id="outside-the-cycle"),
])
def test_a_malformed_file_imports_nothing_and_names_every_problem(empty_shell, tmp_path, content, problems):
    path = tmp_path / "in.csv"
    path.write_bytes(content)
    before = contents(empty_shell.target)
    r = import_(empty_shell, path, "--attest")
    assert (r.code, r.out) == (2, "")
    lines = r.err.splitlines()
    assert lines[-1].startswith("amtrax-tui: nothing imported: ")
    reported = [line for line in lines[:-1] if "--allow-duplicate" not in line]
    assert len(reported) == len(problems)
    for line, problem in zip(reported, problems):
        assert line.startswith("amtrax-tui: " + problem.replace("FILE", str(path)))
    assert contents(empty_shell.target) == before


def test_rows_already_recorded_are_refused_unless_duplicates_are_allowed(shell, member, tmp_path):
    export(shell, "--credential", "RMA", "--format", "csv", "--output", str(tmp_path / "ce.csv"))
    r = import_(shell, tmp_path / "ce.csv", "--attest")
    assert r.code == 2
    assert r.err.count("looks like a duplicate of activity") == 5
    assert "rows that look like duplicates are imported with --allow-duplicate" in r.err
    assert activity_count(shell) == 5
    assert import_(shell, tmp_path / "ce.csv", "--attest", "--allow-duplicate").code == 0
    assert activity_count(shell) == 10


def test_a_file_that_cannot_be_read_is_refused(empty_shell, tmp_path):
    r = import_(empty_shell, tmp_path / "nope.csv", "--attest")
    assert r.code == 2
    assert f"file: cannot read {tmp_path / 'nope.csv'}: No such file or directory" in r.err
