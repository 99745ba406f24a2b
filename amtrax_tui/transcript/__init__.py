"""Transcripts (text, CSV, JSON, Markdown), audit packets and safe file writing.

Never imports Textual: the CLI and the app both call these functions.

    found = transcripts(rules, member, "RMA", "current", today, generation_time())
    preview = render_text(found[0])
    folder = config.export_dir or Path.home()
    [path] = write_transcripts(found, "text", folder / suggested_name(found[0], "text"))
    packet = write_audit_packet(found[0], folder / suggested_name(found[0], "zip"))

DestinationExists says the file is there (ask, then pass force=True); any
DestinationError (a FieldError on "output") says why nothing was written.
At a kiosk, confined_path(folder, name) keeps a typed name inside the export folder.

What a person chooses to export (a credential or all, a cycle, a transcript format,
the audit packet or calendar reminders) is written by exporting.write_export, for the
CLI and the export screen alike; staff's export of many members is bulk.export_members;
where the app may write is destination.py.
"""

from amtrax_tui.transcript.csvfile import read_csv, render_csv
from amtrax_tui.transcript.export import (
    FORMATS,
    destinations,
    render,
    suggested_name,
    transcripts,
    write_transcripts,
)
from amtrax_tui.transcript.files import DestinationError, DestinationExists, confined_path, write_atomic
from amtrax_tui.transcript.jsonfile import render_json
from amtrax_tui.transcript.markdown import render_markdown
from amtrax_tui.transcript.model import Transcript, generation_time
from amtrax_tui.transcript.packet import Packet, write_audit_packet
from amtrax_tui.transcript.text import render_text

__all__ = [
    "FORMATS",
    "DestinationError",
    "DestinationExists",
    "Packet",
    "Transcript",
    "confined_path",
    "destinations",
    "generation_time",
    "read_csv",
    "render",
    "render_csv",
    "render_json",
    "render_markdown",
    "render_text",
    "suggested_name",
    "transcripts",
    "write_atomic",
    "write_audit_packet",
    "write_transcripts",
]
