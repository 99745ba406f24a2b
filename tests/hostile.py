"""Hostile text, as an attacker types it or another program stores it.

`NASTY` names one example of each kind of attack; `hostile_text()` draws
those whole, or mixes their pieces and single unsafe characters with any
text. None holds a lone surrogate: no database stores one (undecodable bytes
on a command line become one; the input tests give those separately).
"""

from __future__ import annotations

from hypothesis import strategies as st

NASTY: list[tuple[str, str]] = [
    ("markup close tag", "Crash [/] me"),
    ("markup style", "[bold red]loud[/bold red] [link=file:///etc/passwd]x[/link]"),
    ("click action", "[@click=app.quit]Quit[/]"),
    ("screenshot over the database", "[@click=app.screenshot('k.db','DIR')]X[/]"),
    ("suspend to a shell", "[@click=app.suspend_process]Shell[/]"),
    ("clear screen (CSI)", "\x1b[2J\x1b[H"),
    ("clipboard (OSC 52)", "\x1b]52;c;aGVsbG8=\x07"),
    ("window title (OSC 0, ST)", "\x1b]0;owned\x1b\\"),
    ("C1 CSI and NEL", "red\x9b31m\x85next"),
    ("bidi override", "invoice\u202efdp.exe"),
    ("bidi embeddings, isolates and marks", "\u202a\u202b\u202c\u202d\u2066\u2067\u2068x\u2069\u200e\u200f\u061c"),
    ("line and paragraph separators", "one\u2028two\u2029three"),
    ("combining marks", "Z\u0351\u0352\u0353\u0354a\u0300\u0301\u0302\u0303\u20dd"),
    ("NUL and DEL, in a path", "nul\x00del\x7f/x"),
    ("newline, return and tab", "two\nlines\r\tand a tab"),
    ("spreadsheet formula", '=HYPERLINK("http://example.invalid","x")'),
    ("quoted formula", "'=1+1"),
    ("leading dash", "-rf --db=/tmp/x"),
    ("100 KB", ("[/]\x1b[2J\u202e" + "x" * 93) * 1000),
]

# Pieces to mix: every short example, and each kind of unsafe character alone.
_PIECES = [text for _, text in NASTY if len(text) < 100] + ["[", "]", "'", "=", "\\", "\x1b[", "\x1b]", "\x07"]
_UNSAFE = st.one_of(
    st.characters(max_codepoint=0x1F),
    st.characters(min_codepoint=0x7F, max_codepoint=0x9F),
    st.sampled_from("\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"),
)


def hostile_text(max_pieces: int = 6) -> st.SearchStrategy[str]:
    """One of NASTY, or up to `max_pieces` pieces of attacks, unsafe characters
    and arbitrary text (no lone surrogates) run together."""
    piece = st.one_of(st.sampled_from(_PIECES), _UNSAFE, st.text(max_size=12))
    return st.one_of(
        st.sampled_from([text for _, text in NASTY]),
        st.lists(piece, min_size=1, max_size=max_pieces).map("".join),
    )
