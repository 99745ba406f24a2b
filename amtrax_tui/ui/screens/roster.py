"""Staff: every member's every credential, the most at risk first; open a
member, set their PIN, or export transcripts into the export folder."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.widgets import DataTable, Select, Static

from amtrax_tui.ccp import STATUS_LABELS, STATUSES, FieldError, Rules
from amtrax_tui.ccp.progress import UNVERIFIED
from amtrax_tui.store.records import MemberInfo
from amtrax_tui.store.roster import RosterRow
from amtrax_tui.ui import format as fmt
from amtrax_tui.ui import glyphs as glyph_sets
from amtrax_tui.ui.screens.base import AppScreen
from amtrax_tui.ui.widgets.footer import Footer
from amtrax_tui.ui.widgets.header import Header
from amtrax_tui.ui.widgets.input import Input
from amtrax_tui.ui.widgets.rows import row_under_cursor
from amtrax_tui.ui.work import database_work, post_result, trouble

if TYPE_CHECKING:  # the transcript package is loaded when staff first export
    from amtrax_tui.config import Config
    from amtrax_tui.transcript.bulk import MemberExport

# (label, key): the roster's own order first (store/roster.py: lapsed, behind, fewest days left).
SORTS = (
    ("most at risk", None),
    ("name", lambda r: (r.name.casefold(), r.amt_id, r.code)),
    ("days left", lambda r: (r.days_left, r.name.casefold(), r.code)),
    ("credential", lambda r: (r.code, r.name.casefold(), r.amt_id)),
)
FIXED_WIDTH = 10 + 12 + 5 + 6 + 2 * 7 + 2  # every column but the name, code and status; cell padding, scrollbar
CODE_WIDTH, STATUS_WIDTH = 4, 10  # at least: AMT's codes and statuses


class RosterTable(DataTable):
    """The roster's rows: Enter, which opens the member, is the first key of the footer."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select_cursor", "Open", key_display="enter")]


