"""The overview's table of credentials: one option per credential, in aligned columns.
Codes of other bodies than AMT carry their body (AAMA:CMA): the code column is as wide
as the longest code shown."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import var
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from amtrax_tui.ccp import Progress
from amtrax_tui.ccp.rules import AMT
from amtrax_tui.ui import format as fmt
from amtrax_tui.ui import glyphs as glyph_sets
from amtrax_tui.ui.glyphs import Glyphs
from amtrax_tui.ui.widgets.columns import Column, Columns

HEADINGS = ("Code", "Credential and cycle", "Req", "Earned", "Left", "Days", "Status", "Dues")
CODE_WIDTH = 4  # AMT's codes, and the heading


def _columns(codes: Iterable[str]) -> tuple[Column, ...]:
    return (
        Column(max([CODE_WIDTH, *(len(code) for code in codes)]), wrap=False),
        Column(),  # the rest: 28 columns at 80 with AMT's codes alone
        Column(3, right=True),
        Column(6, right=True),
        Column(6, right=True),
        Column(4, right=True),
        Column(10),  # "Grace period" and "CCP voluntary" take two lines
        Column(8, wrap=False),
    )


def _row(progress: Progress, glyphs: Glyphs, columns: tuple[Column, ...]) -> Columns:
    name = Content.assemble(
        fmt.plain(progress.credential.name), (f"\n{fmt.span(progress.cycle.start, progress.cycle.end)}", "dim")
    )
    credential = progress.credential
    return Columns(
        columns,
        [
            [
                fmt.plain(progress.credential.code, "bold"),
                name,
                fmt.required(progress.required),
                fmt.points(progress.earned),
                fmt.points(progress.remaining),
                str(progress.days_left),
                fmt.status(progress.status, glyphs),
                fmt.month(progress.next_dues_month) if credential.body == AMT else "",  # AMT's dues
            ]
        ],
    )


def _headings(columns: tuple[Column, ...]) -> Columns:
    return Columns(columns, [[Content.styled(h, "bold") for h in HEADINGS]])


class CredentialList(OptionList):
    """The credentials' rows. A resize empties OptionList's cache of drawn rows; under a
    dialog, the dialog's screen is what draws this screen, so it is asked to draw again
    once the rows are, or a row may stay as it was drawn at another width (or blank)."""

    def on_resize(self) -> None:
        if self.is_attached and not self.screen.is_active:
            self.app.screen.refresh()


class CredentialTable(Vertical):
    """Headings over an OptionList; the highlighted credential is the selected one."""

    progress: var[tuple[Progress, ...]] = var((), init=False)  # one row each
    selected: var[str | None] = var(None, init=False)  # the code highlighted

    def compose(self) -> ComposeResult:
        yield Static(_headings(_columns(())), id="credential-headings")
        yield CredentialList(id="credential-list")

    def watch_progress(self, progress: tuple[Progress, ...]) -> None:
        options = self.query_one(OptionList)
        codes = [p.credential.code for p in progress]
        glyphs = glyph_sets.of(self)
        columns = _columns(codes)
        if codes == [option.id for option in options.options]:
            # The same credentials (after a save, say): new figures in the same rows, which
            # keep their heights, so the screen is redrawn without being laid out again.
            for p in progress:
                options.replace_option_prompt(p.credential.code, _row(p, glyphs, columns))
        else:
            self.query_one("#credential-headings", Static).update(_headings(columns))
            options.clear_options()
            options.add_options([Option(_row(p, glyphs, columns), id=p.credential.code) for p in progress])
        self.watch_selected(self.selected)

    def watch_selected(self, selected: str | None) -> None:
        options = self.query_one(OptionList)
        codes = [p.credential.code for p in self.progress]
        if codes:
            options.highlighted = codes.index(selected) if selected in codes else 0
