"""Whether an activity may be recorded (docs/ccp-rules.md sections 3, 4 and 9)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from amtrax_tui.ccp.cycles import Cycle
from amtrax_tui.ccp.rules import Category, Rules
from amtrax_tui.ccp.values import FieldError, parse_points, points_text, text_error

# [ours] Lengths that keep transcripts readable and stop runaway pastes.
MAX_LENGTH = {"title": 200, "provider": 200, "notes": 2000, "evidence": 500}
SINGLE_LINE = ("title", "provider", "evidence")
MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True)
class Draft:
    """An activity as entered, before it is stored."""

    category: str
    title: str
    points: Decimal
    start: dt.date
    end: dt.date
    provider: str = ""
    notes: str = ""
    evidence: str = ""
    attested: bool = False
    areas: tuple[tuple[str, Decimal], ...] = ()  # (content area, its points) where a body splits them
    approved_by: tuple[str, ...] = ()  # bodies whose approval the provider has: ("AAMA",)
    minutes: int | None = None  # how long it lasted; None: not given


def check_activity(rules: Rules, draft: Draft, cycles: Mapping[str, Cycle] | None, today: dt.date) -> list[FieldError]:
    """Every rule the draft breaks, for the credentials whose judged cycles
    are `cycles` (code -> cycle containing today, or one in its grace period). Empty means valid. With
    `cycles` None the credentials are not known yet (a file read before the
    member is chosen): the rules about them are left to the store, which
    checks them when it records."""
    errors: list[FieldError] = []
    if cycles is not None and not cycles:
        errors.append(FieldError("credential", "choose at least one credential"))
    for name, limit in MAX_LENGTH.items():
        if error := text_error(name, getattr(draft, name), limit, name in SINGLE_LINE):
            errors.append(error)
    if not draft.title.strip():
        errors.append(FieldError("title", "is required"))
    try:
        parse_points(draft.points, rules.max_points, rules.points_decimals)
    except FieldError as error:
        errors.append(error)

    category = rules.categories.get(draft.category)
    if category is None:
        choices = ", ".join(rules.categories)
        errors.append(FieldError("category", f"{draft.category!r} is not a category; use one of {choices}"))

    cutoff = rules.employment_cutoff.isoformat()
    if draft.start > draft.end:
        errors.append(FieldError("end", "must not be before the start date"))
    if draft.end > today:
        errors.append(FieldError("end", f"must not be after today ({today.isoformat()})"))
    for code, cycle in (cycles or {}).items():
        span = f"{code} cycle {cycle.start.isoformat()} to {cycle.end.isoformat()}"
        # A cycle that has ended is judged only while in its grace period (section 5).
        inside = (
            f"must fall inside the current {span}"
            if today <= cycle.end
            else f"must fall inside the {span}, in its grace period"
        )
        if draft.start not in cycle:
            errors.append(FieldError("start", inside))
        if draft.end not in cycle:
            errors.append(FieldError("end", inside))
        if category is not None and not rules.offers(category, cycle):
            errors.append(
                FieldError(
                    "category", f"{category.name} is not available for the {code} cycle that starts after {cutoff}"
                )
            )
    if category is not None and category.employment and draft.end > rules.employment_cutoff:
        errors.append(FieldError("end", f"employment may be claimed only up to {cutoff}"))
    errors += _body_rules(rules, draft, category, cycles)

    if not draft.attested:
        errors.append(FieldError("attestation", "must be given: confirm that the information entered is correct"))
    return errors


def _body_rules(
    rules: Rules, draft: Draft, category: Category | None, cycles: Mapping[str, Cycle] | None
) -> list[FieldError]:
    """What the credentials' bodies ask of an activity: the category they count, its
    points split among their content areas, its length, approvals they know."""
    errors: list[FieldError] = []
    chosen = [rules.credentials[code] for code in cycles or {} if code in rules.credentials]
    if draft.minutes is not None and not 1 <= draft.minutes <= MINUTES_PER_DAY * ((draft.end - draft.start).days + 1):
        errors.append(FieldError("minutes", "must be a whole number of minutes from 1 to 1440 for each day it spans"))
    given = dict(draft.areas)
    if any(points <= 0 for points in given.values()):
        errors.append(FieldError("areas", "each area's points must be above 0"))
    for credential in chosen:
        if category is not None and not rules.accepts(credential, category):
            errors.append(FieldError("category", f"{category.name} does not count toward {credential.code}"))
        if credential.areas:
            names = ", ".join(a.name for a in credential.areas)
            split = sum((given.get(a.slug, Decimal(0)) for a in credential.areas), Decimal(0))
            if not split:
                errors.append(
                    FieldError("areas", f"give the points for each of {names} ({credential.code} counts them)")
                )
            elif split != draft.points:
                errors.append(
                    FieldError(
                        "areas",
                        f"the points of {names} must add up to the activity's "
                        f"{points_text(draft.points)} (now {points_text(split)})",
                    )
                )
        least = credential.min_minutes
        if least is not None and (draft.minutes is None or draft.minutes < least):
            errors.append(
                FieldError("minutes", f"must be at least {least} for the activity to count toward {credential.code}")
            )
    if cycles is not None:
        known = {a.slug for c in chosen for a in c.areas}
        if unknown := sorted(set(given) - known):
            errors.append(FieldError("areas", f"{unknown[0]!r} is not a content area of the credentials chosen"))
        approving = {c.body for c in chosen if c.approval is not None}
        if unknown := sorted(set(draft.approved_by) - approving):
            errors.append(FieldError("approved", f"{unknown[0]!r} approves none of the credentials chosen"))
    return errors


def entered_in_amtrax_error(
    entered: dt.date, end: dt.date, today: dt.date, field: str = "entered_in_amtrax"
) -> FieldError | None:
    """[ours] What is wrong with the date an activity was entered in AMTrax: AMTrax
    records activities that have ended, so not before the activity's end, nor after today."""
    if entered > today:
        return FieldError(field, f"must not be after today ({today.isoformat()})")
    if entered < end:
        return FieldError(field, f"must not be before the activity ends ({end.isoformat()})")
    return None
