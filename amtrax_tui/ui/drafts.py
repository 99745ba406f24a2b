"""The record and edit forms, and the unsaved input kept when the terminal goes away.

When the terminal closes (SIGHUP) or the session is ended (SIGTERM) while a form
holds unsaved input, the input is kept as a draft in the database; the next time
the same form opens, it offers it back, to restore or discard. A draft is the
member's own: none is kept at a kiosk (the next person is someone else), nor
while staff sign in for a member.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import App

from amtrax_tui.ccp import Rules
from amtrax_tui.config import Config
from amtrax_tui.store.records import ActivityInfo
from amtrax_tui.store.snapshot import Snapshot
from amtrax_tui.ui import format as fmt
from amtrax_tui.ui.session import Session, Template
from amtrax_tui.ui.work import database_work

if TYPE_CHECKING:  # the form is imported when first opened: it loads the store
    from amtrax_tui.ui.screens.activity_form import ActivityFormScreen


class Drafts(App[None]):
    """Mixed into the app, which holds these:"""

    session: Session
    snapshot: Snapshot | None
    rules: Rules
    config: Config
    kiosk: bool

    def show_snapshot(self, snapshot: Snapshot) -> None: ...

    def open_form(self, activity: ActivityInfo | None = None, template: Template | None = None) -> None:
        """Open the record form, started like `template` (or the edit form of `activity`).

        The form opens at once, in the handler of the key that asked for it, and looks for a
        kept draft itself: type-ahead ("r" and the title in one burst over SSH) lands in its
        first field rather than on the screen beneath while the database answers."""
        from amtrax_tui.store.evidence import evidence_rules
        from amtrax_tui.ui.screens.activity_form import ActivityFormScreen

        snapshot = self.snapshot
        if snapshot is None or snapshot.member != self.session.member:
            return  # the member's records are not read yet (the record key waits for them too)
        evidence = evidence_rules(self.config, self.kiosk, snapshot.member.amt_id)
        self.push_screen(
            ActivityFormScreen(
                snapshot, self.session, self.rules, evidence, activity, template, offers_draft=self.keeps_drafts
            ),
            self._form_closed,
        )

    def _form_closed(self, saved: ActivityFormScreen.Saved | None) -> None:
        """The form's new totals, read as it saved, go to the screens (None: nothing saved);
        a new activity is the one `R` records another like."""
        if saved is None:
            return
        if saved.new:
            self.session = self.session.recorded(Template.like(saved.draft, saved.codes))
        self.show_snapshot(saved.snapshot)

    @database_work(group="draft-discard")
    def discard_drafts(self, member_id: int) -> None:
        """Forget every draft of the member (as they sign out)."""
        from amtrax_tui.store.drafts import discard_draft

        discard_draft(member_id, None)

    def terminal_gone(self, signum: int) -> None:
        """SIGHUP or SIGTERM: keep the form's unsaved input as a draft (see
        keeps_drafts), then exit; Textual restores the terminal if it is still there."""
        message = None
        if self.keeps_drafts:
            try:
                self.keep_drafts()
            except Exception as exc:  # the exit must happen whatever the database says
                message = fmt.plain(f"amtrax-tui: the unsaved form could not be kept: {exc}")
        self.exit(None, 128 + signum, message)

    @property
    def keeps_drafts(self) -> bool:
        """Whether a form's unsaved input is kept when the terminal goes, and offered back:
        not at a kiosk, and not while staff sign in for a member."""
        return not self.kiosk and not self.session.is_staff

    def keep_drafts(self) -> None:
        """Save every open form's unsaved input, here and now (one short write each)."""
        from amtrax_tui.store.drafts import save_draft
        from amtrax_tui.ui.screens.activity_form import ActivityFormScreen

        for screen in self.screen_stack:
            if isinstance(screen, ActivityFormScreen) and screen.dirty:
                save_draft(screen.member.id, screen.draft_values(), screen.draft_form)
