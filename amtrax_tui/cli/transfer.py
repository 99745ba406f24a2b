"""export, audit-packet, calendar and import: transcripts out, the audit packet, reminders, CSV in."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from amtrax_tui.ccp import FieldError
from amtrax_tui.cli import PROG, print_error
from amtrax_tui.cli.common import actor, add_transcript_choice, cycle_arg, evidence_limits, say, setup, today
from amtrax_tui.cli.parser import Commands
from amtrax_tui.store import members
from amtrax_tui.store.imports import NOT_HERE, RowsRefused, record_all
from amtrax_tui.transcript import FORMATS, DestinationExists, generation_time, read_csv, render, transcripts
from amtrax_tui.transcript.csvfile import COLUMNS, IGNORED, OPTIONAL, QUOTE, REQUIRED, Unreadable
from amtrax_tui.transcript.exporting import CALENDAR, PACKET, ExportChoice, write_export

EXIT_EVIDENCE_PROBLEMS = 3  # the packet was written, but evidence is missing, refused or changed
STDOUT = "-"


def export(args) -> None:
    rules = setup(args)
    member = members.find_member(args.member)
    cycle = cycle_arg(args.cycle)
    if args.output == STDOUT:
        found = transcripts(rules, member, args.credential, cycle, today(), generation_time())
        sys.stdout.flush()
        sys.stdout.buffer.write(render(found, args.format).encode("utf-8"))
        sys.stdout.buffer.flush()
        return
    choice = ExportChoice(args.credential, cycle, args.format)
    with _force_hint():
        written = write_export(rules, member, choice, args.output, today(), generation_time(), args.force)
    for path in written.paths:
        say(f"wrote {path}")


def audit_packet(args) -> int:
    rules = setup(args)
    member = members.find_member(args.member)
    if args.output == STDOUT:
        raise FieldError("output", "an audit packet is a zip file; give its file name")
    choice = ExportChoice(args.credential, cycle_arg(args.cycle), PACKET)
    with _force_hint():
        packet = write_export(
            rules, member, choice, args.output, today(), generation_time(), args.force, evidence_limits()
        )
    for check in packet.problems:
        a = check.activity
        what = {
            "missing": f"is missing ({check.reason})",
            "refused": f"was not copied: it {check.reason}",
            "elsewhere": "is not on this machine (an import kept it as a reference); make the packet where the file is",
            "changed": "has changed since it was recorded",
        }[check.state]
        _warn(f"activity {check.number} ({a.start.isoformat()}, {a.title!r}): evidence {a.evidence} {what}")
    if packet.without_evidence:
        count = packet.without_evidence
        _warn(f"{count} {'activity has' if count == 1 else 'activities have'} no evidence (flagged in the manifest)")
    say(f"wrote {packet.paths[0]}")
    return EXIT_EVIDENCE_PROBLEMS if packet.problems else 0


def calendar(args) -> None:
    rules = setup(args)
    member = members.find_member(args.member)
    choice = ExportChoice(args.credential, fmt=CALENDAR)
    with _force_hint():
        written = write_export(rules, member, choice, args.output, today(), generation_time(), args.force)
    say(f"wrote {written.paths[0]}")


def import_(args) -> int:
    rules = setup(args)
    if not args.attest:
        raise FieldError(
            "attestation", "must be given: add --attest to attest that the information in the file is correct"
        )
    member = members.find_member(args.member)
    path = Path(args.file).expanduser()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FieldError("file", f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        rows = read_csv(data, rules, today())
        imported = record_all(
            rules,
            member.id,
            args.credential,
            rows,
            today(),
            actor(),
            args.allow_duplicate,
            args.dry_run,
            evidence_limits(),
        )
    except Unreadable as exc:
        return _refused(path, [(e.line, e.error) for e in exc.errors])
    except RowsRefused as exc:
        hint = "rows that look like duplicates are imported with --allow-duplicate" if exc.duplicate_lines else ""
        return _refused(path, exc.problems, hint)
    for line, warning in imported.warnings:
        _warn(f"{path}:{line}: {warning}")
    count = imported.count
    noun = "activity" if count == 1 else "activities"
    code = members.resolved_code(rules, args.credential)
    if args.dry_run:
        say(f"{count} {noun} can be imported into {code} for {member.name}; nothing was written (dry run)")
    else:
        say(f"imported {count} {noun} into {code} for {member.name}")
    return 0


@contextmanager
def _force_hint() -> Iterator[None]:
    try:
        yield
    except DestinationExists as exc:
        raise FieldError("output", f"{exc.path} already exists; add --force to replace it") from None


def _warn(message: str) -> None:
    print_error(f"{PROG}: warning: {message}")


def _refused(path: Path, problems: list, hint: str = "") -> int:
    for line, error in problems:
        print_error(f"{PROG}: {path}{f':{line}' if line else ''}: {error}")
    if hint:
        print_error(f"{PROG}: {hint}")
    lines = {line for line, _ in problems if line}
    where = f" in {len(lines)} {'row' if len(lines) == 1 else 'rows'}" if lines else ""
    print_error(f"{PROG}: nothing imported: {len(problems)} {'problem' if len(problems) == 1 else 'problems'}{where}")
    return 2


def register(commands: Commands) -> None:
    sub = commands.add("export", "write a CE transcript (text, CSV, JSON or Markdown)", export)
    add_transcript_choice(sub, credential_required=False)
    sub.add_argument("--format", required=True, choices=tuple(FORMATS), help="text prints in 80 columns")
    sub.add_argument("--output", required=True, metavar="PATH|-", help="the file to write, or - for standard output")
    sub.add_argument("--force", action="store_true", help="replace the file if it exists")
    sub.epilog = (
        "Without --credential: text, csv and md write one file per credential held, named "
        "STEM-CODE.EXT after --output (transcript.txt gives transcript-RMA.txt, ...); json writes "
        "every credential into one document. To standard output, text and md follow one another "
        "(text with a page break between); csv needs --credential. Files are written atomically "
        "and readable by their owner only. CSV cells that begin with = + - @ or a tab (after any quotes) "
        f"get a leading {QUOTE} so spreadsheets show them as text; import removes just that one. "
        "SOURCE_DATE_EPOCH, when set, fixes the generation time, so the same records give the same bytes."
    )

    sub = commands.add(
        "audit-packet",
        "write a zip for an audit: transcripts, evidence files, and a manifest of their SHA-256 sums",
        audit_packet,
    )
    add_transcript_choice(sub, credential_required=True)
    sub.add_argument("--output", required=True, metavar="FILE.zip")
    sub.add_argument("--force", action="store_true", help="replace the file if it exists")
    sub.epilog = (
        "The zip holds transcript.txt, transcript.csv, evidence/ (a copy of each evidence file) and "
        "manifest.txt, which gives each activity's evidence state: ok, changed, missing, refused, "
        "unverified, certificate or none. A file is refused, and not copied, when it is not a regular "
        "file, is larger than the site's evidence_max_mib, or is the database or in its data folder. "
        "Missing, refused and changed files are also reported on standard error. "
        f"Exit status {EXIT_EVIDENCE_PROBLEMS}: the packet was written but some evidence is missing, "
        "refused or changed; 0: written and every evidence file matches."
    )

    sub = commands.add(
        "calendar",
        "write calendar reminders (.ics): cycle end, dues month and, when behind, "
        "the projected completion, each with alarms",
        calendar,
    )
    sub.add_argument("--member", required=True, metavar="AMT_ID")
    sub.add_argument("--credential", metavar="CODE", help="only this credential (default: every credential held)")
    sub.add_argument("--output", required=True, metavar="FILE.ics")
    sub.add_argument("--force", action="store_true", help="replace the file if it exists")
    sub.epilog = (
        "An iCalendar file with, for each credential's current cycle, all-day events on the cycle's last day, "
        "on the first day of the next dues month (AMT's credentials only) and, when the credential is "
        "behind, on the date the requirement would be met at the pace so far; each with alarms two months "
        "and two weeks before (9:00). Each event keeps its UID from one file to the next, so importing a "
        "newer file updates the events. Written atomically, readable by its owner only."
    )

    sub = commands.add("import", "record activities from a CSV file (all or nothing)", import_)
    sub.add_argument("--member", required=True, metavar="AMT_ID")
    sub.add_argument("--credential", required=True, metavar="CODE", help="count every row toward this credential")
    sub.add_argument("file", metavar="FILE.csv")
    sub.add_argument(
        "--attest", action="store_true", help="I attest that the information in the file is correct (required)"
    )
    sub.add_argument("--dry-run", action="store_true", help="check every row and report; write nothing")
    sub.add_argument("--allow-duplicate", action="store_true", help="import rows even if they look like duplicates")
    sub.epilog = (
        f"Reads the CSV that export writes: UTF-8, a header row naming the columns in any order. "
        f"Required: {', '.join(REQUIRED)}. Optional: "
        f"{', '.join(c for c in COLUMNS if c not in REQUIRED and c not in IGNORED)} "
        f"(end_date defaults to start_date); for other bodies' rules, {', '.join(OPTIONAL)}: points per "
        "content area (clinical=2;general=1), the bodies that approve the provider (AAMA) and the length in "
        f"minutes, read as record reads them. Accepted and ignored: {', '.join(IGNORED)}. "
        "Every row is checked as record checks it, and evidence files are hashed again (a warning when the "
        "file here differs from the evidence_sha256 exported). An evidence file that is not on this machine "
        f"(an export from another one) is kept as a reference with its evidence_sha256, with a warning: "
        f"FILE:LINE: evidence: {NOT_HERE}. entered_in_amtrax, the day the activity was entered in AMTrax, "
        "is kept. If any row is refused, nothing is imported and each problem is reported with its line number."
    )
