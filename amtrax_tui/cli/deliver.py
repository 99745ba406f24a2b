"""print, send and digest: transcripts to the site's printer or by e-mail, and the staff digest.

A printer or mail server that fails is exit status 1 with one line saying why.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from amtrax_tui.ccp import STATUSES, FieldError
from amtrax_tui.ccp.values import email_error
from amtrax_tui.cli import PROG, print_error
from amtrax_tui.cli.common import add_transcript_choice, cycle_arg, date_arg, say, setup, today
from amtrax_tui.cli.parser import Commands
from amtrax_tui.config import load_config
from amtrax_tui.store import members
from amtrax_tui.transcript import generation_time, transcripts
from amtrax_tui.transcript.deliver import (
    MAIL_FORMATS,
    DeliveryError,
    described,
    print_transcripts,
    transcript_message,
)
from amtrax_tui.transcript.digest import DIGEST_STATUSES, WITHIN_DAYS, build_digest, digest_message, render_digest
from amtrax_tui.transcript.mail import mail_server, send_message


def _delivery(command: Callable) -> Callable:
    """A printer or mail server that fails: one line, exit status 1."""

    @wraps(command)
    def run(args) -> int:
        try:
            return command(args) or 0
        except DeliveryError as exc:
            print_error(f"{PROG}: {exc}")
            return 1

    return run


@_delivery
def print_(args) -> None:
    rules = setup(args)
    config = load_config()
    member = members.find_member(args.member)
    found = transcripts(rules, member, args.credential, cycle_arg(args.cycle), today(), generation_time())
    said = print_transcripts(found, config.print_command, config.print_timeout_seconds)
    say(f"printed {described(found)} of {member.name} with {config.print_command[0]}{f' ({said})' if said else ''}")


@_delivery
def send(args) -> None:
    if args.to is not None and (error := email_error("to", args.to.strip())):
        raise error
    rules = setup(args)
    smtp = mail_server(load_config())
    member = members.find_member(args.member)
    to = args.to.strip() if args.to is not None else member.email
    if not to:
        raise FieldError(
            "to", f"{member.name} has no e-mail address stored; give --to, or store one with member edit --email"
        )
    found = transcripts(rules, member, args.credential, cycle_arg(args.cycle), today(), generation_time())
    send_message(smtp, transcript_message(found, args.format, smtp.sender, to))
    say(f"sent {described(found)} of {member.name} to {to}")


@_delivery
def digest(args) -> None:
    rules = setup(args)
    config = load_config()
    statuses = [s.strip() for s in args.status.split(",") if s.strip()]
    report = build_digest(rules, date_arg(args.on, "on") or today(), args.within_days, statuses)
    if not args.send:
        for line in render_digest(report).splitlines():
            say(line)
        return
    smtp = mail_server(config)
    if not config.digest_to:
        raise DeliveryError(
            "the digest has nobody to go to: the site's config file sets no digest_to; nothing was sent"
        )
    if not report.rows:
        say(f"nothing to follow up, so no digest was sent: {render_digest(report).strip()}")
        return
    send_message(smtp, digest_message(report, smtp.sender, config.digest_to))
    say(f"sent the digest ({len(report.rows)} to follow up) to {', '.join(config.digest_to)}")


def register(commands: Commands) -> None:
    sub = commands.add("print", "print a member's text transcript on the site's printer (print_command)", print_)
    add_transcript_choice(sub, credential_required=False)
    sub.epilog = (
        "The text transcript (one per credential held, or --credential's; a page break between them) "
        "goes to the standard input of the config file's print_command, run without a shell; "
        "print_timeout_seconds later it is stopped. Exit status 1 when it fails, with its message."
    )

    sub = commands.add("send", "e-mail a member's transcript through the site's mail server ([smtp])", send)
    add_transcript_choice(sub, credential_required=False)
    sub.add_argument("--to", metavar="ADDR", help="the recipient (default: the member's stored e-mail address)")
    sub.add_argument(
        "--format", default="text", choices=tuple(MAIL_FORMATS), help="the attachment's format (default: text)"
    )
    sub.epilog = (
        "Each transcript is attached as the file export writes for it, with a short plain-text body. "
        "Exit status 1 when the mail server cannot be reached or refuses the login, the sender or "
        "the recipient; the password is never printed."
    )

    sub = commands.add(
        "digest",
        "the credentials whose cycle ends soon short of their points, for staff (a daily cron job or systemd timer)",
        digest,
    )
    sub.add_argument(
        "--within-days",
        type=int,
        default=WITHIN_DAYS,
        metavar="N",
        help=f"cycles that end within N days (default: {WITHIN_DAYS}); a lapsed cycle has ended",
    )
    sub.add_argument(
        "--status",
        default=",".join(DIGEST_STATUSES),
        metavar="STATUS[,STATUS...]",
        help=f"of these statuses ({', '.join(STATUSES)}; default: {','.join(DIGEST_STATUSES)})",
    )
    sub.add_argument("--on", metavar="DATE", help="as of this date (default: today)")
    sub.add_argument(
        "--send",
        action="store_true",
        help="e-mail it to the config file's digest_to instead of printing it "
        "(nothing is sent when nobody is to follow up)",
    )
