"""Display width and wrapping for fixed-width text: wide East Asian characters
take two columns, combining marks and joiners none.

Characters are grouped into clusters (a base character with the zero-width
characters that follow it, and whatever a zero-width joiner joins), so a
wrap never separates an accent or a joined emoji from its base.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_ZERO_WIDTH_CATEGORIES = ("Mn", "Me", "Cf")
_ZWJ = "\u200d"


@lru_cache(maxsize=4096)  # unicodedata lookups dominate; a text repeats few distinct characters
def char_width(ch: str) -> int:
    if unicodedata.category(ch) in _ZERO_WIDTH_CATEGORIES:
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def width(text: str) -> int:
    """Columns `text` takes on a terminal or a fixed-width printout."""
    if text.isascii():  # fast path: every ASCII character takes one column
        return len(text)
    return sum(map(char_width, text))


def clusters(text: str) -> list[str]:
    found: list[str] = []
    for ch in text:
        if found and (char_width(ch) == 0 or found[-1].endswith(_ZWJ)):
            found[-1] += ch
        else:
            found.append(ch)
    return found


def pad(text: str, columns: int, right: bool = False) -> str:
    """`text` padded with spaces to `columns` display columns."""
    if text.isascii():  # fast path: one column per character, so str's own padding
        return text.rjust(columns) if right else text.ljust(columns)
    fill = " " * max(0, columns - width(text))
    return fill + text if right else text + fill


def wrap(text: str, columns: int) -> list[str]:
    """`text` in lines of at most `columns` display columns, broken at spaces,
    and inside words only when a word alone is wider. Nothing is dropped but
    the spaces at the breaks; an empty text gives one empty line."""
    words = text.split()
    one_line = " ".join(words)
    # Fast path: a cell that fits is its one line. len() first, so that long text
    # that wraps is not measured twice (text with combining marks, longer than it
    # is wide, may take the loop below instead, with the same result).
    if len(one_line) <= columns and width(one_line) <= columns:
        return [one_line]
    lines: list[str] = []
    line, line_width = "", 0  # the line's width is kept, not measured again per word
    for word in words:
        for piece in _pieces(word, columns):
            piece_width = width(piece)
            if not line:
                line, line_width = piece, piece_width
            elif line_width + 1 + piece_width <= columns:
                line, line_width = f"{line} {piece}", line_width + 1 + piece_width
            else:
                lines.append(line)
                line, line_width = piece, piece_width
    lines.append(line)
    return lines


def _pieces(word: str, columns: int) -> list[str]:
    """A word cut into parts that fit `columns`, at cluster boundaries."""
    if width(word) <= columns:
        return [word]
    pieces = [""]
    for cluster in clusters(word):
        if pieces[-1] and width(pieces[-1] + cluster) > columns:
            pieces.append("")
        pieces[-1] += cluster
    return pieces
