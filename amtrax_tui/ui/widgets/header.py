"""The title line at the top of every screen."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget


class Header(Widget):
    """The app's title and sub-title (whose records show, and who works for them), centred.

    Textual's header sets its title from a callback queued at each change; one that
    runs after the header's children have gone (its screen closing, or the app, just
    after the sub-title changed) stopped the app. This one draws the title itself and
    is told of a change at once, so there is nothing queued to outlive it.
    """

    DEFAULT_CSS = """
    Header {
        dock: top;
        width: 100%;
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $foreground;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        content-align: center middle;
    }
    """

    def on_mount(self) -> None:
        self.watch(self.app, "title", self._title_changed, init=False)
        self.watch(self.app, "sub_title", self._title_changed, init=False)

    def _title_changed(self) -> None:
        self.refresh()

    def render(self) -> Content:
        return self.app.format_title(self.app.title, self.app.sub_title)
