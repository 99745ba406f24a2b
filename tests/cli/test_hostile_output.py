"""Hostile text already in the database (an older version or another program
wrote it, past every input check) through every output outside the app:
tables, --json, messages on stderr, --debug tracebacks, every export format
and the audit packet. No output carries a raw control, C1, bidi or separator
character, and each reads as the stored text with those made visible."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from icalendar import Calendar

from amtrax_tui.ccp import has_unsafe, visible
from amtrax_tui.store.db import open_database
from amtrax_tui.store.models import Activity, Member, Staff
from amtrax_tui.transcript.csvfile import restore
from tests.hostile import NASTY, hostile_text

from .conftest import Cli, days_ago, record_args

CSV_LAYOUT = "\r\n\t"  # CSV rows end in CRLF; notes keep line breaks and tabs


@pytest.fixture
def shell(ann, tmp_path, monkeypatch) -> Cli:
    """Ann Lee (A100) with one activity whose evidence is a file, and a staff account."""
    evidence = tmp_path / "certificate.pdf"
    evidence.write_bytes(b"%PDF")
    ann.ok(*record_args("--evidence", str(evidence)))
    monkeypatch.setattr("sys.stdin", io.StringIO("4321\n"))
    ann.ok("staff", "add", "Jo Park")
    return ann


def store_raw(target: str, text: str) -> dict[str, str]:
    """Write `text` into every stored text field, past the input checks; the values written."""
    values = {"name": f"N{text}", "amt_id": f"A{text}Z", "title": f"T{text}", "provider": text,
              "notes": text, "evidence": f"E{text}", "entered_by": text, "staff": f"S{text}", "email": f"M{text}"}
    database = open_database(target)
    try:
        Member.update(name=values["name"], amt_id=values["amt_id"], email=values["email"]).execute()
        Activity.update(title=values["title"], provider=values["provider"], notes=values["notes"],
                        evidence=values["evidence"], entered_by=values["entered_by"]).execute()
        Staff.update(name=values["staff"]).execute()
    finally:
        database.close()
    return values


def inert(output: str, layout: str = "\n") -> str:
    assert not has_unsafe(output, allow=layout), "an output carries a raw control, bidi or separator character"
    return output


def decoded(result) -> object:
    """The JSON a command printed, checked inert first."""
    return json.loads(inert(result.out))


def field_value(document: str, label: str, indent: int, label_width: int) -> str:
    """The value of a labelled field of the text transcript, its wrapped lines joined."""
    lines = document.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(" " * indent + label))
    margin = " " * (indent + label_width)
    parts = [lines[start][len(margin):]]
    for line in lines[start + 1:]:
        if not line.startswith(margin):
            break
        parts.append(line[len(margin):])
    return " ".join(parts)


def same_words(shown: str, stored: str) -> bool:
    """`shown` is `stored` made visible, rewrapped: equal once all spacing is removed."""
    return "".join(shown.split()) == "".join(visible(stored).split())


def check_every_output(shell: Cli, tmp_path, text: str) -> None:
    v = store_raw(shell.target, text)
    member = f"--member={v['amt_id']}"

    # Tables, and the same lists as JSON, which give back exactly what is stored.
    out = inert(shell.ok("member", "list").out)
    assert visible(v["name"]) in out and visible(v["amt_id"]) in out and visible(v["email"]) in out
    assert decoded(shell.ok("member", "list", "--json")) == [
        {"id": 1, "name": v["name"], "amt_id": v["amt_id"], "email": v["email"]}]
    assert inert(shell.ok("staff", "list").out) == visible(v["staff"]) + "\n"
    assert decoded(shell.ok("staff", "list", "--json")) == [v["staff"]]
    out = inert(shell.ok("roster").out)
    assert visible(v["name"]) in out and visible(v["amt_id"]) in out
    assert {(r["name"], r["amt_id"]) for r in decoded(shell.ok("roster", "--json"))} == {(v["name"], v["amt_id"])}
    assert visible(v["title"]) in inert(shell.ok("activities", member).out)
    [shown] = decoded(shell.ok("activities", member, "--json"))
    assert {key: shown[key] for key in ("title", "provider", "notes", "evidence", "entered_by")} == {
        key: v[key] for key in ("title", "provider", "notes", "evidence", "entered_by")}
    out = inert(shell.ok("activities", member, "--not-in-amtrax").out)
    assert visible(v["title"]) in out and visible(v["provider"]) in out
    [shown] = decoded(shell.ok("activities", member, "--not-in-amtrax", "--json"))
    assert (shown["title"], shown["provider"]) == (v["title"], v["provider"])
    assert visible(v["title"]) in inert(shell.ok("mark-entered", "--activity=1").out)
    assert visible(v["title"]) in inert(shell.ok("mark-entered", "--activity=1", "--clear").out)
    inert(shell.ok("progress", member).out)
    out = inert(shell.ok("digest", "--status=met,on_track,behind,lapsed", "--within-days=100000").out)
    assert visible(v["name"]) in out and visible(v["amt_id"]) in out
    inert(shell.ok("cert", "list", member).out)

    # Every export format.
    def export(fmt: str) -> str:
        return shell.ok("export", member, "--credential=RMA", f"--format={fmt}", "--output=-").out

    document = inert(export("text"))
    assert same_words(field_value(document, "Member", 0, 17), v["name"])
    assert same_words(field_value(document, "AMT member ID", 0, 17), v["amt_id"])
    markdown = re.sub(r"\\(.)", r"\1", inert(export("md")))  # Markdown's escapes undone
    assert all(visible(v[key]) in markdown for key in ("name", "amt_id", "title", "provider"))
    [row] = csv.DictReader(io.StringIO(inert(export("csv"), CSV_LAYOUT), newline=""))
    assert {key: restore(row[key]) for key in ("title", "provider", "evidence", "notes")} == {
        "title": visible(v["title"]), "provider": visible(v["provider"]), "evidence": visible(v["evidence"]),
        "notes": visible(v["notes"], keep="\n\t")}
    data = json.loads(inert(export("json")))
    assert data["member"] == {"name": v["name"], "amt_id": v["amt_id"]}
    [activity] = data["transcripts"][0]["activities"]
    assert {key: activity[key] for key in ("title", "provider", "notes", "evidence")} == {
        key: v[key] for key in ("title", "provider", "notes", "evidence")}

    # Calendar reminders: every text in the file, as a calendar reads it.
    reminders = tmp_path / "reminders.ics"
    inert(shell.ok("calendar", member, f"--output={reminders}", "--force").out)
    content = reminders.read_bytes().decode("utf-8")
    inert(content, "\r\n")
    events = list(Calendar.from_ical(content).walk("VEVENT"))
    assert events and all(visible(v["name"]) in str(e["description"]) for e in events)

    # The audit packet: its messages, and every text file in the zip.
    packet = tmp_path / "packet.zip"
    result = shell("audit-packet", member, "--credential=RMA", f"--output={packet}", "--force")
    assert result.code in (0, 3), result  # 3: the evidence (now a name that is no file) is missing
    inert(result.out + result.err)
    if result.code == 3:
        assert visible(v["evidence"]) in result.err
    with zipfile.ZipFile(packet) as archive:
        manifest = inert(archive.read("manifest.txt").decode())
        inert(archive.read("transcript.txt").decode())
        inert(archive.read("transcript.csv").decode(), CSV_LAYOUT)
        assert all(not has_unsafe(name) for name in archive.namelist())
    assert same_words(field_value(manifest, "Title", 6, 10), v["title"])
    assert same_words(field_value(manifest, "Evidence", 6, 10), v["evidence"])

    # Messages that echo what is stored, or what was typed.
    rows = tmp_path / "rows.csv"
    rows.write_text(f"start_date,category,title,points\n{days_ago(2)},authorship,Course,1\n")
    out = inert(shell.ok("import", member, "--credential=RMA", "--attest", "--dry-run", str(rows)).out)
    assert visible(v["name"]) in out
    result = shell("activities", f"--member={v['amt_id']}Q")
    assert result.code == 2 and result.err.count("\n") == 1
    assert inert(result.err).startswith("amtrax-tui: member: no member has AMT ID ")
    result = shell("record", member, "--credential=RMA", f"--category={text}", "--title=t", "--points=1",
                   f"--start={days_ago(1)}", "--attest")
    assert result.code == 2 and inert(result.err).startswith("amtrax-tui: category: ")
    assert result.err.count("\n") == 1


EXAMPLES = settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.mark.parametrize("text", [text for _, text in NASTY], ids=[name for name, _ in NASTY])
def test_every_output_of_hostile_stored_text_is_inert_and_reads_as_stored(shell, tmp_path, text):
    check_every_output(shell, tmp_path, text)


@EXAMPLES
@given(text=hostile_text())
def test_every_output_of_any_hostile_stored_text_is_inert(shell, tmp_path, text):
    check_every_output(shell, tmp_path, text)


@pytest.mark.parametrize("text", [text for name, text in NASTY if name != "100 KB"])
def test_a_debug_traceback_is_inert(shell, monkeypatch, text):
    from amtrax_tui.store import members

    def explode(*args, **kwargs):
        raise RuntimeError(text)

    monkeypatch.setattr(members, "list_members", explode)
    result = shell("member", "list", "--debug")
    assert result.code == 1 and result.err.startswith("Traceback (most recent call last):")
    assert visible(f"RuntimeError: {text}", keep="\n") in inert(result.err)


def test_commands_write_only_through_the_neutralising_helpers():
    """say, print_table, print_json (cli/common.py) and print_error (cli/__init__.py)
    are the only ways out; a bare print elsewhere could carry stored text raw."""
    import ast
    from pathlib import Path

    import amtrax_tui.cli

    folder = Path(amtrax_tui.cli.__file__).parent
    for path in sorted(folder.glob("*.py")):
        if path.name in ("__init__.py", "common.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            assert not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print"), (
                f"{path.name}:{node.lineno}: print() bypasses say/print_error")
            assert not (isinstance(node, ast.Attribute) and node.attr == "stderr"), (
                f"{path.name}:{node.lineno}: write errors with print_error")
