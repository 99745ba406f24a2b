"""The argument parser: every command takes --db, --rules and --debug."""

from __future__ import annotations

import argparse

from amtrax_tui import __version__
from amtrax_tui.ccp.values import DATE_FORMATS
from amtrax_tui.store.db import ENV_VAR


class UsageError(ValueError):
    """A command line that does not parse."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, not argparse's usage dump
        raise UsageError(f"{self.prog}: {message} (see {self.prog} --help)")


def _common(default) -> argparse.ArgumentParser:
    """The options every command takes. Subcommands get `default=SUPPRESS`, so an
    option given before the subcommand is not reset by the subcommand's default."""
    common = argparse.ArgumentParser(add_help=False)
    group = common.add_argument_group("common options")
    group.add_argument("--db", metavar="PATH_OR_URL", default=default,
                       help=f"SQLite file or postgresql:// URL (default: ${ENV_VAR}, else the user's data directory)")
    group.add_argument("--rules", metavar="FILE", default=default,
                       help="CCP rules TOML file (default: the built-in rules)")
    group.add_argument("--debug", action="store_true", default=default or False,
                       help="show a traceback on unexpected errors")
    return common


def _json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def build_parser(prog: str) -> Parser:
    from amtrax_tui.cli import activities, app, members  # the handlers

    common = _common(argparse.SUPPRESS)
    parser = Parser(
        prog=prog, parents=[_common(None)],
        description="Record AMT CCP points. Without a command, opens the terminal app.",
        epilog=f"Dates are {DATE_FORMATS}. Exit status: 0 done, 2 invalid input (nothing written), 1 other errors.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.set_defaults(run=app.open_app)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=Parser)

    def command(name: str, help: str, run, parent=commands) -> Parser:
        sub = parent.add_parser(name, help=help, description=help, parents=[common])
        sub.set_defaults(run=run)
        return sub

    member = commands.add_parser("member", help="add and list members")
    member_commands = member.add_subparsers(title="commands", metavar="COMMAND", parser_class=Parser, required=True)
    sub = command("add", "add a member", members.member_add, member_commands)
    sub.add_argument("--name", required=True, help="full name")
    sub.add_argument("--amt-id", required=True, metavar="ID", help="AMT member ID (letters, digits, dashes)")
    _json(command("list", "list the members", members.member_list, member_commands))

    cert = commands.add_parser("cert", help="add and list the credentials a member holds")
    cert_commands = cert.add_subparsers(title="commands", metavar="COMMAND", parser_class=Parser, required=True)
    sub = command("add", "add a credential a member holds", members.cert_add, cert_commands)
    sub.add_argument("--member", required=True, metavar="AMT_ID")
    sub.add_argument("--credential", required=True, metavar="CODE", help="e.g. RMA, MLT, RPT")
    sub.add_argument("--certified-on", required=True, metavar="DATE", help="date of certification")
    sub.add_argument("--cycle-start", metavar="DATE",
                     help="start of the current cycle as AMT shows it (after a recertification)")
    sub = command("list", "list a member's credentials and their current cycles", members.cert_list, cert_commands)
    sub.add_argument("--member", required=True, metavar="AMT_ID")
    _json(sub)

    sub = command("record", "record a CE activity; prints its id", activities.record)
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

    sub = command("activities", "list a member's activities", activities.list_)
    sub.add_argument("--member", required=True, metavar="AMT_ID")
    sub.add_argument("--credential", metavar="CODE", help="only those counted toward this credential")
    _json(sub)

    sub = command("progress", "show progress toward each credential's requirement", activities.progress)
    sub.add_argument("--member", required=True, metavar="AMT_ID")
    sub.add_argument("--credential", metavar="CODE")
    sub.add_argument("--on", metavar="DATE", help="evaluate as of this date (default: today)")
    _json(sub)
    return parser
