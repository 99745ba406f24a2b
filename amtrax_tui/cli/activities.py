"""record, activities and progress commands."""

from __future__ import annotations

from amtrax_tui.ccp import STATUS_LABELS, Draft, parse_points
from amtrax_tui.cli.common import actor, date_arg, print_json, print_table, setup, today
from amtrax_tui.cli.parser import Commands, add_json
from amtrax_tui.store import activities, members
from amtrax_tui.store.progress import progress as member_progress


def record(args) -> None:
    rules = setup(args)
    member = members.find_member(args.member)
    start = date_arg(args.start, "start")
    draft = Draft(
        category=args.category.strip(), title=args.title, provider=args.provider,
        points=parse_points(args.points, rules.max_points, rules.points_decimals),
        start=start, end=date_arg(args.end, "end") or start,
        notes=args.notes, evidence=args.evidence, attested=args.attest,
    )
    codes = [args.credential, *args.also]
    print(activities.record(rules, member.id, codes, draft, today(), actor(), args.allow_duplicate))


def list_(args) -> None:
    setup(args)
    member = members.find_member(args.member)
    code = args.credential.strip().upper() if args.credential else None
    found = activities.list_activities(member.id, code)
    if args.json:
        print_json([
            {"id": a.id, "category": a.category, "title": a.title, "provider": a.provider,
             "points": a.points, "start": a.start, "end": a.end, "notes": a.notes,
             "evidence": a.evidence, "evidence_sha256": a.evidence_sha256,
             "credentials": list(a.credentials), "attested_at": a.attested_at,
             "created_at": a.created_at, "updated_at": a.updated_at, "entered_by": a.entered_by}
            for a in found
        ])
    else:
        print_table(
            ["ID", "Start", "End", "Category", "Points", "Credentials", "Title"],
            [[a.id, a.start, a.end, a.category, a.points, ",".join(a.credentials), a.title] for a in found],
            right={0, 4},
        )


def progress(args) -> None:
    rules = setup(args)
    member = members.find_member(args.member)
    as_of = date_arg(args.on, "on") or today()
    code = args.credential.strip().upper() if args.credential else None
    found = member_progress(rules, member.id, as_of, code)
    if args.json:
        print_json([
            {"credential": p.credential.code, "name": p.credential.name, "required": p.required,
             "cycle_start": p.cycle.start, "cycle_end": p.cycle.end, "as_of": p.as_of,
             "earned": p.earned, "remaining": p.remaining, "by_category": p.by_category,
             "cut_by_cap": {c.slug: c.cut for c in p.categories if c.cut},
             "status": p.status, "days_left": p.days_left,
             "points_per_month_needed": p.points_per_month_needed,
             "projected_completion": p.projected_completion, "date_met": p.date_met,
             "invoice_available_on": p.invoice_available_on, "next_dues_month": p.next_dues_month}
            for p in found
        ])
    else:
        print_table(
            ["Code", "Cycle", "Required", "Earned", "Remaining", "Days left", "Status", "Invoice from", "Dues"],
            [[p.credential.code, f"{p.cycle.start} to {p.cycle.end}", p.required, p.earned, p.remaining,
              p.days_left, STATUS_LABELS[p.status], p.invoice_available_on or "not yet available",
              p.next_dues_month] for p in found],
            right={2, 3, 4, 5},
        )


def register(commands: Commands) -> None:
    sub = commands.add("record", "record a CE activity; prints its id", record)
    sub.add_argument("--member", required=True, metavar="AMT_ID")
    sub.add_argument("--credential", required=True, metavar="CODE")
    sub.add_argument("--also", action="append", default=[], metavar="CODE",
                     help="also count it toward this credential the member holds (repeatable)")
    sub.add_argument("--category", required=True, metavar="SLUG", help="e.g. professional-education")
    sub.add_argument("--title", required=True)
    sub.add_argument("--provider", default="")
    sub.add_argument("--points", required=True, metavar="N")
    sub.add_argument("--start", required=True, metavar="DATE")
    sub.add_argument("--end", metavar="DATE", help="default: the start date")
    sub.add_argument("--notes", default="")
    sub.add_argument("--evidence", default="", metavar="REF", help="certificate number or file path")
    sub.add_argument("--attest", action="store_true", help="I attest that the information entered is correct")
    sub.add_argument("--allow-duplicate", action="store_true", help="record it even if it looks like a duplicate")

    sub = commands.add("activities", "list a member's activities", list_)
    sub.add_argument("--member", required=True, metavar="AMT_ID")
    sub.add_argument("--credential", metavar="CODE", help="only those counted toward this credential")
    add_json(sub)

    sub = commands.add("progress", "show progress toward each credential's requirement", progress)
    sub.add_argument("--member", required=True, metavar="AMT_ID")
    sub.add_argument("--credential", metavar="CODE")
    sub.add_argument("--on", metavar="DATE", help="evaluate as of this date (default: today)")
    add_json(sub)
