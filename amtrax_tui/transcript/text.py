"""The plain-text transcript: prints cleanly, never wider than 80 columns.

Each activity's row is followed by what an auditor asks about it: its points
per content area, the bodies that approve its provider and its length (when
recorded), the evidence reference, who entered it, and its notes.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from amtrax_tui.ccp import STATUS_LABELS, visible
from amtrax_tui.ccp.progress import UNVERIFIED
from amtrax_tui.store.records import ActivityInfo
from amtrax_tui.transcript.model import (
    NO_EVIDENCE,
    TITLE,
    Transcript,
    evidence_reference,
    minutes_text,
    note_lines,
)
from amtrax_tui.transcript.width import pad, wrap

COLUMNS = 80
LABEL = 17  # width of the labels in the header and summary blocks
GAP = "  "
# The activity table: (heading, width, right-aligned). Points take what their
# widest value needs (6 for 999.99) and the title gets the rest of the 80.
CATEGORY = ("Category", 14, False)
FIXED = (("Dates", 13, False), CATEGORY)
PROVIDER = ("Provider", 16, False)
# Under each row, from the Category column: areas, approvals, length, the evidence, who entered it, any notes.
DETAIL_INDENT = FIXED[0][1] + len(GAP)
DETAIL_LABEL = 12
DETAIL_WIDTH = COLUMNS - DETAIL_INDENT - DETAIL_LABEL
# Each detail label with its indent, made once: thousands of rows use them.
_DETAIL_PREFIX = {
    label: " " * DETAIL_INDENT + pad(label, DETAIL_LABEL)
    for label in ("Areas", "Approved by", "Length", "Evidence", "Entered by", "Notes", "")
}
RULE = "-" * COLUMNS
DOUBLE_RULE = "=" * COLUMNS


def render_text(transcript: Transcript) -> str:
    t = transcript
    # Thousands of activities share a few point values: each is formatted once.
    points = {value: t.points(value) for value in {a.points for a in t.activities}}
    numbers = [t.points(n) for n in (t.progress.required, t.progress.earned, t.total)]
    numbers += points.values()
    numbers += [t.points(c.recorded) for c in t.progress.categories]
    amount = max(len("Points"), *map(len, numbers))
    lines = [
        *heading(t, TITLE),
        "",
        *_summary(t),
        "",
        *_categories(t, amount),
        "",
        *_activities(t, amount, points),
        "",
        "ATTESTATION",
        *wrap(visible(t.rules.attestation), COLUMNS),
        *wrap("Each activity above was attested when it was recorded.", COLUMNS),
        "",
        "",
        "Signature " + "_" * 40 + "   Date " + "_" * 20,
    ]
    return "\n".join(lines) + "\n"


def heading(t: Transcript, title: str) -> list[str]:
    """The title block and who and what the document is about."""
    return [
        title.upper().center(COLUMNS).rstrip(),
        *(line.center(COLUMNS).rstrip() for line in wrap(visible(t.program), COLUMNS)),
        DOUBLE_RULE,
        "",
        *field("Member", t.member.name),
        *field(t.member_id_label, t.member.amt_id),
        *field("Credential", f"{t.credential.name} ({t.credential.code})"),
        *(field("", UNVERIFIED) if t.progress.unverified else []),
        *field("Cycle", f"{t.cycle.start.isoformat()} to {t.cycle.end.isoformat()}"),
        *field("Generated", t.generated_at.strftime("%Y-%m-%d %H:%M UTC")),
    ]


def field(label: str, value: str, indent: int = 0, label_width: int = LABEL) -> list[str]:
    """A label and its value, the value wrapped under itself."""
    wrapped = wrap(visible(value), COLUMNS - indent - label_width)
    return [
        (" " * indent + pad(label if i == 0 else "", label_width) + part).rstrip() for i, part in enumerate(wrapped)
    ]


def _amount(label: str, text: str, amount: int) -> str:
    return pad(label, COLUMNS - amount) + pad(text, amount, right=True)


def _summary(t: Transcript) -> list[str]:
    p = t.progress
    lines = [
        f"SUMMARY as of {p.as_of.isoformat()}",
        *(
            pad(label, LABEL) + pad(t.points(value), 6, right=True) + " points"
            for label, value in (("Required", p.required), ("Earned", p.earned), ("Remaining", p.remaining))
        ),
        *field("Status", STATUS_LABELS[p.status]),
    ]
    if grace := t.grace_text():
        lines += field("Grace period", grace)
    for i, needed in enumerate(t.minimums_text()):
        lines += field("" if i else "Minimums", needed)
    if p.date_met:
        lines += field("Requirement met", p.date_met.isoformat())
    if t.amt:
        invoice = t.invoice_available_on
        lines += field("Renewal invoice", f"payable from {invoice.isoformat()}" if invoice else "not yet available")
    return lines


def _categories(t: Transcript, amount: int) -> list[str]:
    lines = [_amount("POINTS BY CATEGORY", "Points", amount)]
    for total in t.progress.categories:
        lines.append(_amount(f"  {visible(t.category_name(total.slug))}", t.points(total.counted), amount))
        if total.cut and total.cap is not None:
            note = (
                f"{t.points(total.recorded)} recorded; {t.points(total.cut)} above the cap of "
                f"{t.points(total.cap)} do not count"
            )
            lines += ["    " + part for part in wrap(note, COLUMNS - 4)]
    if note := t.others_note():
        lines += ["  " + part for part in wrap(note, COLUMNS - 2)]
    lines.append(_amount("  Total counted", t.points(t.progress.earned), amount))
    return lines


def _activities(t: Transcript, amount: int, points: dict[Decimal, str]) -> list[str]:
    title = COLUMNS - amount - sum(size for _, size, _ in (*FIXED, PROVIDER)) - len(GAP) * 4
    table = (*FIXED, ("Title", title, False), PROVIDER, ("Points", amount, True))
    lines = [
        "ACTIVITIES",
        GAP.join(pad(name, size, right) for name, size, right in table).rstrip(),
        GAP.join("-" * size for _, size, _ in table),
    ]
    # A handful of categories name thousands of rows: each name is wrapped once.
    categories = {
        slug: wrap(visible(t.category_name(slug)), CATEGORY[1]) for slug in {a.category for a in t.activities}
    }
    # Likewise the few people who entered them.
    entered_by = {actor: _detail("Entered by", t.entered_by(actor)) for actor in {a.entered_by for a in t.activities}}
    no_evidence = _detail("Evidence", NO_EVIDENCE)
    for number, activity in enumerate(t.activities):
        if number:
            lines.append("")
        lines += _row(activity, categories[activity.category], points[activity.points], table)
        if activity.areas:
            lines += _detail("Areas", t.areas_text(activity))
        if activity.approved_by:
            lines += _detail("Approved by", ", ".join(activity.approved_by))
        if activity.minutes is not None:
            lines += _detail("Length", minutes_text(activity))
        lines += _detail("Evidence", evidence_reference(activity)) if activity.evidence else no_evidence
        lines += entered_by[activity.entered_by]
        if activity.notes:
            for i, note in enumerate(note_lines(activity.notes)):
                lines += _detail("" if i else "Notes", note)
    if not t.activities:
        lines.append("No activities recorded in this cycle.")
    count = len(t.activities)
    noun = "activity" if count == 1 else "activities"
    lines += [
        RULE,
        pad(f"{count} {noun}", COLUMNS // 2) + pad(f"Total points  {t.points(t.total)}", COLUMNS // 2, right=True),
    ]
    return lines


def _detail(label: str, value: str) -> list[str]:
    """A line under an activity's row: a label and a value that is never empty,
    wrapped under itself."""
    first, *rest = wrap(visible(value), DETAIL_WIDTH)
    return [_DETAIL_PREFIX[label] + first, *(_DETAIL_PREFIX[""] + part for part in rest)]


def _row(activity: ActivityInfo, category: list[str], points: str, table: Sequence[tuple[str, int, bool]]) -> list[str]:
    dates = [activity.start.isoformat()]
    if activity.end != activity.start:
        dates.append(f"to {activity.end.isoformat()}")
    cells = (  # the table's columns: Dates, Category, Title, Provider, Points
        dates,
        category,
        wrap(visible(activity.title), table[2][1]),
        wrap(visible(activity.provider), table[3][1]),
        [points],
    )
    height = max(len(cell) for cell in cells)
    return [
        GAP.join(
            pad(cell[i] if i < len(cell) else "", size, right)
            for cell, (_, size, right) in zip(cells, table, strict=True)
        ).rstrip()
        for i in range(height)
    ]
