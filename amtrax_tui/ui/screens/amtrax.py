"""To enter in AMTrax: the member's activities not yet entered in AMTrax, AMT's own
record, with the fields in the order its record form asks for them; `m` marks the
highlighted one entered today, `a` shows the entered ones too, `c` clears a date."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Static

from amtrax_tui.ccp import Rules, points_text, visible
from amtrax_tui.store.records import ActivityInfo
from amtrax_tui.store.snapshot import Snapshot
from amtrax_tui.ui import format as fmt
from amtrax_tui.ui import glyphs as glyph_sets
from amtrax_tui.ui.screens.base import MemberScreen
from amtrax_tui.ui.widgets.footer import Footer
from amtrax_tui.ui.widgets.header import Header
from amtrax_tui.ui.widgets.rows import row_under_cursor
from amtrax_tui.ui.work import database_work, post_result

# AMTrax's record form asks in this order: activity type, points, start and end dates, title, provider.
WIDTHS = {"type": 14, "points": 6, "start": 10, "end": 10, "provider": 12}
FIXED_WIDTH = sum(WIDTHS.values()) + 2 * 6 + 2  # every column but the title, cell padding, scrollbar
LABEL = 15


class AmtraxScreen(MemberScreen[None]):
    """The activities of `snapshot`'s member still to enter in AMTrax. A mark goes on to the
    app (Marked), which reads the totals again and sets them on `snapshot`."""

    @dataclass
    class Loaded(Message):
        rows: list[ActivityInfo]

    @dataclass
    class Marked(Message):
        activity: ActivityInfo  # as it is now

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "mark", "Mark entered"),
        Binding("c", "clear", "Clear date"),
        Binding("a", "show_entered", "Show entered"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, snapshot: Snapshot, rules: Rules, actor: str):
        super().__init__(snapshot)
        self.rules = rules
        self.actor = actor  # who the change history names for a mark
        self.rows: list[ActivityInfo] = []
        self.show_entered = False  # also list the activities entered already

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="amtrax-summary")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="amtrax-table")
        yield Static(id="amtrax-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.reload()

    # -- loading -------------------------------------------------------------

    def reload(self) -> None:
        self._load(self.snapshot.member.id, self.show_entered)

    @database_work(exclusive=True, group="amtrax")
    def _load(self, member_id: int, show_entered: bool) -> None:
        from amtrax_tui.store import activities

        found = activities.not_in_amtrax(member_id, entered_too=show_entered)
        post_result(self, self.Loaded(found))

    def watch_snapshot(self) -> None:
        self.reload()

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        table = self.query_one(DataTable)
        current, row = self.current(), table.cursor_row
        self.rows = event.rows
        table.clear(columns=True)
        title_width = max(12, self.size.width - FIXED_WIDTH)
        for key, heading, width in (
            ("type", "Activity type", WIDTHS["type"]),
            ("points", "Points", WIDTHS["points"]),
            ("start", "Start", WIDTHS["start"]),
            ("end", "End", WIDTHS["end"]),
            ("title", "Title", title_width),
            ("provider", "Provider", WIDTHS["provider"]),
        ):
            table.add_column(Text(heading, justify="right") if key == "points" else heading, width=width, key=key)
        done = glyph_sets.of(self).done
        for a in self.rows:
            category = self.rules.categories.get(a.category)
            kind = category.name.split()[0] if category else a.category
            table.add_row(
                _cell(f"{done} {kind}" if a.entered_in_amtrax else kind, WIDTHS["type"]),
                Text(fmt.points(a.points), justify="right"),
                a.start.isoformat(),
                a.end.isoformat(),
                _cell(a.title, title_width),
                _cell(a.provider, WIDTHS["provider"]),
                key=str(a.id),
            )
        ids = [a.id for a in self.rows]
        if current is not None and current.id in ids:
            table.move_cursor(row=ids.index(current.id))
        elif self.rows:  # the one marked has gone: the next one takes its place
            table.move_cursor(row=min(row, len(self.rows) - 1))
        self._summarise()

    def _summarise(self) -> None:
        waiting = [a for a in self.rows if a.entered_in_amtrax is None]
        if waiting:
            points = sum((a.points for a in waiting), Decimal(0))
            text = (
                f"{len(waiting)} {'activity' if len(waiting) == 1 else 'activities'} "
                f"({points_text(points)} points) not yet in AMTrax"
            )
        else:
            text = "Nothing to enter in AMTrax"
        if self.show_entered:
            text += f" · {glyph_sets.of(self).done} entered, shown too"
        elif waiting:
            text += "; enter each there, then press m"
        self.query_one("#amtrax-summary", Static).update(Text(text))
        self._show_detail()

    def _show_detail(self) -> None:
        """The highlighted activity, each field as AMTrax's form asks for it, in full."""
        detail = self.query_one("#amtrax-detail", Static)
        a = self.current()
        if a is None:
            detail.update("")
            return
        category = self.rules.categories.get(a.category)
        text = Text()
        for label, value in (
            ("Activity type", category.name if category else a.category),
            ("Points", points_text(a.points)),
            ("Start date", a.start.isoformat()),
            ("End date", a.end.isoformat()),
            ("Title", a.title),
            ("Provider", a.provider or "—"),
        ):
            text.append(f"{label:<{LABEL}}", style="bold")
            text.append(f"{visible(value)}\n")
        if a.entered_in_amtrax:
            done = glyph_sets.of(self).done
            text.append(
                f"{done} Entered in AMTrax on {a.entered_in_amtrax.isoformat()} (c clears the date)",
                style="green",
            )
        else:
            text.append("Not yet in AMTrax: once entered there, press m", style="yellow")
        detail.update(text)
        self.refresh_bindings()

    def current(self) -> ActivityInfo | None:
        return row_under_cursor(self.query_one(DataTable), self.rows)

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._show_detail()

    # -- actions -------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("mark", "clear"):
            current = self.current()
            return current is not None and (current.entered_in_amtrax is None) == (action == "mark")
        return True

    def action_mark(self) -> None:
        activity = self.current()
        if activity is not None and activity.entered_in_amtrax is None:
            self._mark(activity, self.snapshot.today)

    def action_clear(self) -> None:
        activity = self.current()
        if activity is not None and activity.entered_in_amtrax is not None:
            self._mark(activity, None)

    @database_work(exclusive=True, group="write")
    def _mark(self, activity: ActivityInfo, on) -> None:
        from amtrax_tui.store import activities

        post_result(self, self.Marked(activities.mark_entered(activity.id, on, self.snapshot.today, self.actor)))

    @on(Marked)
    def _marked(self, event: Marked) -> None:
        a = event.activity
        if a.entered_in_amtrax:
            self.notify(
                fmt.plain(f"“{a.title}” entered in AMTrax on {a.entered_in_amtrax.isoformat()}."), title="Marked"
            )
        else:
            self.notify(fmt.plain(f"“{a.title}” is no longer marked as entered in AMTrax."), title="Cleared")

    def action_show_entered(self) -> None:
        self.show_entered = not self.show_entered
        self.reload()

    def action_back(self) -> None:
        self.dismiss()


def _cell(text: str, width: int) -> Text:
    """Stored text as a table cell: literal, inert, cut to the column with an ellipsis."""
    text = visible(text)
    return Text(text if len(text) <= width else text[: width - 1] + "…")
