"""What every screen of the app has: the notice shown when the terminal is too small,
and, for the screens of a member's records, the latest read of them.

Screens get what they show through their constructors and give results back with
`dismiss` or by posting a Message; none reads the app's own attributes but the
terminal's glyph set (ui/glyphs.py).
"""

from __future__ import annotations

from typing import ClassVar, TypeVar, cast

from textual import events
from textual.binding import Binding, BindingType
from textual.reactive import var
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from amtrax_tui.store.snapshot import Snapshot
from amtrax_tui.ui.work import HandlesWorkFailures

ResultT = TypeVar("ResultT")

# Signed in (at a kiosk, or on a site database), signing out shows first in every footer (the
# roster's after its table's Enter), so 80 columns never cut it off. (Priority, so the app's
# hidden binding for the same key does not take its place; shown only while someone is signed
# in, through the app's check_action.)
SIGN_OUT = Binding("ctrl+o", "app.sign_out", "Sign out", priority=True)


class TooSmall(Static):
    """Covers the screen (see app.tcss) while the terminal is below 80x24."""

    def __init__(self) -> None:
        super().__init__(
            "The terminal is too small.\n\nPlease enlarge the terminal to at least 80x24.\n\nCtrl+Q quits."
        )


class StyledOnce:
    """Textual restyles a screen whole each time it becomes the current one, for what
    changed while it was covered. A screen just pushed was styled as it mounted, a moment
    before: its first time current is not restyled (the record form opened about 20 ms
    sooner for it). Later times are left to Textual."""

    _resumed = False

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False


class AppScreen(StyledOnce, HandlesWorkFailures, Screen[ResultT]):
    BINDINGS: ClassVar[list[BindingType]] = [SIGN_OUT]

    def on_mount(self) -> None:
        self.mount(TooSmall())


class Dialog(StyledOnce, HandlesWorkFailures, ModalScreen[ResultT]):
    BINDINGS: ClassVar[list[BindingType]] = [SIGN_OUT]

    def on_mount(self) -> None:
        self.mount(TooSmall())


class MemberScreen(AppScreen[ResultT]):
    """A screen of one member's records. It opens with the latest read of them, and the
    app sets each newer read on it ("attributes down"): `watch_snapshot` redraws."""

    # Always given to the constructor; set again (always_update) whenever the app reads
    # afresh, as rows may change (a title, say) while the totals stay the same.
    snapshot: var[Snapshot] = var(cast(Snapshot, None), always_update=True, init=False)

    def __init__(self, snapshot: Snapshot) -> None:
        super().__init__()
        self.set_reactive(MemberScreen.snapshot, snapshot)
