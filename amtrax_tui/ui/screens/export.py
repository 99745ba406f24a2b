"""Export: a transcript in any format, calendar reminders, or the audit packet, with a preview of the
text transcript."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Label, Select, Static, TextArea

from amtrax_tui.ccp import DATE_FORMATS, FieldError, Rules, parse_date, visible
from amtrax_tui.config import Config
from amtrax_tui.store.evidence import evidence_rules
from amtrax_tui.store.records import Invalid, MemberInfo
from amtrax_tui.store.snapshot import Snapshot
from amtrax_tui.transcript import (
    DestinationError,
    DestinationExists,
    Transcript,
    generation_time,
    render_text,
    transcripts,
)
from amtrax_tui.transcript.destination import export_folder, resolve_destination
from amtrax_tui.transcript.exporting import (
    CALENDAR,
    PACKET,
    ExportChoice,
    Written,
    export_name,
    export_paths,
    write_export,
)
from amtrax_tui.ui import glyphs as glyph_sets
from amtrax_tui.ui.format import option_label, plain
from amtrax_tui.ui.screens.base import MemberScreen
from amtrax_tui.ui.screens.deliver import BINDINGS as DELIVERY_BINDINGS
from amtrax_tui.ui.screens.deliver import DeliveryActions
from amtrax_tui.ui.screens.form import Form
from amtrax_tui.ui.session import Session
from amtrax_tui.ui.widgets.footer import Footer
from amtrax_tui.ui.widgets.header import Header
from amtrax_tui.ui.widgets.input import Input
from amtrax_tui.ui.work import database_work, post_result, trouble

ALL = "all"  # the credential selector's "every credential held" (codes are upper case)
ON_A_DATE = "date"
CYCLES = (("Current cycle", "current"), ("Previous cycle", "previous"), ("Cycle on a date", ON_A_DATE))
# (label, value, what the format is for)
KINDS = (
    ("Text", "text", "prints in 80 columns"),
    ("CSV", "csv", "a spreadsheet; import reads it back"),
    ("JSON", "json", "data for other programs"),
    ("Markdown", "md", "headings and tables"),
    ("Audit packet (zip)", PACKET, "transcripts, evidence files, manifest"),
    ("Calendar (.ics)", CALENDAR, "cycle end, dues, projection; alarms"),
)


class ExportScreen(DeliveryActions, MemberScreen[None], Form):
    """Transcripts of `snapshot`'s member; `session` tells whose kiosk folder they go to. The
    app hears of a credential chosen here (Selected) and sets each fresh read on `snapshot`.

    A form of two fields: the choice (credential, cycle, a date in it) and the file to write.
    Their messages show from the start: a folder chosen in the config may be refused before
    anything is typed."""

    FIELDS = ("export-choice", "export-path")
    SAVE = "export-write"
    show_all = True

    @dataclass
    class Selected(Message):
        code: str

    @dataclass
    class Preview(Message):
        found: list[Transcript]
        text: str
        error: str  # why the choice cannot be exported; then `found` is empty
        keep_place: bool

    @dataclass
    class Exists(Message):
        """Writing stopped before replacing `path`: the user is asked first."""

        choice: ExportChoice
        output: Path
        path: Path

    @dataclass
    class Done(Message):
        written: Written

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "export", "Export"),
        *DELIVERY_BINDINGS,
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, snapshot: Snapshot, session: Session, rules: Rules, config: Config):
        super().__init__(snapshot)
        self.session = session
        self.rules = rules
        self.config = config
        self.kiosk = config.kiosk
        self.selected = session.selected_code  # the one credential last chosen (not "all")
        self.member: MemberInfo = snapshot.member
        self.held = snapshot.held
        self.today: dt.date = snapshot.today
        self.folder = export_folder(config)
        self.found: list[Transcript] = []  # what the preview shows; empty while the choice is refused
        self.choice_error = ""  # why the choice cannot be exported (the date, or the store says)
        self.path_error = ""  # why the file cannot be written
        self.suggested = ""  # the file name last put in the destination field
        self.leave_when_written = False  # Esc was pressed while writing
        self.credential_options = self._credential_options("text")
        # An audit packet copies the evidence files at the paths recorded: at a kiosk that
        # could put any file the app can read into the export folder, so it is not offered.
        self.kinds = [kind for kind in KINDS if not (self.kiosk and kind[1] == PACKET)]

    def compose(self) -> ComposeResult:
        codes = [h.code for h in self.held]
        yield Header()
        with Horizontal(classes="field"):
            yield Label("Credential", classes="field-label")
            yield Select(
                self.credential_options,
                allow_blank=False,
                compact=True,
                id="export-credential",
                value=self.selected if self.selected in codes else codes[0],
            )
            yield Label("Cycle", id="export-cycle-label")
            yield Select(CYCLES, value="current", allow_blank=False, compact=True, id="export-cycle")
            yield Input(placeholder=DATE_FORMATS, compact=True, id="export-date")
        yield self.problem_label("export-choice")
        with Horizontal(classes="field"):
            yield Label("Format", classes="field-label")
            yield Select(
                [(label, value) for label, value, _ in self.kinds],
                value="text",
                allow_blank=False,
                compact=True,
                id="export-format",
            )
            yield Static(id="export-format-note")
        with Horizontal(classes="field"):
            # At a kiosk only a file name, which stays in the export folder (transcript/destination.py).
            yield Label("File name" if self.kiosk else "Save as", classes="field-label")
            yield Input(compact=True, id="export-path")
        yield self.problem_label("export-path")
        yield Static(id="export-path-note")
        with Horizontal(classes="field"):
            yield Button("Export  Ctrl+S", variant="primary", id="export-write")
            yield from self.delivery_buttons()
        yield Static(id="export-result")
        yield Label("Preview of the text transcript", id="export-preview-title")
        yield TextArea(read_only=True, soft_wrap=False, compact=True, highlight_cursor_line=False, id="export-preview")
        yield Footer()

    def on_mount(self) -> None:
        self._show_format_note()
        self.query_one("#export-credential", Select).focus()
        self.reload()

    # -- the choice ----------------------------------------------------------

    def _credential_options(self, fmt: str) -> list[tuple[Text | str, str]]:
        options: list[tuple[Text | str, str]] = [(option_label(h.code), h.code) for h in self.held]
        if fmt != PACKET and len(options) > 1:  # an audit packet is for one credential
            options.append(("All credentials", ALL))
        return options

    def choice(self) -> ExportChoice | None:
        """What the selectors hold, or None when the cycle date is not a date."""
        # None of the three offers a blank.
        code = cast(str, self.query_one("#export-credential", Select).value)
        cycle: str | dt.date = cast(str, self.query_one("#export-cycle", Select).value)
        fmt = cast(str, self.query_one("#export-format", Select).value)
        if cycle == ON_A_DATE:
            try:
                cycle = parse_date(self.query_one("#export-date", Input).value, "cycle date")
            except FieldError:
                return None
        return ExportChoice(None if code == ALL else code, cycle, fmt)

    def _date_problem(self) -> str:
        """Why the cycle date typed is not a date ("" when it is one)."""
        try:
            parse_date(self.query_one("#export-date", Input).value, "cycle date")
        except FieldError as error:
            return str(error)
        return ""

    def marked(self, name: str) -> Widget:
        """The choice's one typed part is the date."""
        return super().marked("export-date" if name == "export-choice" else name)

    def find_problems(self) -> dict[str, str]:
        found = {"export-choice": self.choice_error, "export-path": self.path_error}
        return {name: message for name, message in found.items() if message}

    # -- the preview ---------------------------------------------------------

    def reload(self, keep_place: bool = False) -> None:
        """Read the chosen transcripts again, for the preview and the suggested
        name; `keep_place` keeps the preview where the reader is (same choice)."""
        choice = self.choice()
        if choice is None:
            self.workers.cancel_group(self, "export-preview")  # its preview is of the choice being replaced
            self._loaded(self.Preview([], "", self._date_problem(), keep_place))
            return
        self._load(self.member, choice, self.today, keep_place)

    @database_work(exclusive=True, group="export-preview")
    def _load(self, member: MemberInfo, choice: ExportChoice, today: dt.date, keep_place: bool) -> None:
        try:
            found = transcripts(self.rules, member, choice.code, choice.cycle, today, generation_time())
            text, error = "\n".join(render_text(t) for t in found), ""
        except (Invalid, FieldError) as exc:
            found, text, error = [], "", str(exc)
        post_result(self, self.Preview(found, text, error, keep_place))

    @on(Preview)
    def _loaded(self, event: Preview) -> None:
        found, text, error, keep_place = event.found, event.text, event.error, event.keep_place
        self.found, self.choice_error = found, error
        preview = self.query_one("#export-preview", TextArea)
        place, scroll = preview.cursor_location, preview.scroll_offset
        preview.load_text(visible(text, keep="\n") or "Nothing to preview: see the message above.")
        if keep_place:
            preview.cursor_location = place  # the text area keeps it inside the new text
            preview.scroll_to(scroll.x, scroll.y, animate=False)
        self._suggest()

    def watch_snapshot(self, snapshot: Snapshot) -> None:
        self.today = snapshot.today
        self.reload(keep_place=True)

    # -- the destination -----------------------------------------------------

    def _suggest(self) -> None:
        """Put a name that says whose transcript it is into the destination
        field, unless the user has named the file themselves."""
        choice = self.choice()
        if not self.found or choice is None:
            self._show_destination()
            return
        # The field shows it: an AMT ID another tool wrote may hold control characters.
        name = visible(export_name(self.member, choice, self.found, self.today))
        field = self.query_one("#export-path", Input)
        current = Path(field.value)
        if not self.suggested:  # the first suggestion
            field.value = name if self.kiosk else str(self.folder / name)
        elif current.name == self.suggested and name != self.suggested:
            field.value = str(current.with_name(name))
        self.suggested = name
        self._show_destination()

    def targets(self) -> list[Path]:
        """The files an export would write now, or DestinationError saying why not."""
        output = self._resolve(self.query_one("#export-path", Input).value)
        choice = self.choice()
        if choice is None or not self.found:
            return [output]
        return export_paths(choice, self.found, output)

    def _resolve(self, text: str) -> Path:
        """The file `text` names (at a kiosk, in the folder of whoever signed in)."""
        return resolve_destination(text, self.config, self.session.principal)

    def _show_destination(self) -> None:
        """Say what an export would write now, or why it cannot (then the form's check shows it)."""
        note = self.query_one("#export-path-note", Static)
        try:
            paths = self.targets()
        except DestinationError as error:
            self.path_error = f"{error.message}; nothing will be written"
            note.display = False
            self.check()
            return
        self.path_error = ""
        note.display = True
        self.check()
        existing = [p for p in paths if p.exists()]
        glyphs = glyph_sets.of(self)
        if len(paths) > 1:
            text = plain(f"One file per credential: {', '.join(p.name for p in paths)}", "dim")
            if existing:
                text += Content.styled(
                    f"\n{glyphs.warning} {len(existing)} of them exist already: Export asks before replacing them",
                    "yellow",
                )
        elif existing:
            text = Content.styled(
                f"{glyphs.warning} The file exists already: Export asks before replacing it", "yellow"
            )
        else:
            where = f"the export folder {paths[0].parent}" if self.kiosk else "a writable folder"
            text = plain(f"{glyphs.done} A new file in {where}", "dim")
        note.update(text)

    def _show_format_note(self) -> None:
        fmt = self.query_one("#export-format", Select).value
        note = next(note for _, value, note in self.kinds if value == fmt)
        self.query_one("#export-format-note", Static).update(note)

    # -- writing -------------------------------------------------------------

    def action_export(self) -> None:
        if self.saving:
            return
        self._show_destination()  # the folder may have changed since the field did
        choice = self.choice()
        if not self.ready() or choice is None:  # no choice: the date's message is shown already
            return
        output = self._resolve(self.query_one("#export-path", Input).value)
        self._start_writing(choice, output, force=False)

    def refused(self, problems: dict[str, str]) -> None:
        self.notify(plain("; ".join(problems.values())), title="Not exported", severity="error")

    def _start_writing(self, choice: ExportChoice, output: Path, force: bool) -> None:
        self.saving = True
        self._write(self.member, choice, output, force, self.today)

    @database_work(exclusive=True, group="export-write")
    def _write(self, member: MemberInfo, choice: ExportChoice, output: Path, force: bool, today: dt.date) -> None:
        # write_export reads the records again: the file holds them as they are at the moment of writing.
        evidence = evidence_rules(self.config, self.kiosk)
        try:
            written = write_export(self.rules, member, choice, output, today, generation_time(), force, evidence)
        except DestinationExists as exc:
            post_result(self, self.Exists(choice, output, exc.path))
        else:
            post_result(self, self.Done(written))

    def work_failed(self, group: str, error: BaseException) -> None:
        if group == "export-write":
            self._failed(str(error) if isinstance(error, (Invalid, FieldError)) else trouble(error))
        elif not self.delivery_failed(group, error):
            super().work_failed(group, error)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        offered = self.delivery_offered(action)
        return super().check_action(action, parameters) if offered is None else offered

    @on(Exists)
    def _ask_to_replace(self, event: Exists) -> None:
        from amtrax_tui.ui.screens.dialogs import ConfirmScreen

        choice, output, first = event.choice, event.output, event.path
        self._done_writing()
        try:
            existing = [p for p in self.targets() if p.exists()] or [first]
        except DestinationError:
            existing = [first]

        def answer(replace: bool | None) -> None:
            if replace:
                self._start_writing(choice, output, force=True)
            else:
                self.notify("Nothing was written.", title="Kept the existing file")

        one = len(existing) == 1
        self.app.push_screen(
            ConfirmScreen(
                "Replace the existing file?" if one else "Replace the existing files?",
                Content("\n").join(
                    [
                        *(plain(str(p)) for p in existing),
                        f"{'exists' if one else 'exist'} already. Replacing cannot be undone.",
                    ]
                ),
                yes="Replace",
                no="Keep",
            ),
            answer,
        )

    def _failed(self, message: str) -> None:
        if "nothing was written" not in message:
            message += "; nothing was written"
        self.notify(plain(message), title="Not exported", severity="error")
        self._done_writing()
        self._show_result(plain(f"{glyph_sets.of(self).error} Not exported: {message}", "bold red"))

    @on(Done)
    def _written(self, event: Done) -> None:
        """Say where the files are, in a notification and on the screen."""
        written = event.written
        paths = Content("\n").join(plain(str(p)) for p in written.paths)
        if written.problems:
            self.notify(
                Content.assemble(
                    paths,
                    f"\nbut {len(written.problems)} evidence "
                    f"{'file is' if len(written.problems) == 1 else 'files are'} missing, refused or changed: "
                    "see the manifest.",
                ),
                title="Audit packet written",
                severity="warning",
                timeout=15,
            )
        else:
            self.notify(paths, title="Exported", timeout=10)
        leaving = self.leave_when_written
        self._done_writing()
        text = Content.assemble(("Wrote ", "bold green"), paths.stylize("bold"))
        glyphs = glyph_sets.of(self)
        for check in written.problems:
            a = check.activity
            what = {
                "missing": f"missing ({check.reason})",
                "refused": f"not copied (it {check.reason})",
                "elsewhere": "not on this machine (imported from another)",
                "changed": "changed since it was recorded",
            }[check.state]
            text += Content.assemble(
                "\n",
                plain(
                    f"{glyphs.warning} Evidence {what}: activity {check.number}, {a.start.isoformat()}, {a.title}",
                    "bold yellow",
                ),
            )
        if written.without_evidence:
            count = written.without_evidence
            text += Content.styled(
                f"\n{glyphs.warning} {count} {'activity has' if count == 1 else 'activities have'} no evidence "
                "(flagged in the manifest)",
                "yellow",
            )
        self._show_result(text)
        if leaving:  # the notification says where the files went
            self.dismiss()

    def _show_result(self, text: Content) -> None:
        result = self.query_one("#export-result", Static)
        result.update(text)
        result.display = True

    def _done_writing(self) -> None:
        self.saving = False
        self.leave_when_written = False
        self._show_destination()

    # -- events --------------------------------------------------------------

    @on(Select.Changed, "#export-credential")
    def _credential_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != ALL:
            self.selected = event.value
            self.post_message(self.Selected(event.value))
        self.reload()

    @on(Select.Changed, "#export-cycle")
    def _cycle_changed(self, event: Select.Changed) -> None:
        date = self.query_one("#export-date", Input)
        date.display = event.value == ON_A_DATE
        if date.display and not date.value:
            date.value = self.today.isoformat()
        self.reload()

    @on(Select.Changed, "#export-format")
    def _format_changed(self, event: Select.Changed) -> None:
        self._show_format_note()
        cycle = self.query_one("#export-cycle", Select)
        cycle.disabled = event.value == CALENDAR  # reminders are of the cycles as they stand today
        if cycle.disabled and cycle.value != "current":
            cycle.value = "current"
        options = self._credential_options(str(event.value))
        if options == self.credential_options:
            self._suggest()
            return
        self.credential_options = options
        credential = self.query_one("#export-credential", Select)
        keep = credential.value if credential.value != ALL else self.selected
        with credential.prevent(Select.Changed):
            credential.set_options(options)
            credential.value = keep if keep in [value for _, value in options] else options[0][1]
        self.reload()

    @on(Input.Changed, "#export-date")
    def _date_changed(self) -> None:
        self.reload()

    @on(Input.Changed, "#export-path")
    def _path_changed(self) -> None:
        self._show_destination()

    @on(Input.Submitted, "#export-path")
    def _path_submitted(self) -> None:
        self.action_export()

    @on(Button.Pressed, "#export-write")
    def _pressed(self) -> None:
        self.action_export()

    def action_back(self) -> None:
        if self.saving:  # Esc typed right after Ctrl+S is kept: the screen goes once the file is written
            self.leave_when_written = True
            self.notify("Writing the file: this screen closes when it is written.")
            return
        self.dismiss()
