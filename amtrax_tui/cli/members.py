"""member and cert commands."""

from __future__ import annotations

from typing import Any

from amtrax_tui.ccp import points_text
from amtrax_tui.cli.common import actor, date_arg, print_json, print_table, say, setup, today
from amtrax_tui.cli.parser import Commands, UsageError, add_json
from amtrax_tui.cli.site import register_member_commands
from amtrax_tui.store import members


def member_add(args) -> None:
    setup(args)
    member = members.add_member(args.name, args.amt_id, actor(), args.email or "")
    say(f"added {member.name} (AMT ID {member.amt_id})")


def member_edit(args) -> None:
    if args.name is None and args.email is None:
        raise UsageError("member edit: give --name, --email or both")
    setup(args)
    member = members.edit_member(args.amt_id, actor(), args.name, args.email)
    say(f"{member.name} (AMT ID {member.amt_id}): e-mail {member.email or 'none'}")


def member_list(args) -> None:
    setup(args)
    found = members.list_members()
    if args.json:
        print_json([{"id": m.id, "name": m.name, "amt_id": m.amt_id, "email": m.email} for m in found])
    else:
        print_table(["AMT ID", "Name", "E-mail"], [[m.amt_id, m.name, m.email or ""] for m in found])


def cert_add(args) -> None:
    rules = setup(args)
    member = members.find_member(args.member)
    certified_on = date_arg(args.certified_on, "certified-on")
    cycle_start = date_arg(args.cycle_start, "cycle-start")
    held = members.add_credential(rules, member.id, args.credential, certified_on, cycle_start, today(), actor())
    say(f"added {held.code} for {member.name}")


def cert_list(args) -> None:
    rules = setup(args)
    member = members.find_member(args.member)
    rows: list[dict[str, Any]] = []
    for held in members.list_credentials(member.id):
        credential = rules.credentials.get(held.code)
        cycle = held.cycle_on(rules, today()) if held.anchor <= today() else None
        rows.append(
            {
                "credential": held.code,
                "name": credential.name if credential else "",
                "required": credential.points if credential else None,
                "certified_on": held.certified_on,
                "anchor": held.anchor,
                "cycle_start": cycle.start if cycle else None,
                "cycle_end": cycle.end if cycle else None,
            }
        )
    if args.json:
        print_json(rows)
    else:
        print_table(
            ["Code", "Credential", "Required", "Certified", "Cycle"],
            [
                [
                    r["credential"],
                    r["name"],
                    points_text(r["required"]) if r["required"] else "",
                    r["certified_on"],
                    f"{r['cycle_start']} to {r['cycle_end']}" if r["cycle_start"] else "not started",
                ]
                for r in rows
            ],
            right={2},
        )


def register(commands: Commands) -> None:
    member = commands.group("member", "add, edit and list members, and set their PINs")
    sub = member.add("add", "add a member", member_add)
    sub.add_argument("--name", required=True, help="full name")
    sub.add_argument("--amt-id", required=True, metavar="ID", help="AMT member ID (letters, digits, dashes)")
    sub.add_argument("--email", metavar="ADDR", help="where transcripts are sent (optional)")
    sub = member.add("edit", "change a member's name or e-mail address", member_edit)
    sub.add_argument("--amt-id", required=True, metavar="ID", help="the member's AMT ID")
    sub.add_argument("--name", help="the new full name")
    sub.add_argument("--email", metavar="ADDR", help='the new e-mail address; "" removes it')
    add_json(member.add("list", "list the members", member_list))
    register_member_commands(member)

    cert = commands.group("cert", "add and list the credentials a member holds")
    sub = cert.add("add", "add a credential a member holds", cert_add)
    sub.add_argument("--member", required=True, metavar="AMT_ID", help="the member's AMT ID")
    sub.add_argument(
        "--credential", required=True, metavar="CODE", help="e.g. RMA, MLT, RPT; another body's with it: AAMA:CMA"
    )
    sub.epilog = (
        "AMT's credentials are named by their code (RMA; AMT:RMA works too). Codes of other bodies carry "
        "the body: AAMA:CMA, NHA:CPT, ASCP:MLS. Those bodies' credentials are known once the site's config "
        'file names them in its bodies key: bodies = ["AAMA", "NHA"] for the built-in rules, or the path '
        "of a body's own rules file."
    )
    sub.add_argument("--certified-on", required=True, metavar="DATE", help="date of certification")
    sub.add_argument(
        "--cycle-start",
        metavar="DATE",
        help="start of the current cycle as the certifying body shows it (after a recertification)",
    )
    sub = cert.add("list", "list a member's credentials and their current cycles", cert_list)
    sub.add_argument("--member", required=True, metavar="AMT_ID", help="the member's AMT ID")
    add_json(sub)
