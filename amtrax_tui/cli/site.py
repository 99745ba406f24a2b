"""Running a shared site: PINs, staff accounts, the roster and backups."""

from __future__ import annotations

import getpass
import sys

from amtrax_tui.ccp import STATUS_LABELS, STATUSES, FieldError
from amtrax_tui.cli.common import actor, date_arg, print_json, print_table, say, setup, today
from amtrax_tui.cli.parser import Commands, add_json
from amtrax_tui.store import auth
from amtrax_tui.store.backup import OutputExists
from amtrax_tui.store.backup import backup as backup_database
from amtrax_tui.store.roster import roster as site_roster


def read_pin() -> str:
    """The new PIN from standard input: typed twice without echo on a terminal,
    else the first line (so scripts can pipe it in)."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    pin = getpass.getpass("New PIN (4 to 8 digits): ")
    auth.check_pin(pin)  # say so now, not after the second entry
    if getpass.getpass("Type it again: ") != pin:
        raise FieldError("pin", "the two entries differ; nothing was changed")
    return pin


def member_set_pin(args) -> None:
    setup(args)
    auth.set_member_pin(args.amt_id, read_pin(), actor())
    say(f"PIN set for AMT ID {args.amt_id.strip()}")


def staff_add(args) -> None:
    setup(args)
    staff = auth.add_staff(args.name, read_pin(), actor())
    say(f"added staff account {staff.name}")


def staff_set_pin(args) -> None:
    setup(args)
    auth.set_staff_pin(args.name, read_pin(), actor())
    say(f"PIN set for staff account {' '.join(args.name.split())}")


def staff_list(args) -> None:
    setup(args)
    names = auth.list_staff()
    if args.json:
        print_json(names)
    else:
        for name in names:
            say(name)


def roster(args) -> None:
    rules = setup(args)
    as_of = date_arg(args.on, "on") or today()
    rows = site_roster(rules, as_of, args.status, args.credential, args.search)
    if args.json:
        print_json(
            [
                {
                    "amt_id": r.amt_id,
                    "name": r.name,
                    "credential": r.code,
                    "status": r.status,
                    "behind": r.behind,
                    "earned": r.earned,
                    "required": r.required,
                    "remaining": r.remaining,
                    "days_left": r.days_left,
                    "points_per_month_needed": r.points_per_month_needed,
                    "cycle_start": r.cycle.start,
                    "cycle_end": r.cycle.end,
                }
                for r in rows
            ]
        )
    else:
        print_table(
            ["AMT ID", "Name", "Cred", "Status", "Earned", "Req", "Days left", "Cycle ends"],
            [
                [r.amt_id, r.name, r.code, STATUS_LABELS[r.status], r.earned, r.required, r.days_left, r.cycle.end]
                for r in rows
            ],
            right={4, 5, 6},
        )


def backup(args) -> None:
    setup(args)
    try:
        info = backup_database(args.output, args.force)
    except OutputExists as exc:
        raise FieldError("output", f"{exc.path} already exists; add --force to replace it") from None
    say(f"backed up {info.members} members and {info.activities} activities to {info.path} ({info.size} bytes)")


def register(commands: Commands) -> None:
    staff = commands.group("staff", "staff accounts for kiosks")
    sub = staff.add("add", "add a staff account; reads its PIN from standard input", staff_add)
    sub.add_argument("name", metavar="NAME", help="the name staff sign in with")
    sub = staff.add("set-pin", "set a staff account's PIN; reads it from standard input", staff_set_pin)
    sub.add_argument("name", metavar="NAME")
    add_json(staff.add("list", "list the staff accounts", staff_list))

    sub = commands.add("roster", "every member's credentials, the most at risk first", roster)
    sub.add_argument("--status", choices=STATUSES, help="only credentials with this status")
    sub.add_argument("--credential", metavar="CODE", help="only this credential")
    sub.add_argument("--search", default="", metavar="TEXT", help="only members whose name or AMT ID contains TEXT")
    sub.add_argument("--on", metavar="DATE", help="evaluate as of this date (default: today)")
    add_json(sub)

    sub = commands.add("backup", "copy the SQLite database consistently, even while it is in use", backup)
    sub.add_argument("--output", required=True, metavar="FILE")
    sub.add_argument("--force", action="store_true", help="replace FILE if it exists")


def register_member_commands(member: Commands) -> None:
    """`member set-pin`, added to the member group of cli.members."""
    sub = member.add("set-pin", "set or reset a member's kiosk PIN; reads it from standard input", member_set_pin)
    sub.add_argument("amt_id", metavar="AMT_ID")
