"""Help: the keyboard map and a short explanation of CCP."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from amtrax_tui.ccp import Credential, Rules, points_text
from amtrax_tui.ccp.rules import AMT
from amtrax_tui.ui import glyphs as glyph_sets
from amtrax_tui.ui.glyphs import Glyphs
from amtrax_tui.ui.screens.base import AppScreen
from amtrax_tui.ui.widgets.footer import Footer
from amtrax_tui.ui.widgets.header import Header

KEYS = (
    (
        "Everywhere",
        (
            ("? or F1", "this help"),
            ("Ctrl+P", "command palette: every action, and the theme"),
            ("Escape", "back (a form asks before dropping what you typed)"),
            ("Ctrl+Q", "quit (asks first if a form holds unsaved input)"),
            ("u", "undo the last deletion"),
            ("Tab, Shift+Tab", "next or previous field or control"),
        ),
    ),
    (
        "Overview",
        (
            ("Up, Down", "choose a credential; its progress shows below"),
            ("Enter or h", "activity history of the chosen credential"),
            ("r", "record a CE activity"),
            ("R", "record another like the last one: its credentials, category, provider, dates"),
            ("e", "export a transcript, calendar reminders or the audit packet"),
            ("t", "activities to enter in AMTrax"),
            ("a", "add a credential"),
            ("m", "members: switch member, or add one (Ctrl+N)"),
        ),
    ),
    (
        "Record / edit form",
        (
            ("Ctrl+S", "save (once the form is valid and attested)"),
            ("Space", 'tick the attestation or an "also count toward" credential'),
            ("Enter", "next field; opens a selector"),
            ("Ctrl+R, Ctrl+T", "restore, discard input kept when the terminal closed (when offered)"),
        ),
    ),
    (
        "History",
        (
            ("Enter or e", "edit the highlighted activity"),
            ("d or Delete", "delete it (asks first; u undoes)"),
            ("c", "record another like it: its credentials, category, provider, dates"),
            ("s", "change the sort order"),
            ("/", "filter by title, provider or category; Esc clears it"),
            ("PgDn, Home, End", "page down, first row, last row (more rows load as you go)"),
        ),
    ),
    (
        "To enter in AMTrax",
        (
            ("m", "mark the highlighted activity entered in AMTrax today"),
            ("a", "show the entered ones too ({done}); c clears an entry date"),
        ),
    ),
    (
        "Export",
        (
            ("Ctrl+S, Enter", "write the file (asks before replacing one)"),
            ("Ctrl+T, Ctrl+L", "print; e-mail to the member's stored address (where the site set them up)"),
            ("Tab", "selectors, file name, then the preview (arrows scroll)"),
        ),
    ),
)

STAFF_KEYS = (
    ("o", "staff: the roster of every member"),
    ("p", "staff: set or reset the member's PIN"),
)
ROSTER_KEYS = (
    (
        "Roster (staff)",
        (
            ("Enter", "open the highlighted member: overview, record CE for them"),
            ("s, /", "change the sort order, filter by name or AMT ID"),
            ("x, X", "export transcripts of the member, of every member listed"),
            ("p, n", "set the member's PIN, add a member"),
        ),
    ),
)
KIOSK_KEYS = (
    (
        "Kiosk",
        (
            ("Ctrl+O", "sign out (also Ctrl+C and Ctrl+Z; Ctrl+Q for members)"),
            ("Ctrl+Q", "staff: quit the kiosk (asks first)"),
            ("Ctrl+P", "command palette: the app's own actions (no theme, no screenshot)"),
            *STAFF_KEYS,
        ),
    ),
    *ROSTER_KEYS,
)
SIGNED_IN_KEYS = (  # a site database outside kiosk mode: Ctrl+Q quits, as everywhere
    (
        "Signed in",
        (
            ("Ctrl+O", "sign out (also Ctrl+C and Ctrl+Z)"),
            *STAFF_KEYS,
        ),
    ),
    *ROSTER_KEYS,
)

CCP = """\
AMT's Certification Continuation Program (CCP) keeps a credential active. Each \
credential has a 3-year cycle counted from the certification date, and needs a \
number of points per cycle (RMA 30, MLS 45, RPT 24, ...). Record each activity \
with its category, points, dates and your attestation. Only activities inside \
the current cycle count, and surplus points do not roll over. Employment counts \
only up to 12/31/2020. Status: Met (requirement reached), On track (at least the \
share of points for the share of the cycle gone), Behind, Lapsed (the cycle \
ended short). The renewal invoice can be paid from the day after the \
requirement is met; dues fall in your certification month each year. AMT audits \
at random: keep proof (a certificate number or file) for every activity."""


