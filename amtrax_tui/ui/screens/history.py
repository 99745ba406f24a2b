"""A member's activities in a cycle, an earlier one or all: sortable, filterable, loaded a page at a time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Select, Static

from amtrax_tui.ccp import Cycle, Rules
from amtrax_tui.store.records import ActivityInfo
from amtrax_tui.store.snapshot import Snapshot
from amtrax_tui.ui import format as fmt
from amtrax_tui.ui import glyphs as glyph_sets
from amtrax_tui.ui.screens.base import MemberScreen
from amtrax_tui.ui.widgets.footer import Footer
from amtrax_tui.ui.widgets.header import Header
from amtrax_tui.ui.widgets.input import Input
from amtrax_tui.ui.widgets.rows import row_under_cursor
from amtrax_tui.ui.work import database_work, post_result

PAGE = 100
# (sort key, descending), cycled by `s`; the heading of the sorted column shows its direction.
SORTS = (
    ("date", True),
    ("date", False),
    ("points", True),
    ("title", False),
    ("category", False),
)
# Each column's heading and width, in order; the title and the provider share what is left (3:2).
# Category and For show only in a terminal wide enough to keep the title wide (the detail has both).
COLUMNS = {
    "date": ("Date", 10),
    "title": ("Title", 0),
    "provider": ("Provider", 0),
    "category": ("Category", 14),
    "credentials": ("For", 8),
    "points": ("Points", 8),  # room for "Points v"
    "proof": ("Proof", 5),
}
WIDE = {"category": 100, "credentials": 112}  # the terminal width from which they show


def layout(width: int) -> dict[str, int]:
    """The columns shown in a terminal `width` cells wide, with their widths."""
    keys = [key for key in COLUMNS if width >= WIDE.get(key, 0)]
    fixed = sum(COLUMNS[key][1] for key in keys) + 2 * len(keys) + 2  # cell padding, scrollbar
    left = max(20, width - fixed)
    widths = {key: COLUMNS[key][1] for key in keys}
    widths["title"] = left * 3 // 5
    widths["provider"] = left - widths["title"]
    return widths


@dataclass(frozen=True)
class Shown:
    """Which activities the list holds: those counted toward `code` in its cycle number `index`
    (None: the cycle of today, following each new read), or, with no `code`, every activity."""

    code: str | None = None
    index: int | None = None


ALL = Shown()


class ActivityTable(DataTable):
    """The list: Home and End reach its first and last row (a DataTable scrolls sideways with them)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("home", "screen.first_row", "First row", show=False),
        Binding("end", "screen.last_row", "Last row", show=False),
    ]


