"""Helpers for driving the app with Pilot at 80x24, keyboard only."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

import pytest

from amtrax_tui.ccp import Draft
from amtrax_tui.store import activities, members
from amtrax_tui.store.db import open_database
from amtrax_tui.ui.app import build_app
from tests.smtp_server import mailbox  # noqa: F401  (a fixture: an SMTP server on 127.0.0.1)

TODAY = dt.date(2026, 6, 15)
SIZE = (80, 24)
DEADLINE_S = 15  # generous: a slow CI machine; never asserted as a duration


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "amtrax.db"
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
    return build_app(str(db_path), clock=lambda: TODAY, **kwargs)


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


def screen_text(app) -> str:
    """The screen as plain text, the way a person reads it (what tmux's capture-pane gives)."""
    import io

    from rich.console import Console

    console = Console(width=app.size.width, file=io.StringIO(), record=True, color_system=None)
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()


def shows(pilot, text: str):
    return lambda: text in screen_text(pilot.app)


def error_shown(pilot, field: str, message: str):
    """The message next to `field` contains `message` (and is on screen)."""
    def check():
        label = pilot.app.screen.query_one(f"#{field}-error")
        return label.display and message in str(label.content)
    return check
