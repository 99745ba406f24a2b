"""What the screens show: one consistent read of the member's data.

The app imports this module before its first frame, so it loads no Peewee:
read_snapshot imports the store's query modules when it is called, in a
worker, after the first frame."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from amtrax_tui.ccp import Cycle, Progress, Rules
from amtrax_tui.store.records import HeldInfo, Invalid, MemberInfo


@dataclass(frozen=True)
class Snapshot:
    member: MemberInfo
    held: tuple[HeldInfo, ...]
    progress: tuple[Progress, ...]
    members: int  # how many members the database holds
    today: dt.date
    problem: str = ""  # why progress could not be computed (a rules file without a held credential)
    not_in_amtrax: tuple[int, Decimal] = (0, Decimal(0))  # activities not yet entered in AMTrax, and their points
    change_id: int = 0  # the database's latest change before this read: it shows every change up to this one
    # The cycle each credential is judged in (section 5), by code, once its first cycle has begun:
    # the one activities are recorded in.
    cycles: dict[str, Cycle] = field(default_factory=dict)

    def progress_of(self, code: str | None) -> Progress | None:
        return next((p for p in self.progress if p.credential.code == code), None)


def read_snapshot(rules: Rules, member: MemberInfo, today: dt.date) -> Snapshot:
    """The member's credentials, their progress in the cycle judged as of `today`,
    how many members there are and what is not yet entered in AMTrax. A credential
    whose progress cannot be computed (the rules file lacks it) is left out of
    `progress` and named in `problem`. It blocks: the app calls it in a worker."""
    from amtrax_tui.store import backlog, members
    from amtrax_tui.store.history import latest_change_id
    from amtrax_tui.store.progress import credential_progress, judged_cycle

    change_id = latest_change_id()  # before the reads: a change during them is seen by the next poll
    held = tuple(members.list_credentials(member.id))
    problems, found, cycles = [], [], {}
    for h in held:
        try:
            cycles[h.code] = judged_cycle(rules, h, today)
            found.append(credential_progress(rules, h, cycles[h.code], today))
        except Invalid as exc:
            problems.append(str(exc))
    return Snapshot(
        member,
        held,
        tuple(found),
        members.count_members(),
        today,
        "; ".join(problems),
        backlog.not_in_amtrax_totals(member.id),
        change_id,
        cycles,
    )