class HistoryScreen(MemberScreen[None]):
    """The activities of `snapshot`'s member, first in today's cycle of credential `code`. The app
    hears of a credential chosen here (Selected), an edit asked for (Edit), another activity
    like one to record (Like) and a deletion (Deleted, for `u` to undo), and sets each fresh
    read on `snapshot`."""

    @dataclass
    class Page(Message):
        """Rows of the list from `offset` on; `total` (only with the first page) is how many match."""

        rows: list[ActivityInfo]
        offset: int
        total: int | None = None

    @dataclass
    class Deleted(Message):
        activity: ActivityInfo

    @dataclass
    class Selected(Message):
        code: str

    @dataclass
    class Edit(Message):
        activity: ActivityInfo

    @dataclass
    class Like(Message):
        """Record another activity like this one."""

        activity: ActivityInfo

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "Edit"),
        Binding("d,delete", "delete", "Delete"),
        Binding("s", "sort", "Sort"),
        Binding("slash", "filter", "Filter", key_display="/"),
        Binding("r", "app.record", "Record CE"),
        Binding("escape", "back", "Back"),
        # Not in the footer, which they would push past 80 columns: the help and the palette list them.
        Binding("c", "like", "Record one like this", show=False),
        Binding("R", "app.record_again", "Record another like the last", show=False),  # the "Recorded" toast names it
    ]

    def __init__(self, snapshot: Snapshot, code: str | None, rules: Rules, actor: str):
        super().__init__(snapshot)
        self.initial_code = code
        self.rules = rules
        self.actor = actor  # who the change history names for a deletion
        self.sort_index = 0
        self.rows: list[ActivityInfo] = []
        self.total = 0
        self.loading_more = False
        self.to_last_row = False  # End was pressed before every row was loaded
        self.widths: dict[str, int] = {}  # the columns shown and their widths

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="history-bar"):
            codes = [h.code for h in self.snapshot.held]  # opened only for a member holding one
            yield Select(
                self._choices(),
                value=Shown(self.initial_code if self.initial_code in codes else codes[0]),
                allow_blank=False,
                compact=True,
                id="history-credential",
            )
            yield Input(placeholder="/ filter: title, provider or category", compact=True, id="history-filter")
        yield Static(id="history-summary")
        yield ActivityTable(cursor_type="row", zebra_stripes=True, id="history-table")
        yield Static(id="history-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.reload()

    # -- loading -------------------------------------------------------------

    def _choices(self) -> list[tuple[Text, Shown]]:
        """Each credential's judged cycle (today's, or one in its grace period), then its earlier
        cycles, newest first; then every activity."""
        choices = []
        for held in self.snapshot.held:
            choices.append((fmt.option_label(f"{held.code} cycle"), Shown(held.code)))
            if (judged := self.snapshot.cycles.get(held.code)) is not None:
                for index in range(judged.index - 1, -1, -1):
                    cycle = held.cycle_at(self.rules, index)
                    label = f"{held.code} {cycle.start.year}-{cycle.end.year}"
                    choices.append((fmt.option_label(label), Shown(held.code, index)))
        choices.append((Text("All activities"), ALL))
        return choices

    @property
    def shown(self) -> Shown:
        return cast(Shown, self.query_one("#history-credential", Select).value)  # the Select has no blank

    @property
    def code(self) -> str | None:
        return self.shown.code

    def cycle(self) -> Cycle | None:
        """The cycle listed (None: every activity); raises LookupError for a credential without progress."""
        shown = self.shown
        if shown.code is None:
            return None
        if shown.index is None:
            progress = self.snapshot.progress_of(shown.code)
            if progress is None:
                raise LookupError(shown.code)
            return progress.cycle
        held = next(h for h in self.snapshot.held if h.code == shown.code)
        return held.cycle_at(self.rules, shown.index)

    def reload(self, fresh: bool = False) -> None:
        """Load the first page again (at least as many rows as are shown, unless `fresh`)."""
        try:
            cycle = self.cycle()
        except LookupError:
            return
        sort, descending = SORTS[self.sort_index]
        search = self.query_one("#history-filter", Input).value
        limit = PAGE if fresh else max(PAGE, len(self.rows))
        self.workers.cancel_group(self, "history-more")  # its page belongs to the list being replaced
        self.loading_more = self.to_last_row = False
        self._load(self.snapshot.member.id, self.code, cycle, search, sort, descending, limit)

    @database_work(exclusive=True, group="history")
    def _load(self, member_id, code, cycle, search, sort, descending, limit) -> None:
        from amtrax_tui.store.activities import count_activities
        from amtrax_tui.store.browse import activity_page

        total = count_activities(member_id, code, cycle, search)
        rows = activity_page(member_id, code, cycle, search, sort, descending, limit, 0)
        post_result(self, self.Page(rows, 0, total))

    @database_work(exclusive=True, group="history-more")
    def _load_more(self, member_id, code, cycle, search, sort, descending, offset, limit=PAGE) -> None:
        from amtrax_tui.store.browse import activity_page

        post_result(
            self, self.Page(activity_page(member_id, code, cycle, search, sort, descending, limit, offset), offset)
        )

    @on(Page)
    def _page(self, event: Page) -> None:
        if event.total is None:
            self._append(event.rows, event.offset)
        else:
            self._show(event.rows, event.total)

    def work_failed(self, group: str, error: BaseException) -> None:
        self.loading_more = False  # moving down the list asks again
        super().work_failed(group, error)

    def _show(self, rows: list[ActivityInfo], total: int) -> None:
        table = self.query_one(DataTable)
        current = self.current()
        keep = current.id if current else None
        self.rows, self.total = [], total
        table.clear(columns=True)
        sort, descending = SORTS[self.sort_index]
        glyphs = glyph_sets.of(self)
        self.widths = layout(self.size.width)
        for key, width in self.widths.items():
            heading = COLUMNS[key][0]
            if key == sort:
                heading += " " + (glyphs.descending if descending else glyphs.ascending)
            table.add_column(Text(heading, justify="right") if key == "points" else heading, width=width, key=key)
        self._append(rows, 0)
        ids = [a.id for a in self.rows]
        if keep in ids:
            table.move_cursor(row=ids.index(keep))
        self._summarise()

    def _append(self, rows: list[ActivityInfo], offset: int) -> None:
        self.loading_more = False
        if offset != len(self.rows):  # a page asked for before a reload that came first
            return
        table = self.query_one(DataTable)
        widths = self.widths
        proof = glyph_sets.of(self).proof
        for a in rows:
            category = self.rules.categories.get(a.category)
            cells = {
                "date": a.end.isoformat(),
                "title": fmt.plain(a.title).truncate(widths["title"], ellipsis=True),
                "provider": fmt.plain(a.provider).truncate(widths["provider"], ellipsis=True),
                "category": fmt.plain(category.name.split()[0] if category else a.category),
                "credentials": fmt.plain(",".join(a.credentials)),
                "points": Text(fmt.points(a.points), justify="right"),
                "proof": Text(proof, style="green") if a.evidence else Text("none", style="bold yellow"),
            }
            table.add_row(*(cells[key] for key in widths), key=str(a.id))
        self.rows.extend(rows)
        if self.to_last_row and len(self.rows) < self.total:  # a page asked for before End came in
            self._load_rest(self.total - len(self.rows))
        elif self.to_last_row:
            self.to_last_row = False
            table.move_cursor(row=len(self.rows) - 1)
        self._summarise()

    def _summarise(self) -> None:
        missing = sum(1 for a in self.rows if not a.evidence)
        shown = f"{len(self.rows)} of {self.total}" if len(self.rows) < self.total else str(self.total)
        noun = "activity" if self.total == 1 else "activities"
        if self.shown == ALL:
            summary = f"{shown} {noun} in all"
        elif self.shown.index is None:
            summary = f"{shown} {noun} in the {self.code} cycle"
        else:
            cycle = self.cycle()
            assert cycle is not None  # a credential's cycle
            summary = f"{shown} {noun} in {self.code} {fmt.span(cycle.start, cycle.end)}"
        if missing:
            summary += f" · {missing} without evidence"  # the detail says to keep proof
        self.query_one("#history-summary", Static).update(fmt.plain(summary))
        self._show_detail()

    def _show_detail(self) -> None:
        activity = self.current()
        detail = self.query_one("#history-detail", Static)
        if activity is None:
            detail.update("No activities match." if not self.rows else "")
            return
        dates = activity.end.isoformat() if activity.start == activity.end else fmt.span(activity.start, activity.end)
        category = self.rules.categories.get(activity.category)
        lines = [
            fmt.plain(activity.title, "bold"),
            Content.assemble(
                f"{dates} · {fmt.points(activity.points)} points · ",
                fmt.plain(category.name if category else activity.category),
                " · counts for ",
                fmt.plain(", ".join(activity.credentials) or "no credential"),
            ),
            Content.assemble("Provider: ", fmt.plain(activity.provider) if activity.provider else "none given"),
            self._evidence(activity),
        ]
        if activity.notes:
            lines.append(Content.assemble("Notes: ", fmt.plain(activity.notes, keep="\n")))
        entered = Content.assemble("Entered by ", fmt.plain(activity.entered_by or "someone not recorded"))
        if activity.entered_in_amtrax:
            entered += f" · in AMTrax {activity.entered_in_amtrax.isoformat()}"
        lines.append(entered)
        detail.update(Content("\n").join(lines))

    @staticmethod
    def _evidence(activity: ActivityInfo) -> Content:
        if not activity.evidence:
            return Content.styled("No evidence on file (keep proof for an audit)", "yellow")
        evidence = Content.assemble("Evidence: ", fmt.plain(activity.evidence))
        if activity.evidence_sha256:
            evidence += f" (SHA-256 {activity.evidence_sha256[:12]})"
        if activity.evidence_elsewhere:
            evidence += " (a file on another computer)"
        return evidence

    def current(self) -> ActivityInfo | None:
        return row_under_cursor(self.query_one(DataTable), self.rows)

    # -- events --------------------------------------------------------------

    def watch_snapshot(self) -> None:
        self.reload()

    def on_resize(self) -> None:
        if self.widths and layout(self.size.width) != self.widths:
            self._show(list(self.rows), self.total)

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()
        if event.cursor_row >= len(self.rows) - 1:
            self._load_rest(PAGE)

    def _load_rest(self, limit: int) -> None:
        """Ask for up to `limit` more rows, unless every row is here or a page is on its way."""
        if len(self.rows) >= self.total or self.loading_more:
            return
        self.loading_more = True
        sort, descending = SORTS[self.sort_index]
        self._load_more(
            self.snapshot.member.id,
            self.code,
            self.cycle(),  # the rows shown came from it
            self.query_one("#history-filter", Input).value,
            sort,
            descending,
            len(self.rows),
            limit,
        )

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_edit()

    @on(DataTable.HeaderSelected)
    def _heading(self, event: DataTable.HeaderSelected) -> None:
        for index, (sort, _) in enumerate(SORTS):
            if sort == event.column_key.value:
                self.sort_index = index if self.sort_index != index else (index + 1) % len(SORTS)
                self.reload()
                return

    @on(Select.Changed, "#history-credential")
    def _credential_changed(self) -> None:
        if self.code is not None:
            self.post_message(self.Selected(self.code))
        self.reload(fresh=True)

    @on(Input.Changed, "#history-filter")
    def _filter_changed(self) -> None:
        self.reload(fresh=True)

    @on(Input.Submitted, "#history-filter")
    def _filter_done(self) -> None:
        self.query_one(DataTable).focus()

    # -- actions -------------------------------------------------------------

    def action_sort(self) -> None:
        """The next sort whose column shows (a narrow terminal hides Category)."""
        self.sort_index = (self.sort_index + 1) % len(SORTS)
        while SORTS[self.sort_index][0] not in layout(self.size.width):
            self.sort_index = (self.sort_index + 1) % len(SORTS)
        self.reload()

    def action_first_row(self) -> None:
        self.to_last_row = False
        self.query_one(DataTable).move_cursor(row=0)

    def action_last_row(self) -> None:
        """The last of every matching row: those not loaded yet are loaded first, in one query."""
        if len(self.rows) < self.total:
            self.to_last_row = True
            self._load_rest(self.total - len(self.rows))
        else:
            self.query_one(DataTable).move_cursor(row=len(self.rows) - 1)

    def action_filter(self) -> None:
        self.query_one("#history-filter", Input).focus()

    def action_back(self) -> None:
        """Esc in a filter with text clears it; otherwise it leaves."""
        search = self.query_one("#history-filter", Input)
        if search.has_focus and search.value:
            search.value = ""
        else:
            self.dismiss()

    def action_edit(self) -> None:
        activity = self.current()
        if activity is not None:
            self.post_message(self.Edit(activity))

    def action_like(self) -> None:
        activity = self.current()
        if activity is not None:
            self.post_message(self.Like(activity))

    def action_delete(self) -> None:
        from amtrax_tui.ui.screens.dialogs import ConfirmScreen

        activity = self.current()
        if activity is None:
            return

        def answer(delete: bool | None) -> None:
            if delete:
                self._delete(activity)

        self.app.push_screen(
            ConfirmScreen(
                "Delete this activity?",
                Content.assemble(
                    "“",
                    fmt.plain(activity.title),
                    f"”, {fmt.points(activity.points)} points, {activity.end.isoformat()}.\n"
                    "The change history keeps it; press u afterwards to undo.",
                ),
                yes="Delete",
                no="Keep",
            ),
            answer,
        )

    @database_work(exclusive=True, group="write")
    def _delete(self, activity: ActivityInfo) -> None:
        from amtrax_tui.store import activities

        activities.delete(activity.id, self.actor)
        post_result(self, self.Deleted(activity))

    @on(Deleted)
    def _deleted(self, event: Deleted) -> None:
        """Said here; the message goes on to the app, which keeps it for `u` and reads the totals again."""
        self.notify(
            Content.assemble("Deleted “", fmt.plain(event.activity.title), "”. Press u to undo."),
            title="Deleted",
            timeout=10,
        )
