"""The audit packet: a zip with the text and CSV transcripts, a copy of every
evidence file the activities reference, and a manifest that sets each file's
SHA-256 now beside the one recorded when its activity was entered.

The zip is reproducible: entries in a fixed order, all dated with the
generation time, so the same records and files give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from amtrax_tui.ccp import visible
from amtrax_tui.store.evidence import (
    DEFAULT_RULES,
    EvidenceRefused,
    EvidenceRules,
    evidence_file,
    is_file_reference,
    read_evidence,
)
from amtrax_tui.store.records import ActivityInfo
from amtrax_tui.transcript.csvfile import render_csv
from amtrax_tui.transcript.files import absolute, atomic_writer
from amtrax_tui.transcript.model import Transcript
from amtrax_tui.transcript.text import COLUMNS, RULE, field, heading, render_text
from amtrax_tui.transcript.width import wrap

TRANSCRIPT_TXT = "transcript.txt"
TRANSCRIPT_CSV = "transcript.csv"
MANIFEST = "manifest.txt"
EVIDENCE_FOLDER = "evidence/"

# What the manifest says of each activity's evidence, and what each state means.
STATES = {
    "ok": "the file matches the SHA-256 recorded when the activity was entered",
    "changed": "the file no longer matches the SHA-256 recorded; the copy is the file as it is now",
    "missing": "the file cannot be read, so there is no copy",
    "elsewhere": "the file is not on this machine: an import from another machine kept its path and "
    "the SHA-256 recorded there; make the packet where the file is, or copy it to that path here",
    "refused": "the file breaks a rule for evidence files (not a regular file, over the size limit, "
    "the database), so there is no copy",
    "unverified": "no SHA-256 was recorded for the file; the copy cannot be checked",
    "certificate": "the evidence is a certificate number, not a file",
    "none": "no evidence was recorded for the activity",
}
PROBLEMS = ("missing", "elsewhere", "refused", "changed")
NOT_HERE = "not on this machine"
_ZIP_EPOCH = dt.datetime(1980, 1, 1)  # the earliest date a zip entry can hold
_CHUNK = 1 << 20
_SPOOL = 8 << 20  # a larger evidence file is held on disk while it is read


@dataclass(frozen=True)
class EvidenceCheck:
    number: int  # the activity's position in the transcript, from 1
    activity: ActivityInfo
    state: str
    sha256_now: str | None = None
    copy: str | None = None  # the copy's name inside the zip
    reason: str = ""  # why a file is missing or refused

    @property
    def problem(self) -> bool:
        return self.state in PROBLEMS


@dataclass(frozen=True)
class Packet:
    path: Path
    checks: tuple[EvidenceCheck, ...]

    @property
    def problems(self) -> list[EvidenceCheck]:
        """Evidence files that are missing, refused, or changed since they were recorded."""
        return [c for c in self.checks if c.problem]

    @property
    def without_evidence(self) -> list[EvidenceCheck]:
        return [c for c in self.checks if c.state == "none"]


def write_audit_packet(
    transcript: Transcript, output: str | Path, force: bool = False, evidence_rules: EvidenceRules = DEFAULT_RULES
) -> Packet:
    """Write the packet atomically to `output` (refused if it exists, unless
    `force`). Only evidence files that pass `evidence_rules` as they are now are
    copied; missing, refused or changed evidence is in the manifest and in the result."""
    t = transcript
    stamp = max(t.generated_at.replace(tzinfo=None), _ZIP_EPOCH).timetuple()[:6]
    checks: list[EvidenceCheck] = []
    with atomic_writer(output, force) as handle, zipfile.ZipFile(handle, "w") as archive:

        def entry(name: str) -> zipfile.ZipInfo:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            return info

        archive.writestr(entry(TRANSCRIPT_TXT), render_text(t).encode("utf-8"))
        archive.writestr(entry(TRANSCRIPT_CSV), render_csv(t).encode("utf-8"))
        # One copy per file, however many activities cite it: (copy, SHA-256, failed state, why).
        copied: dict[str, tuple[str | None, str | None, str, str]] = {}
        for number, activity in enumerate(t.activities, start=1):
            ref = activity.evidence
            if not ref:
                checks.append(EvidenceCheck(number, activity, "none"))
            elif not is_file_reference(ref):
                checks.append(EvidenceCheck(number, activity, "certificate"))
            else:
                if ref not in copied:
                    name = f"{EVIDENCE_FOLDER}{number:03d}-{_safe_name(ref)}"
                    sha, failed, reason = _copy(ref, evidence_rules, archive, entry(name))
                    copied[ref] = (None if failed else name, sha, failed, reason)
                copy, sha, failed, reason = copied[ref]
                if failed == "missing" and activity.evidence_elsewhere:
                    failed, reason = "elsewhere", NOT_HERE
                checks.append(EvidenceCheck(number, activity, failed or _state(activity, sha), sha, copy, reason))
        archive.writestr(entry(MANIFEST), render_manifest(t, checks).encode("utf-8"))
    return Packet(absolute(output), tuple(checks))


def _copy(
    ref: str, rules: EvidenceRules, archive: zipfile.ZipFile, info: zipfile.ZipInfo
) -> tuple[str | None, str, str]:
    """Copy the evidence file `ref` into the zip if it passes `rules` now, hashing what
    was copied: (SHA-256, "", "") or (None, "missing" or "refused", why not). The file
    is read whole before its entry is begun, so one refused half-way leaves none."""
    with tempfile.SpooledTemporaryFile(_SPOOL) as spool:
        try:
            sha = read_evidence(evidence_file(ref, rules), rules, spool.write)
        except EvidenceRefused as refused:
            return None, "refused", refused.message
        except OSError as exc:
            return None, "missing", exc.strerror or str(exc)
        spool.seek(0)
        with archive.open(info, "w", force_zip64=True) as target:
            shutil.copyfileobj(spool, target, _CHUNK)
    return sha, "", ""


def _state(activity: ActivityInfo, sha_now: str | None) -> str:
    if not activity.evidence_sha256:
        return "unverified"
    return "ok" if sha_now == activity.evidence_sha256 else "changed"


def _safe_name(ref: str) -> str:
    name = Path(ref).name or "evidence"
    return "".join("_" if ch in "\\/:" else ch for ch in visible(name))


def render_manifest(transcript: Transcript, checks: list[EvidenceCheck]) -> str:
    t = transcript
    lines = [
        *heading(t, "Audit Packet Manifest"),
        "",
        *wrap(
            f"This packet holds {TRANSCRIPT_TXT} and {TRANSCRIPT_CSV} (the CE transcript), a copy "
            f"of each evidence file under {EVIDENCE_FOLDER}, and this manifest. For each activity it "
            "gives the evidence, the SHA-256 recorded when the activity was entered, the SHA-256 of "
            "the file now, and one of these states:",
            COLUMNS,
        ),
        "",
        *(line for state, meaning in STATES.items() for line in field(state, meaning, indent=2, label_width=13)),
        "",
        "ACTIVITIES AND EVIDENCE",
        RULE,
    ]
    for check in checks:
        a = check.activity
        dates = a.start.isoformat() if a.start == a.end else f"{a.start.isoformat()} to {a.end.isoformat()}"
        lines += field(f"{check.number}.", dates, label_width=6)
        lines += field("Title", a.title, indent=6, label_width=10)
        lines += field(
            "State",
            check.state.upper() if check.problem or check.state == "none" else check.state,
            indent=6,
            label_width=10,
        )
        if a.evidence:
            lines += field("Evidence", a.evidence, indent=6, label_width=10)
        if check.copy:
            lines += field("Copy", check.copy, indent=6, label_width=10)
        if check.reason:
            lines += field(
                "Refused" if check.state == "refused" else "Not read", check.reason, indent=6, label_width=10
            )
        if is_file_reference(a.evidence):
            lines += field("Recorded", a.evidence_sha256 or "none", indent=6, label_width=10)
            lines += field("Now", check.sha256_now or "none", indent=6, label_width=10)
        lines.append("")
    if not checks:
        lines += ["No activities recorded in this cycle.", ""]
    counts = [f"{n} {state}" for state in STATES if (n := sum(1 for c in checks if c.state == state))]
    lines += [
        RULE,
        *wrap(
            f"{len(checks)} {'activity' if len(checks) == 1 else 'activities'}"
            + (f": {', '.join(counts)}" if counts else ""),
            COLUMNS,
        ),
    ]
    return "\n".join(lines) + "\n"
