"""The key bar at the foot of every screen."""

from __future__ import annotations

from textual import widgets
from textual.screen import Screen


class Footer(widgets.Footer):
    """Textual's footer, rebuilt only when the keys it shows change.

    Textual rebuilds its footer, a widget per key, whenever the keys may have
    changed: at every change of focus, and whenever another screen covers or
    uncovers its screen. The overview's footer was rebuilt twice for every visit
    to the record form, and its new keys drawn in the first frame after a save.
    """

    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple | None = None  # the keys it was last built for

    def bindings_changed(self, screen: Screen) -> None:
        shown = tuple((key, b.binding, b.enabled, b.tooltip) for key, b in screen.active_bindings.items())
        if shown == self._shown:
            return
        if screen.app.app_focus and self.is_attached and screen is self.screen:  # when Textual rebuilds it
            self._shown = shown
        super().bindings_changed(screen)
