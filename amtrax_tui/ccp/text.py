"""Characters no output may carry raw, and the one way to show them.

A terminal obeys control characters (ESC starts sequences that clear the
screen or set the clipboard), and bidi overrides reorder what a reader sees.
Input refuses them (`values.text_error`); what is already stored, or comes
from a file, is shown through `visible`, which writes each one as an escape
such as ``\\x1b`` or ``\\u202e``: readable, and inert everywhere.
"""

from __future__ import annotations

import re

# C0 and DEL, C1, the line and paragraph separators, the bidi embeddings,
# overrides and isolates, and the bidi marks (LRM, RLM, ALM).
UNSAFE = "\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
_UNSAFE = re.compile(f"[{UNSAFE}\ud800-\udfff]")  # lone surrogates too: they cannot be encoded
# json.dumps escapes C0 controls in strings, so the raw ones left are its own line breaks.
_UNSAFE_IN_JSON = re.compile("[" + UNSAFE.replace("\x00-\x1f", "") + "\ud800-\udfff]")


def escape(char: str) -> str:
    """One character as an escape made of printable ASCII."""
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def has_unsafe(text: str, allow: str = "") -> bool:
    """Whether `text` holds a character no output may carry raw (other than those in `allow`)."""
    return any(char not in allow for char in _UNSAFE.findall(text))


def visible(text: str, keep: str = "") -> str:
    """`text` with every unsafe character written as an escape; characters in
    `keep` (e.g. "\\n\\t" where the output lays out multi-line notes) stay."""
    if text.isprintable() or not _UNSAFE.search(text):  # fast path in C: no unsafe character is printable
        return text
    return _UNSAFE.sub(lambda m: m.group() if m.group() in keep else escape(m.group()), text)


def visible_json(document: str) -> str:
    """A JSON document (from json.dumps with ensure_ascii=False, which escapes
    only C0 controls) with every other unsafe character written as a JSON
    escape such as ``\\u202e``: inert on a terminal, and it decodes to exactly
    the same data."""
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", document)
