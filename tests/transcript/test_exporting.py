"""Exporting a chosen credential, cycle and kind of file: the one way the CLI and
the app write an export, on each database backend."""

import datetime as dt
import errno
import json
import os
import tempfile
import zipfile
from decimal import Decimal

import pytest

from amtrax_tui.ccp import Draft, FieldError, load_rules
from amtrax_tui.store import activities, members
from amtrax_tui.store.records import Invalid
from amtrax_tui.transcript import DestinationError, DestinationExists, suggested_name, transcripts
from amtrax_tui.transcript.exporting import (
    CALENDAR,
    PACKET,
    ExportChoice,
    export_name,
    export_paths,
    write_export,
)

RULES = load_rules()
TODAY = dt.date(2024, 6, 15)
NOW = dt.datetime(2024, 6, 15, 12, 0, tzinfo=dt.UTC)
ACTOR = "test"


@pytest.fixture
def member(database, tmp_path):
    """A member with RMA and MLT: one activity with evidence on file, one with none."""
    found = members.add_member("Dana Ortiz", "998877", ACTOR)
    members.add_credential(RULES, found.id, "RMA", dt.date(2022, 3, 1), None, TODAY, ACTOR)
    members.add_credential(RULES, found.id, "MLT", dt.date(2023, 9, 1), None, TODAY, ACTOR)
    proof = tmp_path / "certificate.pdf"
    proof.write_bytes(b"%PDF proof")
    for title, evidence in (("Infection control", str(proof)), ("Safety update", "")):
        draft = Draft(category="professional-education", title=title, points=Decimal("2"),
                      start=dt.date(2024, 5, 1), end=dt.date(2024, 5, 1), evidence=evidence, attested=True)
        activities.record(RULES, found.id, ["RMA", "MLT"], draft, TODAY, ACTOR)
    return found


