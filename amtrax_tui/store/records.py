"""Plain values the use cases hand back: no Peewee objects leave the store."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from amtrax_tui.ccp import Cycle, Draft, FieldError, Rules, cycle_at, cycle_on
from amtrax_tui.ccp.cycles import THREE_YEARS, Schedule


class Invalid(ValueError):
    """A refused write: every rule broken, each naming its field. Nothing was saved."""

    def __init__(self, errors: list[FieldError]):
        super().__init__(str(errors[0]))
        self.errors = errors


class Duplicate(Invalid):
    """A likely duplicate of `existing_id`; the user may confirm and record it anyway."""

    def __init__(self, existing_id: int, title: str, start: dt.date):
        super().__init__(
            [
                FieldError(
                    "title",
                    f"looks like a duplicate of activity {existing_id} ({title!r}, "
                    f"started {start.isoformat()}); confirm to record it anyway",
                )
            ]
        )
        self.existing_id = existing_id


@dataclass(frozen=True)
class MemberInfo:
    id: int
    name: str
    amt_id: str
    # Not compared: the same member, whatever address a screen read with it.
    email: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class HeldInfo:
    id: int
    member_id: int
    code: str
    certified_on: dt.date
    anchor: dt.date  # the certification date, or the cycle start the member gave

    def cycle_at(self, rules: Rules, index: int) -> Cycle:
        """Cycle `index` by the credential's schedule (three years when the rules lack it)."""
        return cycle_at(self.anchor, index, self._schedule(rules), self.anchor == self.certified_on)

    def cycle_on(self, rules: Rules, day: dt.date) -> Cycle:
        """The cycle containing `day`; ValueError before the anchor."""
        return cycle_on(self.anchor, day, self._schedule(rules), self.anchor == self.certified_on)

    def _schedule(self, rules: Rules) -> Schedule:
        credential = rules.credentials.get(self.code)
        return credential.schedule if credential else THREE_YEARS


@dataclass(frozen=True)
class ActivityInfo:
    id: int
    member_id: int
    category: str
    title: str
    provider: str
    points: Decimal
    start: dt.date
    end: dt.date
    notes: str
    evidence: str
    evidence_sha256: str | None
    attested_at: dt.datetime
    created_at: dt.datetime
    updated_at: dt.datetime
    credentials: tuple[str, ...]
    entered_by: str = ""  # who recorded it: "member:ID", "staff:NAME", "cli:USER"
    entered_in_amtrax: dt.date | None = None  # when it was entered in AMTrax; None: not yet
    evidence_elsewhere: bool = False  # the evidence file is on another machine (kept by an import)
    areas: tuple[tuple[str, Decimal], ...] = ()  # (content area, its points) where a body splits them
    approved_by: tuple[str, ...] = ()  # bodies whose approval the provider has
    minutes: int | None = None  # how long it lasted; None: not given

    def draft(self) -> Draft:
        """The activity as an editable draft (attested, since it was)."""
        return Draft(
            category=self.category,
            title=self.title,
            points=self.points,
            start=self.start,
            end=self.end,
            provider=self.provider,
            notes=self.notes,
            evidence=self.evidence,
            attested=True,
            areas=self.areas,
            approved_by=self.approved_by,
            minutes=self.minutes,
        )


@dataclass(frozen=True)
class ChangeInfo:
    id: int
    at: dt.datetime
    actor: str
    action: str
    entity: str
    entity_id: int
    before: dict | None
    after: dict | None
