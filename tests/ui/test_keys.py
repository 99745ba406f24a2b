"""The bytes of one read from the terminal are handled as the keys they were typed as, in order
(ui/keys.py): the exact bursts that lost keys in Textual 8.2."""

from __future__ import annotations

import pytest
from textual import events
from textual._xterm_parser import XTermParser  # the parser Textual's drivers feed each read to
from textual.app import App, ComposeResult
from textual.widgets import Input

from amtrax_tui.ui.keys import handle_in_order

BACKSPACE, LEFT, HOME, END, DELETE = "\x7f", "\x1b[D", "\x1b[H", "\x1b[F", "\x1b[3~"
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"


class TwoFields(App[None]):
    def compose(self) -> ComposeResult:
        yield Input(id="first")
        yield Input(id="second")


def keys_of(burst: str) -> list[events.Key | events.Paste]:
    """The keys, and pastes, that Textual's parser makes of one read."""
    return [event for event in XTermParser().feed(burst) if isinstance(event, (events.Key, events.Paste))]


def values(app: App[None]) -> list[str]:
    return [field.value for field in app.query(Input)]


# (typed before, one burst, the fields afterwards)
BURSTS = [
    ("abc", BACKSPACE + "x", ["abx", ""]),
    ("abcde", BACKSPACE * 5 + "kiosk", ["kiosk", ""]),
    ("", "abc" + LEFT + "x" + HOME + "y" + DELETE + END + "z", ["ybxcz", ""]),
    ("", "ab" + BACKSPACE + "\t" + "cd", ["a", "cd"]),
    ("abc", BACKSPACE + PASTE_START + "xy" + PASTE_END, ["abxy", ""]),
]


def test_the_parser_turns_a_burst_into_its_keys_in_order():
    assert [event.key for event in keys_of("abc" + BACKSPACE + "x")] == ["a", "b", "c", "backspace", "x"]
    assert [event.key for event in keys_of(BACKSPACE * 5 + "kiosk")] == ["backspace"] * 5 + list("kiosk")


@pytest.mark.parametrize(("before", "burst", "expected"), BURSTS)
async def test_each_key_of_a_burst_is_handled_in_the_order_typed(before, burst, expected):
    app = TwoFields()
    async with app.run_test() as pilot:
        for key in keys_of(before) + keys_of(burst):
            await handle_in_order(app, key)
        await pilot.pause()
        assert values(app) == expected


@pytest.mark.parametrize(("before", "burst", "expected"), BURSTS)
async def test_textual_alone_handles_a_burst_out_of_order(before, burst, expected):
    """What the driver guards against: Textual's own drivers post a read's keys one after another.
    When this fails, Textual handles keys in order by itself and ui/keys.py can go."""
    app = TwoFields()
    async with app.run_test() as pilot:
        for key in keys_of(before):
            await handle_in_order(app, key)
        for key in keys_of(burst):
            app.post_message(key)
        await pilot.pause()
        assert values(app) != expected
