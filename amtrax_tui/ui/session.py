"""Who is using the app and what they are looking at: one immutable value.

The app holds the current `Session` in a reactive and replaces it on every
change (`dataclasses.replace` through the methods below), so a change is one
assignment: the footer's bindings (Undo delete, Sign out...) follow it, and a
worker thread handed a session reads a value no one changes under it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from amtrax_tui.ccp import Draft
from amtrax_tui.store.records import ActivityInfo, MemberInfo

if TYPE_CHECKING:  # the store's auth module loads Peewee: the first frame does not wait for it
    from amtrax_tui.store.auth import Principal


@dataclass(frozen=True)
class Template:
    """What "record another like this" fills a new form with: an activity's credentials,
    category, provider, the bodies approving the provider, and dates. The title, points
    (and their split among content areas), length, evidence and notes are the new
    activity's own, and the member attests each activity afresh."""

    credentials: tuple[str, ...]
    category: str
    provider: str
    start: dt.date
    end: dt.date
    approved: tuple[str, ...] = ()

    @classmethod
    def like(cls, draft: Draft, codes: Iterable[str]) -> Template:
        return cls(tuple(codes), draft.category, draft.provider, draft.start, draft.end, draft.approved_by)


@dataclass(frozen=True)
class Session:
    principal: Principal | None = None  # who signed in (at a kiosk, or on a site database)
    member: MemberInfo | None = None  # whose records the screens show
    selected_code: str | None = None  # the credential the screens focus on
    last_deleted: ActivityInfo | None = None  # what `u` brings back
    last_recorded: Template | None = None  # what `R` records another like

    @property
    def is_staff(self) -> bool:
        return self.principal is not None and self.principal.is_staff

    @property
    def signed_in(self) -> bool:
        return self.principal is not None

    @property
    def actor(self) -> str:
        """Who the history names for a change to the member's records."""
        return self.actor_for(self.member.amt_id if self.member else None)

    def actor_for(self, amt_id: str | None) -> str:
        """Who the history names for a change to a member's records: the person signed
        in, else (one person at their own terminal) the member."""
        if self.principal is not None:
            return self.principal.actor
        return f"member:{amt_id}" if amt_id else "member:unknown"

    def showing(self, member: MemberInfo) -> Session:
        """This session with `member`'s records shown; another member starts afresh."""
        if member == self.member:
            return self
        return replace(self, member=member, selected_code=None, last_deleted=None, last_recorded=None)

    def selecting(self, code: str | None) -> Session:
        return replace(self, selected_code=code)

    def deleted(self, activity: ActivityInfo | None) -> Session:
        """This session remembering `activity` as the one `u` brings back (None: nothing to undo)."""
        return replace(self, last_deleted=activity)

    def recorded(self, template: Template) -> Session:
        """This session remembering the activity just recorded, for `R` to record another like it."""
        return replace(self, last_recorded=template)
