"""The Markdown transcript: the text transcript's content as headings and tables.

Each activity's row carries what the text transcript prints under it: its
points per content area, approvals and length (columns present when any
activity has them), the evidence reference, who entered it and its notes
(their lines joined by <br>, the one line break a table cell can hold).
"""

from __future__ import annotations

from amtrax_tui.ccp import STATUS_LABELS, visible
from amtrax_tui.ccp.progress import UNVERIFIED
from amtrax_tui.store.records import ActivityInfo
from amtrax_tui.transcript.model import TITLE, Transcript, evidence_reference, minutes_text, note_lines

# Characters that Markdown (CommonMark and GitHub tables) would read as markup, each with its backslash.
_ESCAPED = str.maketrans({ch: "\\" + ch for ch in "\\`*_[]<>|#&~"})


def escape(text: str) -> str:
    """`text` as literal inline Markdown on one line: control characters
    (newlines, escapes) become visible escapes, and markup characters, the
    escapes' backslashes among them, get a backslash."""
    return visible(text).translate(_ESCAPED)


def render_markdown(transcript: Transcript) -> str:
    t = transcript
    p = t.progress
    lines = [
        f"# {TITLE}: {escape(t.credential.code)}",
        "",
        escape(t.program),
        "",
        f"- **Member:** {escape(t.member.name)}",
        f"- **{t.member_id_label}:** {escape(t.member.amt_id)}",
        f"- **Credential:** {escape(t.credential.code)}, {escape(t.credential.name)}",
        *([f"- **Note:** {UNVERIFIED}"] if p.unverified else []),
        f"- **Cycle:** {p.cycle.start.isoformat()} to {p.cycle.end.isoformat()}",
        f"- **Generated:** {t.generated_at.strftime('%Y-%m-%d %H:%M UTC')}",
        "",
        f"## Summary as of {p.as_of.isoformat()}",
        "",
        *_summary_table(t),
        "",
        *_body_summary(t),
        "## Points by category",
        "",
        "| Category | Recorded | Counted | Cap |",
        "| --- | ---: | ---: | ---: |",
        *(
            f"| {escape(t.category_name(c.slug))} | {t.points(c.recorded)} | {t.points(c.counted)} "
            f"| {t.points(c.cap) if c.cap is not None else 'none'} |"
            for c in p.categories
        ),
        f"| **Total counted** | | **{t.points(p.earned)}** | |",
        "",
        "## Activities",
        "",
    ]
    if t.activities:
        optional = [name for name, present in _optional_columns(t).items() if present]
        headings = ["Start", "End", "Category", "Title", "Provider", "Points", *optional]
        headings += ["Evidence", "Entered by", "Notes"]
        alignments = ["---:" if heading == "Points" else "---" for heading in headings]
        lines += [
            f"| {' | '.join(headings)} |",
            f"| {' | '.join(alignments)} |",
            *_activity_rows(t),
            "",
        ]
    else:
        lines += ["No activities recorded in this cycle.", ""]
    count = len(t.activities)
    lines += [
        f"**{count} {'activity' if count == 1 else 'activities'}, {t.points(t.total)} points in total.**",
        "",
        "## Attestation",
        "",
        escape(t.rules.attestation),
        "Each activity above was attested when it was recorded.",
    ]
    return "\n".join(lines) + "\n"


def _summary_table(t: Transcript) -> list[str]:
    """Progress in one row; the renewal invoice's column on AMT's credentials only."""
    p = t.progress
    invoice = t.invoice_available_on
    cells = {
        "Required": t.points(p.required),
        "Earned": t.points(p.earned),
        "Remaining": t.points(p.remaining),
        "Status": STATUS_LABELS[p.status],
        "Requirement met": p.date_met.isoformat() if p.date_met else "not yet",
    }
    if t.amt:
        cells["Renewal invoice"] = f"payable from {invoice.isoformat()}" if invoice else "not yet available"
    alignments = ["---:" if name in ("Required", "Earned", "Remaining") else "---" for name in cells]
    return [f"| {' | '.join(cells)} |", f"| {' | '.join(alignments)} |", f"| {' | '.join(cells.values())} |"]


def _body_summary(t: Transcript) -> list[str]:
    """What a body asks beyond the total, as a list under the summary (nothing for AMT's credentials)."""
    lines = []
    if grace := t.grace_text():
        lines.append(f"- **Grace period:** {grace}")
    if minimums := t.minimums_text():
        lines.append(f"- **Minimums:** {'; '.join(minimums)}")
    if others := t.others_note():
        lines.append(f"- **Not counted:** {others}")
    return [*lines, ""] if lines else []


def _optional_columns(t: Transcript) -> dict[str, bool]:
    """The columns a body's activities may fill, each present when any activity has a value."""
    return {
        "Areas": any(a.areas for a in t.activities),
        "Approved by": any(a.approved_by for a in t.activities),
        "Length": any(a.minutes is not None for a in t.activities),
    }


def _optional_cells(t: Transcript, a: ActivityInfo, columns: dict[str, bool]) -> str:
    cells = {
        "Areas": escape(t.areas_text(a)),
        "Approved by": escape(", ".join(a.approved_by)),
        "Length": minutes_text(a),
    }
    return "".join(f"| {cells[name]} " for name, present in columns.items() if present)


def _activity_rows(t: Transcript) -> list[str]:
    # Thousands of rows share a few categories, people and point values: each is written once.
    categories = {slug: escape(t.category_name(slug)) for slug in {a.category for a in t.activities}}
    entered_by = {actor: escape(t.entered_by(actor)) for actor in {a.entered_by for a in t.activities}}
    points = {value: t.points(value) for value in {a.points for a in t.activities}}
    columns = _optional_columns(t)
    return [
        f"| {a.start.isoformat()} | {a.end.isoformat()} | {categories[a.category]} "
        f"| {escape(a.title)} | {escape(a.provider)} | {points[a.points]} "
        f"{_optional_cells(t, a, columns)}"
        f"| {escape(evidence_reference(a))} | {entered_by[a.entered_by]} "
        f"| {'<br>'.join(map(escape, note_lines(a.notes)))} |"
        for a in t.activities
    ]
