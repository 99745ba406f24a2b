"""The terminal app. `build_app` is the one factory, used by the console script and the tests."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive
from textual.worker import get_current_worker

from amtrax_tui.ccp import Rules, load_rules
from amtrax_tui.config import Config, load_config
from amtrax_tui.store.records import ActivityInfo, Invalid, MemberInfo
from amtrax_tui.ui.state import Snapshot, read_snapshot

MIN_WIDTH, MIN_HEIGHT = 80, 24
POLL_SECONDS = 1.0  # another process's change shows within two seconds
DEFAULT_THEME = "ansi-dark"  # the terminal's own 16 colours: readable on any terminal


def styles_dir() -> Path:
    """The .tcss files: inside the package when installed from a wheel, at the
    repository's top level in an editable install."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "styles", package.parent / "styles"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"no styles folder in {package} or {package.parent}")


def _app_commands():
    from amtrax_tui.ui.commands import AppCommands  # the palette is opened rarely: load it then

    return AppCommands


class AmtraxApp(App[None]):
    TITLE = "amtrax-tui"
    SUB_TITLE = "AMT CCP points"
    CSS_PATH = sorted(styles_dir().glob("*.tcss"))
    COMMANDS = App.COMMANDS | {_app_commands}
    BINDINGS = [
        Binding("f1,question_mark", "help", "Help", key_display="?"),
        Binding("u", "undo_delete", "Undo delete"),
        # Priority, so focus moves before the next key is handed on: typed fast or
        # pasted over SSH, "Tab text Tab text" fills the fields it was meant for.
        Binding("tab", "focus_next", show=False, priority=True),
        Binding("shift+tab", "focus_previous", show=False, priority=True),
    ]

    # Every action the app offers, for the command palette: (name, help, action).
    ACTIONS = (
        ("Overview", "Certification overview: every credential and its progress", "overview"),
        ("Record CE", "Record a continuing-education activity", "record"),
        ("Activity history", "The cycle's activities: sort, filter, edit, delete", "history"),
        ("Export", "Save a transcript (text, CSV, JSON, Markdown) or the audit packet", "export"),
        ("Add credential", "Add an AMT credential the member holds", "add_credential"),
        ("Members", "Switch to another member, or add one", "members"),
        ("Undo delete", "Bring back the activity deleted last", "undo_delete"),
        ("Help", "Keyboard map and how CCP works", "help"),
        ("Quit", "Leave amtrax-tui", "quit"),
    )

    snapshot: reactive[Snapshot | None] = reactive(None, always_update=True, init=False)

    def __init__(self, db: str | None, rules: Rules, demo: bool = False,
                 clock: Callable[[], dt.date] = dt.date.today, config: Config | None = None):
        super().__init__()
        self.db_target = db
        self.rules = rules
        self.config = config or Config()
        self.demo = demo
        self.clock = clock
        self.member: MemberInfo | None = None
        self.selected_code: str | None = None  # the credential the screens focus on
        self.last_deleted: ActivityInfo | None = None
        self.theme = DEFAULT_THEME

    @property
    def today(self) -> dt.date:
        return self.clock()

    @property
    def actor(self) -> str:
        return f"member:{self.member.amt_id}" if self.member else "member:unknown"

    def _fit(self, width: int, height: int) -> None:
        self.set_class(width < MIN_WIDTH or height < MIN_HEIGHT, "-too-small")

    # -- start-up ---------------------------------------------------------

    def get_default_screen(self):
        from amtrax_tui.ui.screens.start import StartScreen

        return StartScreen()

    def on_mount(self) -> None:
        self._fit(*self.size)
        self._open()

    @work(thread=True, exclusive=True, group="open")
    def _open(self) -> None:
        from amtrax_tui.store import members
        from amtrax_tui.store.db import StoreError, open_database

        try:
            open_database(self.db_target)
            if self.demo:
                from amtrax_tui.store.demo import build_demo

                build_demo(self.rules, self.today)
            count = members.count_members()
            # One member: read their data here too, so the overview's first frame shows it.
            snapshot = read_snapshot(self.rules, members.list_members()[0], self.today) if count == 1 else None
        except (StoreError, Invalid) as exc:
            self.call_from_thread(self.exit, None, 1, f"amtrax-tui: {exc}")
            return
        self.call_from_thread(self._opened, count, snapshot)

    def _opened(self, count: int, snapshot: Snapshot | None) -> None:
        self.set_interval(POLL_SECONDS, self._poll)
        if snapshot is not None:
            self.show_member(snapshot.member, snapshot)
        elif count == 0:
            from amtrax_tui.ui.screens.setup import ProfileScreen

            self.push_screen(ProfileScreen(first_run=True))
        else:
            self.action_members()

    def show_member(self, member: MemberInfo, snapshot: Snapshot | None = None) -> None:
        """Make `member` the one the screens show, and go to the overview."""
        from amtrax_tui.ui.screens.overview import OverviewScreen

        if self.member != member:
            self.selected_code = None
            self.last_deleted = None
        self.member = member
        self.sub_title = f"{member.name} · AMT ID {member.amt_id}"
        if snapshot is not None:
            self.show_snapshot(snapshot)
        while len(self.screen_stack) > 1 and not isinstance(self.screen, OverviewScreen):
            self.pop_screen()
        if not isinstance(self.screen, OverviewScreen):
            self.push_screen(OverviewScreen())
        if snapshot is None:
            self.reload()

    # -- keeping the data fresh ------------------------------------------

    def reload(self) -> None:
        """Read the member's state again; the screens watch `snapshot`."""
        if self.member is not None:
            self._load(self.member)

    @work(thread=True, exclusive=True, group="load")
    def _load(self, member: MemberInfo) -> None:
        snapshot = read_snapshot(self.rules, member, self.today)
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self.show_snapshot, snapshot)

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Hand a fresh read of the member's data to the screens."""
        if snapshot.member != self.member:
            return
        codes = [h.code for h in snapshot.held]
        if self.selected_code not in codes:
            self.selected_code = codes[0] if codes else None
        self.snapshot = snapshot

    def _poll(self) -> None:
        if self.snapshot is not None:
            self._check_changes(self.snapshot.change_id, self.today)

    @work(thread=True, exclusive=True, group="poll")
    def _check_changes(self, seen: int, day: dt.date) -> None:
        from amtrax_tui.store.history import latest_change_id

        if latest_change_id() != seen or self.clock() != day:
            self.call_from_thread(self.reload)

    # -- a terminal too small for the layout -----------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._fit(*event.size)

    async def on_event(self, event: events.Event) -> None:
        # While the "please enlarge" notice covers the screen, keys and clicks
        # must not change what the user cannot see; quitting still works.
        if (self.has_class("-too-small") and isinstance(event, (events.Key, events.MouseEvent))
                and not (isinstance(event, events.Key) and event.key in ("ctrl+q", "ctrl+c"))):
            return
        await super().on_event(event)

    # -- actions offered everywhere --------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("record", "history", "export"):
            return bool(self.snapshot and self.snapshot.held)
        if action in ("overview", "add_credential", "members"):
            return self.member is not None
        if action == "undo_delete":
            return self.last_deleted is not None
        return True

    def action_overview(self) -> None:
        if self.member is not None:
            self.show_member(self.member)

    def action_record(self) -> None:
        from amtrax_tui.ui.screens.activity_form import ActivityFormScreen

        self.push_screen(ActivityFormScreen())

    def action_history(self) -> None:
        from amtrax_tui.ui.screens.history import HistoryScreen

        if not isinstance(self.screen, HistoryScreen):
            self.push_screen(HistoryScreen())

    def action_export(self) -> None:
        from amtrax_tui.ui.screens.export import ExportScreen

        if not isinstance(self.screen, ExportScreen):
            self.push_screen(ExportScreen())

    def action_add_credential(self) -> None:
        from amtrax_tui.ui.screens.setup import CredentialScreen

        self.push_screen(CredentialScreen(self.member))

    def action_members(self) -> None:
        from amtrax_tui.ui.screens.members import MembersScreen

        def chosen(choice: MemberInfo | str | None) -> None:
            if isinstance(choice, MemberInfo):
                self.show_member(choice)
            elif choice == "new":
                from amtrax_tui.ui.screens.setup import ProfileScreen

                self.push_screen(ProfileScreen(first_run=False))

        self.push_screen(MembersScreen(), chosen)

    def action_help(self) -> None:
        from amtrax_tui.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_undo_delete(self) -> None:
        if self.last_deleted is not None:
            self._restore(self.last_deleted)

    @work(thread=True, exclusive=True, group="write")
    def _restore(self, activity: ActivityInfo) -> None:
        from amtrax_tui.store import activities

        try:
            activities.restore(activity.id, self.actor)
        except Invalid as exc:
            self.call_from_thread(self.notify, str(exc), title="Not restored", severity="error")
            return
        self.call_from_thread(self._restored, activity)

    def _restored(self, activity: ActivityInfo) -> None:
        self.last_deleted = None
        self.refresh_bindings()
        self.notify(f"Restored “{activity.title}”.", title="Undone")
        self.reload()

    def remember_deleted(self, activity: ActivityInfo) -> None:
        """Remember a deletion so `u` can undo it."""
        self.last_deleted = activity
        self.refresh_bindings()

    async def action_quit(self) -> None:
        if not any(getattr(screen, "dirty", False) for screen in self.screen_stack):
            self.exit()
            return
        from amtrax_tui.ui.screens.dialogs import ConfirmScreen

        def answer(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.exit()

        self.push_screen(ConfirmScreen("Quit without saving?",
                                       "The form holds input that has not been saved.",
                                       yes="Quit", no="Keep editing"), answer)


def build_app(db: str | None, rules: Rules | None = None, demo: bool = False,
              clock: Callable[[], dt.date] = dt.date.today, config: Config | None = None) -> AmtraxApp:
    """The app on database `db` (path or URL; None: the default database), with the
    site's `config` (None: the defaults, as without a config file)."""
    return AmtraxApp(db, rules or load_rules(), demo=demo, clock=clock, config=config)


def run(args) -> int:
    """Run the app for the console script; a --demo database lives in a temporary folder."""
    config = load_config()  # a bad config or rules file is reported before the screen changes
    rules = load_rules(args.rules)
    demo_dir = Path(tempfile.mkdtemp(prefix="amtrax-demo-")) if args.demo else None
    try:
        app = build_app(str(demo_dir / "demo.db") if demo_dir else args.db, rules, demo=args.demo, config=config)
        app.run()
    finally:
        if demo_dir is not None:
            shutil.rmtree(demo_dir, ignore_errors=True)
    return app.return_code or 0
