"""The app's own marks, bars and ticks, in two sets: Unicode, and ASCII for terminals
that cannot show anything else (LANG=C, old kiosk consoles).

Python writes UTF-8 even under the C locale (PEP 538/540), so a terminal that shows each
byte above 0x7f as "_" would turn every mark into the same blank. The set is chosen once,
when the app starts (`--ascii`, `ascii = true` in the config file, else `detect`), and
kept on the app as `app.glyphs`: a property of the terminal, read by widgets the way
Textual's own widgets read `app.no_color`. Only glyphs that carry a meaning are here:
punctuation in the app's sentences (… · “ ”) and Textual's glyphs (borders, scrollbars,
progress bars) are translated as they are written, by ui/terminal.py.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.dom import DOMNode


@dataclass(frozen=True)
class Glyphs:
    ascii: bool
    marks: Mapping[str, str]  # each status code's mark; its word is always shown beside it
    blocks: str  # the chart's nine heights of a column, empty to full
    axis_label: str  # the y axis beside a label: "  30 ┤"
    axis: str  # the y axis elsewhere
    future: str  # the chart's baseline over days still to come
    descending: str  # a sort mark in a column heading
    ascending: str
    ticked: str  # a ticked box's inside
    done: str  # "yes" on a line: entered in AMTrax, a new file
    proof: str  # evidence kept, in the history's Proof column
    warning: str  # a line that asks for attention
    error: str  # a line saying what is wrong
    unverified: str  # a credential whose requirements are not verified against its body's rules


UNICODE = Glyphs(
    ascii=False,
    marks={"met": "✔", "on_track": "●", "behind": "▲", "lapsed": "✖", "grace": "◐", "voluntary": "○"},
    blocks=" ▁▂▃▄▅▆▇█",
    axis_label="┤",
    axis="│",
    future="·",
    descending="▼",
    ascending="▲",
    ticked="✔",
    done="✔",
    proof="✓",
    warning="▲",
    error="✖",
    unverified="?",
)
# Marks that differ in shape, not only in colour; blocks that grow in ink.
ASCII = Glyphs(
    ascii=True,
    marks={"met": "+", "on_track": "o", "behind": "!", "lapsed": "x", "grace": "~", "voluntary": "-"},
    blocks=" ..::==##",
    axis_label="+",
    axis="|",
    future=".",
    descending="v",
    ascending="^",
    ticked="x",
    done="+",
    proof="+",
    warning="!",
    error="x",
    unverified="?",
)


def detect(environ: Mapping[str, str]) -> Glyphs:
    """The set the locale allows, decided as ncurses and tmux decide it: the first of
    LC_ALL, LC_CTYPE and LANG that is set names the character set; Unicode when it is
    UTF-8, ASCII otherwise (unset, C, POSIX, Latin-1). Not locale.getpreferredencoding:
    Python reports UTF-8 under the C locale, which the terminal does not show."""
    for name in ("LC_ALL", "LC_CTYPE", "LANG"):
        value = environ.get(name)
        if value:
            charset = value.partition(".")[2].partition("@")[0].lower().replace("-", "")
            return UNICODE if charset == "utf8" else ASCII
    return ASCII


def startup_environ() -> Mapping[str, str]:
    """The environment the process was started with. Under the C locale Python sets
    LC_CTYPE=C.UTF-8 in os.environ as it starts (PEP 538), which says nothing of the
    terminal; Linux keeps the environment as it was in /proc/self/environ. Elsewhere,
    os.environ."""
    try:
        raw = Path("/proc/self/environ").read_bytes()
    except OSError:
        return os.environ
    pairs = (item.partition(b"=") for item in raw.split(b"\0") if item)
    return {name.decode(errors="replace"): value.decode(errors="replace") for name, _, value in pairs}


def of(node: DOMNode) -> Glyphs:
    """The set of the app `node` belongs to (Unicode in an app that chose none)."""
    return getattr(node.app, "glyphs", UNICODE)
