"""Recording many activities at once, all or nothing (CSV import)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from amtrax_tui.ccp import Draft, FieldError, Rules, title_key
from amtrax_tui.store.activities import record_resolved, resolved_evidence
from amtrax_tui.store.db import retry_when_busy, writing
from amtrax_tui.store.evidence import DEFAULT_RULES, EvidenceRules
from amtrax_tui.store.members import list_credentials
from amtrax_tui.store.records import Duplicate, Invalid


class RowsRefused(Invalid):
    """Rows that break a rule, each with its line number; nothing was saved.
    `duplicate_lines` are those refused only as likely duplicates."""

    def __init__(self, problems: list[tuple[int, FieldError]], duplicate_lines: set[int]):
        super().__init__([error for _, error in problems])
        self.problems = problems
        self.duplicate_lines = duplicate_lines


@retry_when_busy
def record_all(rules: Rules, member_id: int, code: str, rows: Sequence[tuple[int, Draft]],
               today: dt.date, actor: str, allow_duplicate: bool = False, dry_run: bool = False,
               evidence_rules: EvidenceRules = DEFAULT_RULES) -> int:
    """Record each (line, draft) toward `code` exactly as `record` would, in one
    transaction: if any row is refused, none is saved and RowsRefused lists
    every refused row. A dry run checks everything and saves nothing.
    The number of activities recorded (or that would be)."""
    code = code.strip().upper()
    if code not in {h.code for h in list_credentials(member_id)}:
        raise Invalid([FieldError("credential", f"the member does not hold {code}")])
    # Every evidence file is read before the transaction opens, once however many rows cite it.
    evidence = {ref: resolved_evidence(ref, evidence_rules) for ref in {draft.evidence for _, draft in rows}}
    problems: list[tuple[int, FieldError]] = []
    duplicate_lines: set[int] = set()
    first_line: dict[tuple, int] = {}
    with writing() as transaction:
        for line, draft in rows:
            key = (draft.category.strip(), draft.start, title_key(draft.title))
            if key in first_line and not allow_duplicate:
                problems.append((line, FieldError(
                    "title", f"repeats line {first_line[key]} (same category, start date and title)")))
                duplicate_lines.add(line)
                continue
            first_line.setdefault(key, line)
            try:  # each record is a savepoint inside this transaction
                record_resolved(rules, member_id, [code], draft, evidence[draft.evidence], today, actor,
                                allow_duplicate)
            except Invalid as refused:
                problems += [(line, error) for error in refused.errors]
                if isinstance(refused, Duplicate):
                    duplicate_lines.add(line)
        if problems or dry_run:
            transaction.rollback()
    if problems:
        raise RowsRefused(problems, duplicate_lines)
    return len(rows)
