"""record, activities, mark-entered and progress commands."""

from __future__ import annotations

from decimal import Decimal

from amtrax_tui.ccp import STATUS_LABELS, FieldError, Rules, TypedActivity, parse_activity, points_text
from amtrax_tui.ccp.entry import read_areas, read_bodies
from amtrax_tui.ccp.progress import UNVERIFIED
from amtrax_tui.ccp.rules import AMT
from amtrax_tui.cli.common import actor, date_arg, evidence_limits, print_json, print_table, say, setup, today
from amtrax_tui.cli.parser import Commands, UsageError, add_json
from amtrax_tui.store import activities, members
from amtrax_tui.store.progress import progress as member_progress
from amtrax_tui.store.records import ActivityInfo, Duplicate, Invalid


def record(args) -> None:
    rules = setup(args)
    member = members.find_member(args.member)
    typed = TypedActivity(
        category=args.category,
        title=args.title,
        points=args.points,
        start=args.start,
        end=args.end,
        provider=args.provider,
        notes=args.notes,
        evidence=args.evidence,
        attested=args.attest,
        areas=read_areas(args.areas),
        approved=read_bodies(args.approved),
        minutes=args.minutes,
    )
    parsed = parse_activity(rules, typed, today())
    if parsed.draft is None:
        raise Invalid(parsed.field_errors())
    # A draft that reads goes to the store, which checks every rule with the member's
    # cycles and names each one broken.
    codes = [args.credential, *args.also]
    try:
        say(
            str(
                activities.record(
                    rules, member.id, codes, parsed.draft, today(), actor(), args.allow_duplicate, evidence_limits()
                )
            )
        )
    except Duplicate as exc:
        raise FieldError(
            "title", f"looks like a duplicate of activity {exc.existing_id}; add --allow-duplicate to record it anyway"
        ) from None


def _held_code(rules: Rules, member_id: int, code: str | None) -> str | None:
    """The --credential filter, refused when the member does not hold it."""
    if code is None:
        return None
    code = members.resolved_code(rules, code)
    if code not in {h.code for h in members.list_credentials(member_id)}:
        raise FieldError("credential", f"the member does not hold {code}")
    return code


def list_(args) -> None:
    rules = setup(args)
    member = members.find_member(args.member)
    code = _held_code(rules, member.id, args.credential)
    if args.not_in_amtrax:
        _not_in_amtrax(rules, activities.not_in_amtrax(member.id, code), args.json)
        return
    found = activities.list_activities(member.id, code)
    if args.json:
        print_json(
            [
                {
                    "id": a.id,
                    "category": a.category,
                    "title": a.title,
                    "provider": a.provider,
                    "points": a.points,
                    "start": a.start,
                    "end": a.end,
                    "notes": a.notes,
                    "evidence": a.evidence,
                    "evidence_sha256": a.evidence_sha256,
                    "credentials": list(a.credentials),
                    "attested_at": a.attested_at,
                    "created_at": a.created_at,
                    "updated_at": a.updated_at,
                    "entered_by": a.entered_by,
                    "entered_in_amtrax": a.entered_in_amtrax,
                    "areas": dict(a.areas),
                    "approved_by": list(a.approved_by),
                    "minutes": a.minutes,
                }
                for a in found
            ]
        )
    else:
        print_table(
            ["ID", "Start", "End", "Category", "Points", "Credentials", "Title"],
            [
                [a.id, a.start, a.end, a.category, points_text(a.points), ",".join(a.credentials), a.title]
                for a in found
            ],
            right={0, 4},
        )


def _not_in_amtrax(rules, found: list[ActivityInfo], as_json: bool) -> None:
    """The activities still to enter in AMTrax, with the fields in the order its form asks for them."""
    if as_json:
        print_json(
            [
                {
                    "id": a.id,
                    "activity_type": _type_name(rules, a.category),
                    "category": a.category,
                    "points": a.points,
                    "start": a.start,
                    "end": a.end,
                    "title": a.title,
                    "provider": a.provider,
                }
                for a in found
            ]
        )
        return
    print_table(
        ["ID", "Activity type", "Points", "Start", "End", "Title", "Provider"],
        [
            [a.id, _type_name(rules, a.category), points_text(a.points), a.start, a.end, a.title, a.provider]
            for a in found
        ],
        right={0, 2},
    )
    total = sum((a.points for a in found), Decimal(0))
    say(
        f"{len(found)} {'activity' if len(found) == 1 else 'activities'} ({points_text(total)} points) "
        "not yet in AMTrax"
    )


def _type_name(rules, slug: str) -> str:
    category = rules.categories.get(slug)
    return category.name if category else slug


def mark_entered(args) -> None:
    if args.clear and args.on is not None:
        raise UsageError("mark-entered: give --on or --clear, not both")
    on = None if args.clear else date_arg(args.on, "on") or today()
    setup(args)
    found = activities.mark_entered(args.activity, on, today(), actor())
    if on is None:
        say(f"activity {found.id} ({found.title}) is not marked as entered in AMTrax")
    else:
        say(f"activity {found.id} ({found.title}) entered in AMTrax on {on.isoformat()}")