@pytest.fixture
def out(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def export(member, choice, output, force=False):
    return write_export(RULES, member, choice, output, TODAY, NOW, force)


def test_every_credential_in_text_csv_or_markdown_gets_a_file_of_its_own(member, out):
    for fmt, ext in (("text", "txt"), ("csv", "csv"), ("md", "md")):
        written = export(member, ExportChoice(None, "current", fmt), out / f"ce.{ext}")
        assert written.paths == (out / f"ce-MLT.{ext}", out / f"ce-RMA.{ext}")
        assert "Infection control" in written.paths[1].read_text()


def test_json_holds_every_credential_in_one_file(member, out):
    [path] = export(member, ExportChoice(None, "current", "json"), out / "ce.json").paths
    assert [t["credential"]["code"] for t in json.loads(path.read_text())["transcripts"]] == ["MLT", "RMA"]


def test_one_credential_is_one_file_whatever_its_name(member, out):
    written = export(member, ExportChoice("rma", "current", "csv"), out / "mine")
    assert written.paths == (out / "mine",) and written.problems == () and written.without_evidence == 0


def test_the_files_written_are_the_files_export_paths_announces(member, out):
    found = transcripts(RULES, member, None, "current", TODAY, NOW)
    for choice in (ExportChoice(None, "current", "text"), ExportChoice(None, "current", "json"),
                   ExportChoice("RMA", "current", "md")):
        announced = export_paths(choice, found, out / "ce.txt")
        assert list(export(member, choice, out / "ce.txt", force=True).paths) == announced


def test_the_audit_packet_says_which_evidence_is_missing_and_how_many_activities_have_none(member, out, tmp_path):
    (tmp_path / "certificate.pdf").unlink()
    written = export(member, ExportChoice("RMA", "current", PACKET), out / "audit.zip")
    assert written.paths == (out / "audit.zip",)
    assert [(c.activity.title, c.state) for c in written.problems] == [("Infection control", "missing")]
    assert written.without_evidence == 1
    assert "manifest.txt" in zipfile.ZipFile(out / "audit.zip").namelist()


def test_calendar_reminders_are_one_file_of_every_credential_or_one(member, out):
    [path] = export(member, ExportChoice(None, fmt=CALENDAR), out / "ccp.ics").paths
    text = path.read_text()
    assert text.startswith("BEGIN:VCALENDAR") and "RMA" in text and "MLT" in text
    [path] = export(member, ExportChoice("MLT", fmt=CALENDAR), out / "mlt.ics").paths
    assert "RMA" not in path.read_text()


def test_the_suggested_name_says_whose_export_it_is(member):
    found = transcripts(RULES, member, "RMA", "current", TODAY, NOW)
    assert export_name(member, ExportChoice("RMA", "current", "md"), found, TODAY) == suggested_name(found[0], "md")
    assert export_name(member, ExportChoice("RMA", "current", PACKET), found, TODAY) == suggested_name(found[0], "zip")
    every = transcripts(RULES, member, None, "current", TODAY, NOW)
    assert export_name(member, ExportChoice(None, "current", "csv"), every, TODAY) == \
        "ccp-transcripts-998877-2024-06-15.csv"
    assert export_name(member, ExportChoice(None, fmt=CALENDAR), [], TODAY) == "ccp-reminders-998877.ics"
    assert export_name(member, ExportChoice("MLT", fmt=CALENDAR), [], TODAY) == "ccp-reminders-998877-MLT.ics"


@pytest.mark.parametrize("choice, field, rule", [
    (ExportChoice("RMA", "current", "pdf"), "format", "'pdf' is not a format; use one of text, csv, json, md, zip, ics"),
    (ExportChoice(None, "current", PACKET), "credential", "an audit packet is of one credential"),
    (ExportChoice("RMA", "previous", CALENDAR), "cycle", "calendar reminders are of the current cycles"),
])
def test_a_choice_that_cannot_be_exported_is_refused_naming_the_field_and_nothing_is_written(member, out, choice,
                                                                                              field, rule):
    with pytest.raises(FieldError, match=rule) as refused:
        export(member, choice, out / "ce.out")
    assert refused.value.field == field
    assert list(out.iterdir()) == []


def test_no_name_is_suggested_for_an_audit_packet_of_every_credential(member):
    every = transcripts(RULES, member, None, "current", TODAY, NOW)
    with pytest.raises(FieldError, match="credential: an audit packet is of one credential"):
        export_name(member, ExportChoice(None, "current", PACKET), every, TODAY)


@pytest.mark.parametrize("fmt", ["text", PACKET, CALENDAR])
def test_a_credential_the_member_does_not_hold_is_refused(member, out, fmt):
    with pytest.raises(Invalid, match="does not hold RPT") as refused:
        export(member, ExportChoice("RPT", "current", fmt), out / "ce.out")
    assert refused.value.errors[0].field == "credential"
    assert list(out.iterdir()) == []


def test_a_member_without_credentials_has_nothing_to_export(database, out):
    nobody = members.add_member("Sam Lee", "111", ACTOR)
    for fmt in ("text", CALENDAR):
        # A refusal of the store (Invalid) or of the calendar (FieldError): both say the field.
        with pytest.raises((Invalid, FieldError), match="credential: Sam Lee holds no credentials yet"):
            export(nobody, ExportChoice(None, "current", fmt), out / "ce.out")
    assert list(out.iterdir()) == []


def test_a_cycle_the_credential_has_not_got_is_refused(member, out):
    with pytest.raises(Invalid, match="cycle: RMA has no cycle before 2022-03-01"):
        export(member, ExportChoice("RMA", "previous", "text"), out / "ce.txt")


@pytest.mark.parametrize("fmt", ["text", PACKET, CALENDAR])
def test_an_existing_file_is_kept_unless_replacing_is_asked_for(member, out, fmt):
    (out / "ce.out").write_text("keep me")
    with pytest.raises(DestinationExists) as exists:
        export(member, ExportChoice("RMA", "current", fmt), out / "ce.out")
    assert exists.value.path == out / "ce.out" and exists.value.field == "output"
    assert (out / "ce.out").read_text() == "keep me"
    export(member, ExportChoice("RMA", "current", fmt), out / "ce.out", force=True)
    assert (out / "ce.out").read_bytes() != b"keep me"


def test_one_existing_file_of_a_per_credential_export_stops_them_all(member, out):
    (out / "ce-RMA.txt").write_text("keep me")
    with pytest.raises(DestinationExists):
        export(member, ExportChoice(None, "current", "text"), out / "ce.txt")
    assert [p.name for p in out.iterdir()] == ["ce-RMA.txt"]


@pytest.mark.parametrize("fmt", ["text", PACKET, CALENDAR])
def test_a_missing_folder_or_a_folder_as_the_file_is_refused_on_output(member, out, fmt):
    choice = ExportChoice("RMA", "current", fmt)
    with pytest.raises(DestinationError, match=f"output: the folder {out / 'gone'} does not exist"):
        export(member, choice, out / "gone" / "ce.out")
    with pytest.raises(DestinationError, match=f"output: {out} is a folder"):
        export(member, choice, out, force=True)
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("fmt", ["text", PACKET, CALENDAR])
def test_an_unwritable_folder_is_refused_on_output(member, out, fmt, monkeypatch):
    # Permissions do not stop root, so the refusal the system gives is simulated.
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(DestinationError, match=f"output: cannot write to the folder {out}: Permission denied"):
        export(member, ExportChoice("RMA", "current", fmt), out / "ce.out")
    assert list(out.iterdir()) == []


def test_the_database_file_is_never_an_export_destination(sqlite_db, tmp_path):
    dana = members.add_member("Dana Ortiz", "998877", ACTOR)
    members.add_credential(RULES, dana.id, "RMA", dt.date(2022, 3, 1), None, TODAY, ACTOR)
    with pytest.raises(DestinationError, match="is the database"):
        export(dana, ExportChoice("RMA", "current", "text"), tmp_path / "amtrax.db", force=True)
    with pytest.raises(DestinationError, match="is the database"):
        export(dana, ExportChoice("RMA", "current", "text"), tmp_path / "amtrax.db-wal", force=True)
