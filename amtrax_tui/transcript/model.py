"""What every transcript format renders: one credential's cycle for one member."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from amtrax_tui.ccp import Credential, Cycle, FieldError, Progress, Rules
from amtrax_tui.store.records import ActivityInfo, HeldInfo, MemberInfo

TITLE = "Continuing Education Transcript"
PROGRAM = "AMT Certification Continuation Program (CCP)"


@dataclass(frozen=True)
class Transcript:
    """Plain values only, so every renderer is a pure function of them."""

    rules: Rules
    member: MemberInfo
    held: HeldInfo
    progress: Progress
    activities: tuple[ActivityInfo, ...]  # in date order
    generated_at: dt.datetime  # UTC, to the second

    @property
    def credential(self) -> Credential:
        return self.progress.credential

    @property
    def cycle(self) -> Cycle:
        return self.progress.cycle

    @property
    def total(self) -> Decimal:
        """Points of the listed activities, before any category cap."""
        return sum((a.points for a in self.activities), Decimal(0))

    def category_name(self, slug: str) -> str:
        category = self.rules.categories.get(slug)
        return category.name if category else slug

    def points(self, value: Decimal) -> str:
        return format_points(value, self.rules.points_decimals)


def format_points(value: Decimal, decimals: int) -> str:
    """Points with the rules' decimal places, or more if the value has more
    (recorded under older rules): a transcript never rounds a record."""
    fixed = value.quantize(Decimal(1).scaleb(-decimals))
    return f"{fixed if fixed == value else value.normalize():f}"


def generation_time(environ: Mapping[str, str] = os.environ) -> dt.datetime:
    """Now in UTC to the second, or SOURCE_DATE_EPOCH when it is set, so the
    same records give byte-identical files (reproducible-builds.org)."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise FieldError("SOURCE_DATE_EPOCH", f"{epoch!r} is not a whole number of seconds since 1970-01-01") from None


def timestamp(moment: dt.datetime) -> str:
    """ISO 8601 in UTC with a Z; stored timestamps are naive UTC."""
    return moment.replace(tzinfo=None).isoformat() + "Z"
