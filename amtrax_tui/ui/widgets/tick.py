"""A checkbox whose state reads without colour: a tick mark or a blank, and on an
ASCII terminal "[x]" or "[ ]" (Textual's half blocks beside it would show as "_")."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox

from amtrax_tui.ui import glyphs as glyph_sets


class Tick(Checkbox):
    @property
    def _button(self) -> Content:
        glyphs = glyph_sets.of(self)
        self.BUTTON_INNER = glyphs.ticked if self.value else " "
        if glyphs.ascii:
            return Content.assemble("[", (self.BUTTON_INNER, self.get_visual_style("toggle--button")), "]")
        return super()._button
