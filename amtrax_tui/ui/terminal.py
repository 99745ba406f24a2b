"""Writing to a terminal that shows only ASCII (see ui/glyphs.py for the app's own marks).

Textual draws glyphs of its own: borders, scrollbars, progress bars, the checkbox's half
blocks, the Select's arrow. Rather than restyle each widget, the driver translates what
the app writes, one character at a time and into as many cells:
box drawing into `+ - = |`, blocks into `# | - [ ]`, arrows and dots into look-alikes,
typographic punctuation into its plain kind, and anything else (text a person typed in
another script, say) into one `?` per cell it takes, which is the most such a terminal
can show. Textual places each run of text with a cursor move, so a line keeps its width
only if every character keeps its own; escape sequences are ASCII and pass unchanged.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from rich.cells import get_character_cell_size

from amtrax_tui.ui.keys import KeysInOrderDriver

LOOK_ALIKES = {
    "▐": "[",  # a checkbox or radio button's sides
    "▌": "]",
    "▲": "^",
    "▼": "v",
    "▶": ">",
    "►": ">",
    "◀": "<",
    "◄": "<",
    "●": "o",
    "🔎": "> ",  # the command palette's search icon, two cells wide
    "○": "o",
    "✔": "+",
    "✓": "+",
    "✖": "x",
    "✗": "x",
    "…": ".",  # one cell, as the line was laid out for
    "·": "-",
    "•": "*",
    "\u2013": "-",
    "—": "-",
    "\u2018": "'",
    "\u2019": "'",
    "“": '"',
    "”": '"',
    "\u00a0": " ",
}
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@cache
def _cell_glyph(char: str) -> str:
    """The ASCII for one character, in the cells it takes (none for a combining mark)."""
    if char in LOOK_ALIKES:
        return LOOK_ALIKES[char]
    name = unicodedata.name(char, "")
    if name.startswith("BOX DRAWINGS"):
        across = any(word in name for word in ("HORIZONTAL", "LEFT", "RIGHT"))
        upright = any(word in name for word in ("VERTICAL", "UP", "DOWN"))
        if across and not upright:
            return "=" if "HEAVY" in name else "-"  # heavy: the progress bar
        return "+" if across == upright else "|"
    if "\u2580" <= char <= "\u259f":  # block elements
        if "QUADRANT" in name or "SHADE" in name or name == "FULL BLOCK":
            return "#"
        return "|" if "LEFT" in name or "RIGHT" in name else "-"  # the sides, or the top and bottom, of a cell
    return "?" * get_character_cell_size(char)


def to_ascii(data: str) -> str:
    """`data` with every character above 0x7f replaced, each line as wide as before."""
    if data.isascii():
        return data
    return _NON_ASCII.sub(lambda match: _cell_glyph(match.group()), data)


class AsciiDriver(KeysInOrderDriver):
    """The app's driver for a terminal that shows only ASCII."""

    def write(self, data: str) -> None:
        super().write(to_ascii(data))