def progress(args) -> None:
    rules = setup(args)
    member = members.find_member(args.member)
    as_of = date_arg(args.on, "on") or today()
    found = member_progress(rules, member.id, as_of, _held_code(rules, member.id, args.credential))
    if args.json:
        print_json(
            [
                {
                    "credential": p.credential.code,
                    "name": p.credential.name,
                    "required": p.required,
                    "cycle_start": p.cycle.start,
                    "cycle_end": p.cycle.end,
                    "as_of": p.as_of,
                    "earned": p.earned,
                    "remaining": p.remaining,
                    "by_category": p.by_category,
                    "cut_by_cap": {c.slug: c.cut for c in p.categories if c.cut},
                    "status": p.status,
                    "days_left": p.days_left,
                    "points_per_month_needed": p.points_per_month_needed,
                    "projected_completion": p.projected_completion,
                    "date_met": p.date_met,
                    # AMT's renewal invoice and dues; other bodies' are not tracked.
                    "invoice_available_on": p.invoice_available_on if p.credential.body == AMT else None,
                    "next_dues_month": p.next_dues_month if p.credential.body == AMT else None,
                    "minimums": {
                        m.key: {"name": m.name, "required": m.required, "earned": m.earned} for m in p.minimums
                    },
                    "unverified": p.unverified,
                    "grace_until": p.grace_until,
                }
                for p in found
            ]
        )
    else:
        print_table(
            ["Code", "Cycle", "Required", "Earned", "Remaining", "Days left", "Status", "Invoice from", "Dues"],
            [
                [
                    p.credential.code,
                    f"{p.cycle.start} to {p.cycle.end}",
                    points_text(p.required),
                    points_text(p.earned),
                    points_text(p.remaining),
                    p.days_left,
                    STATUS_LABELS[p.status],
                    *(
                        (p.invoice_available_on or "not yet available", p.next_dues_month)
                        if p.credential.body == AMT
                        else ("", "")
                    ),
                ]
                for p in found
            ],
            right={2, 3, 4, 5},
        )
        for p in found:  # [ours] points above a cap stay recorded; say why they do not count
            for m in p.minimums:
                if m.needed:
                    say(f"{p.credential.code}: {m.needed}")
            if p.status == "grace" and p.grace_until is not None:
                say(f"{p.credential.code}: the cycle ended unmet; it may still be met until {p.grace_until}")
            if p.unverified:
                say(f"{p.credential.code}: {UNVERIFIED}")
            for c in p.categories:
                if c.cut and c.cap is not None:
                    say(
                        f"{p.credential.code}: {points_text(c.cut)} of {points_text(c.recorded)} "
                        f"{rules.categories[c.slug].name} points do not count (cap {points_text(c.cap)} per cycle)"
                    )


def register(commands: Commands) -> None:
    sub = commands.add("record", "record a CE activity; prints its id", record)
    sub.add_argument("--member", required=True, metavar="AMT_ID", help="the member's AMT ID")
    sub.add_argument(
        "--credential", required=True, metavar="CODE", help="the credential it counts toward, e.g. RMA or AAMA:CMA"
    )
    sub.add_argument(
        "--also",
        action="append",
        default=[],
        metavar="CODE",
        help="also count it toward this credential the member holds (repeatable)",
    )
    sub.add_argument("--category", required=True, metavar="SLUG", help="e.g. professional-education")
    sub.add_argument("--title", required=True, help="what the activity was (one line)")
    sub.add_argument("--provider", default="", help="who offered it")
    sub.add_argument("--points", required=True, metavar="N", help="points earned, e.g. 1.5")
    sub.add_argument("--start", required=True, metavar="DATE", help="first day")
    sub.add_argument("--end", metavar="DATE", help="default: the start date")
    sub.add_argument("--notes", default="", help="anything else worth keeping")
    sub.add_argument("--evidence", default="", metavar="REF", help="certificate number or file path")
    sub.add_argument(
        "--areas",
        default="",
        metavar="AREA=N,...",
        help="its points per content area, where a credential's body counts them, e.g. clinical=2,general=1",
    )
    sub.add_argument("--approved", default="", metavar="BODY,...", help="bodies that approve its provider, e.g. AAMA")
    sub.add_argument("--minutes", default="", metavar="N", help="how long it lasted, in minutes")
    sub.add_argument("--attest", action="store_true", help="I attest that the information entered is correct")
    sub.add_argument("--allow-duplicate", action="store_true", help="record it even if it looks like a duplicate")

    sub = commands.add("activities", "list a member's activities", list_)
    sub.add_argument("--member", required=True, metavar="AMT_ID", help="the member's AMT ID")
    sub.add_argument("--credential", metavar="CODE", help="only those counted toward this credential")
    sub.add_argument(
        "--not-in-amtrax",
        action="store_true",
        help="only those not yet entered in AMTrax, with the fields in the order its form asks "
        "for them (activity type, points, start, end, title, provider)",
    )
    add_json(sub)

    sub = commands.add(
        "mark-entered", "mark an activity as entered in AMTrax (the history keeps each change)", mark_entered
    )
    sub.add_argument("--activity", required=True, type=int, metavar="ID", help="the activity's id")
    sub.add_argument(
        "--on",
        metavar="DATE",
        help="the day it was entered (default: today); not after today, not before the activity ends",
    )
    sub.add_argument("--clear", action="store_true", help="it is not entered after all: clear the date")

    sub = commands.add("progress", "show progress toward each credential's requirement", progress)
    sub.add_argument("--member", required=True, metavar="AMT_ID", help="the member's AMT ID")
    sub.add_argument("--credential", metavar="CODE", help="only this credential")
    sub.add_argument("--on", metavar="DATE", help="evaluate as of this date (default: today)")
    add_json(sub)
