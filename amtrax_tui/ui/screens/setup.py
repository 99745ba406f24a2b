"""First run (and adding members or credentials later): the profile, then a credential."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar, TypeVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Label, Select, Static

from amtrax_tui.ccp import DATE_FORMATS, FieldError, Rules, parse_date, points_text
from amtrax_tui.ccp.cycles import Schedule
from amtrax_tui.ccp.rules import AMT
from amtrax_tui.store.members import credential_errors, member_errors
from amtrax_tui.store.records import Invalid, MemberInfo
from amtrax_tui.ui import format as fmt
from amtrax_tui.ui.screens.base import AppScreen
from amtrax_tui.ui.screens.form import Form
from amtrax_tui.ui.session import Session
from amtrax_tui.ui.widgets.footer import Footer
from amtrax_tui.ui.widgets.header import Header
from amtrax_tui.ui.widgets.input import Input
from amtrax_tui.ui.work import database_work, post_result

SavedT = TypeVar("SavedT")


class SetupForm(AppScreen[SavedT | None], Form):
    """A short form whose fields show their problems as you type; Ctrl+S or the button saves,
    and the form dismisses with what it saved (None: left without saving). At first run
    there is nothing to go back to: the form stays until it is saved."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "submit", "Save"), Binding("escape", "back", "Back")]

    def __init__(self, session: Session, first_run: bool):
        super().__init__()
        self.session = session  # who the change history names
        self.first_run = first_run

    @property
    def dirty(self) -> bool:
        return bool(self.touched) and not self.saving

    @on(Input.Submitted)
    def _next(self) -> None:
        self.action_submit() if not self.find_problems() else self.focus_next()

    @on(Button.Pressed, "#save")
    def _pressed(self) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        if self.saving or not self.ready():
            return
        self.saving = True
        self.save()

    def save(self) -> None:
        raise NotImplementedError

    def work_failed(self, group: str, error: BaseException) -> None:
        """A refusal marks its fields; any other failure is said. Either way the input stays."""
        if isinstance(error, Invalid):
            self.show_refusal(error)
        else:
            self.saving = False
            super().work_failed(group, error)

    def action_back(self) -> None:
        if not self.first_run:
            self.dismiss(None)
        else:
            self.notify("Fill in the form to start, or press Ctrl+Q to quit.")


