"""Helpers for driving the app with Pilot at 80x24: the keyboard, and the mouse for the hostile-click tests."""

from __future__ import annotations

import datetime as dt
import html
import re
import time
import unicodedata
from decimal import Decimal
from typing import NamedTuple
from weakref import WeakKeyDictionary

import pytest
from rich.cells import cell_len
from textual import events
from textual.app import App
from textual.keys import KEY_NAME_REPLACEMENTS, REPLACED_KEYS, key_to_character
from textual.pilot import Pilot
from textual.widgets import OptionList, Select

from amtrax_tui.ccp import Draft
from amtrax_tui.store import activities, members
from amtrax_tui.store.db import open_database
from amtrax_tui.ui.app import build_app
from amtrax_tui.ui.keys import after_queue, handle_in_order
from tests.smtp_server import mailbox  # noqa: F401  (a fixture: an SMTP server on 127.0.0.1)

TODAY = dt.date(2026, 6, 15)
SIZE = (80, 24)
DEADLINE_S = 60  # generous: a slow or busy machine, two workers at once; never asserted as a duration


def key_event(key: str) -> events.Key:
    """The Key event a terminal gives for `key`, named as `Pilot.press` names it: "a", "-"
    (as "minus", with the character "-"), "space", "ctrl+s"."""
    if len(key) == 1:
        name = key if key.isalnum() else unicodedata.name(key, key).lower().replace("-", "_").replace(" ", "_")
        return events.Key(KEY_NAME_REPLACEMENTS.get(name, name), key)
    return events.Key(key, key_to_character(REPLACED_KEYS.get(key, key)))


async def press_in_order(pilot: Pilot, *keys: str) -> None:
    """`Pilot.press`, with each key handed to the app the way its terminal driver hands it
    (ui/keys.py): as soon as every node the key before reached has dispatched it. Pilot's
    own waits twice per key for the whole process to look idle, 40 ms or more a key, which
    made typing most of the suite's time; the order and outcome of keys are the same."""
    for key in keys:
        await handle_in_order(pilot.app, key_event(key))
        await pilot.app.animator.wait_until_complete()  # as Pilot.press: a scroll ends before the next key
    if keys:
        await pilot.pause()


async def click(pilot: Pilot, selector: str | None = None, offset: tuple[int, int] = (0, 0)) -> None:
    """A click at `offset` from the widget `selector` finds (or from the screen's corner), given
    as a terminal gives it: the button pressed and released, of which the app makes the Click.
    Each is handed over once the one before has been dispatched by the widget under the pointer
    and the widgets it bubbles up to (as `press_in_order` hands over keys), not after Pilot's
    waits for the whole process to look idle."""
    app = pilot.app
    origin = app.screen.query_one(selector).region.offset if selector else (0, 0)
    x, y = origin[0] + offset[0], origin[1] + offset[1]
    for kind in (events.MouseDown, events.MouseUp):
        app.post_message(kind(None, x, y, 0, 0, 1, False, False, False, screen_x=x, screen_y=y))
        under = await after_queue(app, lambda: app.get_widget_at(x, y)[0])
        for node in under.ancestors_with_self if under is not None else ():
            await after_queue(node, lambda: None)


@pytest.fixture(autouse=True)
def keys_in_order(monkeypatch):
    monkeypatch.setattr(Pilot, "press", press_in_order)


@pytest.fixture
def db_path(tmp_path, new_sqlite):
    """A fresh migrated SQLite file, open (the store's functions use it)."""
    path = new_sqlite(tmp_path / "amtrax.db")
    open_database(str(path))
    return path


@pytest.fixture
def member(db_path, rules):
    """A member holding RMA (cycle 2025-01-10 to 2028-01-09) and RPT (from 2025-09-01)."""
    found = members.add_member("Dana Whitfield", "A-778812", "test")
    members.add_credential(rules, found.id, "RMA", dt.date(2019, 1, 10), dt.date(2025, 1, 10), TODAY, "test")
    members.add_credential(rules, found.id, "RPT", dt.date(2025, 9, 1), None, TODAY, "test")
    return found


