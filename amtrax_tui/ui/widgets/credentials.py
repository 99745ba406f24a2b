"""The overview's table of credentials: one option per credential, in aligned columns."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from amtrax_tui.ccp import Progress, visible
from amtrax_tui.ui import format as fmt

HEADINGS = ("Code", "Credential and cycle", "Req", "Earned", "Left", "Days", "Status", "Dues")


def _grid() -> Table:
    grid = Table.grid(expand=True, padding=(0, 1, 0, 0))
    grid.add_column(width=4, no_wrap=True)
    grid.add_column(ratio=1, min_width=24)
    grid.add_column(width=3, justify="right", no_wrap=True)
    grid.add_column(width=6, justify="right", no_wrap=True)
    grid.add_column(width=6, justify="right", no_wrap=True)
    grid.add_column(width=4, justify="right", no_wrap=True)
    grid.add_column(width=10, no_wrap=True)
    grid.add_column(width=8, no_wrap=True)
    return grid


def _row(progress: Progress) -> Table:
    grid = _grid()  # a Rich table: its cells are rich Text, made literal with `visible` (not markup)
    name = Text(visible(progress.credential.name))
    name.append("\n" + fmt.span(progress.cycle.start, progress.cycle.end), style="dim")
    grid.add_row(
        Text(visible(progress.credential.code), style="bold"),
        name,
        fmt.required(progress.required),
        fmt.points(progress.earned),
        fmt.points(progress.remaining),
        Text(str(progress.days_left)),
        fmt.status(progress.status),
        fmt.month(progress.next_dues_month),
    )
    return grid


class CredentialTable(Vertical):
    """Headings over an OptionList; the highlighted credential is the selected one."""

    progress: reactive[tuple[Progress, ...]] = reactive((), init=False)  # one row each
    selected: reactive[str | None] = reactive(None, init=False)  # the code highlighted

    def compose(self) -> ComposeResult:
        headings = _grid()
        headings.add_row(*(Text(h, style="bold") for h in HEADINGS))
        yield Static(headings, id="credential-headings")
        yield OptionList(id="credential-list")

    def watch_progress(self, progress: tuple[Progress, ...]) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(_row(p), id=p.credential.code) for p in progress])
        self.watch_selected(self.selected)

    def watch_selected(self, selected: str | None) -> None:
        options = self.query_one(OptionList)
        codes = [p.credential.code for p in self.progress]
        if codes:
            options.highlighted = codes.index(selected) if selected in codes else 0
