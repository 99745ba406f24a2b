"""Recording many activities at once, all or nothing (CSV import).

An import may come from another machine (home to kiosk, kiosk to home): an
evidence file that is not on this machine is kept as a reference, with the
SHA-256 recorded where it was, and said in a warning; a file that is here is
checked and hashed as `record` does it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from amtrax_tui.ccp import Draft, FieldError, Rules, title_key
from amtrax_tui.store.activities import Evidence, EvidenceRef, record_resolved, resolved_evidence
from amtrax_tui.store.db import retry_when_busy, writing
from amtrax_tui.store.evidence import DEFAULT_RULES, EvidenceAbsent, EvidenceRules
from amtrax_tui.store.members import list_credentials, resolved_code
from amtrax_tui.store.records import Duplicate, Invalid

NOT_HERE = "not on this machine; kept as a reference"


@dataclass(frozen=True)
class ImportRow:
    """One activity to import, with the line of the file it starts on."""

    line: int
    draft: Draft
    evidence_sha256: str | None = None  # the evidence file's SHA-256, as recorded where the file was exported
    entered_in_amtrax: dt.date | None = None


@dataclass(frozen=True)
class Imported:
    count: int  # activities recorded (or, in a dry run, that would be)
    warnings: tuple[tuple[int, FieldError], ...] = ()  # (line, what to know about it): imported all the same


class RowsRefused(Invalid):
    """Rows that break a rule, each with its line number; nothing was saved.
    `duplicate_lines` are those refused only as likely duplicates."""

    def __init__(self, problems: list[tuple[int, FieldError]], duplicate_lines: set[int]):
        super().__init__([error for _, error in problems])
        self.problems = problems
        self.duplicate_lines = duplicate_lines


@retry_when_busy
def record_all(
    rules: Rules,
    member_id: int,
    code: str,
    rows: Sequence[ImportRow],
    today: dt.date,
    actor: str,
    allow_duplicate: bool = False,
    dry_run: bool = False,
    evidence_rules: EvidenceRules = DEFAULT_RULES,
) -> Imported:
    """Record each row toward `code` exactly as `record` would, in one transaction:
    if any row is refused, none is saved and RowsRefused lists every refused row.
    A dry run checks everything and saves nothing."""
    code = resolved_code(rules, code)
    if code not in {h.code for h in list_credentials(member_id)}:
        raise Invalid([FieldError("credential", f"the member does not hold {code}")])
    # Every evidence file is read before the transaction opens, once however many rows cite it.
    found = {ref: resolved_evidence(ref, evidence_rules) for ref in {row.draft.evidence for row in rows}}
    warnings: list[tuple[int, FieldError]] = []
    problems: list[tuple[int, FieldError]] = []
    duplicate_lines: set[int] = set()
    first_line: dict[tuple, int] = {}
    with writing() as transaction:
        for row in rows:
            draft, line = row.draft, row.line
            key = (draft.category.strip(), draft.start, title_key(draft.title))
            if key in first_line and not allow_duplicate:
                problems.append(
                    (line, FieldError("title", f"repeats line {first_line[key]} (same category, start date and title)"))
                )
                duplicate_lines.add(line)
                continue
            first_line.setdefault(key, line)
            evidence, warning = _evidence(row, found[draft.evidence])
            if warning is not None:
                warnings.append((line, warning))
            try:  # each record is a savepoint inside this transaction
                record_resolved(
                    rules, member_id, [code], draft, evidence, today, actor, allow_duplicate, row.entered_in_amtrax
                )
            except Invalid as refused:
                problems += [(line, error) for error in refused.errors]
                if isinstance(refused, Duplicate):
                    duplicate_lines.add(line)
        if problems or dry_run:
            transaction.rollback()
    if problems:
        raise RowsRefused(problems, duplicate_lines)
    return Imported(len(rows), tuple(warnings))


def _evidence(row: ImportRow, found: Evidence) -> tuple[Evidence, FieldError | None]:
    """The row's evidence as it is stored here, and what to warn about it."""
    if isinstance(found, EvidenceAbsent):
        kept = EvidenceRef(row.draft.evidence.strip(), row.evidence_sha256, elsewhere=True)
        return kept, FieldError("evidence", NOT_HERE)
    exported = row.evidence_sha256
    if isinstance(found, EvidenceRef) and found.sha256 and exported and found.sha256 != exported:
        return found, FieldError(
            "evidence",
            f"the file here differs from the one exported (SHA-256 {exported} "
            f"there, {found.sha256} here); the file here is recorded",
        )
    return found, None
