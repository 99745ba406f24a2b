"""What a transcript needs from the store: the member, each credential's chosen
cycle, its progress and its activities in date order."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from amtrax_tui.ccp import Cycle, FieldError, Progress, Rules
from amtrax_tui.store.activities import cycle_activities
from amtrax_tui.store.members import list_credentials, resolved_code
from amtrax_tui.store.progress import credential_progress, cycle_containing, judged_cycle, previous_cycle
from amtrax_tui.store.records import ActivityInfo, HeldInfo, Invalid, MemberInfo

CYCLE_CHOICES = ("current", "previous")


@dataclass(frozen=True)
class CycleRecord:
    member: MemberInfo
    held: HeldInfo
    progress: Progress
    activities: tuple[ActivityInfo, ...]  # start date, end date, id order


def chosen_cycle(rules: Rules, held: HeldInfo, choice: str | dt.date, today: dt.date) -> Cycle:
    """ "current" (the cycle judged today: in a grace period, the one that ended short),
    "previous" (the one before it), or the cycle that contains a date (not a cycle yet to start)."""
    if choice == "current":
        return judged_cycle(rules, held, today)
    if choice == "previous":
        return previous_cycle(rules, held, judged_cycle(rules, held, today).start)
    if not isinstance(choice, dt.date):
        raise Invalid([FieldError("cycle", f"{choice!r}: use current, previous or a date")])
    cycle = cycle_containing(rules, held, choice)
    if cycle.start > today:
        raise Invalid(
            [
                FieldError(
                    "cycle",
                    f"the {held.code} cycle that contains {choice.isoformat()} "
                    f"starts on {cycle.start.isoformat()}, after today",
                )
            ]
        )
    return cycle


def cycle_records(
    rules: Rules, member: MemberInfo, code: str | None, choice: str | dt.date, today: dt.date
) -> list[CycleRecord]:
    """One record per credential the member holds (or just `code`), for the chosen cycle,
    with progress as of today. Every credential is checked before anything is returned."""
    held = list_credentials(member.id)
    if code is not None:
        code = resolved_code(rules, code)
        held = [h for h in held if h.code == code]
        if not held:
            raise Invalid([FieldError("credential", f"{member.name} does not hold {code}")])
    if not held:
        raise Invalid([FieldError("credential", f"{member.name} holds no credentials yet")])
    records = []
    for h in held:
        cycle = chosen_cycle(rules, h, choice, today)
        records.append(
            CycleRecord(
                member=member,
                held=h,
                progress=credential_progress(rules, h, cycle, today),
                activities=tuple(cycle_activities(member.id, h.code, cycle)),
            )
        )
    return records
