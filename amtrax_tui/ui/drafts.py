"""The record and edit forms, and the unsaved input kept when the terminal goes away.

When the terminal closes (SIGHUP) or the session is ended (SIGTERM) while a form
holds unsaved input, the input is kept as a draft in the database; the next time
the same form opens, the member is asked whether to restore it. A draft is the
member's own: none is kept at a kiosk (the next person is someone else), nor
while staff sign in for a member.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.app import App
from textual.content import Content
from textual.message import Message

from amtrax_tui.ccp import Rules
from amtrax_tui.config import Config
from amtrax_tui.store.records import ActivityInfo, MemberInfo
from amtrax_tui.store.snapshot import Snapshot
from amtrax_tui.ui import format as fmt
from amtrax_tui.ui.session import Session, Template
from amtrax_tui.ui.work import database_work, post_result

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

    @dataclass
    class Found(Message):
        """What a form of `member`'s kept (None: nothing)."""

        member: MemberInfo
        activity: ActivityInfo | None
        template: Template | None
        found: dict | None

    def open_form(self, activity: ActivityInfo | None = None, template: Template | None = None) -> None:
        """Open the record form, started like `template` (or the edit form of `activity`),
        offering back a kept draft first."""
        if not self.keeps_drafts:
            self._push_form(activity, template)
        elif self.session.member is not None:
            self._find_draft(self.session.member, activity, template)

    def _push_form(
        self, activity: ActivityInfo | None, template: Template | None, restored: dict | None = None
    ) -> None:
        from amtrax_tui.store.evidence import evidence_rules
        from amtrax_tui.ui.screens.activity_form import ActivityFormScreen

        snapshot = self.snapshot
        if snapshot is None or snapshot.member != self.session.member:
            return  # the member's records are not read yet (the record key waits for them too)
        evidence = evidence_rules(self.config, self.kiosk, snapshot.member.amt_id)
        self.push_screen(
            ActivityFormScreen(snapshot, self.session, self.rules, evidence, activity, restored, template),
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

    @database_work(exclusive=True, group="draft")
    def _find_draft(self, member: MemberInfo, activity: ActivityInfo | None, template: Template | None) -> None:
        from amtrax_tui.store.drafts import load_draft
        from amtrax_tui.ui.screens.activity_form import draft_form

        post_result(self, self.Found(member, activity, template, load_draft(member.id, draft_form(activity))))

    @on(Found)
    def _offer_draft(self, event: Found) -> None:
        from amtrax_tui.ui.screens.activity_form import draft_form
        from amtrax_tui.ui.screens.dialogs import ConfirmScreen

        member, activity, template, found = event.member, event.activity, event.template, event.found
        if member != self.session.member:
            return
        if found is None:
            self._push_form(activity, template)
            return

        def answer(restore: bool | None) -> None:
            self._discard_draft(member.id, draft_form(activity))  # from now on the form holds it, or nobody
            self._push_form(activity, template, found if restore else None)  # what was typed wins

        what = (
            Content.assemble("your edit of “", fmt.plain(activity.title), "”")
            if activity
            else "an activity you were recording"
        )
        self.push_screen(
            ConfirmScreen(
                "Restore unsaved input?",
                Content.assemble(
                    "The terminal closed while ", what, " was not saved yet.\nRestore what you typed, or discard it?"
                ),
                yes="Restore",
                no="Discard",
            ),
            answer,
        )

    def discard_drafts(self, member_id: int) -> None:
        """Forget every draft of the member (as they sign out)."""
        self._discard_draft(member_id, None)

    @database_work(group="draft-discard")
    def _discard_draft(self, member_id: int, form: str | None) -> None:
        from amtrax_tui.store.drafts import discard_draft

        discard_draft(member_id, form)

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
