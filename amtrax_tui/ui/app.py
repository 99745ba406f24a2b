"""The terminal app. `build_app` is the one factory, used by the console script and the tests."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from textual import actions, events, on
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.dom import DOMNode
from textual.message import Message
from textual.reactive import Reactive, reactive

from amtrax_tui.ccp import Rules, load_rules, visible
from amtrax_tui.config import Config, load_config
from amtrax_tui.store.records import ActivityInfo, MemberInfo
from amtrax_tui.ui import format as fmt
from amtrax_tui.ui.state import Snapshot, read_snapshot
from amtrax_tui.ui.work import HandlesWorkFailures, database_work, is_transient, post_result, trouble

if TYPE_CHECKING:  # the store's modules load Peewee: the first frame does not wait for it
    from amtrax_tui.store.auth import Principal

MIN_WIDTH, MIN_HEIGHT = 80, 24
POLL_SECONDS = 1.0  # another process's change shows within two seconds
OPEN_RETRY_SECONDS = 5.0  # a database that cannot be opened is tried again this often
DEFAULT_THEME = "ansi-dark"  # the terminal's own 16 colours: readable on any terminal
GONE_SIGNALS = (signal.SIGHUP, signal.SIGTERM)  # the terminal closed, or the session is being ended
# The built-in stylesheets, relative to this module. app.tcss holds the deliberately
# app-wide rules; each other file nests its rules under the screens they style.
STYLES: list[str | PurePath] = [
    f"styles/{name}.tcss" for name in ("app", "overview", "form", "history", "export", "amtrax", "kiosk", "dialogs")
]


def _app_commands():
    from amtrax_tui.ui.commands import AppCommands  # the palette is opened rarely: load it then

    return AppCommands


class AmtraxApp(HandlesWorkFailures, App[None]):
    TITLE = "amtrax-tui"
    SUB_TITLE = "AMT CCP points"
    CSS_PATH = STYLES
    COMMANDS = App.COMMANDS | {_app_commands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1,question_mark", "help", "Help", key_display="?"),
        Binding("u", "undo_delete", "Undo delete"),
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

    @dataclass
    class DraftFound(Message):
        member: MemberInfo
        activity: ActivityInfo | None
        found: dict | None

    # The starting theme as the class's default rather than set in __init__: setting it there
    # made Textual parse every stylesheet again, twice, before the first frame.
    theme: Reactive[str] = Reactive(DEFAULT_THEME)
    snapshot: reactive[Snapshot | None] = reactive(None, always_update=True, init=False)
    change_seen: reactive[int] = reactive(0, init=False)  # the latest change id; screens reload when it moves

    def __init__(
        self,
        db: str | None,
        rules: Rules,
        demo: bool = False,
        clock: Callable[[], dt.date] = dt.date.today,
        config: Config | None = None,
    ):
        config = config or Config()
        super().__init__(css_path=[*STYLES, *config.styles])  # the site's own styles win ties
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
        self.principal: Principal | None = None  # who signed in
        self.member: MemberInfo | None = None
        self.selected_code: str | None = None  # the credential the screens focus on
        self.last_deleted: ActivityInfo | None = None
        self.last_input = time.monotonic()
        self.polled_day: dt.date | None = None
        self.trouble: str | None = None  # why the database cannot be used, while that lasts

    @property
    def today(self) -> dt.date:
        return self.clock()

    @property
    def actor(self) -> str:
        return self.actor_for(self.member.amt_id if self.member else None)

    def actor_for(self, amt_id: str | None) -> str:
        """Who the history names for a change to a member's records: the person signed
        in, else (one person at their own terminal) the member."""
        if self.principal is not None:
            return self.principal.actor
        return f"member:{amt_id}" if amt_id else "member:unknown"

    @property
    def floor(self) -> int:
        """How many screens stay below every other: the start screen, and the sign-in."""
        return 2 if self.sign_in_required else 1

    @property
    def is_staff(self) -> bool:
        return self.principal is not None and self.principal.is_staff

    def _fit(self, width: int, height: int) -> None:
        self.set_class(width < MIN_WIDTH or height < MIN_HEIGHT, "-too-small")

    # -- start-up ---------------------------------------------------------

    def get_default_screen(self):
        from amtrax_tui.ui.screens.start import StartScreen

        return StartScreen()

    def on_mount(self) -> None:
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
    def _opened(self, event: Opened) -> None:
        count, snapshot, sign_in_required = event.count, event.snapshot, event.sign_in_required
        self.change_seen, self.polled_day = event.change_id, self.today
        self.set_interval(POLL_SECONDS, self._poll)
        self.sign_in_required = sign_in_required
        if sign_in_required:  # nobody's data shows before someone signs in
            from amtrax_tui.ui.screens.sign_in import SignInScreen

            self.set_timer(self.idle_seconds, self._idle_check)
            self.push_screen(SignInScreen())
        elif snapshot is not None:
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
        if self.principal is not None and self.principal.is_staff:
            self.sub_title += f" · staff {self.principal.name}"
        if snapshot is not None:
            self.show_snapshot(snapshot)
        while len(self.screen_stack) > self.floor and not isinstance(self.screen, OverviewScreen):
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

    @database_work(exclusive=True, group="load")
    def _load(self, member: MemberInfo) -> None:
        post_result(self, self.Loaded(read_snapshot(self.rules, member, self.today)))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        self.show_snapshot(event.snapshot)

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Hand a fresh read of the member's data to the screens."""
        if snapshot.member != self.member:
            return
        codes = [h.code for h in snapshot.held]
        if self.selected_code not in codes:
            self.selected_code = codes[0] if codes else None
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
    def _changed(self, event: Changed) -> None:
        if self.trouble is not None:
            self.trouble = None
            self.notify("The database can be used again.", title="Back")
        self.change_seen, self.polled_day = event.latest, self.today
        self.reload()

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
            self.last_input = time.monotonic()
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
        if action in ("record", "history", "export"):
            return bool(self.snapshot and self.snapshot.held)
        if action in ("overview", "add_credential", "amtrax"):
            return self.member is not None
        if action == "members":  # a member who signed in sees only their own records
            return self.is_staff if self.sign_in_required else self.member is not None
        if action == "edit_member":  # a member signed in may not redirect where their transcripts go
            return self.member is not None and (self.is_staff or not self.sign_in_required)
        if action == "roster":
            return self.is_staff
        if action == "set_pin":
            return self.is_staff and self.member is not None
        if action == "sign_out":
            return self.principal is not None
        if action == "quit":  # at a kiosk only staff may quit
            return self.is_staff or not self.kiosk
        if action == "undo_delete":
            return self.last_deleted is not None
        return True

    # -- at a kiosk, only what the app offers runs -------------------------

    async def _dispatch_action(self, namespace: DOMNode, action_name: str, params: Any) -> bool:
        """Textual's one way from an action to its method: `run_action` calls it for
        every key, click on a link, palette entry and button, after `check_action`.
        At a kiosk the action must also be one the app offers (`offers`)."""
        if self.kiosk and not self.offers(namespace, action_name):
            self.log.warning(f"refused at a kiosk: {namespace!r}.{action_name}")
            return False
        return await super()._dispatch_action(namespace, action_name, params)

    def offers(self, node: DOMNode, action: str) -> bool:
        """Whether `action` on `node` is the app's own: one of ACTIONS, or one a key binding
        of `node` names (the screens' keys, and the widgets' own: moving the cursor in a
        field, a table or a list, scrolling, ticking). Textual's other actions, such as
        screenshot, suspend_process or bell, are not."""
        if node is self and any(action == name for _, _, name in self.ACTIONS):
            return True
        return any(actions.parse(binding.action)[1] == action for _, binding in node._bindings)

    def get_system_commands(self, screen) -> Iterable[SystemCommand]:
        """Textual's own palette commands. At a kiosk only those whose action the app
        offers (`offers`, `check_action`: Quit, for staff), run through `run_action`."""
        for command in super().get_system_commands(screen):
            if not self.kiosk:
                yield command
                continue
            node, method = getattr(command.callback, "__self__", None), getattr(command.callback, "__name__", "")
            action = method.removeprefix("action_")
            if (
                isinstance(node, DOMNode)
                and method.startswith("action_")
                and self.offers(node, action)
                and node.check_action(action, ())
            ):
                yield SystemCommand(command.title, command.help, partial(self.run_action, action, node))

    def format_title(self, title: str, sub_title: str) -> Content:
        """The header line; the sub-title holds a member's or staff member's name as typed."""
        return super().format_title(visible(title), visible(sub_title))

    def action_overview(self) -> None:
        if self.member is not None:
            self.show_member(self.member)

    def action_record(self) -> None:
        self.open_form()

    def action_history(self) -> None:
        from amtrax_tui.ui.screens.history import HistoryScreen

        if not isinstance(self.screen, HistoryScreen):
            self.push_screen(HistoryScreen())

    def action_export(self) -> None:
        from amtrax_tui.ui.screens.export import ExportScreen

        if not isinstance(self.screen, ExportScreen):
            self.push_screen(ExportScreen())

    def action_amtrax(self) -> None:
        from amtrax_tui.ui.screens.amtrax import AmtraxScreen

        if not isinstance(self.screen, AmtraxScreen):
            self.push_screen(AmtraxScreen())

    def action_add_credential(self) -> None:
        from amtrax_tui.ui.screens.setup import CredentialScreen

        assert self.member is not None  # check_action offers this only with a member chosen
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

    def action_edit_member(self) -> None:
        from amtrax_tui.ui.screens.setup import ProfileScreen

        if self.member is not None:
            self.push_screen(ProfileScreen(first_run=False, editing=self.member))

    def action_help(self) -> None:
        from amtrax_tui.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_undo_delete(self) -> None:
        if self.last_deleted is not None:
            self._restore(self.last_deleted)

    @database_work(exclusive=True, group="write")
    def _restore(self, activity: ActivityInfo) -> None:
        from amtrax_tui.store import activities

        activities.restore(activity.id, self.actor)
        post_result(self, self.Restored(activity))

    @on(Restored)
    def _restored(self, event: Restored) -> None:
        activity = event.activity
        self.last_deleted = None
        self.refresh_bindings()
        self.notify(Content.assemble("Restored “", fmt.plain(activity.title), "”."), title="Undone")
        self.reload()

    def remember_deleted(self, activity: ActivityInfo) -> None:
        """Remember a deletion so `u` can undo it."""
        self.last_deleted = activity
        self.refresh_bindings()

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

    # -- the record / edit form, and drafts kept when the terminal went away --

    def open_form(self, activity: ActivityInfo | None = None) -> None:
        """Open the record form (or the edit form of `activity`), offering back a kept draft first."""
        from amtrax_tui.ui.screens.activity_form import ActivityFormScreen

        if not self.keeps_drafts:
            self.push_screen(ActivityFormScreen(activity))
        elif self.member is not None:
            self._find_draft(self.member, activity)

    @database_work(exclusive=True, group="draft")
    def _find_draft(self, member: MemberInfo, activity: ActivityInfo | None) -> None:
        from amtrax_tui.store.drafts import load_draft
        from amtrax_tui.ui.screens.activity_form import draft_form

        post_result(self, self.DraftFound(member, activity, load_draft(member.id, draft_form(activity))))

    @on(DraftFound)
    def _offer_draft(self, event: DraftFound) -> None:
        from amtrax_tui.ui.screens.activity_form import ActivityFormScreen, draft_form
        from amtrax_tui.ui.screens.dialogs import ConfirmScreen

        member, activity, found = event.member, event.activity, event.found
        if member != self.member:
            return
        if found is None:
            self.push_screen(ActivityFormScreen(activity))
            return

        def answer(restore: bool | None) -> None:
            self._discard_draft(member.id, draft_form(activity))  # from now on the form holds it, or nobody
            self.push_screen(ActivityFormScreen(activity, found if restore else None))

        what = (
            Content.assemble("your edit of “", fmt.plain(activity.title), "”")
            if activity
            else "an activity you were recording"
        )
        self.push_screen(
            ConfirmScreen(
                "Restore unsaved input?",
                Content.assemble(
                    "The terminal closed while ", what, " was not saved yet.\nRestore what you typed, or discard it?"
                ),
                yes="Restore",
                no="Discard",
            ),
            answer,
        )

    @database_work(group="draft-discard")
    def _discard_draft(self, member_id: int, form: str | None) -> None:
        from amtrax_tui.store.drafts import discard_draft

        discard_draft(member_id, form)

    def terminal_gone(self, signum: int) -> None:
        """SIGHUP or SIGTERM: keep the form's unsaved input as a draft (see
        keeps_drafts), then exit; Textual restores the terminal if it is still there."""
        message = None
        if self.keeps_drafts:
            try:
                self.keep_drafts()
            except Exception as exc:  # the exit must happen whatever the database says
                message = fmt.plain(f"amtrax-tui: the unsaved form could not be kept: {exc}")
        self.exit(None, 128 + signum, message)

    @property
    def keeps_drafts(self) -> bool:
        """Whether a form's unsaved input is kept when the terminal goes, and offered back.
        A draft is the member's own: not at a kiosk (the next person is someone else), and
        not while staff sign in for a member."""
        return not self.kiosk and not self.is_staff

    def keep_drafts(self) -> None:
        """Save every open form's unsaved input, here and now (one short write each)."""
        from amtrax_tui.store.drafts import save_draft
        from amtrax_tui.ui.screens.activity_form import ActivityFormScreen

        for screen in self.screen_stack:
            if isinstance(screen, ActivityFormScreen) and screen.dirty and self.member is not None:
                save_draft(self.member.id, screen.draft_values(), screen.draft_form)

    # -- signing in and out (a kiosk, a site database), staff screens -----

    def signed_in(self, principal: Principal) -> None:
        self.principal = principal
        self.last_input = time.monotonic()
        if principal.is_staff:
            from amtrax_tui.ui.screens.roster import RosterScreen

            self.sub_title = f"staff {principal.name}"
            self.push_screen(RosterScreen())
        else:
            assert principal.amt_id is not None  # a member signed in: their own AMT ID
            self.show_member(MemberInfo(principal.id, principal.name, principal.amt_id))

    def action_sign_out(self) -> None:
        self.sign_out("Signed out.")

    def sign_out(self, message: str = "") -> None:
        """Forget who signed in and everything shown or typed: every screen and
        form goes, drafts of the member are discarded, sign-in starts afresh."""
        from amtrax_tui.ui.screens.sign_in import SignInScreen

        if self.principal is not None and not self.principal.is_staff:
            self._discard_draft(self.principal.id, None)
        self.principal = self.member = self.selected_code = self.last_deleted = None
        self.sub_title = self.SUB_TITLE
        self.clear_notifications()  # "Recorded …" must not greet the next person
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(SignInScreen())
        self.snapshot = None
        if message:
            self.notify(message, timeout=3)

    def _idle_check(self) -> None:
        """Sign out after `idle_seconds` without a key or click; otherwise look again
        when that time since the last one will have passed."""
        quiet = time.monotonic() - self.last_input
        if quiet >= self.idle_seconds:
            if self.principal is not None:
                self.sign_out("Signed out after a while without a key.")
            elif getattr(self.screen, "dirty", False):  # a half-typed sign-in
                self.sign_out()
            self.last_input, quiet = time.monotonic(), 0.0
        self.set_timer(self.idle_seconds - quiet, self._idle_check)

    def action_roster(self) -> None:
        from amtrax_tui.ui.screens.roster import RosterScreen

        if not isinstance(self.screen, RosterScreen):
            self.push_screen(RosterScreen())

    def action_set_pin(self) -> None:
        if self.member is not None:
            self.set_pin(self.member)

    def set_pin(self, member: MemberInfo) -> None:
        from amtrax_tui.ui.screens.pin import PinScreen

        self.push_screen(PinScreen(member))


