"""Showing stored text: every unsafe character becomes an inert escape."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amtrax_tui.ccp import has_unsafe, text_error, visible, visible_json


@pytest.mark.parametrize("raw, shown", [
    ("\x1b[2J", "\\x1b[2J"),
    ("\x1b]52;c;aGk=\x07", "\\x1b]52;c;aGk=\\x07"),
    ("a\x9bb", "a\\x9bb"),  # C1 CSI
    ("evil\u202etxt.exe", "evil\\u202etxt.exe"),
    ("x\u2028y\u2029z", "x\\u2028y\\u2029z"),
    ("\u2066iso\u2069", "\\u2066iso\\u2069"),
    ("nul\x00", "nul\\x00"),
    ("del\x7f", "del\\x7f"),
])
def test_unsafe_characters_are_shown_as_escapes(raw, shown):
    assert visible(raw) == shown


def test_ordinary_text_is_shown_as_it_is():
    for text in ("Café: Phlébotomie 101", "採血の基礎", "👩🏽‍⚕️ Lab safety", "[b]bold?[/b] [@click=app.quit]"):
        assert visible(text) == text
        assert not has_unsafe(text)


def test_kept_layout_characters_stay():
    assert visible("line one\nline\ttwo\x1b", keep="\n\t") == "line one\nline\ttwo\\x1b"


@given(st.text())
def test_nothing_unsafe_is_left_after_visible(text):
    assert not has_unsafe(visible(text))


@pytest.mark.parametrize("value", ["a\u202eb", "a\u2028b", "a\x85b", "a\u2066b"])
def test_input_refuses_bidi_and_separator_characters_naming_the_field(value):
    error = text_error("title", value, 200)
    assert error is not None and error.field == "title"


@given(st.lists(st.text(st.characters(exclude_categories=()))))  # any code point, lone surrogates too
def test_visible_json_decodes_to_the_same_data_and_holds_nothing_unsafe(texts):
    document = visible_json(json.dumps({"texts": texts}, indent=2, ensure_ascii=False))
    assert json.loads(document) == {"texts": texts}
    assert not has_unsafe(document, allow="\n")


def test_visible_json_escapes_what_json_leaves_raw():
    raw = json.dumps("\x7f\x9b\u2028\u202e", ensure_ascii=False)
    assert visible_json(raw) == '"\\u007f\\u009b\\u2028\\u202e"'


def test_no_unsafe_character_is_printable():  # visible's fast path relies on it
    assert not [ch for ch in map(chr, range(0x110000)) if has_unsafe(ch) and ch.isprintable()]