class RosterScreen(AppScreen[None]):
    """The roster as of `today`, which the app sets again whenever the database changed.
    `home`: staff's first screen, with nothing to go back to. The app hears of a member
    opened (Opened) or to be added (NewMember)."""

    @dataclass
    class Loaded(Message):
        rows: list[RosterRow]

    @dataclass
    class Opened(Message):
        member: MemberInfo
        code: str  # the credential of the row chosen

    class NewMember(Message):
        pass

    @dataclass
    class Exported(Message):
        results: list[MemberExport]
        folder: Path

    BINDINGS: ClassVar[list[BindingType]] = [
        # The footer, most used first after the table's Enter (Open), fits 80 columns; the rest
        # are in the help and the palette.
        Binding("n", "new_member", "New member"),
        Binding("p", "set_pin", "PIN"),
        Binding("x", "export_one", "Export"),
        Binding("X", "export_all", "Export all", show=False),
        Binding("s", "sort", "Sort", show=False),  # the summary line says the order
        Binding("slash", "filter", "Filter", key_display="/", show=False),  # the filter's placeholder says it
        Binding("escape", "back", "Back"),
    ]

    # Set again (always_update) when the database changed: the roster is read afresh.
    today: var[dt.date] = var(dt.date.today, always_update=True, init=False)

    def __init__(self, rules: Rules, config: Config, today: dt.date, actor: str, home: bool = False):
        super().__init__()
        self.set_reactive(RosterScreen.today, today)
        self.rules = rules
        self.config = config  # the site's: where transcripts are exported
        self.actor = actor  # who the change history names for a PIN set here
        self.home = home
        self.sort_index = 0
        self.loaded: list[RosterRow] = []  # as the store ordered them
        self.rows: list[RosterRow] = []  # as shown

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="roster-bar"):
            yield Input(placeholder="/ filter: name or AMT ID", compact=True, id="roster-filter")
            yield Select(
                [(STATUS_LABELS[s], s) for s in STATUSES], prompt="Any status", compact=True, id="roster-status"
            )
            yield Select(
                [(fmt.option_label(code), code) for code in self.rules.credentials],
                prompt="Any credential",
                compact=True,
                id="roster-credential",
            )
        yield Static("Loading the roster…", id="roster-summary")
        yield RosterTable(cursor_type="row", zebra_stripes=True, id="roster-table")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("export_one", "set_pin"):
            return self.current() is not None
        if action == "export_all":
            return bool(self.rows)
        if action == "back":  # staff's home screen: nothing to go back to
            return not self.home
        return True

    # -- loading -------------------------------------------------------------

    def _choice(self, name: str) -> str | None:
        value = self.query_one(f"#roster-{name}", Select).value
        return None if value is Select.NULL else cast(str, value)

    def watch_today(self) -> None:
        self.reload()

    def reload(self) -> None:
        self._load(
            self.today,
            self._choice("status"),
            self._choice("credential"),
            self.query_one("#roster-filter", Input).value,
        )

    @database_work(exclusive=True, group="roster")
    def _load(self, today: dt.date, status: str | None, code: str | None, search: str) -> None:
        from amtrax_tui.store.roster import roster

        post_result(self, self.Loaded(roster(self.rules, today, status, code, search)))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        self.loaded = event.rows
        self._show()

    def work_failed(self, group: str, error: BaseException) -> None:
        if group == "roster":  # e.g. a member holds a credential the rules file lacks
            self.query_one("#roster-summary", Static).update(fmt.plain(f"No roster: {trouble(error)}"))
        elif group == "roster-export" and isinstance(error, FieldError):  # the export folder went away
            self.notify(fmt.plain(error.message), title="Not exported", severity="error")
        else:
            super().work_failed(group, error)

    def _show(self) -> None:
        label, key = SORTS[self.sort_index]
        current = self.current()
        keep = (current.member_id, current.code) if current else None
        self.rows = sorted(self.loaded, key=key) if key else list(self.loaded)
        table = self.query_one(DataTable)
        table.clear(columns=True)
        glyphs = glyph_sets.of(self)
        codes = [self._code(r.code, glyphs) for r in self.rows]
        code_width = max([CODE_WIDTH, *(len(code) for code in codes)])
        status_width = max([STATUS_WIDTH, *(len(STATUS_LABELS[r.status]) + 2 for r in self.rows)])
        name_width = max(12, self.size.width - FIXED_WIDTH - code_width - status_width)
        for heading, width, column in (
            ("Name", name_width, "name"),
            ("AMT ID", 10, "amt"),
            ("Cred", code_width, "code"),
            ("Status", status_width, "status"),
            ("Earned/req", 12, "points"),
            ("Days", 5, "days"),
            ("Pace", 6, "behind"),
        ):
            table.add_column(
                Text(heading, justify="right") if column in ("points", "days") else heading, width=width, key=column
            )
        for r, code in zip(self.rows, codes, strict=True):
            table.add_row(
                fmt.plain(r.name).truncate(name_width, ellipsis=True),
                fmt.plain(r.amt_id),
                fmt.plain(code),
                fmt.status(r.status, glyphs),
                Text(f"{fmt.points(r.earned)}/{fmt.required(r.required)}", justify="right"),
                Text(str(r.days_left), justify="right"),
                Text("behind", style="bold yellow") if r.behind else Text("ok", style="green"),
            )
        ids = [(r.member_id, r.code) for r in self.rows]
        if keep in ids:
            table.move_cursor(row=ids.index(keep))
        members = len({r.member_id for r in self.rows})
        behind = sum(r.behind for r in self.rows)
        summary = f"{len(self.rows)} credentials of {members} members · {behind} behind or lapsed · sorted by {label}"
        if any(code != r.code for r, code in zip(self.rows, codes, strict=True)):
            summary += f"\n{glyphs.unverified} after a code: {UNVERIFIED}"
        self.query_one("#roster-summary", Static).update(Content(summary))
        self.refresh_bindings()

    def _code(self, code: str, glyphs: glyph_sets.Glyphs) -> str:
        """A credential's code, marked when its requirements are not verified against its body's rules."""
        credential = self.rules.credentials.get(code)
        return f"{code} {glyphs.unverified}" if credential and not credential.verified else code

    def current(self) -> RosterRow | None:
        return row_under_cursor(self.query_one(DataTable), self.rows)

    # -- events --------------------------------------------------------------

    @on(Input.Changed, "#roster-filter")
    @on(Select.Changed)
    def _filter_changed(self) -> None:
        self.reload()

    @on(Input.Submitted, "#roster-filter")
    def _filter_done(self) -> None:
        self.query_one(DataTable).focus()

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self.refresh_bindings()

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        row = self.current()
        if row is not None:
            self.post_message(self.Opened(_member(row), row.code))

    # -- actions -------------------------------------------------------------

    def action_sort(self) -> None:
        self.sort_index = (self.sort_index + 1) % len(SORTS)
        self._show()

    def action_filter(self) -> None:
        self.query_one("#roster-filter", Input).focus()

    def action_back(self) -> None:
        self.dismiss()

    def action_set_pin(self) -> None:
        from amtrax_tui.ui.screens.pin import PinScreen

        row = self.current()
        if row is not None:
            self.app.push_screen(PinScreen(_member(row), self.actor))

    def action_new_member(self) -> None:
        self.post_message(self.NewMember())

    def action_export_one(self) -> None:
        row = self.current()
        if row is not None:
            self._ask_export(
                [_member(row)], Content.assemble(fmt.plain(row.name), " (AMT ID ", fmt.plain(row.amt_id), ")")
            )

    def action_export_all(self) -> None:
        chosen = list({r.member_id: _member(r) for r in self.rows}.values())
        if chosen:
            self._ask_export(chosen, Content(f"all {len(chosen)} members listed"))

    def _ask_export(self, chosen: list[MemberInfo], who: Content) -> None:
        from amtrax_tui.transcript import DestinationError
        from amtrax_tui.transcript.destination import site_folder
        from amtrax_tui.ui.screens.dialogs import ConfirmScreen

        try:
            folder = site_folder(self.config)
        except DestinationError as error:
            self.notify(fmt.plain(error.message), title="Not exported", severity="error")
            return

        def answer(go: bool | None) -> None:
            if go:
                self._export(chosen, folder)

        self.app.push_screen(
            ConfirmScreen(
                "Export transcripts?",
                Content.assemble(
                    "The current cycle's transcript of each credential held by ",
                    who,
                    ", one text file each, into ",
                    fmt.plain(str(folder)),
                    ". Files of the same name are replaced.",
                ),
                yes="Export",
                no="Cancel",
            ),
            answer,
        )

    @database_work(exclusive=True, group="roster-export")
    def _export(self, chosen: list[MemberInfo], folder: Path) -> None:
        from amtrax_tui.transcript import generation_time
        from amtrax_tui.transcript.bulk import export_members

        results = export_members(self.rules, chosen, self.config, self.today, generation_time())
        post_result(self, self.Exported(results, folder))

    @on(Exported)
    def _exported(self, event: Exported) -> None:
        folder = event.folder
        written = [path for result in event.results for path in result.paths]
        problems = [f"{result.member.amt_id}: {result.problem}" for result in event.results if result.problem]
        if written:
            self.notify(fmt.plain(f"Wrote {len(written)} transcript file(s) to {folder}."), title="Exported")
        if problems:
            more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
            self.notify(fmt.plain("; ".join(problems[:3]) + more), title="Not exported", severity="error", timeout=10)


def _member(row: RosterRow) -> MemberInfo:
    return MemberInfo(row.member_id, row.name, row.amt_id)
