"""The glyph set chosen from the locale, and the translation of what the app writes to an ASCII terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from rich.cells import cell_len

from amtrax_tui.ui.glyphs import ASCII, UNICODE, detect
from amtrax_tui.ui.terminal import to_ascii


@pytest.mark.parametrize("environ", [
    {"LANG": "en_US.UTF-8"},
    {"LANG": "C.UTF-8"},
    {"LANG": "en_US.utf8"},
    {"LANG": "de_DE.UTF-8@euro"},
    {"LC_CTYPE": "en_US.UTF-8", "LANG": "C"},
    {"LC_ALL": "en_GB.UTF-8", "LC_CTYPE": "C", "LANG": "C"},
    {"LC_ALL": "", "LANG": "en_US.UTF-8"},  # set but empty counts as unset
])
def test_a_utf8_locale_gets_the_unicode_set(environ):
    assert detect(environ) is UNICODE


@pytest.mark.parametrize("environ", [
    {},
    {"LANG": "C"},
    {"LANG": "POSIX"},
    {"LANG": "en_US"},
    {"LANG": "en_US.ISO-8859-1"},
    {"LC_ALL": "C", "LANG": "en_US.UTF-8"},  # LC_ALL wins over LANG
    {"LC_CTYPE": "POSIX", "LANG": "en_US.UTF-8"},
])
def test_any_other_locale_gets_the_ascii_set(environ):
    assert detect(environ) is ASCII


def test_the_ascii_set_is_ascii_and_tells_each_status_apart():
    for field in ("blocks", "axis_label", "axis", "future", "descending", "ascending", "ticked", "done",
                  "proof", "warning", "error", "unverified"):
        assert getattr(ASCII, field).isascii(), field
        assert len(getattr(ASCII, field)) == len(getattr(UNICODE, field)), field  # the same cells
    assert all(mark.isascii() for mark in ASCII.marks.values())
    assert len(set(ASCII.marks.values())) == len(ASCII.marks) == len(UNICODE.marks)


@pytest.mark.parametrize(("written", "shown"), [
    ("╭──┬─╮\n│ab│c│\n├──┼─┤\n╰──┴─╯", "+--+-+\n|ab|c|\n+--+-+\n+--+-+"),
    ("┏━━┓┃┗┛", "+==+|++"),
    ("━━━━╸", "====="),  # a progress bar
    ("▐✔▌ ▐ ▌", "[+] [ ]"),
    ("Date ▼ Title ▲", "Date v Title ^"),
    ("🔎 Search", ">  Search"),
    ("█▊▏▁▔", "#||--"),
    ("“Loading…” · it’s — ok", '"Loading." - it\'s - ok'),
])
def test_textuals_glyphs_become_ascii_look_alikes(written, shown):
    assert to_ascii(written) == shown


@pytest.mark.parametrize("text", ["Zoë", "日本語", "e\u0301", "👍 ok", "\u200b", "mixed 漢 text ✿"])
def test_any_other_character_becomes_one_question_mark_per_cell_it_takes(text):
    shown = to_ascii(text)
    assert shown.isascii()
    assert cell_len(shown) == cell_len(text)
    assert set(shown) - set(text) <= {"?"}


def test_escape_sequences_and_ascii_pass_unchanged():
    frame = "\x1b[?1049h\x1b[1;1H\x1b[38;2;255;0;0mred\x1b[0m\x1b]2;amtrax-tui\x07\r\n"
    assert to_ascii(frame) is frame
    assert to_ascii("\x1b[3;5H\x1b[1m┤\x1b[0m") == "\x1b[3;5H\x1b[1m+\x1b[0m"


def test_the_locale_is_read_as_the_process_got_it_not_as_python_coerced_it():
    program = ("import json, os; from amtrax_tui.ui.glyphs import startup_environ; "
               "print(json.dumps([os.environ.get('LC_CTYPE'), dict(startup_environ())]))")
    env = {"LANG": "C", "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
    shown = subprocess.run([sys.executable, "-c", program], env=env, capture_output=True, text=True, check=True)
    coerced, started_with = json.loads(shown.stdout)
    assert coerced == "C.UTF-8"  # what Python set (PEP 538), which detection must not read
    assert started_with == env
