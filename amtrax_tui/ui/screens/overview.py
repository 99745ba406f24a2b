"""Home: the member, every credential held, and the selected credential's progress."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.widgets import OptionList, Static

from amtrax_tui.ccp import Rules, points_text
from amtrax_tui.store.snapshot import Snapshot
from amtrax_tui.ui import format as fmt
from amtrax_tui.ui import glyphs as glyph_sets
from amtrax_tui.ui.screens.base import MemberScreen
from amtrax_tui.ui.widgets.credentials import CredentialTable
from amtrax_tui.ui.widgets.footer import Footer
from amtrax_tui.ui.widgets.header import Header
from amtrax_tui.ui.widgets.progress import ProgressPanel
from amtrax_tui.ui.widgets.readout import Readout


class OverviewScreen(MemberScreen[None]):
    """Stays mounted while the member's records show: the app sets each fresh read on it."""

    @dataclass
    class Selected(Message):
        """A credential was highlighted; `opened`: chosen with Enter, to see its history."""

        code: str
        opened: bool = False

    BINDINGS: ClassVar[list[BindingType]] = [
        # The footer, most used first, fits 80 columns for staff at a kiosk (Sign out, Roster);
        # the keys not shown are in the help and the palette.
        Binding("r", "app.record", "Record CE"),
        Binding("h", "app.history", "History"),
        Binding("o", "app.roster", "Roster"),  # these two: staff at a kiosk
        Binding("p", "app.set_pin", "PIN", show=False),  # (the roster shows it)
        Binding("m", "app.members", "Members"),
        Binding("e", "app.export", "Export"),
        Binding("a", "app.add_credential", "Add credential", show=False),  # "No credentials yet" names the key
        Binding("t", "app.amtrax", "To AMTrax", show=False),  # the line that counts them names the key
        Binding("R", "app.record_again", "Record another like the last", show=False),  # the "Recorded" toast names it
    ]

    selected: var[str | None] = var(None, init=False)  # the credential whose progress shows

    def __init__(self, snapshot: Snapshot, selected: str | None, rules: Rules) -> None:
        super().__init__(snapshot)
        self.set_reactive(OverviewScreen.selected, selected)
        self.rules = rules

    def compose(self) -> ComposeResult:
        yield Header()
        yield Readout("Loading…", id="member-line")
        yield Readout(id="amtrax-line")
        yield CredentialTable(id="credentials")
        yield ProgressPanel(self.rules, id="progress")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#credential-list", OptionList).focus()
        self.watch_snapshot(self.snapshot)

    def watch_snapshot(self, snapshot: Snapshot) -> None:
        member = snapshot.member
        line = Content.assemble(
            fmt.plain(member.name), "   AMT ID ", fmt.plain(member.amt_id), f"   as of {snapshot.today.isoformat()}"
        )
        if not snapshot.held:
            line += "\n\nNo credentials yet: press a to add the credential you hold."
        if snapshot.problem:
            line += Content.assemble("\n", fmt.plain(snapshot.problem))
        self.query_one("#member-line", Static).update(line)
        count, points = snapshot.not_in_amtrax
        amtrax = self.query_one("#amtrax-line", Static)
        warning = glyph_sets.of(self).warning
        amtrax.update(
            Text(
                f"{warning} {count} {'activity' if count == 1 else 'activities'} ({points_text(points)} points) "
                "not yet in AMTrax: t lists them",
                style="yellow",
            )
        )
        amtrax.set_class(count == 0, "-empty")
        table = self.query_one(CredentialTable)
        table.set_class(not snapshot.progress, "-empty")
        table.selected = self.selected
        table.progress = snapshot.progress
        self.watch_selected(self.selected)

    def watch_selected(self, code: str | None) -> None:
        self.query_one(CredentialTable).selected = code
        self.query_one(ProgressPanel).progress = self.snapshot.progress_of(code)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            self.selected = event.option.id
            self.post_message(self.Selected(event.option.id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.selected = event.option.id
            self.post_message(self.Selected(event.option.id, opened=True))
