"""How values read on screen: points, dates, months, statuses (word and colour, never colour alone)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from rich.text import Text

from amtrax_tui.ccp import STATUS_LABELS

# The terminal's own colours, so a 16-colour terminal shows them faithfully.
STATUS_STYLES = {"met": "bold green", "on_track": "bold cyan", "behind": "bold yellow", "lapsed": "bold red"}
STATUS_MARKS = {"met": "✔", "on_track": "●", "behind": "▲", "lapsed": "✖"}


def points(value: Decimal) -> str:
    """Two decimals, so columns of points line up on the decimal point."""
    return f"{value:.2f}"


def required(value: Decimal) -> str:
    return str(int(value)) if value == value.to_integral_value() else points(value)


def status(code: str) -> Text:
    return Text(f"{STATUS_MARKS[code]} {STATUS_LABELS[code]}", style=STATUS_STYLES[code])


def month(year_month: str) -> str:
    """'2026-05' as 'May 2026'."""
    year, number = year_month.split("-")
    return f"{dt.date(int(year), int(number), 1):%b %Y}"


def span(start: dt.date, end: dt.date) -> str:
    return f"{start.isoformat()} to {end.isoformat()}"
