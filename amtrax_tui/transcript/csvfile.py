"""The CSV transcript (RFC 4180, UTF-8, CRLF) and reading it back for import.

An activity's content areas, approvals and minutes (other bodies' rules) have
columns after the others, each only in a transcript where an activity has a value.

Formula neutralising: a spreadsheet runs a cell that begins with = + - @, a
tab or a carriage return as a formula, so such a cell is written with a single
quote in front ('=SUM(A1) is text). So that reading can tell that quote from
one a person typed, the rule counts leading quotes: a cell gets the quote when
a formula character follows its own leading quotes ('=1 is written ''=1), and
reading removes one leading quote only from such a cell. Every stored value
comes back exactly, and a hand-written 'Twas a course stays as typed.

Control, bidi and line-separator characters in stored values are written as
visible escapes (\\x1b, \\u202e), except the line breaks and tabs of notes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

from amtrax_tui.ccp import FieldError, Rules, TypedActivity, parse_activity, parse_date, visible
from amtrax_tui.ccp.entry import read_areas, read_bodies
from amtrax_tui.store.imports import ImportRow
from amtrax_tui.transcript.model import Transcript, timestamp

# Every field the store keeps for an activity, in the order they are written.
COLUMNS = (
    "id",
    "start_date",
    "end_date",
    "category",
    "title",
    "provider",
    "points",
    "notes",
    "evidence",
    "evidence_sha256",
    "credentials",
    "attested_at",
    "created_at",
    "updated_at",
    "entered_in_amtrax",
    "entered_by",
)
# Written after those only when an activity of the transcript has a value for them
# (other bodies' rules), and read by import when a file has them, as the record form
# reads them: points per content area "clinical=2.00;general=1.00" (";" or ","
# between areas), the bodies that approve the provider "AAMA", the length in minutes.
OPTIONAL = ("areas", "approved", "minutes")
LIST_SEPARATOR = ";"
REQUIRED = ("start_date", "category", "title", "points")
# Written by export and accepted by import, which ignores them: the database
# gives new ids and timestamps, counts each row toward the credential named on
# the command line, and names whoever imports as who entered it. (evidence_sha256
# is kept for a file not on this machine.)
IGNORED = ("id", "credentials", "attested_at", "created_at", "updated_at", "entered_by")
SHA256 = re.compile("[0-9a-f]{64}")
# The columns whose names differ from the activity's fields: a refusal names the column to fix.
COLUMN_OF = {"start": "start_date", "end": "end_date"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
NOTES_LAYOUT = "\n\t"  # notes keep their line breaks and tabs; other stored text is one line


def needs_quote(text: str) -> bool:
    """Whether a formula character follows `text`'s leading quotes (if any)."""
    return text.lstrip(QUOTE).startswith(FORMULA_STARTS)


def neutralise(cell: str) -> str:
    return QUOTE + cell if needs_quote(cell) else cell


def restore(cell: str) -> str:
    """Undo `neutralise`; a leading quote that it did not add stays."""
    return cell[1:] if cell.startswith(QUOTE) and needs_quote(cell) else cell


def render_csv(transcript: Transcript) -> str:
    t = transcript
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    present = {
        "areas": any(a.areas for a in t.activities),
        "approved": any(a.approved_by for a in t.activities),
        "minutes": any(a.minutes is not None for a in t.activities),
    }
    optional = [name for name in OPTIONAL if present[name]]
    writer.writerow((*COLUMNS, *optional))
    for a in t.activities:
        cells = {
            "areas": LIST_SEPARATOR.join(f"{visible(slug)}={t.points(points)}" for slug, points in a.areas),
            "approved": visible(LIST_SEPARATOR.join(a.approved_by)),
            "minutes": "" if a.minutes is None else str(a.minutes),
        }
        row = (
            a.id,
            a.start.isoformat(),
            a.end.isoformat(),
            visible(a.category),
            visible(a.title),
            visible(a.provider),
            t.points(a.points),
            visible(a.notes, NOTES_LAYOUT),
            visible(a.evidence),
            visible(a.evidence_sha256 or ""),
            visible(LIST_SEPARATOR.join(a.credentials)),
            timestamp(a.attested_at),
            timestamp(a.created_at),
            timestamp(a.updated_at),
            a.entered_in_amtrax.isoformat() if a.entered_in_amtrax else "",
            visible(a.entered_by),
            *(cells[name] for name in optional),
        )
        writer.writerow([neutralise(str(cell)) for cell in row])
    return out.getvalue()


