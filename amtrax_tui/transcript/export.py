"""Rendering transcripts in a chosen format and writing them to files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from amtrax_tui.ccp import FieldError, Rules
from amtrax_tui.store.records import MemberInfo
from amtrax_tui.store.transcripts import cycle_records
from amtrax_tui.transcript.csvfile import render_csv
from amtrax_tui.transcript.files import check_destination, write_atomic
from amtrax_tui.transcript.jsonfile import render_json
from amtrax_tui.transcript.markdown import render_markdown
from amtrax_tui.transcript.model import Transcript
from amtrax_tui.transcript.text import render_text

# format -> file extension
FORMATS = {"text": "txt", "csv": "csv", "json": "json", "md": "md"}
_RENDER_ONE = {"text": render_text, "csv": render_csv, "md": render_markdown}
# Between transcripts in one text stream: a form feed starts each on a new page.
PAGE_BREAK = "\f\n"


def transcripts(
    rules: Rules, member: MemberInfo, code: str | None, cycle: str | dt.date, today: dt.date, generated_at: dt.datetime
) -> list[Transcript]:
    """The member's transcript for each credential held (or just `code`), for
    the cycle "current", "previous", or the one containing a date."""
    return [
        Transcript(rules, r.member, r.held, r.progress, r.activities, generated_at)
        for r in cycle_records(rules, member, code, cycle, today)
    ]


def render(transcripts: Sequence[Transcript], fmt: str) -> str:
    """One document in `fmt`: JSON holds any number of transcripts, text and
    Markdown follow one another (text with a page break), CSV holds one."""
    _check_format(fmt)
    if fmt == "json":
        return render_json(transcripts)
    if fmt == "csv" and len(transcripts) > 1:
        raise FieldError("credential", "a CSV file holds one credential's activities; choose the credential")
    separator = PAGE_BREAK if fmt == "text" else "\n"
    return separator.join(_RENDER_ONE[fmt](t) for t in transcripts)


def destinations(transcripts: Sequence[Transcript], fmt: str, output: str | Path, per_credential: bool) -> list[Path]:
    """Where each file goes: `output` itself, or with `per_credential` one file
    per credential named <stem>-<CODE><suffix> (JSON is always one file)."""
    _check_format(fmt)
    output = Path(output)
    if fmt == "json" or not per_credential:
        return [output]
    suffix = output.suffix or f".{FORMATS[fmt]}"
    return [output.with_name(f"{output.stem}-{t.credential.code}{suffix}") for t in transcripts]


def write_transcripts(
    transcripts: Sequence[Transcript], fmt: str, output: str | Path, force: bool = False, per_credential: bool = False
) -> list[Path]:
    """Write the files atomically; the absolute paths written. Every destination
    is checked first, so an existing file (without `force`) stops them all."""
    paths = destinations(transcripts, fmt, output, per_credential)
    for path in paths:
        check_destination(path, force)
    groups = [transcripts] if len(paths) == 1 else [[t] for t in transcripts]
    return [write_atomic(path, render(group, fmt), force) for path, group in zip(paths, groups, strict=True)]


def suggested_name(transcript: Transcript, fmt: str) -> str:
    """A file name that says whose transcript of which cycle it is, e.g.
    ccp-transcript-123456-RMA-2023-05-01.txt; fmt "zip" names an audit packet."""
    kind, ext = ("audit", "zip") if fmt == "zip" else ("transcript", FORMATS[fmt])
    t = transcript
    return f"ccp-{kind}-{t.member.amt_id}-{t.credential.code}-{t.cycle.start.isoformat()}.{ext}"


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise FieldError("format", f"{fmt!r} is not a format; use one of {', '.join(FORMATS)}")