def other_bodies(rules: Rules) -> list[str]:
    """What each other body the site tracks asks, one paragraph per body, from its rules."""
    paragraphs = []
    for body in rules.bodies.values():
        held = [c for c in rules.credentials.values() if c.body == body.code]
        if body.code == AMT or not held:
            continue
        groups: dict[tuple, list[str]] = {}
        for c in held:
            groups.setdefault((c.points, c.schedule.months, c.verified), []).append(c.code)
        parts = [
            f"{', '.join(codes)}: {points_text(points)} points per {months} months"
            + ("" if verified else " (not verified against the body's current rules)")
            for (points, months, verified), codes in groups.items()
        ]
        parts += [limits for c in held if (limits := _limits(c))]
        paragraphs.append(f"{body.name}. " + "; ".join(parts) + ".")
    return paragraphs


def _limits(credential: Credential) -> str:
    """A credential's rules beyond its total, as a sentence part ("" for none)."""
    said = []
    if credential.schedule.month_end:
        said.append("cycles end with the month")
    if credential.areas:
        said.append("at least " + ", ".join(f"{points_text(a.minimum)} {a.name.lower()}" for a in credential.areas))
    approval = credential.approval
    if approval is not None and approval.minimum is not None:
        said.append(f"at least {points_text(approval.minimum)} {approval.label}")
    if approval is not None and approval.others_maximum is not None:
        said.append(f"at most {points_text(approval.others_maximum)} from other providers")
    if credential.min_minutes:
        said.append(f"programs of {credential.min_minutes} minutes or more")
    if credential.grace_days:
        said.append(f"{credential.grace_days} days' grace after a cycle ends short")
    return f"{credential.code} " + ", ".join(said) if said else ""


def _keys(kiosk: bool, sign_in_required: bool, glyphs: Glyphs) -> Table:
    grid = Table.grid(padding=(0, 2, 0, 0))
    grid.add_column(no_wrap=True, style="bold", min_width=15)
    grid.add_column()
    first = KIOSK_KEYS if kiosk else SIGNED_IN_KEYS if sign_in_required else ()
    kiosk_says = {key for key, _ in KIOSK_KEYS[0][1]}
    for section, keys in first + KEYS:
        grid.add_row(Text(section, style="bold underline"), "")
        for key, meaning in keys:
            if not (kiosk and key in kiosk_says and section == "Everywhere"):  # the kiosk says what it does
                grid.add_row(key, Text(meaning.format(done=glyphs.done)))  # the mark the screen shows
        grid.add_row("", "")
    return grid


class HelpScreen(AppScreen[None]):
    """The keys (those of a kiosk, or of a database where people sign in, first) and how CCP works."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "back", "Back")]

    def __init__(self, kiosk: bool, sign_in_required: bool, others: list[str]):
        super().__init__()
        self.kiosk = kiosk
        self.sign_in_required = sign_in_required
        self.others = others  # what the other bodies the site tracks ask (other_bodies)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="help"):
            yield Static(Text("Keyboard", style="bold"), classes="help-heading")
            yield Static(_keys(self.kiosk, self.sign_in_required, glyph_sets.of(self)))
            yield Static(Text("How CCP works", style="bold"), classes="help-heading")
            yield Static(CCP)
            if self.others:
                yield Static(Text("Other bodies' credentials", style="bold"), classes="help-heading")
                yield Static(Text("Codes of other bodies carry the body (AAMA:CMA); each is judged by its own rules."))
                for paragraph in self.others:
                    yield Static(Text(paragraph))
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help").focus()

    def action_back(self) -> None:
        self.dismiss()
