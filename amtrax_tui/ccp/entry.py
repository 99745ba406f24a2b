"""An activity as typed, read into a draft with every rule it breaks, by field
(docs/ccp-rules.md section 3).

The record form, the CSV import and the `record` command all read what a person
typed (or a file holds) here, so each refuses the same values in the same words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from amtrax_tui.ccp.cycles import Cycle
from amtrax_tui.ccp.rules import Rules
from amtrax_tui.ccp.validation import Draft, check_activity
from amtrax_tui.ccp.values import FieldError, parse_date, parse_points

# The fields an activity's errors may name, in the order the record form shows them.
ACTIVITY_FIELDS = (
    "credential",
    "category",
    "title",
    "provider",
    "points",
    "areas",
    "minutes",
    "approved",
    "start",
    "end",
    "notes",
    "evidence",
    "attestation",
)

T = TypeVar("T")


@dataclass(frozen=True)
class TypedActivity:
    """An activity as text, the way a form, a CSV row or a command line gives it."""

    category: str
    title: str
    points: str
    start: str
    end: str | None = None  # None: not given, so the start date (a one-day activity)
    provider: str = ""
    notes: str = ""
    evidence: str = ""
    attested: bool = False
    areas: tuple[tuple[str, str], ...] = ()  # (content area, its points as typed)
    approved: tuple[str, ...] = ()  # bodies whose approval the provider has, as typed
    minutes: str = ""  # how long it lasted, in minutes; "": not given


def read_areas(text: str) -> tuple[tuple[str, str], ...]:
    """Content areas written as a command line or a CSV cell holds them:
    "clinical=2, general=1.5"; a part without "=" is kept whole, so it is refused
    as points that are not a number."""
    parts = [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
    split = (part.partition("=") for part in parts)
    return tuple((area.strip(), points.strip()) if equals else ("", area) for area, equals, points in split)


def read_bodies(text: str) -> tuple[str, ...]:
    """Body codes as a command line or a CSV cell holds them: "AAMA" or "AAMA, NHA"."""
    return tuple(part.strip().upper() for part in text.replace(";", ",").split(",") if part.strip())


@dataclass(frozen=True)
class ParsedActivity:
    """What `parse_activity` read: the draft, and every rule broken.

    `draft` is None when a value cannot be read (a date that is not a date, points
    that are not a number, no category). `errors` maps each field in ACTIVITY_FIELDS
    order to the rules it breaks, joined by "; "; empty means the draft may be recorded."""

    draft: Draft | None
    errors: dict[str, str]

    def field_errors(self) -> list[FieldError]:
        return [FieldError(field, message) for field, message in self.errors.items()]


def parse_activity(
    rules: Rules, typed: TypedActivity, today: dt.date, cycles: Mapping[str, Cycle] | None = None
) -> ParsedActivity:
    """Read `typed` into a draft and check it against every rule (check_activity), for
    the credentials whose current cycles are `cycles` (None: not known here, so the
    rules about credentials are left to the store, which checks every rule again).

    A field whose value cannot be read gets that one message: the rules about its
    value wait until it reads."""
    unread: list[FieldError] = []

    def read(parse: Callable[..., T], *args: object) -> T | None:
        try:
            return parse(*args)
        except FieldError as error:
            unread.append(error)
            return None

    points = read(parse_points, typed.points, rules.max_points, rules.points_decimals)
    start = read(parse_date, typed.start, "start")
    end = start if typed.end is None else read(parse_date, typed.end, "end")
    # A name of its own: an assignment in a comprehension binds in the function, and `points` is the activity's.
    areas = tuple(
        (area, area_points)
        for area, text in typed.areas
        if text.strip() and (area_points := read(parse_points, text, rules.max_points, rules.points_decimals, "areas"))
    )
    minutes = read(_minutes, typed.minutes) if typed.minutes.strip() else None
    category = typed.category.strip()
    if not category:
        unread.append(FieldError("category", "is required"))
    skip = {error.field for error in unread}
    if typed.end is None and start is None:
        skip.add("end")  # the end is the start, which is said already
    # Stand-ins for values not read, such that no other field breaks a rule through them.
    draft = Draft(
        category=category,
        title=typed.title,
        points=rules.max_points if points is None else points,
        start=start or end or today,
        end=end or start or today,
        provider=typed.provider,
        notes=typed.notes,
        evidence=typed.evidence,
        attested=typed.attested,
        areas=areas,
        approved_by=tuple(dict.fromkeys(code.strip().upper() for code in typed.approved if code.strip())),
        minutes=minutes,
    )
    broken: dict[str, list[str]] = {}
    for error in [*unread, *(e for e in check_activity(rules, draft, cycles, today) if e.field not in skip)]:
        broken.setdefault(error.field, []).append(error.message)
    errors = {field: "; ".join(broken[field]) for field in ACTIVITY_FIELDS if field in broken}
    return ParsedActivity(None if unread else draft, errors)


def _minutes(text: str) -> int:
    text = text.strip()
    if not (text.isascii() and text.isdigit()):
        raise FieldError("minutes", f"{text!r} is not a whole number of minutes")
    return int(text)
