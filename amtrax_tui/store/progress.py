"""Progress of a member's credentials, from monthly totals kept in SQL (see totals.py)."""

from __future__ import annotations

import datetime as dt

from amtrax_tui.ccp import Cycle, FieldError, Progress, Rules, compute_progress
from amtrax_tui.store import totals
from amtrax_tui.store.members import list_credentials, resolved_code
from amtrax_tui.store.records import HeldInfo, Invalid


def progress(rules: Rules, member_id: int, as_of: dt.date, code: str | None = None) -> list[Progress]:
    """One Progress per credential held (or just `code`), for the cycle judged as of `as_of`."""
    code = None if code is None else resolved_code(rules, code)
    held = [h for h in list_credentials(member_id) if code is None or h.code == code]
    if code is not None and not held:
        raise Invalid([FieldError("credential", f"the member does not hold {code}")])
    return [credential_progress(rules, h, judged_cycle(rules, h, as_of), as_of) for h in held]


def judged_cycle(rules: Rules, held: HeldInfo, today: dt.date) -> Cycle:
    """The cycle the member works on: the one containing `today`, unless the previous
    cycle ended short and is still in its grace period; then that one, until it is met
    (docs/ccp-rules.md section 5). Credentials without grace read nothing."""
    current = cycle_containing(rules, held, today)
    credential = rules.credentials.get(held.code)
    if credential is None or not credential.grace_days or current.index == 0:
        return current
    if (today - current.start).days >= credential.grace_days:  # past the previous cycle's grace
        return current
    previous = held.cycle_at(rules, current.index - 1)
    return previous if ended_short(credential_progress(rules, held, previous, today)) else current


def ended_short(progress: Progress) -> bool:
    """Whether an ended cycle fell short of its requirement (lapsed, or in its grace period).
    A cycle with nothing recorded was not tracked here (the member began with a later
    one), so it is not judged."""
    return bool(progress.cumulative) and progress.status in ("lapsed", "grace")


def cycle_containing(rules: Rules, held: HeldInfo, day: dt.date) -> Cycle:
    if day < held.anchor:
        raise Invalid(
            [FieldError("on", f"{day.isoformat()} is before the {held.code} cycle start {held.anchor.isoformat()}")]
        )
    return held.cycle_on(rules, day)


def previous_cycle(rules: Rules, held: HeldInfo, day: dt.date) -> Cycle:
    current = cycle_containing(rules, held, day)
    if current.index == 0:
        raise Invalid([FieldError("cycle", f"{held.code} has no cycle before {current.start.isoformat()}")])
    return held.cycle_at(rules, current.index - 1)


def credential_progress(rules: Rules, held: HeldInfo, cycle: Cycle, as_of: dt.date) -> Progress:
    """Progress in `cycle` as of `as_of`, from monthly totals; the month in which the
    requirement was met is then summed day by day to find the exact date."""
    credential = rules.credentials.get(held.code)
    if credential is None:
        raise Invalid([FieldError("credential", f"{held.code} is not in the rules file")])
    until = min(cycle.end, as_of)
    points = totals.entries(held.id, held.anchor, cycle, until)
    # Areas and approvals are summed per day: few credentials have them.
    facets = totals.facets(held.id, credential, cycle, until) if credential.areas or credential.approval else []

    def computed() -> Progress:
        return compute_progress(
            rules, credential, cycle, held.certified_on, points, as_of, facets=facets, anchor=held.anchor
        )

    result = computed()
    if result.date_met is not None:
        k = totals.month_index(held.anchor, result.date_met)
        if result.date_met == min(totals.month_end(held.anchor, k), until):  # a month's total
            # Only that month is read again, day by day; the other months' totals are kept.
            points = totals.day_by_day(points, held.id, held.anchor, k, cycle, until)
            result = computed()
    return result
