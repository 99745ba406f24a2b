"""Hostile text: what an attacker types into a field, or writes into the database
with another tool, to crash the app, run an action or drive the terminal.

`NAMED` holds the cases that broke something once (issue 9), by name, for
explicit examples and parametrised tests; `hostile_text()` mixes their pieces
at random; `typeable_text()` keeps what a field accepts on input (no control,
separator or bidi character: ccp.text_error), which the store's own functions
can save. The rest can only reach the database from outside (an old database,
another tool): tests write it through the Peewee models.
"""

from __future__ import annotations

from hypothesis import strategies as st

from amtrax_tui.ccp import has_unsafe

NAMED = {
    "closing-tag": "Crash [/] me",
    "screenshot-link": '[@click=app.screenshot("k.db","DIR")]X[/]',
    "suspend-link": "[@click=app.suspend_process]",
    "quit-link": "[@click=app.quit]Certificate[/]",
    "bold-tag": "[b]",
    "unclosed-style": "[bold red on black]Loud",
    "escaped-bracket": "\\[not a tag] and a lone \\",
    "template-variable": "$title ${name} $$",
    "rich-emoji-code": ":warning: :smile:",
    "combining-marks": "Ze\u0301\u0301\u0301bra Z\u0338\u0322a\u0335l\u0336g\u0337o",
    "wide-and-emoji": "数据库 CE 講習 \U0001f600\U0001f9d1\u200d\u2695\ufe0f",
    "right-to-left": "دورة تدريبية שיעור",
    # Raw only through another tool: input refuses these.
    "clear-screen": "\x1b[2J\x1b[HCleared",
    "osc52-clipboard": "\x1b]52;c;cm0gLXJmIH4K\x07Clipboard",
    "csi-colour": "\x1b[31;1mRed\x1b[0m",
    "c1-csi": "C1 \x9b2J \x85next \x9dOSC",
    "nul": "NUL\x00byte",
    "bell-and-backspace": "Bell\x07Back\x08\x08\x08space",
    "carriage-return": "Safe title\rEvil",
    "newline": "Line one\nLine two",
    "bidi-override": "txt.\u202eexe\u202c Course",
    "bidi-isolate": "\u2066Isolated\u2069 \u200f mark",
    "line-separator": "Before\u2028After\u2029",
    "del": "Del\x7fete",
}

# How long a value another tool may have written: far past any field's limit.
LONG = ("[@click=app.quit]Long " + "\x1b[2J A very long title. " * 5000)[:100_000]

_PIECES = sorted(set(NAMED.values())) + [
    "[", "]", "[/]", "[@click=", "]X[/]", "\\", "$", "\x1b", "\x1b[", "\x1b]", "\x07", "\x9b", "\x00",
    "\u202e", "\u2066", "\u0301", "\ufe0f", "\t", "\n", "\r",
]


def hostile_text(max_pieces: int = 6) -> st.SearchStrategy[str]:
    """Markup, escape sequences, controls and odd Unicode, mixed with ordinary text."""
    piece = st.one_of(st.sampled_from(_PIECES), st.text(max_size=8))
    return st.lists(piece, min_size=1, max_size=max_pieces).map("".join).filter(str.strip)


def typeable_text(max_size: int = 200) -> st.SearchStrategy[str]:
    """Hostile text a single-line field accepts: markup and odd Unicode, but no control,
    separator or bidi character; not blank, at most `max_size` characters."""
    safe = [piece for piece in _PIECES if not has_unsafe(piece)]
    characters = st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp"),
                               exclude_characters="\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e"
                                                  "\u2066\u2067\u2068\u2069")
    piece = st.one_of(st.sampled_from(safe), st.text(characters, max_size=8))
    return st.lists(piece, min_size=1, max_size=6).map(lambda pieces: "".join(pieces).strip()[:max_size]).filter(
        lambda text: bool(text) and not has_unsafe(text))
