"""What the screens show: one consistent read of the member's data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from amtrax_tui.ccp import Progress
from amtrax_tui.store.records import HeldInfo, MemberInfo


@dataclass(frozen=True)
class Snapshot:
    member: MemberInfo
    held: tuple[HeldInfo, ...]
    progress: tuple[Progress, ...]
    members: int  # how many members the database holds
    today: dt.date
    problem: str = ""  # why progress could not be computed (a rules file without a held credential)

    def progress_of(self, code: str | None) -> Progress | None:
        return next((p for p in self.progress if p.credential.code == code), None)
