"""The text field of every form and filter."""

from __future__ import annotations

from textual import widgets
from textual.geometry import Size
from textual.reactive import Reactive


class Input(widgets.Input):
    """Textual's Input, repainted rather than laid out again as its text changes.

    Input sets its virtual size (the width of its text) at every change, and
    Textual's `virtual_size` lays out the whole screen when it changes: on the
    record form, about 40% of what a typed character cost. Our fields have a
    width of their own, never their text's (Input lays itself out again when
    it has `width: auto`), so a repaint is all a change needs.
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