class ProfileScreen(SetupForm[MemberInfo]):
    """A new member (`editing` None), or the name and e-mail address of one; dismisses with
    the member as saved."""

    FIELDS = ("name", "amt-id", "email")

    @dataclass
    class Added(Message):
        member: MemberInfo

    @dataclass
    class Loaded(Message):
        member: MemberInfo

    @dataclass
    class Edited(Message):
        member: MemberInfo

    def __init__(self, session: Session, first_run: bool = False, editing: MemberInfo | None = None):
        super().__init__(session, first_run)
        self.editing = editing  # the member whose name and address are changed; None: a new member

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(classes="setup", can_focus=False):  # its fields are focused, not it
            if self.first_run:
                yield Label("Welcome to amtrax-tui", classes="setup-title")
                yield Static(
                    "Keep track of your AMT Certification Continuation Program points. "
                    "First, who are you? Step 1 of 2.",
                    classes="setup-intro",
                )
            else:
                yield Label("Edit the member" if self.editing else "Add a member", classes="setup-title")
            whose = "your" if self.first_run else "the member's"  # after the first run, someone else is added
            yield from self.field("Full name", Input(placeholder=f"as on {whose} AMT record", compact=True, id="name"))
            yield from self.field(
                "AMT ID",
                Input(
                    placeholder=f"{whose} AMT member ID", compact=True, id="amt-id", disabled=self.editing is not None
                ),
            )
            yield from self.field(
                "E-mail", Input(placeholder="optional: where transcripts are sent", compact=True, id="email")
            )
            yield Button(
                "Save  Ctrl+S" if self.editing else "Continue  Ctrl+S", variant="primary", disabled=True, id="save"
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()
        if self.editing is not None:
            self._load(self.editing.amt_id)

    @database_work(exclusive=True, group="load")
    def _load(self, amt_id: str) -> None:
        from amtrax_tui.store import members

        post_result(self, self.Loaded(members.find_member(amt_id)))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        """The member as stored now, in the fields (not as typed input: nothing is unsaved yet)."""
        member = event.member
        for name, value in (("name", member.name), ("amt-id", member.amt_id), ("email", member.email or "")):
            field = self.query_one(f"#{name}", Input)
            with field.prevent(Input.Changed):
                field.value = value
        self.check()

    def find_problems(self) -> dict[str, str]:
        name, email = self.query_one("#name", Input).value, self.query_one("#email", Input).value
        amt_id = None if self.editing else self.query_one("#amt-id", Input).value  # an edit keeps the AMT ID
        return {error.field: error.message for error in member_errors(name, amt_id, email)}

    def save(self) -> None:
        name, email = self.query_one("#name", Input).value, self.query_one("#email", Input).value
        if self.editing is not None:
            self._edit(self.editing.amt_id, name, email)
        else:
            self._add(name, self.query_one("#amt-id", Input).value.strip(), email)

    @database_work(exclusive=True, group="write")
    def _add(self, name: str, amt_id: str, email: str) -> None:
        from amtrax_tui.store import members

        post_result(self, self.Added(members.add_member(name, amt_id, self.session.actor_for(amt_id), email)))

    @on(Added)
    def _added(self, event: Added) -> None:
        self.dismiss(event.member)

    @database_work(exclusive=True, group="write")
    def _edit(self, amt_id: str, name: str, email: str) -> None:
        from amtrax_tui.store import members

        post_result(self, self.Edited(members.edit_member(amt_id, self.session.actor_for(amt_id), name, email)))

    @on(Edited)
    def _edited(self, event: Edited) -> None:
        self.notify("Saved the member's name and e-mail address.", title="Saved")
        self.dismiss(event.member)


class CredentialScreen(SetupForm[str]):
    """A credential `member` holds; dismisses with its code. `step_two`: the second step of
    adding a member (the first run's, or one added later)."""

    FIELDS = ("credential", "certified-on", "cycle-start")  # named as the store names them

    @dataclass
    class Added(Message):
        code: str

    def __init__(
        self,
        member: MemberInfo,
        session: Session,
        rules: Rules,
        today: dt.date,
        step_two: bool = False,
        first_run: bool = False,
    ):
        super().__init__(session, first_run)
        self.member = member
        self.rules = rules
        self.today = today
        self.step_two = step_two
        # Staff, or whoever has just added a new member, set up the member's credential, not their own.
        self.about_member = session.is_staff or (step_two and not first_run)
        self.held = "the member holds" if self.about_member else "you hold"

    def compose(self) -> ComposeResult:
        rules = self.rules
        yield Header()
        with VerticalScroll(classes="setup", can_focus=False):  # its fields are focused, not it
            yield Label(Content.assemble("Add a credential for ", fmt.plain(self.member.name)), classes="setup-title")
            if self.step_two:
                yield Static(
                    Content.assemble(
                        "Step 2 of 2: the AMT credential "
                        if len(rules.bodies) == 1
                        else "Step 2 of 2: the credential ",
                        self.held,
                        ". You can add more later (press a).",
                    ),
                    classes="setup-intro",
                )
            yield from self.field(
                "Credential",
                Select(
                    # The rules list each body's credentials together, AMT's first; a code names its
                    # body, and typing any part of a label finds it (Select's type-to-search).
                    [
                        (fmt.option_label(f"{c.code} {c.name} ({points_text(c.points)} points)"), c.code)
                        for c in rules.credentials.values()
                    ],
                    type_to_search=True,
                    prompt="Choose the credential the member holds"
                    if self.about_member
                    else "Choose the credential you hold",
                    compact=True,
                    id="credential",
                ),
            )
            yield from self.field("Certified on", Input(placeholder=DATE_FORMATS, compact=True, id="certified-on"))
            yield from self.field("Cycle start", Input(compact=True, id="cycle-start"))
            yield Static(classes="setup-intro", id="cycles-note")
            yield Button("Save  Ctrl+S", variant="primary", disabled=True, id="save")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#credential", Select).focus()
        self._show_schedule()

    @on(Select.Changed, "#credential")
    def _show_schedule(self) -> None:
        """How the chosen credential's cycles run, and where its body shows them (AMT's before one is chosen)."""
        code = self._code()
        credential = self.rules.credentials.get(code) if code else None
        schedule, body = (credential.schedule, credential.body) if credential else (Schedule(), AMT)
        years, months = divmod(schedule.months, 12)
        length = f"{years}-year" if not months else f"{schedule.months}-month"
        start = "the end of the month of certification" if schedule.month_end else "the certification date"
        shows = "AMTrax" if body == AMT else body
        whose = "the member's" if self.about_member else "your"
        self.query_one("#cycle-start", Input).placeholder = f"optional: as {body} shows it"
        self.query_one("#cycles-note", Static).update(
            Content.assemble(
                whose.capitalize(),
                f" {length} cycles count from {start}. After a recertification, enter the start of ",
                whose,
                f" current cycle as {shows} shows it.",
            )
        )

    def _date(self, name: str, found: dict[str, str]) -> dt.date | None:
        """The date typed in field `name` (None when there is none or it is not a date: then `found` says why)."""
        text = self.query_one(f"#{name}", Input).value
        if name == "cycle-start" and not text.strip():
            return None
        try:
            return parse_date(text, name)
        except FieldError as error:
            found[name] = error.message
            return None

    def _code(self) -> str | None:
        code = self.query_one("#credential", Select).value
        return None if code is Select.NULL else cast(str, code)

    def find_problems(self) -> dict[str, str]:
        found: dict[str, str] = {}
        code = self._code()
        if code is None:
            found["credential"] = f"choose the credential {self.held}"
        certified, cycle_start = self._date("certified-on", found), self._date("cycle-start", found)
        for error in credential_errors(self.rules, code, certified, cycle_start, self.today):
            found.setdefault(error.field, error.message)
        return found

    def save(self) -> None:
        found: dict[str, str] = {}
        code, certified = cast(str, self._code()), self._date("certified-on", found)  # `ready` found no problem
        self._add(code, cast(dt.date, certified), self._date("cycle-start", found))

    @database_work(exclusive=True, group="write")
    def _add(self, code: str, certified: dt.date, cycle_start: dt.date | None) -> None:
        from amtrax_tui.store import members

        members.add_credential(
            self.rules,
            self.member.id,
            code,
            certified,
            cycle_start,
            self.today,
            self.session.actor_for(self.member.amt_id),
        )
        post_result(self, self.Added(code))

    @on(Added)
    def _added(self, event: Added) -> None:
        code = event.code
        self.notify(fmt.plain(f"Added {code}."), title="Saved")
        self.dismiss(code)
