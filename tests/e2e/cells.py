"""The cells of a tmux pane captured with its escape sequences (`capture-pane -e -p`):
each character with the foreground and background colours its SGR sequences gave it."""

from __future__ import annotations

import re

SGR = re.compile(r"\x1b\[([0-9;:]*)m")
Colour = tuple[str, object] | None  # ("16", n), ("256", n), ("rgb", (r, g, b)); None: the terminal's default


def _extended(codes: list[int], i: int) -> tuple[Colour, int]:
    """The colour given after a 38 or 48 at codes[i], and how many codes it took."""
    if codes[i] == 5:
        return ("256", codes[i + 1]), 2
    if codes[i] == 2:
        return ("rgb", tuple(codes[i + 1 : i + 4])), 4
    raise ValueError(f"unknown colour form in SGR {codes}")


def cells(captured: str) -> list[list[tuple[str, Colour, Colour]]]:
    """Rows of (character, foreground, background), reverse video already applied."""
    fg: Colour = None
    bg: Colour = None
    reverse = False
    rows = []
    for line in captured.split("\n"):
        row = []
        end = 0
        for match in [*SGR.finditer(line), None]:
            text = line[end : match.start() if match else len(line)]
            row += [(ch, bg, fg) if reverse else (ch, fg, bg) for ch in text]
            if match is None:
                break
            end = match.end()
            codes = [int(c) if c else 0 for c in re.split("[;:]", match.group(1))]
            i = 0
            while i < len(codes):
                code = codes[i]
                if code == 0:
                    fg, bg, reverse = None, None, False
                elif code in (7, 27):
                    reverse = code == 7
                elif 30 <= code <= 37 or 90 <= code <= 97:
                    fg = ("16", code - 30 if code < 90 else code - 82)
                elif 40 <= code <= 47 or 100 <= code <= 107:
                    bg = ("16", code - 40 if code < 100 else code - 92)
                elif code == 39:
                    fg = None
                elif code == 49:
                    bg = None
                elif code in (38, 48):
                    colour, used = _extended(codes, i + 1)
                    fg, bg = (colour, bg) if code == 38 else (fg, colour)
                    i += used
                i += 1
        rows.append(row)
    return rows


def unreadable(captured: str) -> list[str]:
    """Every visible character drawn in its own background colour, with where it is."""
    return [
        f"{ch!r} at row {y}, column {x} ({fg})"
        for y, row in enumerate(cells(captured))
        for x, (ch, fg, bg) in enumerate(row)
        if ch.strip() and fg is not None and fg == bg
    ]
