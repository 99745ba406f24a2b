"""What every form has: under each field the rule it breaks ("✖ message"), the field
marked invalid (the `-invalid` class), and a Save button enabled only while nothing is
wrong and nothing is being saved."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Label, Select, Static

from amtrax_tui.store.records import Invalid
from amtrax_tui.ui import format as fmt
from amtrax_tui.ui import glyphs as glyph_sets
from amtrax_tui.ui.widgets.input import Input
from amtrax_tui.ui.work import HandlesWorkFailures


class Form(HandlesWorkFailures, Screen):
    """A screen whose fields are checked whenever one of them changes.

    A subclass names its FIELDS (in the order they are shown), composes each with
    `field` (or places its `problem_label`), and says in `find_problems` what is
    wrong now (field -> message). The form checks after every change of an Input,
    a Select or a Checkbox; anything else that changes what is wrong calls `check`.
    Only this check says whether a value is valid: the Inputs run no validators.

    A screen lists Form after its own base (AppScreen, Dialog): Textual gives a screen
    the CSS of its first base's line only, and the styles hang on those."""

    FIELDS: ClassVar[tuple[str, ...]] = ()
    SAVE: ClassVar[str] = "save"  # the id of the button that saves

    problems: var[dict[str, str]] = var(dict, init=False)  # every field's, found by the last check
    shown: var[dict[str, str]] = var(dict, init=False)  # the messages on screen
    saving: var[bool] = var(False, init=False)
    show_all = False  # every message shows, touched or not (after a refused save)

    def __init__(self) -> None:
        super().__init__()
        self.touched: set[str] = set()  # fields the user has changed: their messages show as they type

    # -- composing ------------------------------------------------------------

    def field(self, label: str, widget: Widget) -> ComposeResult:
        """A row of the form: the label, the widget, and under them the widget's message."""
        assert widget.id is not None  # a field is found by its id
        with Horizontal(classes="field"):
            yield Label(label, classes="field-label")
            yield widget
        yield self.problem_label(widget.id)

    def problem_label(self, name: str) -> Static:
        return Static(classes="field-error", id=f"{name}-error")

    def marked(self, name: str) -> Widget:
        """The widget marked invalid while field `name` has a message (by default the one with its id)."""
        return self.query_one(f"#{name}")

    def on_mount(self) -> None:
        for name in self.FIELDS:
            if isinstance(widget := self.marked(name), Input):
                widget.validate_on = set()  # else an Input without validators clears the mark as it changes

    # -- checking -------------------------------------------------------------

    def find_problems(self) -> dict[str, str]:
        """What is wrong with the fields now: field -> message."""
        raise NotImplementedError

    def check(self) -> None:
        """Find what is wrong now, and show the messages of the fields touched (all, after a refused save)."""
        self.problems = problems = self.find_problems()
        self.shown = {name: message for name, message in problems.items() if self.show_all or name in self.touched}

    def touch(self, control: Widget) -> None:
        """`control` changed: from now on its field's message shows as the user types."""
        if control.id in self.FIELDS:
            self.touched.add(control.id)

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _value_changed(self, event: Input.Changed | Select.Changed | Checkbox.Changed) -> None:
        self.touch(event.control)
        self.check()

    def ready(self) -> bool:
        """Whether the form may be saved now. If not, every message shows, the first
        field with one gets the focus, and `refused` says so."""
        self.check()
        if not self.problems:
            return True
        self.show_all = True
        self.check()
        first = self.marked(next(name for name in self.FIELDS if name in self.problems))
        if first.display:
            first.focus()
        self.refused(self.problems)
        return False

    def refused(self, problems: dict[str, str]) -> None:
        """Say that the form was not saved because of `problems` (each also shown by its field)."""
        fields = "1 field needs" if len(problems) == 1 else f"{len(problems)} fields need"
        self.notify(Content(f"Not saved: {fields} attention."), severity="error")

    def show_refusal(self, refused: Invalid) -> None:
        """The store refused the save: every message shows, with the store's own for the fields it names
        (rules only the store can check: a file vanished, an AMT ID taken...), and a notice says why."""
        self.saving = False
        self.show_all = True
        self.check()
        found: dict[str, list[str]] = {}
        for error in refused.errors:
            if error.field in self.FIELDS:
                found.setdefault(error.field, []).append(error.message)
        self.shown = self.shown | {name: "; ".join(messages) for name, messages in found.items()}
        self.notify(fmt.plain(str(refused)), title="Not saved", severity="error")

    # -- showing ---------------------------------------------------------------

    def watch_shown(self, before: dict[str, str], now: dict[str, str]) -> None:
        for name in self.FIELDS:
            message = now.get(name, "")
            if message != before.get(name, ""):  # only a real change costs a layout
                label = self.query_one(f"#{name}-error", Static)
                label.update(fmt.plain(f"{glyph_sets.of(self).error} {message}") if message else "")
                label.display = bool(message)
                self.marked(name).set_class(bool(message), "-invalid")

    def watch_problems(self) -> None:
        self._enable_save()

    def watch_saving(self) -> None:
        self._enable_save()

    def _enable_save(self) -> None:
        self.query_one(f"#{self.SAVE}", Button).disabled = bool(self.problems) or self.saving
