"""Home: the member, every credential held, and the selected credential's progress."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Header, OptionList, Static

from amtrax_tui.ccp import points_text
from amtrax_tui.ui import format as fmt
from amtrax_tui.ui.screens.base import AppScreen
from amtrax_tui.ui.state import Snapshot
from amtrax_tui.ui.widgets.credentials import CredentialTable
from amtrax_tui.ui.widgets.footer import Footer
from amtrax_tui.ui.widgets.progress import ProgressPanel
from amtrax_tui.ui.widgets.readout import Readout


class OverviewScreen(AppScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "app.record", "Record CE"),
        Binding("h", "app.history", "History"),
        Binding("e", "app.export", "Export"),
        Binding("a", "app.add_credential", "Add credential"),
        Binding("m", "app.members", "Members"),
        Binding("t", "app.amtrax", "To AMTrax", show=False),  # the line that counts them names the key
        Binding("o", "app.roster", "Roster"),  # these two: staff at a kiosk
        Binding("p", "app.set_pin", "PIN", show=False),  # (the roster shows it; 80 columns are few)
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Readout("Loading…", id="member-line")
        yield Readout(id="amtrax-line")
        yield CredentialTable(id="credentials")
        yield ProgressPanel(self.app.rules, id="progress")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#credential-list", OptionList).focus()
        self.watch(self.app, "snapshot", self._show)

    def _show(self, snapshot: Snapshot | None) -> None:
        if snapshot is None or snapshot.member != self.app.member:
            return
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
        amtrax.update(
            Text(
                f"▲ {count} {'activity' if count == 1 else 'activities'} ({points_text(points)} points) "
                "not yet in AMTrax: t lists them",
                style="yellow",
            )
        )
        amtrax.display = count > 0
        self.query_one(CredentialTable).display = bool(snapshot.progress)
        self.query_one(CredentialTable).show(snapshot.progress, self.app.selected_code)
        self.query_one(ProgressPanel).show(snapshot.progress_of(self.app.selected_code))
        self.refresh_bindings()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.app.selected_code = event.option.id
        snapshot = self.app.snapshot
        if snapshot is not None:
            self.query_one(ProgressPanel).show(snapshot.progress_of(event.option.id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.app.selected_code = event.option.id
        self.app.action_history()
