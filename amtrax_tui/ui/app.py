"""The terminal app. `build_app` is the one factory, used by the console script and the tests."""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on
from textual.app import App
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import Reactive, var
from textual.widget import Widget

from amtrax_tui.ccp import Rules, load_rules, visible
from amtrax_tui.config import Config
from amtrax_tui.store.records import ActivityInfo, MemberInfo
from amtrax_tui.store.snapshot import Snapshot, read_snapshot
from amtrax_tui.ui import format as fmt
from amtrax_tui.ui.drafts import Drafts
from amtrax_tui.ui.glyphs import UNICODE, Glyphs
from amtrax_tui.ui.keys import KeysInOrderDriver
from amtrax_tui.ui.kiosk import Kiosk
from amtrax_tui.ui.session import Session, Template
from amtrax_tui.ui.terminal import AsciiDriver
from amtrax_tui.ui.work import HandlesWorkFailures, database_work, is_transient, post_result, trouble, while_running

if TYPE_CHECKING:  # the screens are imported when first shown: the first frame does not wait for them
    from amtrax_tui.ui.screens.amtrax import AmtraxScreen
    from amtrax_tui.ui.screens.export import ExportScreen
    from amtrax_tui.ui.screens.history import HistoryScreen
    from amtrax_tui.ui.screens.overview import OverviewScreen
    from amtrax_tui.ui.screens.roster import RosterScreen
    from amtrax_tui.ui.screens.sign_in import SignInScreen

MIN_WIDTH, MIN_HEIGHT = 80, 24
POLL_SECONDS = 1.0  # another process's change shows within two seconds
OPEN_RETRY_SECONDS = 5.0  # a database that cannot be opened is tried again this often
START_SECONDS = 0.5  # the overview is up well within this; see run()
DEFAULT_THEME = "ansi-dark"  # the terminal's own 16 colours: readable on any terminal
# Under NO_COLOR Textual greys every colour (its Monochrome filter), but it cannot grey the
# ANSI themes' colours: they come out as black on black (Textual 8.2.8). A theme of RGB
# colours greys into distinct shades.
MONOCHROME_THEME = "textual-dark"
GONE_SIGNALS = (signal.SIGHUP, signal.SIGTERM)  # the terminal closed, or the session is being ended
# The built-in stylesheets, relative to this module. app.tcss holds the deliberately
# app-wide rules; each other file nests its rules under the screens they style.
STYLES: list[str | PurePath] = [
    f"styles/{name}.tcss" for name in ("app", "overview", "form", "history", "export", "amtrax", "kiosk", "dialogs")
]


def _app_commands():
    from amtrax_tui.ui.commands import AppCommands  # the palette is opened rarely: load it then

    return AppCommands


