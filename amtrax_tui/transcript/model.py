"""What every transcript format renders: one credential's cycle for one member."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from amtrax_tui.ccp import Credential, Cycle, FieldError, Progress, Rules, visible
from amtrax_tui.ccp.rules import AMT
from amtrax_tui.store.evidence import is_file_reference
from amtrax_tui.store.records import ActivityInfo, HeldInfo, MemberInfo

TITLE = "Continuing Education Transcript"
PROGRAM = "AMT Certification Continuation Program (CCP)"
# Other bodies' rules files hold no program name: their transcripts name the body and what it asks.
OTHER_PROGRAM = "{body}: recertification by continuing education"
SHA_SHOWN = 12  # hex digits of a file's SHA-256: enough to match the file, short enough for a line
NO_EVIDENCE = "none recorded"
# How an activity's recorded actor ("kind:who") reads on a transcript; the member's own is "the member".
ENTERED_BY = {"member": "member", "staff": "staff member", "cli": "command-line user"}


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
    def amt(self) -> bool:
        """Whether the credential is AMT's, whose rules have the renewal invoice and dues."""
        return self.credential.body == AMT

    @property
    def program(self) -> str:
        """The body and program the credential is kept under."""
        if self.amt:
            return PROGRAM
        body = self.rules.bodies.get(self.credential.body)
        return OTHER_PROGRAM.format(body=body.name if body else self.credential.body)

    @property
    def member_id_label(self) -> str:
        """The site's member identifier is the AMT member ID on AMT's credentials."""
        return "AMT member ID" if self.amt else "Member ID"

    @property
    def invoice_available_on(self) -> dt.date | None:
        """[AMT] When the renewal invoice can be paid; None for other bodies' credentials."""
        return self.progress.invoice_available_on if self.amt else None

    @property
    def total(self) -> Decimal:
        """Points of the listed activities, before any category cap."""
        return sum((a.points for a in self.activities), Decimal(0))

    def category_name(self, slug: str) -> str:
        category = self.rules.categories.get(slug)
        return category.name if category else slug

    def points(self, value: Decimal) -> str:
        return format_points(value, self.rules.points_decimals)

    def area_name(self, slug: str) -> str:
        """A content area's name as the rules give it, or its slug when no credential has it."""
        return next((a.name for c in self.rules.credentials.values() for a in c.areas if a.slug == slug), slug)

    def areas_text(self, activity: ActivityInfo) -> str:
        """An activity's points per content area: "Administrative 1.00, Clinical 2.00"."""
        return ", ".join(f"{self.area_name(slug)} {self.points(points)}" for slug, points in activity.areas)

    def minimums_text(self) -> list[str]:
        """What each unmet minimum still needs, or "all met" when the credential has
        minimums and meets them; empty when it has none."""
        if not self.progress.minimums:
            return []
        return [m.needed for m in self.progress.minimums if m.short] or ["all met"]

    def others_note(self) -> str:
        """Why the counted total is below the categories' sum: points from providers the
        body does not approve, above its limit ("" when none are cut)."""
        approval = self.credential.approval
        cut = self.progress.others_cut
        if not cut or approval is None or approval.others_maximum is None:
            return ""
        return (
            f"{self.points(cut)} points from providers that are not {approval.label} are above "
            f"the limit of {self.points(approval.others_maximum)} and do not count"
        )

    def grace_text(self) -> str:
        """Until when an unmet cycle may still be met, or when that ended ("" when the
        credential has no grace, or the cycle is met)."""
        p = self.progress
        if p.grace_until is None or p.status == "met":
            return ""
        return f"{'ended' if p.as_of > p.grace_until else 'until'} {p.grace_until.isoformat()}"

    def entered_by(self, actor: str) -> str:
        """Who recorded an activity, from the actor stored with it ("member:AMT_ID",
        "staff:NAME", "cli:USER"); activities from before it was kept have none."""
        kind, _, who = actor.partition(":")
        if kind == "member" and who == self.member.amt_id:
            return "the member"
        if kind in ENTERED_BY and who:
            return f"{ENTERED_BY[kind]} {who}"
        return actor.strip() or "not recorded"


def minutes_text(activity: ActivityInfo) -> str:
    return f"{activity.minutes} minutes" if activity.minutes is not None else ""


def evidence_reference(activity: ActivityInfo) -> str:
    """What proves an activity: its certificate number, or its file's name and
    the start of the SHA-256 recorded when it was entered (the audit packet's
    manifest has the whole path and hash)."""
    ref = activity.evidence
    if not ref:
        return NO_EVIDENCE
    if not is_file_reference(ref):
        return f"certificate {ref}"
    name = os.path.basename(ref) or ref
    sha = activity.evidence_sha256
    return f"file {name} (SHA-256 {sha[:SHA_SHOWN]}...)" if sha else f"file {name} (no SHA-256 recorded)"


def note_lines(notes: str) -> list[str]:
    """Notes as their lines, made visible, with runs of spaces and tabs as one
    space and no blank lines (a blank line ends an activity in the text transcript)."""
    lines = (" ".join(visible(line, keep="\t").split()) for line in notes.split("\n"))
    return [line for line in lines if line]


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
    if moment.tzinfo is not None:  # only then: datetime.replace costs more than isoformat
        moment = moment.replace(tzinfo=None)
    return moment.isoformat() + "Z"
