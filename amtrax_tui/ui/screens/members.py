"""Choose the member to work for: a searchable list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from amtrax_tui.store.records import MemberInfo
from amtrax_tui.ui import format as fmt
from amtrax_tui.ui.screens.base import Dialog
from amtrax_tui.ui.widgets.footer import Footer
from amtrax_tui.ui.widgets.input import Input
from amtrax_tui.ui.work import database_work, post_result


class MembersScreen(Dialog[MemberInfo | str | None]):
    """Dismisses with the chosen MemberInfo, "new" to add a member, or None; `current`
    is the member shown now (marked in the list)."""

    @dataclass
    class Found(Message):
        members: list[MemberInfo]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+n", "new", "New member"),
        Binding("down", "list", "List", show=False),
    ]

    def __init__(self, current: MemberInfo | None):
        super().__init__()
        self.current = current
        self.found: list[MemberInfo] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Members", id="dialog-title")
            yield Input(placeholder="type to search by name or AMT ID", id="member-search")
            yield OptionList(id="member-list")
        yield Footer()

    def on_mount(self) -> None:
        self._search("")

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        self._search(event.value)

    @on(Input.Submitted)
    def _enter(self) -> None:
        if self.found:
            self.dismiss(self.found[self.query_one(OptionList).highlighted or 0])

    @database_work(exclusive=True, group="members")
    def _search(self, text: str) -> None:
        from amtrax_tui.store.members import list_members

        post_result(self, self.Found(list_members(text)))

    @on(Found)
    def _show(self, event: Found) -> None:
        self.found = found = event.members
        options = self.query_one(OptionList)
        options.clear_options()
        current = self.current
        options.add_options(
            [
                Option(
                    Content.assemble(
                        fmt.plain(m.name), "  ·  AMT ID ", fmt.plain(m.amt_id), "  (current)" if m == current else ""
                    ),
                    id=str(m.id),
                )
                for m in found
            ]
            or [Option("No member matches.", disabled=True)]
        )
        if found:
            options.highlighted = 0

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.found[event.option_index])

    def action_list(self) -> None:
        self.query_one(OptionList).focus()

    def action_new(self) -> None:
        self.dismiss("new")

    def action_back(self) -> None:
        self.dismiss(None)