def build_app(
    db: str | None,
    rules: Rules | None = None,
    demo: bool = False,
    clock: Callable[[], dt.date] = dt.date.today,
    config: Config | None = None,
) -> AmtraxApp:
    """The app on database `db` (path or URL; None: the default database), with the
    site's `config` (None: the defaults, as without a config file). With `config.kiosk`
    it opens on sign-in and signs out after `config.idle_minutes` without input."""
    return AmtraxApp(db, rules or load_rules(), demo=demo, clock=clock, config=config)


def run(args) -> int:
    """Run the app for the console script, with the site config file's settings
    where no option is given; a --demo database lives in a temporary folder."""
    from amtrax_tui.cli.parser import UsageError
    from amtrax_tui.store.db import ENV_VAR

    config = load_config()  # a bad config or rules file is reported before the screen changes
    if args.kiosk:
        config = dataclasses.replace(config, kiosk=True)
    if config.kiosk and args.demo:
        raise UsageError("--demo opens a sample member without signing in; it cannot run as a kiosk")
    rules = load_rules(args.rules or config.rules)
    if config.kiosk:  # Ctrl+C, Ctrl+Z and Ctrl+\ must reach the app as keys, never as signals
        os.environ.pop("TEXTUAL_ALLOW_SIGNALS", None)
    demo_dir = Path(tempfile.mkdtemp(prefix="amtrax-demo-")) if args.demo else None
    db = str(demo_dir / "demo.db") if demo_dir else args.db or os.environ.get(ENV_VAR) or config.db
    try:
        app = build_app(db, rules, demo=args.demo, config=config)
        app.run()
    finally:
        if demo_dir is not None:
            shutil.rmtree(demo_dir, ignore_errors=True)
    return app.return_code or 0