class AmtraxApp(HandlesWorkFailures, Kiosk, Drafts, App[None]):
    """The app: it opens the database, keeps the member's records fresh and hands them to
    the screens ("attributes down"), and acts on what the screens tell it ("messages up":
    each `on_<screen>_<message>` handler below). Screens are imported when first shown,
    so their messages are handled by name rather than with `@on`."""

    TITLE = "amtrax-tui"
    SUB_TITLE = "AMT CCP points"
    CSS_PATH = STYLES
    COMMANDS = App.COMMANDS | {_app_commands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1,question_mark", "help", "Help", key_display="?"),
        # Not in footers, which it would push past 80 columns: the deletion's notice and question name the key.
        Binding("u", "undo_delete", "Undo delete", show=False),
        # Priority, so focus moves before the next key is handed on: typed fast or
        # pasted over SSH, "Tab text Tab text" fills the fields it was meant for.
        Binding("tab", "focus_next", show=False, priority=True),
        Binding("shift+tab", "focus_previous", show=False, priority=True),
        # Textual's own Ctrl+Q and Ctrl+C, restated because these lists replace App's for the keys they name.
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        Binding("ctrl+c", "help_quit", show=False, system=True),
        # In kiosk mode these sign out (Ctrl+O is shown in each screen's footer, see screens/base.py):
        # Ctrl+Q when `quit` is refused (anyone but staff), Ctrl+C and Ctrl+Z always (they reach
        # the app as keys: the terminal sends no signals).
        Binding("ctrl+o,ctrl+q,ctrl+c,ctrl+z", "sign_out", show=False, priority=True),
    ]

    # Every action the app offers, for the command palette: (name, help, action).
    ACTIONS = (
        ("Overview", "Certification overview: every credential and its progress", "overview"),
        ("Record CE", "Record a continuing-education activity", "record"),
        (
            "Record another like the last",
            "Record an activity with the last one's credentials, category, provider and dates",
            "record_again",
        ),
        ("Activity history", "The cycle's activities: sort, filter, edit, delete", "history"),
        ("Export", "Save a transcript (text, CSV, JSON, Markdown), calendar reminders or the audit packet", "export"),
        ("To enter in AMTrax", "Activities not yet entered in AMTrax, in the order its form asks; mark them", "amtrax"),
        ("Add credential", "Add an AMT credential the member holds", "add_credential"),
        ("Members", "Switch to another member, or add one", "members"),
        ("Edit member", "Change the member's name or e-mail address", "edit_member"),
        ("Roster", "Every member's credentials, the most at risk first (staff)", "roster"),
        ("Set PIN", "Set or reset this member's kiosk PIN (staff)", "set_pin"),
        ("Sign out", "End this session and return to sign-in", "sign_out"),
        ("Undo delete", "Bring back the activity deleted last", "undo_delete"),
        ("Help", "Keyboard map and how CCP works", "help"),
        ("Quit", "Leave amtrax-tui", "quit"),
    )

    @dataclass
    class Opened(Message):
        """The database is open: how many members it holds, and the one member's data."""

        count: int
        snapshot: Snapshot | None
        change_id: int
        sign_in_required: bool  # a kiosk, or a database where someone has a PIN

    @dataclass
    class Loaded(Message):
        snapshot: Snapshot

    @dataclass
    class Changed(Message):
        """The database changed (another session wrote), or the day turned."""

        latest: int

    @dataclass
    class Restored(Message):
        activity: ActivityInfo

    # The starting theme as the class's default rather than set in __init__: setting it there
    # made Textual parse every stylesheet again, twice, before the first frame.
    theme: Reactive[str] = Reactive(DEFAULT_THEME)
    # Who is signed in, whose records show, the credential chosen, the deletion `u` undoes, the
    # activity `R` records another like; replaced whole on each change, and the bindings
    # (Undo delete, Sign out...) follow it.
    session: var[Session] = var(Session, bindings=True, init=False)
    # The member's records as last read; the screens showing them get each new one.
    snapshot: var[Snapshot | None] = var(None, always_update=True, bindings=True, init=False)

    def __init__(
        self,
        db: str | None,
        rules: Rules,
        demo: bool = False,
        clock: Callable[[], dt.date] = dt.date.today,
        config: Config | None = None,
        glyphs: Glyphs = UNICODE,
    ):
        config = config or Config()
        # The site's own styles win ties; keys that arrive together are handled in order (ui/keys.py),
        # and an ASCII terminal gets ASCII for Textual's glyphs too (ui/terminal.py).
        driver = AsciiDriver if glyphs.ascii else KeysInOrderDriver
        super().__init__(css_path=[*STYLES, *config.styles], driver_class=driver)
        self.glyphs = glyphs  # what the terminal shows; read by the widgets that draw marks (ui/glyphs.py)
        self.db_target = db
        self.rules = rules
        self.config = config
        self.demo = demo
        self.clock = clock
        self.kiosk = self.config.kiosk  # kiosk mode: the keys cannot quit, exports stay in export_dir, no drafts
        # Someone signs in before any data shows: at a kiosk, and on a site database (one
        # with a PIN set; known once it is open).
        self.sign_in_required = self.kiosk
        self.idle_seconds = self.config.idle_minutes * 60
        self.last_input = time.monotonic()
        self.change_seen = 0  # the latest change id the screens show
        self.polled_day: dt.date | None = None
        self.trouble: str | None = None  # why the database cannot be used, while that lasts
        self.focus_hidden: Widget | None = None  # what had focus as the terminal became too small
        self.collecting_paused = False  # the garbage collector, while the app starts (run)
        if self.no_color:
            self.theme = MONOCHROME_THEME

    @property
    def today(self) -> dt.date:
        return self.clock()

    @property
    def floor(self) -> int:
        """How many screens stay below every other: the start screen, and the sign-in."""
        return 2 if self.sign_in_required else 1

    def watch_session(self, session: Session) -> None:
        """The header names whose records show and the staff member working for them;
        the overview follows the credential chosen on another screen."""
        from amtrax_tui.ui.screens.overview import OverviewScreen

        parts = []
        if session.member is not None:
            parts.append(f"{session.member.name} · AMT ID {session.member.amt_id}")
        if session.principal is not None and session.principal.is_staff:
            parts.append(f"staff {session.principal.name}")
        self.sub_title = " · ".join(parts) or self.SUB_TITLE
        for screen in self.screen_stack:
            if isinstance(screen, OverviewScreen) and screen.is_mounted:
                screen.selected = session.selected_code

    def watch_snapshot(self, snapshot: Snapshot | None) -> None:
        """Attributes down: each screen of the member's records gets the new read (the
        overview even when the member changed: it stays, and shows the new one)."""
        from amtrax_tui.ui.screens.base import MemberScreen
        from amtrax_tui.ui.screens.overview import OverviewScreen

        if snapshot is None:
            return
        for screen in self.screen_stack:
            if not isinstance(screen, MemberScreen):
                continue
            if screen.snapshot.member.id != snapshot.member.id and not isinstance(screen, OverviewScreen):
                continue  # a screen of the member shown before, about to go
            if screen.is_mounted:
                screen.snapshot = snapshot
            else:  # it reads the snapshot as it mounts
                screen.set_reactive(MemberScreen.snapshot, snapshot)

    def _fit(self, width: int, height: int) -> None:
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        # Hidden under the notice, the focused widget loses focus: back at size, it has it again
        # (the roster's Enter, the overview's arrows), unless another screen came up meanwhile.
        if small and not self.has_class("-too-small"):
            self.focus_hidden = self.screen.focused
        elif not small and self.has_class("-too-small"):
            hidden, self.focus_hidden = self.focus_hidden, None
            if hidden is not None and hidden.is_attached and hidden.screen is self.screen:
                self.call_after_refresh(hidden.focus)
            self.call_after_refresh(self._redraw_screens_below)
        self.set_class(small, "-too-small")

    def _redraw_screens_below(self) -> None:
        """A screen under a dialog was drawn blank under the notice: once the notice has gone,
        it is drawn whole again, or the parts of it that did not change stay blank."""
        for screen in self.screen_stack[:-1]:
            screen.refresh(layout=True)

    # -- start-up ---------------------------------------------------------

    def run(self, *args: Any, **kwargs: Any) -> None:
        """Run in this process, as the console script does (tests use `run_test`), with the garbage
        collector set for start-up, which makes much and frees little. What is alive by now (Textual,
        the app's modules, the rules) lives as long as the process: frozen, it is never walked
        again. And nothing is collected until the first screen is up (`on_mount`). Each brought
        the overview's first frame sooner (docs/performance.md, optimisation 8)."""
        gc.freeze()
        gc.disable()
        self.collecting_paused = True
        return super().run(*args, **kwargs)

    def get_default_screen(self):
        from amtrax_tui.ui.screens.start import StartScreen

        return StartScreen()

    def on_mount(self) -> None:
        if self.collecting_paused:
            self.set_timer(START_SECONDS, gc.enable)
        self._fit(*self.size)
        loop = asyncio.get_running_loop()
        for signum in GONE_SIGNALS:
            loop.add_signal_handler(signum, self.terminal_gone, signum)
        self._open()

    def on_unmount(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in GONE_SIGNALS:
            loop.remove_signal_handler(signum)

    @database_work(exclusive=True, group="open")
    def _open(self) -> None:
        from amtrax_tui.store import auth, members
        from amtrax_tui.store.db import open_database
        from amtrax_tui.store.history import latest_change_id

        open_database(self.db_target)
        if self.demo:
            from amtrax_tui.store.demo import build_demo

            build_demo(self.rules, self.today)
        count = members.count_members()
        sign_in_required = self.kiosk or auth.pins_set()
        change_id = latest_change_id()  # before the reads: a change during them is seen by the next poll
        # One member, nobody to sign in: read their data here too, so the overview's first frame shows it.
        one = count == 1 and not sign_in_required
        snapshot = read_snapshot(self.rules, members.list_members()[0], self.today) if one else None
        post_result(self, self.Opened(count, snapshot, change_id, sign_in_required))

    @on(Opened)
    @while_running
    def _opened(self, event: Opened) -> None:
        count, snapshot, sign_in_required = event.count, event.snapshot, event.sign_in_required
        self.change_seen, self.polled_day = event.change_id, self.today
        self.set_interval(POLL_SECONDS, self._poll)
        self.sign_in_required = sign_in_required
        if sign_in_required:  # nobody's data shows before someone signs in
            self.start_sign_in()
        elif snapshot is not None:
            self.show_member(snapshot.member, snapshot)
        elif count == 0:
            self.add_member(first_run=True)
        else:
            self.action_members()

    def show_member(self, member: MemberInfo, snapshot: Snapshot | None = None) -> None:
        """Make `member` the one the screens show, and go to the overview."""
        self.session = self.session.showing(member)
        if snapshot is not None:
            self.show_snapshot(snapshot)
        self._show_overview()
        if snapshot is None:
            self.reload()

    def _show_overview(self) -> None:
        """Close the screens above the overview. Without one open, wait for the member's records
        (`_loaded` comes back here), then close the screens above the floor and open it."""
        from amtrax_tui.ui.screens.overview import OverviewScreen

        snapshot = self.snapshot
        ready = snapshot is not None and snapshot.member == self.session.member
        if not ready and not any(isinstance(screen, OverviewScreen) for screen in self.screen_stack):
            return  # the screen shown stays until there is something to show
        while len(self.screen_stack) > self.floor and not isinstance(self.screen, OverviewScreen):
            self.pop_screen()
        if not isinstance(self.screen, OverviewScreen) and snapshot is not None:
            self.push_screen(OverviewScreen(snapshot, self.session.selected_code, self.rules))

    # -- keeping the data fresh ------------------------------------------

    def reload(self) -> None:
        """Read the member's records again; the screens showing them get the new read."""
        if self.session.member is not None:
            self._load(self.session.member)

    @database_work(exclusive=True, group="load")
    def _load(self, member: MemberInfo) -> None:
        post_result(self, self.Loaded(read_snapshot(self.rules, member, self.today)))

    @on(Loaded)
    @while_running
    def _loaded(self, event: Loaded) -> None:
        from amtrax_tui.ui.screens.overview import OverviewScreen

        self.show_snapshot(event.snapshot)
        if not any(isinstance(screen, OverviewScreen) for screen in self.screen_stack):
            self._show_overview()  # the member was just chosen

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Hand a fresh read of the member's data to the screens."""
        if snapshot.member != self.session.member:
            return
        codes = [h.code for h in snapshot.held]
        if self.session.selected_code not in codes:
            self.session = self.session.selecting(codes[0] if codes else None)
        # The poll need not read again what this read has shown (a save's own change, say).
        self.change_seen = max(self.change_seen, snapshot.change_id)
        self.snapshot = snapshot

    def _poll(self) -> None:
        assert self.polled_day is not None  # set as the database opened, before polling started
        self._check_changes(self.change_seen, self.polled_day)

    @database_work(exclusive=True, group="poll")
    def _check_changes(self, seen: int, day: dt.date) -> None:
        from amtrax_tui.store.history import latest_change_id

        latest = latest_change_id()  # read before the screens reload: a change during that is seen next time
        if latest != seen or self.clock() != day or self.trouble is not None:
            post_result(self, self.Changed(latest))

    @on(Changed)
    @while_running
    def _changed(self, event: Changed) -> None:
        if self.trouble is not None:
            self.trouble = None
            self.notify("The database can be used again.", title="Back")
        self.change_seen, self.polled_day = event.latest, self.today
        self.reload()
        if self.session.is_staff:
            from amtrax_tui.ui.screens.roster import RosterScreen

            for screen in self.screen_stack:
                if isinstance(screen, RosterScreen):
                    screen.today = self.today  # read afresh

    def work_failed(self, group: str, error: BaseException) -> None:
        """The app's own work failed. Opening is tried again until it succeeds (the
        start screen says why it waits); a failed poll or reload is said once, and
        the poll goes on, so the screens recover when the database does."""
        message = trouble(error)
        if group == "open":
            from amtrax_tui.ui.screens.start import StartScreen

            if isinstance(self.screen, StartScreen):
                self.screen.waiting(message, OPEN_RETRY_SECONDS)
            self.set_timer(OPEN_RETRY_SECONDS, self._open)
        elif group in ("poll", "load"):
            if message != self.trouble:
                self.trouble = message
                self.notify(
                    fmt.plain(message + (" Retrying…" if is_transient(error) else "")),
                    title="Database trouble",
                    severity="error",
                    timeout=8,
                )
        else:
            super().work_failed(group, error)

    # -- a terminal too small for the layout -----------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._fit(*event.size)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseEvent)):
            self.input_seen()
        if isinstance(event, events.Paste):  # a field shows what is pasted: no control character may reach the screen
            event.text = visible(event.text, keep="\r\n")
        # While the "please enlarge" notice covers the screen, keys and clicks
        # must not change what the user cannot see; quitting and signing out still work.
        if (
            self.has_class("-too-small")
            and isinstance(event, (events.Key, events.MouseEvent))
            and not (isinstance(event, events.Key) and event.key in ("ctrl+q", "ctrl+c", "ctrl+z", "ctrl+o"))
        ):
            return
        await super().on_event(event)

    # -- actions offered everywhere --------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        session = self.session
        if action in ("record", "history", "export"):
            return bool(self.snapshot and self.snapshot.held)
        if action == "record_again":
            return session.last_recorded is not None and bool(self.snapshot and self.snapshot.held)
        if action in ("overview", "add_credential", "amtrax"):
            return session.member is not None
        if action == "members":  # a member who signed in sees only their own records
            return session.is_staff if self.sign_in_required else session.member is not None
        if action == "edit_member":  # a member signed in may not redirect where their transcripts go
            return session.member is not None and (session.is_staff or not self.sign_in_required)
        if action == "roster":
            return session.is_staff
        if action == "set_pin":
            return session.is_staff and session.member is not None
        if action == "sign_out":
            return session.signed_in
        if action == "quit":  # at a kiosk only staff may quit
            return session.is_staff or not self.kiosk
        if action == "undo_delete":
            return session.last_deleted is not None
        return True

    def format_title(self, title: str, sub_title: str) -> Content:
        """The header line; the sub-title holds a member's or staff member's name as typed."""
        return super().format_title(visible(title), visible(sub_title))

    def action_overview(self) -> None:
        if self.session.member is not None:
            self.show_member(self.session.member)

    def action_record(self) -> None:
        self.open_form()

    def action_record_again(self) -> None:
        """The record form started like the activity recorded last in this session."""
        if self.session.last_recorded is not None:
            self.open_form(template=self.session.last_recorded)

    def action_history(self) -> None:
        from amtrax_tui.ui.screens.history import HistoryScreen

        if self.snapshot is not None and not isinstance(self.screen, HistoryScreen):
            self.push_screen(HistoryScreen(self.snapshot, self.session.selected_code, self.rules, self.session.actor))

    def action_export(self) -> None:
        from amtrax_tui.ui.screens.export import ExportScreen

        if self.snapshot is not None and not isinstance(self.screen, ExportScreen):
            self.push_screen(ExportScreen(self.snapshot, self.session, self.rules, self.config))

    def action_amtrax(self) -> None:
        from amtrax_tui.ui.screens.amtrax import AmtraxScreen

        if self.snapshot is not None and not isinstance(self.screen, AmtraxScreen):
            self.push_screen(AmtraxScreen(self.snapshot, self.rules, self.session.actor))

    def action_add_credential(self) -> None:
        from amtrax_tui.ui.screens.setup import CredentialScreen

        member = self.session.member
        assert member is not None  # check_action offers this only with a member chosen

        def added(code: str | None) -> None:
            if code is not None:
                self.session = self.session.selecting(code)
                self.reload()

        self.push_screen(CredentialScreen(member, self.session, self.rules, self.today), added)

    def add_member(self, first_run: bool = False) -> None:
        """The new member's profile, then their first credential; then their overview."""
        from amtrax_tui.ui.screens.setup import CredentialScreen, ProfileScreen

        def profiled(member: MemberInfo | None) -> None:
            if member is None:
                self._choose_if_nothing_shown()
                return

            def added(code: str | None) -> None:
                if code is not None:
                    self.session = self.session.showing(member).selecting(code)
                    self.show_member(member)
                else:
                    self._choose_if_nothing_shown()

            credential = CredentialScreen(
                member, self.session, self.rules, self.today, step_two=True, first_run=first_run
            )
            self.push_screen(credential, added)

        self.push_screen(ProfileScreen(self.session, first_run=first_run), profiled)

    def action_members(self) -> None:
        from amtrax_tui.ui.screens.members import MembersScreen

        def chosen(choice: MemberInfo | str | None) -> None:
            if isinstance(choice, MemberInfo):
                self.show_member(choice)
            elif choice == "new":
                self.add_member()
            else:
                self._choose_if_nothing_shown()

        self.push_screen(MembersScreen(self.session.member), chosen)

    def _choose_if_nothing_shown(self) -> None:
        """A chooser or form closed without a member, leaving the start screen, which has
        nothing to offer once the database is open: the members are offered again."""
        from amtrax_tui.ui.screens.start import StartScreen

        if isinstance(self.screen, StartScreen):
            self.notify("Choose a member, or press Ctrl+N for a new one (Ctrl+Q quits).")
            self.action_members()

    def action_edit_member(self) -> None:
        from amtrax_tui.ui.screens.setup import ProfileScreen

        def edited(member: MemberInfo | None) -> None:
            if member is not None:
                self.show_member(member)

        if self.session.member is not None:
            self.push_screen(ProfileScreen(self.session, editing=self.session.member), edited)

    def action_help(self) -> None:
        from amtrax_tui.ui.screens.help import HelpScreen, other_bodies

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.kiosk, self.sign_in_required, other_bodies(self.rules)))

    def action_undo_delete(self) -> None:
        if self.session.last_deleted is not None:
            self._restore(self.session.last_deleted, self.session.actor)

    @database_work(exclusive=True, group="write")
    def _restore(self, activity: ActivityInfo, actor: str) -> None:
        from amtrax_tui.store import activities

        activities.restore(activity.id, actor)
        post_result(self, self.Restored(activity))

    @on(Restored)
    @while_running
    def _restored(self, event: Restored) -> None:
        self.session = self.session.deleted(None)
        self.notify(Content.assemble("Restored “", fmt.plain(event.activity.title), "”."), title="Undone")
        self.reload()

    async def action_quit(self) -> None:
        dirty = any(getattr(screen, "dirty", False) for screen in self.screen_stack)
        if not dirty and not self.kiosk:
            self.exit()
            return
        from amtrax_tui.ui.screens.dialogs import ConfirmScreen

        def answer(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.exit()

        if self.kiosk:  # staff only (check_action): the kiosk stays down until restarted
            question = ConfirmScreen(
                "Quit the kiosk?",
                "Nobody can sign in here until the app is started again."
                + ("\nThe form's unsaved input will be lost." if dirty else ""),
                yes="Quit",
                no="Stay",
            )
        else:
            question = ConfirmScreen(
                "Quit without saving?", "The form holds input that has not been saved.", yes="Quit", no="Keep editing"
            )
        self.push_screen(question, answer)

    def action_roster(self) -> None:
        from amtrax_tui.ui.screens.roster import RosterScreen

        if not isinstance(self.screen, RosterScreen):
            self.push_screen(self._roster(home=False))

    def _roster(self, home: bool) -> RosterScreen:
        from amtrax_tui.ui.screens.roster import RosterScreen

        return RosterScreen(self.rules, self.config, self.today, self.session.actor, home)

    def action_set_pin(self) -> None:
        from amtrax_tui.ui.screens.pin import PinScreen

        if self.session.member is not None:
            self.push_screen(PinScreen(self.session.member, self.session.actor))

    # -- signing in and out (a kiosk, a site database) --------------------

    def on_sign_in_screen_signed_in(self, event: SignInScreen.SignedIn) -> None:
        """Staff start at the roster; a member at their own records."""
        principal = event.principal
        self.session = Session(principal)
        self.last_input = time.monotonic()
        if principal.is_staff:
            self.push_screen(self._roster(home=True))
        else:
            assert principal.amt_id is not None  # a member signed in: their own AMT ID
            self.show_member(MemberInfo(principal.id, principal.name, principal.amt_id))

    def sign_out(self, message: str = "") -> None:
        """Kiosk.sign_out, and a member's own drafts are discarded: the next person is someone else."""
        principal = self.session.principal
        if principal is not None and not principal.is_staff:
            self.discard_drafts(principal.id)
        super().sign_out(message)

    # -- what the screens tell the app --------------------------------------

    def on_overview_screen_selected(self, event: OverviewScreen.Selected) -> None:
        self.session = self.session.selecting(event.code)
        if event.opened:
            self.action_history()

    def on_history_screen_selected(self, event: HistoryScreen.Selected) -> None:
        self.session = self.session.selecting(event.code)

    def on_export_screen_selected(self, event: ExportScreen.Selected) -> None:
        self.session = self.session.selecting(event.code)

    def on_history_screen_edit(self, event: HistoryScreen.Edit) -> None:
        self.open_form(event.activity)

    def on_history_screen_like(self, event: HistoryScreen.Like) -> None:
        self.open_form(template=Template.like(event.activity.draft(), event.activity.credentials))

    def on_history_screen_deleted(self, event: HistoryScreen.Deleted) -> None:
        self.session = self.session.deleted(event.activity)  # for `u`
        self.reload()

    def on_amtrax_screen_marked(self, event: AmtraxScreen.Marked) -> None:
        self.reload()  # the overview's count, and the list through the snapshot

    def on_roster_screen_opened(self, event: RosterScreen.Opened) -> None:
        self.session = self.session.showing(event.member).selecting(event.code)
        self.show_member(event.member)

    def on_roster_screen_new_member(self, event: RosterScreen.NewMember) -> None:
        self.add_member()


def build_app(
    db: str | None,
    rules: Rules | None = None,
    demo: bool = False,
    clock: Callable[[], dt.date] = dt.date.today,
    config: Config | None = None,
    glyphs: Glyphs = UNICODE,
) -> AmtraxApp:
    """The app on database `db` (path or URL; None: the default database), with the
    site's `config` (None: the defaults, as without a config file). With `config.kiosk`
    it opens on sign-in and signs out after `config.idle_minutes` without input.
    `glyphs`: what the terminal can show (ui/glyphs.py; the console script detects it)."""
    rules = rules or load_rules(bodies=config.bodies if config else ())
    return AmtraxApp(db, rules, demo=demo, clock=clock, config=config, glyphs=glyphs)