@dataclass(frozen=True)
class RowError:
    line: int | None  # None: the file as a whole
    error: FieldError

    def __str__(self) -> str:
        return f"line {self.line}: {self.error}" if self.line else str(self.error)


class Unreadable(ValueError):
    """A CSV file that cannot be imported; `errors` lists every problem found."""

    def __init__(self, errors: list[RowError]):
        super().__init__(str(errors[0]))
        self.errors = errors


def read_csv(data: bytes, rules: Rules, today: dt.date) -> list[ImportRow]:
    """The activities of a CSV file as attested drafts (the importing user
    attests them), with the evidence's SHA-256 and the AMTrax entry date the
    file records; Unreadable lists every row that cannot be read, with every
    rule it breaks, or the file's fault. The rows that read are checked by the
    store as it records them, with the member's cycles."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Unreadable(
            [
                RowError(
                    None,
                    FieldError(
                        "file",
                        f"is not UTF-8 text (byte {exc.start + 1} is 0x{data[exc.start]:02x}); save it as UTF-8 CSV",
                    ),
                )
            ]
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[ImportRow] = []
    try:
        header = [name.strip().lower() for name in next(reader, [])]
        errors = _header_errors(header)
        if not errors:
            rows, errors = _rows(reader, header, rules, today)
    except csv.Error as exc:
        raise Unreadable([RowError(reader.line_num, FieldError("file", f"is not valid CSV ({exc})"))]) from None
    if not errors and not rows:
        errors.append(RowError(None, FieldError("file", "has no activities below its header row")))
    if errors:
        raise Unreadable(errors)
    return rows


def _header_errors(header: list[str]) -> list[RowError]:
    if not any(header):
        example = ",".join(REQUIRED)
        return [RowError(1, FieldError("header", f"is missing; the first row must name the columns, e.g. {example}"))]
    errors = []
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        errors.append(RowError(1, FieldError("header", f"required column missing: {', '.join(missing)}")))
    unknown = [name for name in header if name not in COLUMNS + OPTIONAL]
    if unknown:
        names, columns = ", ".join(map(repr, unknown)), ", ".join(COLUMNS + OPTIONAL)
        errors.append(RowError(1, FieldError("header", f"unknown column {names}; columns are {columns}")))
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        errors.append(RowError(1, FieldError("header", f"column named twice: {', '.join(repeated)}")))
    return errors


def _rows(reader, header: list[str], rules: Rules, today: dt.date) -> tuple[list[ImportRow], list[RowError]]:
    rows: list[ImportRow] = []
    errors: list[RowError] = []
    line = reader.line_num + 1
    for cells in reader:
        start_line, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue  # a blank line
        if len(cells) != len(header):
            errors.append(
                RowError(start_line, FieldError("row", f"has {len(cells)} fields; the header has {len(header)}"))
            )
            continue
        values = {name: restore(cell) for name, cell in zip(header, cells, strict=True)}
        try:
            rows.append(_row(start_line, values, rules, today))
        except _RowFaults as faults:
            errors += [RowError(start_line, error) for error in faults.errors]
    return rows, errors


class _RowFaults(Exception):
    def __init__(self, errors: list[FieldError]):
        self.errors = errors


def _row(line: int, values: dict[str, str], rules: Rules, today: dt.date) -> ImportRow:
    end = values.get("end_date", "")
    typed = TypedActivity(
        category=values["category"],
        title=values["title"],
        points=values["points"],
        start=values["start_date"],
        end=end if end.strip() else None,
        provider=values.get("provider", ""),
        notes=values.get("notes", ""),
        evidence=values.get("evidence", ""),
        attested=True,
        areas=read_areas(values.get("areas", "")),
        approved=read_bodies(values.get("approved", "")),
        minutes=values.get("minutes", ""),
    )
    parsed = parse_activity(rules, typed, today)
    faults: list[FieldError] = []  # in the columns only a file has
    entered_text = values.get("entered_in_amtrax", "").strip()
    entered = None
    if entered_text:
        try:
            entered = parse_date(entered_text, "entered_in_amtrax")
        except FieldError as error:
            faults.append(error)
    sha = values.get("evidence_sha256", "").strip().lower() or None
    if sha is not None and not SHA256.fullmatch(sha):
        faults.append(FieldError("evidence_sha256", "must be a SHA-256: 64 hexadecimal digits"))
    if parsed.draft is None or faults:  # refused here, with every rule the row breaks that is known here
        named = [FieldError(COLUMN_OF.get(e.field, e.field), e.message) for e in parsed.field_errors()]
        raise _RowFaults(named + faults)
    return ImportRow(line, parsed.draft, sha, entered)
