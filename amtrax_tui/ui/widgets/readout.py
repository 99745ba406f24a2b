"""Text that a screen rewrites in place."""

from __future__ import annotations

from textual.visual import VisualType, visualize
from textual.widgets import Static


class Readout(Static):
    """A Static whose update asks for a layout only when the new content takes more
    or fewer lines than the old. A layout places every widget of the screen again:
    on the overview it was a third of redrawing it after a save, for figures that
    change but keep their lines."""

    def update(self, content: VisualType = "", *, layout: bool | None = None) -> None:
        if layout is None:
            width, height = self.content_size
            visual = visualize(self, content, markup=self._render_markup)
            # The styles as Textual itself passes them (Widget.get_content_height); typed as their rules.
            layout = not width or visual.get_height(self.styles, width) != height  # type: ignore[arg-type]
        super().update(content, layout=layout)
