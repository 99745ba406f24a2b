"""The live progress panel of one credential's cycle."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.reactive import var
from textual.widgets import ProgressBar

from amtrax_tui.ccp import Progress, Rules
from amtrax_tui.ccp.progress import UNVERIFIED
from amtrax_tui.ccp.rules import AMT
from amtrax_tui.ui import format as fmt
from amtrax_tui.ui import glyphs as glyph_sets
from amtrax_tui.ui.glyphs import Glyphs
from amtrax_tui.ui.widgets.chart import CumulativeChart
from amtrax_tui.ui.widgets.columns import Column, Columns
from amtrax_tui.ui.widgets.readout import Readout

LABEL = 9  # the facts' labels: "Remaining", "Days left", "Per month", "Projected"


def _facts(progress: Progress, glyphs: Glyphs) -> Columns:
    if progress.projected_completion is None:
        ended = progress.as_of > progress.cycle.end
        projected = Content("the cycle has ended" if ended else "not enough yet to project")
    else:
        projected = Content(progress.projected_completion.isoformat())
        if progress.status != "met" and progress.projected_completion > progress.cycle.end:
            projected += Content.styled(" late!", "bold ansi_yellow")
    invoice = progress.invoice_available_on
    rows: list[tuple[str, Content | str]] = [
        ("Status", fmt.status(progress.status, glyphs)),
        ("Remaining", f"{fmt.points(progress.remaining)} points"),
        ("Days left", str(progress.days_left)),
        ("Per month", f"{fmt.points(progress.points_per_month_needed)} points needed"),
        ("Projected", projected),
    ]
    if progress.credential.body == AMT:  # AMT's renewal invoice
        rows.append(("Invoice", f"from {invoice.isoformat()}" if invoice else "not yet available"))
    return Columns(
        [Column(LABEL, wrap=False), Column()], [[Content.styled(label, "dim"), value] for label, value in rows]
    )


def _notes(progress: Progress, glyphs: Glyphs) -> Content:
    """What else the credential asks, a line each: until when a grace period lasts, the
    minimums not met yet, and whether its rules are verified ("" for none of these)."""
    lines: list[Content] = []
    if progress.status == "grace" and progress.grace_until is not None:
        lines.append(Content(f"{glyphs.marks['grace']} It may still be met until {progress.grace_until.isoformat()}."))
    if needed := [m.needed for m in progress.minimums if m.needed]:  # on as few lines as they take
        lines.append(Content.styled(f"{glyphs.warning} {'; '.join(needed)}", "ansi_yellow"))
    if progress.unverified:
        lines.append(Content.styled(f"{glyphs.unverified} {UNVERIFIED.capitalize()}.", "dim"))
    return Content("\n").join(lines)


def _categories(progress: Progress, rules: Rules) -> Columns:
    rows = [[Content.styled("Category", "bold"), Content.styled("Points", "bold")]]
    for total in progress.categories:
        category = rules.categories.get(total.slug)
        name = fmt.plain(category.name if category else total.slug)
        if total.cap is not None:
            note = f"\n  cap {fmt.points(total.cap)}"
            if total.cut:
                note += f": {fmt.points(total.cut)} not counted"
            name += Content.styled(note, "ansi_yellow" if total.cut else "dim")
        rows.append([name, Content(fmt.points(total.counted))])
    points = max(row[1].cell_length for row in rows)
    return Columns([Column(), Column(points, right=True, wrap=False)], rows)


class ProgressPanel(VerticalScroll):
    progress: var[Progress | None] = var(None, always_update=True, init=False)  # hidden while None

    def __init__(self, rules: Rules, **kwargs):
        super().__init__(**kwargs)
        self.rules = rules

    def compose(self) -> ComposeResult:
        yield Readout(id="progress-title")
        with Horizontal(id="progress-line"):
            # Its percentage is written with the figures: Textual's label for it is a widget of its
            # own, with styles of its own to parse, and the start built and drew it (about 2 ms).
            yield ProgressBar(show_eta=False, show_percentage=False, id="progress-bar")
            yield Readout(id="progress-figures")
        yield Readout(id="progress-notes")
        with Horizontal(id="progress-details"):
            yield Readout(id="progress-facts")
            yield Readout(id="progress-categories")
        yield CumulativeChart(id="progress-chart")

    def watch_progress(self, progress: Progress | None) -> None:
        self.set_class(progress is None, "-empty")
        if progress is None:
            return
        glyphs = glyph_sets.of(self)
        self.query_one("#progress-title", Readout).update(
            Content.assemble(
                fmt.plain(progress.credential.code, "bold"),
                " ",
                fmt.plain(progress.credential.name),
                (f" · cycle {fmt.span(progress.cycle.start, progress.cycle.end)}", "dim"),
            )
        )
        bar = self.query_one(ProgressBar)
        bar.update(total=float(progress.required), progress=float(min(progress.earned, progress.required)))
        share = f"{round(100 * (bar.percentage or 0))}%"
        self.query_one("#progress-figures", Readout).update(
            Content(f"{share:>5}  {fmt.points(progress.earned)} of {fmt.required(progress.required)} points")
        )
        notes = _notes(progress, glyphs)
        self.query_one("#progress-notes", Readout).update(notes)
        self.query_one("#progress-notes").set_class(not notes, "-empty")
        self.query_one("#progress-facts", Readout).update(_facts(progress, glyphs))
        self.query_one("#progress-categories", Readout).update(_categories(progress, self.rules))
        self.query_one(CumulativeChart).progress = progress
