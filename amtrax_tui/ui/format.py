"""How values read on screen: text from people and files, points, dates, months,
statuses (word and colour, never colour alone)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from rich.text import Text
from textual.content import Content

from amtrax_tui.ccp import STATUS_LABELS, visible
from amtrax_tui.ui.glyphs import Glyphs

# The terminal's own colours, so a 16-colour terminal shows them faithfully (in Content's
# terms: a bare "green" there is the CSS colour).
STATUS_STYLES = {
    "met": "bold ansi_green",
    "on_track": "bold ansi_cyan",
    "behind": "bold ansi_yellow",
    "lapsed": "bold ansi_red",
    "grace": "bold ansi_magenta",
    "voluntary": "bold ansi_blue",
}


def plain(text: str, style: str = "", keep: str = "") -> Content:
    """Text that came from a person or a file, as it is shown on any screen: literally,
    never read as markup (a title "[@click=app.quit]" stays those characters), and
    with every control or bidi character written as an inert escape such as \\x1b
    (except those in `keep`: "\\n" where a rules file's text may run over lines).

    Lines that mix the app's own words with such text are put together with
    `Content.assemble(..., plain(value), ...)`: its plain-string parts are literal too."""
    return Content.styled(visible(text, keep), style)


def option_label(text: str) -> Text:
    """`plain` for a Select's option: as rich Text, the one kind (besides a markup
    string) that the Select's type-to-search reads."""
    return Text(visible(text))


def points(value: Decimal) -> str:
    """Two decimals, so columns of points line up on the decimal point."""
    return f"{value:.2f}"


def required(value: Decimal) -> str:
    return str(int(value)) if value == value.to_integral_value() else points(value)


def status(code: str, glyphs: Glyphs) -> Content:
    return Content.styled(f"{glyphs.marks[code]} {STATUS_LABELS[code]}", STATUS_STYLES[code])


def month(year_month: str) -> str:
    """'2026-05' as 'May 2026'."""
    year, number = year_month.split("-")
    return f"{dt.date(int(year), int(number), 1):%b %Y}"


def span(start: dt.date, end: dt.date) -> str:
    return f"{start.isoformat()} to {end.isoformat()}"
