"""Hostile text: what an attacker types into a field, or writes into the database
with another tool, to crash the app, run an action or drive the terminal.

`NAMED` holds one example of each kind of attack, by name; `NASTY` is the same
as (name, text) pairs, plus a 100 KB value, for parametrised tests.
`hostile_text()` draws those whole, or mixes their pieces and single unsafe
characters with any text; `typeable_text()` keeps what a single-line field
accepts on input (no control, separator or bidi character: ccp.text_error),
which the store's own functions can save. The rest can only reach the
database from outside (an old database, another tool): tests write it
through the Peewee models. None holds a lone surrogate: no database stores
one (undecodable bytes on a command line become one; the input tests give
those separately).
"""

from __future__ import annotations

from hypothesis import strategies as st

from amtrax_tui.ccp import has_unsafe

NAMED = {
    "closing-tag": "Crash [/] me",
    "markup-style-and-link": "[bold red]loud[/bold red] [link=file:///etc/passwd]x[/link]",
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
    "spreadsheet-formula": '=HYPERLINK("http://example.invalid","x")',
    "quoted-formula": "'=1+1",
    "leading-dash": "-rf --db=/tmp/x",
    # Raw only through another tool: input refuses these.
    "clear-screen": "\x1b[2J\x1b[HCleared",
    "osc52-clipboard": "\x1b]52;c;cm0gLXJmIH4K\x07Clipboard",
    "window-title-osc0": "\x1b]0;owned\x1b\\",
    "csi-colour": "\x1b[31;1mRed\x1b[0m",
    "c1-csi": "C1 \x9b2J \x85next \x9dOSC",
    "nul": "NUL\x00byte",
    "nul-and-del-in-a-path": "nul\x00del\x7f/x",
    "bell-and-backspace": "Bell\x07Back\x08\x08\x08space",
    "carriage-return": "Safe title\rEvil",
    "newline": "Line one\nLine two",
    "newline-return-tab": "two\nlines\r\tand a tab",
    "bidi-override": "txt.\u202eexe\u202c Course",
    "bidi-embeddings-isolates-marks": "\u202a\u202b\u202c\u202d\u2066\u2067\u2068x\u2069\u200e\u200f\u061c",
    "line-separator": "Before\u2028After\u2029",
    "del": "Del\x7fete",
}

# How long a value another tool may have written: far past any field's limit.
LONG = ("[@click=app.quit]Long " + "\x1b[2J A very long title. " * 5000)[:100_000]

NASTY: list[tuple[str, str]] = [*NAMED.items(), ("100 KB", LONG)]

_PIECES = sorted(set(NAMED.values())) + [
    "[", "]", "[/]", "[@click=", "]X[/]", "\\", "$", "'", "=", "\x1b", "\x1b[", "\x1b]", "\x07", "\x9b", "\x00",
    "\u202e", "\u2066", "\u0301", "\ufe0f", "\t", "\n", "\r",
]
_UNSAFE = st.one_of(
    st.characters(max_codepoint=0x1F),
    st.characters(min_codepoint=0x7F, max_codepoint=0x9F),
    st.sampled_from("\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"),
)


def hostile_text(max_pieces: int = 6) -> st.SearchStrategy[str]:
    """One of NAMED, or up to `max_pieces` pieces of attacks, unsafe characters
    and arbitrary text (no lone surrogates) run together; never blank."""
    piece = st.one_of(st.sampled_from(_PIECES), _UNSAFE, st.text(max_size=8))
    return st.one_of(
        st.sampled_from(sorted(NAMED.values())),
        st.lists(piece, min_size=1, max_size=max_pieces).map("".join).filter(str.strip),
    )


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
