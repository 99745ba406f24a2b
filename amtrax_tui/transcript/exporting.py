"""Exporting what the user chose: whose transcripts (one credential, or every one
held), of which cycle, in which kind of file (a transcript format, the audit
packet, or calendar reminders); the file name to suggest, the files it writes,
and writing them.

The CLI's export, audit-packet and calendar commands and the app's export screen
all write through `write_export`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from amtrax_tui.ccp import FieldError, Rules
from amtrax_tui.store.evidence import DEFAULT_RULES, EvidenceRules
from amtrax_tui.store.records import MemberInfo
from amtrax_tui.transcript.calendar import calendar_name, write_calendar
from amtrax_tui.transcript.export import FORMATS, destinations, suggested_name, transcripts, write_transcripts
from amtrax_tui.transcript.model import Transcript
from amtrax_tui.transcript.packet import EvidenceCheck, write_audit_packet

PACKET = "zip"  # the audit packet: one credential's transcripts, evidence files and manifest
CALENDAR = "ics"  # calendar reminders of the current cycles
KINDS = (*FORMATS, PACKET, CALENDAR)


@dataclass(frozen=True)
class ExportChoice:
    code: str | None  # None: every credential held
    cycle: str | dt.date = "current"  # "current", "previous" or a date in the cycle
    fmt: str = "text"  # one of KINDS

    @property
    def per_credential(self) -> bool:
        """Every credential, each in its own file: text, CSV and Markdown (JSON and a
        calendar hold them all in one; an audit packet is of one credential)."""
        return self.code is None and self.fmt in FORMATS and self.fmt != "json"

    def check(self) -> None:
        """FieldError naming the field when the choice cannot be exported."""
        if self.fmt not in KINDS:
            raise FieldError("format", f"{self.fmt!r} is not a format; use one of {', '.join(KINDS)}")
        if self.fmt == PACKET and self.code is None:
            raise FieldError("credential", "an audit packet is of one credential; choose the credential")
        if self.fmt == CALENDAR and self.cycle != "current":
            raise FieldError("cycle", "calendar reminders are of the current cycles; choose the current cycle")


@dataclass(frozen=True)
class Written:
    paths: tuple[Path, ...]
    problems: tuple[EvidenceCheck, ...] = ()  # the audit packet's missing, refused or changed evidence
    without_evidence: int = 0  # the audit packet's activities that have no evidence


def export_name(member: MemberInfo, choice: ExportChoice, found: Sequence[Transcript], today: dt.date) -> str:
    """A file name that says whose export it is: of one credential, the transcript's
    (suggested_name); of every credential, the member's and today's; reminders, calendar_name.
    `found` holds the chosen transcripts (`transcripts`; unused for reminders). A choice that
    cannot be exported is refused as `check` refuses it."""
    choice.check()
    if choice.fmt == CALENDAR:
        return calendar_name(member, choice.code)
    if choice.code is None:
        return f"ccp-transcripts-{member.amt_id}-{today.isoformat()}.{FORMATS[choice.fmt]}"
    return suggested_name(found[0], choice.fmt)


def export_paths(choice: ExportChoice, found: Sequence[Transcript], output: str | Path) -> list[Path]:
    """The files `write_export` writes for `output`: `output` itself, or one per credential
    (`destinations`) when the choice is per credential."""
    if not choice.per_credential:
        return [Path(output)]
    return destinations(found, choice.fmt, output, per_credential=True)


def write_export(
    rules: Rules,
    member: MemberInfo,
    choice: ExportChoice,
    output: str | Path,
    today: dt.date,
    generated_at: dt.datetime,
    force: bool = False,
    evidence_rules: EvidenceRules = DEFAULT_RULES,
) -> Written:
    """Read the chosen records as they are now and write them atomically to `output`
    (`export_paths`). Every file is checked before any is written: an existing one stops
    them all with DestinationExists unless `force`; any other DestinationError (a FieldError
    on "output") says why nothing was written. An audit packet copies only the evidence
    files `evidence_rules` allow."""
    choice.check()
    if choice.fmt == CALENDAR:
        return Written((write_calendar(rules, member, choice.code, today, output, generated_at, force),))
    found = transcripts(rules, member, choice.code, choice.cycle, today, generated_at)
    if choice.fmt == PACKET:
        packet = write_audit_packet(found[0], output, force, evidence_rules)
        return Written((packet.path,), tuple(packet.problems), len(packet.without_evidence))
    return Written(tuple(write_transcripts(found, choice.fmt, output, force, choice.per_credential)))
