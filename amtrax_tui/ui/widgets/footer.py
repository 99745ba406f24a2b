"""The key bar at the foot of every screen."""

from __future__ import annotations

from textual import widgets
from textual.app import ComposeResult
from textual.screen import Screen


class Footer(widgets.Footer):
    """Textual's footer, rebuilt only when the keys it shows change, each key styled once.

    Textual rebuilds its footer, a widget per key, whenever the keys may have
    changed: at every change of focus, and whenever another screen covers or
    uncovers its screen. The overview's footer was rebuilt twice for every visit
    to the record form, and its new keys drawn in the first frame after a save.
    Ctrl+P is not among the keys: it is in the help, and the keys keep all 80
    columns.
    """

    def __init__(self) -> None:
        super().__init__(show_command_palette=False)
        self._shown: tuple | None = None  # the keys it was last built for

    def bindings_changed(self, screen: Screen) -> None:
        shown = tuple((key, b.binding, b.enabled, b.tooltip) for key, b in screen.active_bindings.items())
        if shown == self._shown:
            return
        if screen.app.app_focus and self.is_attached and screen is self.screen:  # when Textual rebuilds it
            self._shown = shown
        super().bindings_changed(screen)

    def compose(self) -> ComposeResult:
        # Textual's key widgets start compact and are told as they mount that the footer is not:
        # a restyle each way, about a millisecond a key. Told before they mount, nothing changes.
        for key in super().compose():
            if (compact := getattr(type(key), "compact", None)) is not None:
                key.set_reactive(compact, self.compact)
            yield key
