"""The staff digest: the credentials whose cycle ends soon short of its points,
with what each still needs, as text to print or e-mail from a daily timer.

A credential in its grace period has expired but can still be recertified by
continuing education, so it is listed with the date that ends; one whose CCP is
voluntary is not, unless asked for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage

from amtrax_tui.ccp import STATUS_LABELS, STATUSES, FieldError, Rules, points_text, visible
from amtrax_tui.store.records import Invalid
from amtrax_tui.store.roster import RosterRow, roster
from amtrax_tui.transcript.width import pad, width

WITHIN_DAYS = 90
DIGEST_STATUSES = ("behind", "lapsed", "grace")
_HEADERS = ("AMT ID", "Name", "Cred", "Status", "Needs", "Per month", "Days left", "Cycle ends")
_GRACE_HEADER = "Grace until"  # a column only when a credential listed is in its grace period
_RIGHT = {4, 5, 6}
# How the heading says each status of the credentials it lists.
_STATUS_WORDS = {"grace": "in a grace period", "voluntary": "CCP voluntary"}


@dataclass(frozen=True)
class Digest:
    as_of: dt.date
    within_days: int
    statuses: tuple[str, ...]
    rows: tuple[RosterRow, ...]  # most at risk first, as the roster orders them

    @property
    def last_day(self) -> dt.date:
        return self.as_of + dt.timedelta(days=self.within_days)


def build_digest(
    rules: Rules, as_of: dt.date, within_days: int = WITHIN_DAYS, statuses: Sequence[str] = DIGEST_STATUSES
) -> Digest:
    """The roster's credentials with one of `statuses` whose cycle ends within
    `within_days` days of `as_of` (a lapsed credential's cycle has ended)."""
    errors = []
    if within_days < 0:
        errors.append(FieldError("within-days", "must be 0 or more"))
    unknown = [s for s in statuses if s not in STATUSES]
    if unknown or not statuses:
        errors.append(
            FieldError(
                "status",
                f"{','.join(unknown)!r} is not a status; give one or more of "
                f"{', '.join(STATUSES)}, separated by commas",
            )
        )
    if errors:
        raise Invalid(errors)
    statuses = tuple(dict.fromkeys(statuses))
    last_day = as_of + dt.timedelta(days=within_days)
    rows = tuple(r for r in roster(rules, as_of) if r.status in statuses and r.cycle.end <= last_day)
    return Digest(as_of, within_days, statuses, rows)


def render_digest(digest: Digest) -> str:
    d = digest
    labels = [_STATUS_WORDS.get(s, STATUS_LABELS[s].lower()) for s in d.statuses]
    statuses = " or ".join([", ".join(labels[:-1]), labels[-1]] if len(labels) > 1 else labels)
    count = len(d.rows)
    what = "no credential" if not count else f"{count} credential{'s' if count > 1 else ''}"
    heading = (
        f"CCP digest for {d.as_of.isoformat()}: {what} {statuses} with {'their' if count > 1 else 'its'} "
        f"cycle ending by {d.last_day.isoformat()} (within {d.within_days} days)."
    )
    if not count:
        return heading + "\n"
    lines = [heading, ""]
    grace = any(r.grace_until is not None and r.status == "grace" for r in d.rows)
    cells = [[*_HEADERS, *([_GRACE_HEADER] if grace else [])]] + [
        [
            visible(r.amt_id),
            visible(r.name),
            r.code,
            STATUS_LABELS[r.status],
            points_text(r.remaining),
            points_text(r.points_per_month_needed),
            str(r.days_left),
            r.cycle.end.isoformat(),
            *([r.grace_until.isoformat() if r.grace_until and r.status == "grace" else ""] if grace else []),
        ]
        for r in d.rows
    ]
    widths = [max(width(row[i]) for row in cells) for i in range(len(cells[0]))]
    for row in cells:
        padded = (pad(c, w, right=i in _RIGHT) for i, (c, w) in enumerate(zip(row, widths, strict=True)))
        lines.append("  ".join(padded).rstrip())
    lines += ["", "Needs: points still to earn in the cycle; per month: at an even pace over the days left."]
    if grace:
        lines.append(
            "Grace until: the cycle ended short and the credential has expired; it can still be "
            "recertified by continuing education until that date."
        )
    return "\n".join(lines) + "\n"


def digest_message(digest: Digest, sender: str, to: Sequence[str]) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(to)
    message["Subject"] = f"CCP digest {digest.as_of.isoformat()}: {len(digest.rows)} to follow up"
    message.set_content(render_digest(digest))
    return message