def record(rules, member, title="Infection Control Update", points="2", start=dt.date(2026, 3, 2),
           codes=("RMA",), evidence="CERT-1", category="professional-education") -> int:
    draft = Draft(category=category, title=title, points=Decimal(points), start=start, end=start,
                  evidence=evidence, attested=True)
    return activities.record(rules, member.id, list(codes), draft, TODAY, "test")


def make_app(db_path, **kwargs):
    app = build_app(str(db_path), clock=lambda: TODAY, **kwargs)
    record_notices(app)
    return app


class Notice(NamedTuple):
    message: str
    title: str
    severity: str


_NOTICES: WeakKeyDictionary[App, list[Notice]] = WeakKeyDictionary()


def record_notices(app: App) -> None:
    """Wrap the app's public `notify` and `clear_notifications` so a test sees every notification
    raised since the last clearing, whether still shown or already timed out."""
    shown = _NOTICES.setdefault(app, [])
    notify, clear = app.notify, app.clear_notifications

    def recording(message, *, title="", severity="information", timeout=None, markup=True):
        shown.append(Notice(message, title, severity))
        notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def clearing():
        shown.clear()
        clear()

    app.notify = recording  # type: ignore[method-assign]
    app.clear_notifications = clearing  # type: ignore[method-assign]


def notices(app: App) -> list[Notice]:
    """Every notification the app has raised since it last cleared them (the app must come from `make_app`)."""
    return _NOTICES[app]


async def wait_for(pilot, condition, what: str):
    """Let the app run until `condition()` holds; fail naming `what` after a deadline."""
    deadline = time.monotonic() + DEADLINE_S
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}; screen is {type(pilot.app.screen).__name__}")
        await pilot.pause(0.05)
    await pilot.pause()  # let the screen settle before the test reads it


def screen_is(pilot, name: str):
    return lambda: type(pilot.app.screen).__name__ == name


async def type_text(pilot, text: str):
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


# One run of text in Rich's SVG export: its column (x in units of CHAR_WIDTH) and row (its clip path).
_SVG_TEXT = re.compile(r'<text [^>]*\bx="([\d.]+)"[^>]*clip-path="url\(#[\w-]*-line-(\d+)\)">(.*?)</text>')
_SVG_CHAR_WIDTH = 20 * 0.61  # rich.console.Console.export_svg: char_height 20, font_aspect_ratio 0.61


def screen_text(app: App) -> str:
    """The screen as plain text, the way a person reads it (what tmux's capture-pane gives).

    Read from `App.export_screenshot`, Textual's public picture of the current screen (with any
    screens under a dialog): each run of text sits at its column on its row (the export writes a
    space as &#160;); trailing blanks go.
    """
    height = app.size.height
    rows: list[list[tuple[int, str]]] = [[] for _ in range(height)]
    for x, row, text in _SVG_TEXT.findall(app.export_screenshot(simplify=True)):
        if int(row) < height:
            rows[int(row)].append((round(float(x) / _SVG_CHAR_WIDTH), html.unescape(text.replace("&#160;", " "))))
    lines = []
    for runs in rows:
        line = ""
        for column, text in sorted(runs):
            line += " " * (column - cell_len(line)) + text
        lines.append(line.rstrip())
    return "\n".join(lines)


def offered(select: Select) -> list[str]:
    """The labels a Select offers, as its drop-down list shows them."""
    options = select.query_one(OptionList)
    return [str(options.get_option_at_index(index).prompt) for index in range(options.option_count)]


def shows(pilot, text: str):
    return lambda: text in screen_text(pilot.app)


def error_shown(pilot, field: str, message: str):
    """The message next to `field` contains `message` (and is on screen)."""
    def check():
        label = pilot.app.screen.query_one(f"#{field}-error")
        return label.display and message in str(label.content)
    return check
