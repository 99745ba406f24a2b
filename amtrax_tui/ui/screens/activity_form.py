"""Record a CE activity, or edit one: every rule checked as you type."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Label, Select, Static

from amtrax_tui.ccp import (
    Credential,
    Cycle,
    Draft,
    Rules,
    TypedActivity,
    parse_activity,
    points_text,
    visible,
)
from amtrax_tui.store.drafts import RECORD_FORM
from amtrax_tui.store.evidence import (
    KIOSK_NO_FOLDER,
    KIOSK_RULE,
    EvidenceRules,
    evidence_files,
    evidence_problem,
    is_file_reference,
)
from amtrax_tui.store.records import ActivityInfo, Duplicate, HeldInfo, Invalid
from amtrax_tui.store.snapshot import Snapshot, read_snapshot
from amtrax_tui.ui import format as fmt
from amtrax_tui.ui.screens.base import AppScreen
from amtrax_tui.ui.screens.form import Form
from amtrax_tui.ui.session import Session, Template
from amtrax_tui.ui.widgets.footer import Footer
from amtrax_tui.ui.widgets.header import Header
from amtrax_tui.ui.widgets.input import Input
from amtrax_tui.ui.widgets.tick import Tick
from amtrax_tui.ui.work import database_work, is_transient, post_result, trouble

TEXT_FIELDS = ("title", "provider", "points", "start", "end", "notes", "evidence")
DATE_HINT = "YYYY-MM-DD or MM/DD/YYYY"
SAVE_RETRY_SECONDS = 3.0  # a save the database was too busy for is tried again this often
# Points typed with a unit, such as "3h" or "0.3 ceu": the amount and the start of the unit's name.
WITH_UNIT = re.compile(r"\s*(\d+(?:\.\d*)?|\.\d+)\s*([a-z][a-z ]*?)\s*", re.IGNORECASE)


def draft_form(activity: ActivityInfo | None) -> str:
    """Under which name a draft of this form is kept: one for new records, one per edited activity."""
    return RECORD_FORM if activity is None else f"edit-{activity.id}"


class ActivityFormScreen(AppScreen["ActivityFormScreen.Saved | None"], Form):
    """A new activity, or (given `activity`) an edit of one, under the same rules, for the
    member of `snapshot` (their credentials held, today) as `session` says who is at work.
    A new one may start like another (`template`). Where drafts are kept (`offers_draft`),
    the form looks for one of its own (see `draft_values`) as it opens, and offers it back.

    The offer is a line at the top of the form, answered with Ctrl+R or Ctrl+T, not a
    dialog: the look-up answers a moment after the form opens, and a dialog then would
    take the keys typed ahead into the first field. Left unanswered, the draft stays kept
    for the next time the form opens. The form dismisses with what it saved and the new
    totals, read as it saved (None: left without saving)."""

    # In the order shown: what a member always fills first, what they rarely change after.
    FIELDS = (
        "title",
        "provider",
        "points",
        "areas",
        "minutes",
        "approved",
        "start",
        "evidence",
        "attestation",
        "end",
        "notes",
        "credential",
        "category",
    )

    @dataclass
    class Saved(Message):
        """Saved (from the save worker to the form itself, which dismisses with it)."""

        bubble = False

        draft: Draft
        codes: list[str]
        snapshot: Snapshot  # the new totals, read by the worker so the overview shows them at once
        new: bool  # a new activity (`R` records another like it), not an edit

    @dataclass
    class DraftFound(Message):
        """A draft of this form was kept (`draft_values`)."""

        values: dict

    @dataclass
    class Duplicated(Message):
        """The store found a likely duplicate: the user decides."""

        draft: Draft
        codes: list[str]
        duplicate: Duplicate

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "Save"),
        Binding("escape", "back", "Cancel"),
        Binding("ctrl+g", "convert", "Convert"),
        # Offered only while a kept draft waits for an answer (check_action); keys a field does not take.
        Binding("ctrl+r", "restore_draft", "Restore"),
        Binding("ctrl+t", "discard_draft", "Discard"),
    ]

    def __init__(
        self,
        snapshot: Snapshot,
        session: Session,
        rules: Rules,
        evidence: EvidenceRules,
        activity: ActivityInfo | None = None,
        template: Template | None = None,
        offers_draft: bool = False,
    ):
        super().__init__()
        self.session = session
        self.rules = rules
        self.activity = activity
        self.draft_form = draft_form(activity)
        self.member = snapshot.member
        self.held: tuple[HeldInfo, ...] = snapshot.held
        self.today: dt.date = snapshot.today
        self.judged: dict[str, Cycle] = snapshot.cycles
        self.guidance_for: tuple | None = None
        self.retrying = False  # a save waits for a busy or unreachable database
        self.saved: ActivityFormScreen.Saved | None = None  # handed back as the form goes
        self.evidence_rules = evidence
        # At a kiosk, evidence files are chosen from the member's own folder, never typed.
        self.evidence_folder = self.evidence_rules.folder
        self.evidence_choices = evidence_files(self.evidence_folder) if self.evidence_folder else []
        codes = [h.code for h in self.held]
        held = [self.rules.credentials[c] for c in codes if c in self.rules.credentials]
        # What the bodies of the credentials held may ask of an activity; shown while a
        # chosen credential asks it (see _show_body_fields).
        self.areas = {a.slug: a for credential in held for a in credential.areas}
        self.approvals = {c.body: c.approval.label for c in held if c.approval is not None}
        like = Template.like(activity.draft(), activity.credentials) if activity else template
        self.initial: dict[str, Any] = {
            **self._credentials(like.credentials if like else (), codes),
            "category": like.category if like else "professional-education",
            "title": activity.title if activity else "",
            "provider": like.provider if like else "",
            "points": points_text(activity.points) if activity else "",
            "areas": self._area_values((slug, points_text(p)) for slug, p in activity.areas) if activity else (),
            "minutes": str(activity.minutes) if activity and activity.minutes is not None else "",
            "approved": tuple(sorted(b for b in like.approved if b in self.approvals)) if like else (),
            "start": like.start.isoformat() if like else "",
            "end": like.end.isoformat() if like else "",
            "notes": activity.notes if activity else "",
            **self._evidence_fields(activity.evidence if activity else ""),
            "attestation": False,  # each activity, and each edit, is attested afresh
        }
        if self.initial["category"] not in self.rules.categories:
            self.initial["category"] = next(iter(self.rules.categories))
        self.start: dict[str, Any] = dict(self.initial)  # what the fields open with; `initial` tells what changed
        self.offers_draft = offers_draft
        self.kept: dict | None = None  # a draft found and offered, not yet restored or discarded
        # The end date follows the start date (a one-day activity) until the user edits it.
        self.end_follows = self.start["end"] == self.start["start"]
        self.convert_open = False  # the points helper shows once asked for
        self.filled_for: object = None  # the credential chosen when the fields it decides were last filled

    def _credentials(self, wanted: tuple[str, ...], codes: list[str]) -> dict:
        """The credential chosen and those also counted: those of `wanted` still held, the
        one the member is looking at first; none of them: the one they are looking at."""
        selected = self.session.selected_code
        mine = [c for c in wanted if c in codes] or [selected if selected in codes else codes[0]]
        primary = selected if selected in mine else mine[0]
        return {"credential": primary, "also": tuple(c for c in mine if c != primary)}

    def _restore(self, restored: dict, codes: list[str]) -> None:
        """Start again from the draft's values that still make sense (the credentials held may have changed)."""
        self.start = dict(self.initial)
        for name in TEXT_FIELDS:
            if isinstance(restored.get(name), str):
                self.start[name] = restored[name]
        if restored.get("credential") in codes:
            self.start["credential"] = restored["credential"]
        self.start["also"] = tuple(c for c in restored.get("also", ()) if c in codes and c != self.start["credential"])
        if restored.get("category") in self.rules.categories:
            self.start["category"] = restored["category"]
        areas = restored.get("areas", ())
        if isinstance(areas, list):
            pairs = (pair for pair in areas if isinstance(pair, list) and len(pair) == 2)
            self.start["areas"] = self._area_values(
                (slug, text) for slug, text in pairs if isinstance(slug, str) and isinstance(text, str)
            )
        if isinstance(restored.get("minutes"), str):
            self.start["minutes"] = restored["minutes"]
        approved = restored.get("approved", ())
        if isinstance(approved, list):
            self.start["approved"] = tuple(sorted(b for b in set(approved) if b in self.approvals))

    def _area_values(self, pairs: Iterable[tuple[object, str]]) -> tuple[tuple[str, str], ...]:
        """Points typed per content area, in the form's order of areas, leaving out those
        it has no field for and those left empty."""
        typed = {slug: text for slug, text in pairs if slug in self.areas and text.strip()}
        return tuple((slug, typed[slug]) for slug in self.areas if slug in typed)

    def _evidence_fields(self, evidence: str) -> dict:
        """An activity's evidence in the form: at a kiosk a file of the evidence folder is
        chosen in its list, anything else is in the text field."""
        path = Path(evidence)
        if (
            self.evidence_folder
            and is_file_reference(evidence)
            and path.name in self.evidence_choices
            and path.parent == self.evidence_folder.resolve()
        ):
            return {"evidence": "", "evidence_file": path.name}
        return {"evidence": evidence, "evidence_file": ""}

    def draft_values(self) -> dict:
        """The form's input, to keep as a draft. Not the attestation: that is given afresh
        (nor a kiosk's evidence file: a kiosk keeps no drafts)."""
        values = self.values()
        del values["attestation"], values["evidence_file"]
        return dict(
            values,
            also=list(values["also"]),
            areas=[list(pair) for pair in values["areas"]],
            approved=list(values["approved"]),
        )

    # -- layout ------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="form-body"):
            # Not itself in the focus chain: its fields are, and scroll it as they take the focus
            # (Textual would focus it first at mount, restyling the whole form twice).
            with VerticalScroll(id="form", can_focus=False):
                title = Content("Edit activity" if self.activity else "Record a CE activity")
                if self.session.is_staff:  # staff enter it; the member still attests below
                    title += Content.assemble(" for ", fmt.plain(self.member.name))
                yield Label(title, id="form-title")
                yield Static(id="draft-offer")
                if self.session.is_staff:
                    yield Static(
                        Content.assemble(
                            "On behalf of ",
                            fmt.plain(self.member.name),
                            ": the history names you as who entered it.",
                        ),
                        id="form-behalf",
                    )
                yield from self._input("Title", "title", "e.g. Bloodborne Pathogens Update")
                yield from self._input("Provider", "provider", "optional")
                yield from self._input("Points", "points", "e.g. 1.5")
                with Horizontal(classes="field", id="units-row"):
                    yield Label("Convert", classes="field-label")
                    yield Input(placeholder="amount", compact=True, id="amount")
                    yield Select([], prompt="unit", compact=True, id="unit")
                    yield Static(id="units-note")
                yield from self._body_fields()
                yield from self._input("Start date", "start", DATE_HINT)
                if self.evidence_rules.kiosk:
                    yield from self._input("Evidence", "evidence", "certificate no.")
                else:
                    yield from self._input("Evidence", "evidence", "certificate no. or file path")
                if self.evidence_folder:
                    with Horizontal(classes="field"):
                        yield Label("or a file", classes="field-label")
                        files = [(fmt.option_label(name), name) for name in self.evidence_choices]
                        yield Select(
                            files,
                            prompt="no file",
                            value=self.start["evidence_file"] or Select.NULL,
                            compact=True,
                            id="evidence-file",
                        )
                yield Tick(self._attestation_label(), id="attestation", compact=True)
                yield self.problem_label("attestation")
                yield from self._input("End date", "end", DATE_HINT)
                yield from self._input("Notes", "notes", "optional")
                yield from self.field(
                    "Credential",
                    Select(
                        [(fmt.option_label(self._credential_name(h.code)), h.code) for h in self.held],
                        value=self.start["credential"],
                        allow_blank=False,
                        compact=True,
                        id="credential",
                    ),
                )
                with Horizontal(classes="field", id="also-row"):
                    yield Label("Also count", classes="field-label")
                    yield Vertical(id="also")
                yield from self.field("Category", Select([], prompt="Choose a category", compact=True, id="category"))
                with Horizontal(id="form-buttons"):
                    yield Button("Save  Ctrl+S", variant="primary", disabled=True, id="save")
                    yield Button("Cancel  Esc", id="cancel")
            yield Static(id="guidance")
        yield Footer()

    def _body_fields(self) -> ComposeResult:
        """The fields only some bodies ask for: points per content area, how long it
        lasted, whether the provider is approved. All the credentials held may ask for
        are composed here; each shows while a credential chosen asks for it."""
        typed = dict(self.start["areas"])
        with Vertical(id="areas"):
            for area in self.areas.values():
                with Horizontal(classes="field area-row", name=area.slug):
                    yield Label(fmt.plain(f"{area.name} points"), classes="field-label")
                    yield Input(typed.get(area.slug, ""), placeholder="e.g. 0.5", compact=True, name=area.slug)
        yield self.problem_label("areas")
        with Horizontal(classes="field", id="minutes-row"):
            yield Label("Minutes", classes="field-label")
            yield Input(self.start["minutes"], compact=True, id="minutes")
        yield self.problem_label("minutes")
        with Vertical(id="approved"):
            for body, label in self.approvals.items():
                yield Tick(
                    fmt.plain(f"Provider is {label}"),
                    body in self.start["approved"],
                    name=body,
                    compact=True,
                    classes="approval",
                )
        yield self.problem_label("approved")

    def _attestation_label(self) -> Content:
        """The member attests: in their own words, or, entered by staff, as the member told them."""
        words = fmt.plain(self.rules.attestation.rstrip("."))
        if not self.session.is_staff:
            return words
        return Content.assemble(fmt.plain(self.member.name), " attested to me: “", words, "”")

    def _credential_name(self, code: str) -> str:
        credential = self.rules.credentials.get(code)
        return f"{code} {credential.name}" if credential else code

    def _input(self, label: str, name: str, placeholder: str) -> ComposeResult:
        yield from self.field(label, Input(visible(self.start[name]), placeholder=placeholder, compact=True, id=name))

    def on_mount(self) -> None:
        for field in self._area_inputs():
            field.validate_on = set()  # see Form.on_mount: the mark is the form's to set
        self._fill_also()
        self._show_body_fields()
        self._fill_categories(self.start["category"])
        # The first field, focused here and now (`focus()` would wait its turn in the app's
        # queue): a key typed right after the one that opened the form goes into it.
        self.set_focus(self.query_one("#title" if self.activity is None else "#points", Input))
        self.touch()
        self._show_guidance()
        self.check()
        if self.offers_draft:
            self._find_draft()

    # -- a kept draft ----------------------------------------------------------

    @database_work(exclusive=True, group="draft")
    def _find_draft(self) -> None:
        from amtrax_tui.store.drafts import load_draft

        found = load_draft(self.member.id, self.draft_form)
        if found is not None:
            post_result(self, self.DraftFound(found))

    @on(DraftFound)
    def _offer_draft(self, event: DraftFound) -> None:
        self.kept = event.values
        what = (
            Content.assemble("your edit of “", fmt.plain(self.activity.title), "”")
            if self.activity
            else "an activity you were recording"
        )
        offer = self.query_one("#draft-offer", Static)
        offer.update(
            Content.assemble(
                "The terminal closed while ",
                what,
                " was not saved yet.\n",
                Content.styled("Ctrl+R", "bold"),
                " restores what you typed then (in place of what the form holds); ",
                Content.styled("Ctrl+T", "bold"),
                " discards it.",
            )
        )
        offer.display = True  # not a class on the screen: that would restyle the whole form
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("restore_draft", "discard_draft"):
            return self.kept is not None
        return super().check_action(action, parameters)

    def action_restore_draft(self) -> None:
        """Fill the form with the kept draft: what was typed then wins over what the form started like."""
        restored = self._answered()
        if restored is None:
            return
        self._restore(restored, [h.code for h in self.held])
        for name in TEXT_FIELDS:
            field = self.query_one(f"#{name}", Input)
            with field.prevent(Input.Changed):
                field.value = visible(self.start[name])
            field.cursor_position = len(field.value)  # typing goes on after the restored text
        credential = self.query_one("#credential", Select)
        with credential.prevent(Select.Changed):
            credential.value = self.start["credential"]
        self.end_follows = self.start["end"] == self.start["start"]
        self._fill_also(set(self.start["also"]))
        typed = dict(self.start["areas"])
        for field in self._area_inputs():
            with field.prevent(Input.Changed):
                field.value = typed.get(field.name or "", "")
        minutes = self.query_one("#minutes", Input)
        with minutes.prevent(Input.Changed):
            minutes.value = self.start["minutes"]
        for tick in self._approval_ticks():
            with tick.prevent(Checkbox.Changed):
                tick.value = tick.name in self.start["approved"]
        self._show_body_fields()
        self._fill_categories(self.start["category"])
        self._show_guidance()
        self.check()

    def action_discard_draft(self) -> None:
        self._answered()

    def _answered(self) -> dict | None:
        """The draft offered, now taken out of the store: from here on the form holds it, or nobody."""
        kept, self.kept = self.kept, None
        self.query_one("#draft-offer").display = False
        self.refresh_bindings()
        if kept is not None:
            self._forget_draft()
        return kept

    @database_work(group="draft-discard")
    def _forget_draft(self) -> None:
        from amtrax_tui.store.drafts import discard_draft

        discard_draft(self.member.id, self.draft_form)

    # -- values ------------------------------------------------------------

    def values(self) -> dict:
        """What the form holds now, as raw values (the same keys as `initial`)."""
        category = self.query_one("#category", Select).value
        out: dict[str, Any] = {name: self._typed(name, self.query_one(f"#{name}", Input).value) for name in TEXT_FIELDS}
        chosen = self.query_one("#evidence-file", Select).value if self.evidence_folder else Select.NULL
        out["points"] = self._points(out["points"])
        minutes = self.query_one("#minutes", Input)
        out.update(
            evidence_file="" if chosen is Select.NULL else chosen,
            credential=self.query_one("#credential", Select).value,
            also=self._also(),
            # Only the fields shown: what the credentials chosen ask for.
            areas=self._area_values((f.name, f.value) for f in self._area_inputs() if f.parent and f.parent.display),
            minutes=minutes.value if minutes.parent and minutes.parent.display else "",
            approved=tuple(sorted(t.name for t in self._approval_ticks() if t.display and t.value and t.name)),
            category="" if category is Select.NULL else category,
            attestation=self.query_one("#attestation", Checkbox).value,
        )
        return out

    def _also(self) -> tuple[str, ...]:
        # The ticks are the #also box's children: a query of the whole form cost most of `values`.
        ticks = self.query_one("#also", Vertical).query_children(Tick)
        return tuple(sorted(tick.name for tick in ticks if tick.value and tick.name))

    def _area_inputs(self) -> list[Input]:
        return [row.query_one(Input) for row in self.query_one("#areas", Vertical).query_children(Horizontal)]

    def _approval_ticks(self) -> list[Tick]:
        return list(self.query_one("#approved", Vertical).query_children(Tick))

    def _chosen(self) -> list[Credential]:
        """The credentials the activity is to count toward, as the form's controls say now."""
        codes = [self.query_one("#credential", Select).value, *self._also()]
        return [self.rules.credentials[c] for c in codes if isinstance(c, str) and c in self.rules.credentials]

    def marked(self, name: str) -> Widget:
        """An area's or an approval's message marks the first of their fields shown."""
        if name == "areas":
            shown: list[Widget] = [f for f in self._area_inputs() if f.parent and f.parent.display]
        elif name == "approved":
            shown = [t for t in self._approval_ticks() if t.display]
        else:
            return super().marked(name)
        return shown[0] if shown else self.query_one(f"#{name}")

    @property
    def dirty(self) -> bool:
        if self.saving or not self.is_mounted:
            return False
        now, then = self.values(), dict(self.initial, also=tuple(sorted(self.initial["also"])))
        return any(now[k] != then[k] for k in then)

    def cycles(self, codes: list[str]) -> dict[str, Cycle]:
        """The cycles the credentials `codes` are judged in, as the store gave them."""
        return {code: cycle for code, cycle in self.judged.items() if code in codes}

    def codes(self, values: dict) -> list[str]:
        return [values["credential"], *values["also"]]

    def parsed(self, values: dict) -> tuple[Draft | None, dict[str, str]]:
        """The draft the fields give (None while a value does not read) and every rule it breaks, by field."""
        evidence, evidence_error = self.evidence(values)
        typed = TypedActivity(
            category=values["category"],
            title=values["title"],
            points=values["points"],
            start=values["start"],
            end=None if self.end_follows else values["end"],  # the start's messages are not said twice
            provider=values["provider"],
            notes=values["notes"],
            evidence=evidence,
            attested=values["attestation"],
            areas=values["areas"],
            approved=values["approved"],
            minutes=values["minutes"],
        )
        parsed = parse_activity(self.rules, typed, self.today, self.cycles(self.codes(values)))
        errors = dict(parsed.errors)
        if evidence_error and "evidence" not in errors:  # the text's own fault is told once
            errors["evidence"] = evidence_error
        return parsed.draft, errors

    def find_problems(self) -> dict[str, str]:
        return self.parsed(self.values())[1]

    def evidence(self, values: dict) -> tuple[str, str | None]:
        """The evidence the fields give, and what is wrong with it (the file is not read
        here). At a kiosk a typed path gets one message, whether or not it exists."""
        typed, chosen = values["evidence"].strip(), values["evidence_file"]
        if self.evidence_rules.kiosk and is_file_reference(typed):
            return typed, KIOSK_RULE if self.evidence_folder else KIOSK_NO_FOLDER
        if chosen:
            if typed:
                return typed, "give a certificate number or choose a file, not both"
            typed = str(self.evidence_folder / chosen)
        if self.activity is not None and self.activity.evidence_elsewhere and typed == self.activity.evidence:
            return typed, None  # a file on another machine, kept as a reference: the store keeps it so
        return typed, evidence_problem(typed, self.evidence_rules)

    def _typed(self, name: str, shown: str) -> str:
        """Text field `name`'s value, given what it shows. A stored value holding control
        characters is shown escaped (ccp.visible); left as shown, it stays as stored (and
        the field's rules say what is wrong with it)."""
        stored = self.start[name]
        return stored if shown == visible(stored) else shown

    # -- showing the state -------------------------------------------------

    def touch(self, control: Widget | None = None) -> None:
        """Whichever control changed, the fields whose values differ from what the form opened
        with show their messages from now on (a restored draft's at once)."""
        values = self.values()
        changed = {name for name in self.FIELDS if values[name] != self.initial[name]}
        self.touched |= changed - {"attestation"}  # given afresh each time: its message shows on saving
        if self.touched & {"start", "end"}:  # checked together: a start after the end shows as it is typed
            self.touched |= {"start", "end"}
        if values["evidence_file"] != self.initial["evidence_file"]:
            self.touched.add("evidence")

    def _show_guidance(self) -> None:
        values = self.values()
        key = (values["category"], tuple(self.codes(values)))
        if key == self.guidance_for:
            return
        self.guidance_for = key
        rules = self.rules
        parts: list[str | Content] = []  # the rules file's words, which may run over lines
        category = rules.categories.get(values["category"])
        if category is not None:
            parts += [fmt.plain(category.name, "bold"), "\n"]
            if category.notes:
                parts += [fmt.plain(category.notes, keep="\n"), "\n"]
            if category.cap is not None:
                parts.append(f"At most {fmt.points(category.cap)} points count per cycle.\n")
            parts.append("\n")
        parts += [Content.styled("What qualifies\n", "bold"), fmt.plain(rules.guidance, keep="\n"), "\n"]
        cutoff = rules.employment_cutoff
        for code, cycle in self.cycles(self.codes(values)).items():
            for item in rules.categories.values():
                if not rules.offers(item, cycle):
                    parts += [
                        "\n",
                        fmt.plain(f"{item.name} is not offered: ", "bold yellow"),
                        fmt.plain(
                            f"the {code} cycle began {cycle.start.isoformat()}, after {cutoff:%m/%d/%Y}; "
                            "AMT accepts employment only up to that date."
                        ),
                        "\n",
                    ]
        self.query_one("#guidance", Static).update(Content.assemble(*parts))

    def _fill_also(self, chosen: set[str] | None = None) -> None:
        """One tick per other credential held, ticked as `chosen` says, or keeping the ticks already given."""
        self.filled_for = primary = self.query_one("#credential", Select).value
        box = self.query_one("#also", Vertical)
        ticks = list(box.query(Tick))
        if chosen is None:
            chosen = {t.name for t in ticks if t.value and t.name} if ticks else set(self.start["also"])
        box.remove_children()
        others = [h.code for h in self.held if h.code != primary]
        box.mount_all(
            [
                Tick(fmt.plain(self._credential_name(c)), c in chosen, name=c, compact=True, classes="also")
                for c in others
            ]
        )
        self.query_one("#also-row").display = bool(others)

    def _show_body_fields(self) -> None:
        """Show the fields the credentials chosen ask for, and hide the others (their input
        stays, should the credential be chosen again)."""
        chosen = self._chosen()
        slugs = {a.slug for c in chosen for a in c.areas}
        for field in self._area_inputs():
            if field.parent:
                field.parent.display = field.name in slugs
        self.query_one("#areas").display = bool(slugs)
        lengths = [(c.min_minutes, c.code) for c in chosen if c.min_minutes is not None]
        self.query_one("#minutes-row").display = bool(lengths)
        if lengths:
            least, code = max(lengths)  # the longest minimum says what every credential needs
            self.query_one("#minutes", Input).placeholder = f"at least {least} for {code}"
        bodies = {c.body for c in chosen if c.approval is not None}
        for tick in self._approval_ticks():
            tick.display = tick.name in bodies
        self.query_one("#approved").display = bool(bodies)

    def _fill_categories(self, keep: str) -> None:
        """The categories every credential chosen accepts, offered for each of their cycles."""
        rules = self.rules
        cycles = self.cycles(self.codes(self.values())).values()
        chosen = self._chosen()
        offered = [
            c
            for c in rules.categories.values()
            if all(rules.offers(c, cycle) for cycle in cycles) and all(rules.accepts(cr, c) for cr in chosen)
        ]
        select = self.query_one("#category", Select)
        with select.prevent(Select.Changed):
            select.set_options([(fmt.option_label(c.name), c.slug) for c in offered])
            if keep in {c.slug for c in offered}:
                select.value = keep
        self._fill_units()

    def _fill_units(self) -> None:
        """The category's units in the points helper, keeping the unit chosen where it is
        still offered. Points are never rewritten here: only typing an amount or choosing
        a unit converts."""
        units = self._units()
        self.query_one("#units-row").display = bool(units) and self.convert_open
        if units:
            unit = self.query_one("#unit", Select)
            kept = unit.value if unit.value in units else next(iter(units))
            with unit.prevent(Select.Changed):
                unit.set_options(
                    [(fmt.option_label(f"{name} (x{points_text(factor)})"), name) for name, factor in units.items()]
                )
                unit.value = kept
        self._show_conversion()

    def _units(self) -> dict[str, Decimal]:
        """The points helper's units for the category and credentials chosen."""
        slug = self.query_one("#category", Select).value
        return self.rules.units_for(slug if isinstance(slug, str) else "", [c.code for c in self._chosen()])

    def _with_unit(self, text: str) -> tuple[str, str] | None:
        """Points typed with one of the category's units ("3h", "0.3ceu"): the amount and
        the unit, when the letters name exactly one unit (its start, a word's start, or its initials)."""
        match = WITH_UNIT.fullmatch(text)
        if match is None:
            return None
        amount, typed = match.group(1), " ".join(match.group(2).lower().split())
        named = [
            unit
            for unit in self._units()
            if unit.lower().startswith(typed)
            or any(word.startswith(typed) for word in unit.lower().split())
            or typed == "".join(word[0] for word in unit.lower().split())
        ]
        return (amount, named[0]) if len(named) == 1 else None

    def _points(self, typed: str) -> str:
        """The points a points field holding `typed` gives: typed with a unit, what it converts to."""
        with_unit = self._with_unit(typed)
        if with_unit is None:
            return typed
        amount, unit = with_unit
        return points_text(Decimal(amount) * self._units()[unit])

    def _conversion(self) -> str | Content | None:
        """What the amount and unit give in points (None with no amount), or why they do not."""
        units = self._units()
        unit = self.query_one("#unit", Select).value
        amount_text = self.query_one("#amount", Input).value.strip()
        if not amount_text or not isinstance(unit, str) or unit not in units:
            return None
        try:
            amount = Decimal(amount_text) if amount_text.isascii() else None  # ASCII digits, as parse_points
            if amount is None or not amount.is_finite() or amount <= 0:
                raise InvalidOperation
        except InvalidOperation:
            return Content.styled("not a number", "red")
        return points_text(amount * units[unit])

    def _show_conversion(self) -> None:
        """The helper's note: "= points" while the points field holds what it converted."""
        result = self._conversion()
        if isinstance(result, str):
            result = f"= {result}" if self.values()["points"] == result else None
        self.query_one("#units-note", Static).update(result or "")

    def _convert(self) -> None:
        """The points helper: amount x the unit's points, written into the points field."""
        result = self._conversion()
        if isinstance(result, str):
            self.query_one("#points", Input).value = result
        self._show_conversion()

    # -- events --------------------------------------------------------------

    # Each change is checked after these handlers, by the form (see Form).

    @on(Input.Changed, "#amount")
    def _amount_changed(self) -> None:
        self._convert()

    @on(Select.Changed, "#credential")
    def _credential_changed(self) -> None:
        # The Select says it changed as it mounts, to the credential the form was just filled for.
        if self.query_one("#credential", Select).value == self.filled_for:
            return
        self._fill_also()
        self._show_body_fields()
        self._fill_categories(self.values()["category"])
        self._show_guidance()

    @on(Checkbox.Changed, ".also")
    def _also_changed(self) -> None:
        self._show_body_fields()
        self._fill_categories(self.values()["category"])
        self._show_guidance()

    @on(Select.Changed, "#category")
    def _category_changed(self) -> None:
        self._fill_units()
        self._show_guidance()

    @on(Select.Changed, "#unit")
    def _unit_changed(self) -> None:
        self._convert()

    @on(Input.Changed, "#points")
    def _points_changed(self) -> None:
        with_unit = self._with_unit(self.query_one("#points", Input).value)
        if with_unit is not None:  # the helper unfolds, showing what the unit typed converts
            amount, unit = with_unit
            field, select = self.query_one("#amount", Input), self.query_one("#unit", Select)
            with field.prevent(Input.Changed), select.prevent(Select.Changed):
                field.value, select.value = amount, unit
            self._open_convert()
        self._show_conversion()

    @on(Input.Changed, "#start")
    def _start_changed(self) -> None:
        if self.end_follows:
            end = self.query_one("#end", Input)
            with end.prevent(Input.Changed):
                end.value = self.query_one("#start", Input).value

    @on(Input.Changed, "#end")
    def _end_changed(self) -> None:
        """Edited by the user: the end date stops following the start, unless made the same again."""
        self.end_follows = self.query_one("#end", Input).value == self.query_one("#start", Input).value

    def action_convert(self) -> None:
        """Unfold the points helper and go to its amount."""
        if self._units():
            self._open_convert()
            self.query_one("#amount", Input).focus()
        else:
            self.notify("This category has no units to convert.", severity="warning")

    def _open_convert(self) -> None:
        self.convert_open = True
        self.query_one("#units-row").display = bool(self._units())

    @on(Input.Submitted)
    def _next_field(self) -> None:
        self.focus_next()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_back()

    # -- saving ----------------------------------------------------------------

    def action_submit(self) -> None:
        if self.saving or not self.ready():
            return
        values = self.values()
        draft, _ = self.parsed(values)
        assert draft is not None  # ready: every value reads
        self._start_saving(draft, self.codes(values), allow_duplicate=False)

    def _start_saving(self, draft: Draft, codes: list[str], allow_duplicate: bool) -> None:
        self.saving = True
        self._save(draft, codes, allow_duplicate)

    @database_work(exclusive=True, group="save")
    def _save(self, draft: Draft, codes: list[str], allow_duplicate: bool) -> None:
        from amtrax_tui.store import activities

        rules, actor = self.rules, self.session.actor
        try:
            if self.activity is None:
                activities.record(
                    rules,
                    self.member.id,
                    codes,
                    draft,
                    self.today,
                    actor,
                    allow_duplicate,
                    self.evidence_rules,
                )
            else:
                activities.edit(
                    rules,
                    self.activity.id,
                    codes,
                    draft,
                    self.today,
                    actor,
                    allow_duplicate,
                    self.evidence_rules,
                )
        except Duplicate as duplicate:
            post_result(self, self.Duplicated(draft, codes, duplicate))
        else:  # read the new totals here too: the overview shows them as it comes back
            snapshot = read_snapshot(rules, self.member, self.today)
            post_result(self, self.Saved(draft, codes, snapshot, new=self.activity is None))

    def work_failed(self, group: str, error: BaseException) -> None:
        """The save did not happen; the input stays. A refusal marks its fields; a busy or
        unreachable database is said once and the save is tried again until it goes through."""
        self.saving = False
        if isinstance(error, Invalid):
            self._refused(error)
        elif is_transient(error):
            if not self.retrying:
                self.notify(
                    fmt.plain(f"{trouble(error)} Your entry is kept. Retrying…"),
                    title="Not saved yet",
                    severity="warning",
                    timeout=SAVE_RETRY_SECONDS * 2,
                )
            self.retrying = True
            self.set_timer(SAVE_RETRY_SECONDS, self._retry)
        else:
            self.retrying = False
            self.notify(
                fmt.plain(f"{trouble(error)} Your entry is kept: press Ctrl+S to try again."),
                title="Not saved",
                severity="error",
                timeout=10,
            )

    def _retry(self) -> None:
        """Save again what the form holds now; while a dialog covers the form or the
        user has made a field invalid, wait another round."""
        if not self.retrying or self.saving:
            return
        if self.is_active and not self.find_problems():
            self.action_submit()
        else:
            self.set_timer(SAVE_RETRY_SECONDS, self._retry)

    @on(Duplicated)
    def _ask_duplicate(self, event: Duplicated) -> None:
        from amtrax_tui.ui.screens.dialogs import ConfirmScreen

        draft, codes, duplicate = event.draft, event.codes, event.duplicate
        self.saving = self.retrying = False

        def answer(record_anyway: bool | None) -> None:
            if record_anyway:
                self._start_saving(draft, codes, allow_duplicate=True)

        self.app.push_screen(
            ConfirmScreen(
                "Possible duplicate",
                Content.assemble(
                    f"Activity {duplicate.existing_id} has the same title, category and start date.\n"
                    "Record this one as well?"
                ),
                yes="Record anyway",
                no="Go back",
            ),
            answer,
        )

    def _refused(self, refused: Invalid) -> None:
        self.retrying = False
        self.show_refusal(refused)

    @on(Saved)
    def _saved(self, event: Saved) -> None:
        draft, codes = event.draft, event.codes
        self.retrying = False
        self.saved = event
        if not self.is_active:  # a dialog opened over the form meanwhile: it answers first
            return
        verb = "Recorded" if event.new else "Saved changes to"
        # A toast takes no keys: it names the overview's and history's key for another like it.
        again = "\nPress R to record another like it." if event.new else ""
        # The store judges a cycle in its grace period until it is met: a cycle judged no
        # more has just been met, and the overview goes on to the next one.
        met = [
            f"\nThe {code} cycle {fmt.span(cycle.start, cycle.end)} is met."
            for code, cycle in self.judged.items()
            if code in codes and event.snapshot.cycles.get(code, cycle) != cycle
        ]
        self.notify(
            Content.assemble(
                f"{verb} “",
                fmt.plain(draft.title.strip()),
                "”: ",
                fmt.plain(f"{fmt.points(draft.points)} points toward {', '.join(codes)}."),
                *met,
                again,
            ),
            title="Saved",
        )
        # The totals go back with the dismissal: the app hands them to the overview before
        # the overview is drawn again, so its first frame shows them.
        self.dismiss(self.saved)

    def action_back(self) -> None:
        if not self.dirty:
            self.dismiss(self.saved)
            return
        from amtrax_tui.ui.screens.dialogs import ConfirmScreen

        def answer(discard: bool | None) -> None:
            if discard:
                self.saving = True  # nothing left to protect
                self.dismiss()

        self.app.push_screen(
            ConfirmScreen(
                "Discard this activity?", "What you typed has not been saved.", yes="Discard", no="Keep editing"
            ),
            answer,
        )
