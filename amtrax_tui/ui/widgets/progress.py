"""The live progress panel of one credential's cycle."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import ProgressBar, Static

from amtrax_tui.ccp import Progress, Rules, visible
from amtrax_tui.ui import format as fmt
from amtrax_tui.ui.widgets.chart import CumulativeChart


def _facts(progress: Progress) -> Table:
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column()
    if progress.projected_completion is None:
        projected = Text("the cycle has ended" if progress.status == "lapsed" else "not enough yet to project")
    else:
        projected = Text(progress.projected_completion.isoformat())
        if progress.status != "met" and progress.projected_completion > progress.cycle.end:
            projected.append(" late!", style="bold yellow")
    invoice = progress.invoice_available_on
    grid.add_row("Status", fmt.status(progress.status))
    grid.add_row("Remaining", Text(f"{fmt.points(progress.remaining)} points"))
    grid.add_row("Days left", Text(str(progress.days_left)))
    grid.add_row("Per month", Text(f"{fmt.points(progress.points_per_month_needed)} points needed"))
    grid.add_row("Projected", projected)
    grid.add_row("Invoice", Text(f"from {invoice.isoformat()}" if invoice else "not yet available"))
    return grid


def _categories(progress: Progress, rules: Rules) -> Table:
    grid = Table.grid(expand=True, padding=(0, 1, 0, 0))
    grid.add_column(ratio=1)
    grid.add_column(justify="right", no_wrap=True)
    grid.add_row(Text("Category", style="bold"), Text("Points", style="bold"))
    for total in progress.categories:
        category = rules.categories.get(total.slug)
        name = Text(visible(category.name if category else total.slug))  # a Rich table's cell: literal text
        if total.cap is not None:
            note = f"\n  cap {fmt.points(total.cap)}"
            if total.cut:
                note += f": {fmt.points(total.cut)} not counted"
            name.append(note, style="yellow" if total.cut else "dim")
        grid.add_row(name, fmt.points(total.counted))
    return grid


class ProgressPanel(VerticalScroll):
    progress: reactive[Progress | None] = reactive(None, always_update=True, init=False)  # hidden while None

    def __init__(self, rules: Rules, **kwargs):
        super().__init__(**kwargs)
        self.rules = rules

    def compose(self) -> ComposeResult:
        yield Static(id="progress-title")
        with Horizontal(id="progress-line"):
            yield ProgressBar(show_eta=False, id="progress-bar")
            yield Static(id="progress-figures")
        with Horizontal(id="progress-details"):
            yield Static(id="progress-facts")
            yield Static(id="progress-categories")
        yield CumulativeChart(id="progress-chart")

    def watch_progress(self, progress: Progress | None) -> None:
        self.display = progress is not None
        if progress is None:
            return
        self.query_one("#progress-title", Static).update(
            Content.assemble(
                fmt.plain(progress.credential.code, "bold"),
                " ",
                fmt.plain(progress.credential.name),
                (f" · cycle {fmt.span(progress.cycle.start, progress.cycle.end)}", "dim"),
            )
        )
        self.query_one(ProgressBar).update(
            total=float(progress.required), progress=float(min(progress.earned, progress.required))
        )
        self.query_one("#progress-figures", Static).update(
            Content(f"{fmt.points(progress.earned)} of {fmt.required(progress.required)} points")
        )
        self.query_one("#progress-facts", Static).update(_facts(progress))
        self.query_one("#progress-categories", Static).update(_categories(progress, self.rules))
        self.query_one(CumulativeChart).progress = progress
