"""The argument parser: every command takes --db, --rules and --debug.

Each command module registers its own subcommands with `register(commands, common)`.
"""

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
    group.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        default=default,
        help=f"SQLite file or postgresql:// URL (default: ${ENV_VAR}, else the config file's db, "
        "else the user's data directory)",
    )
    group.add_argument(
        "--rules",
        metavar="FILE",
        default=default,
        help="AMT's rules TOML file (default: the built-in rules; other bodies' come from the config's bodies key)",
    )
    group.add_argument(
        "--debug", action="store_true", default=default or False, help="show a traceback on unexpected errors"
    )
    return common


class Commands:
    """Adds subcommands that all take the common options."""

    def __init__(self, subparsers, common: argparse.ArgumentParser):
        self.subparsers = subparsers
        self.common = common

    def add(self, name: str, help: str, run) -> Parser:
        sub = self.subparsers.add_parser(name, help=help, description=help, parents=[self.common])
        sub.set_defaults(run=run)
        return sub

    def group(self, name: str, help: str) -> Commands:
        parent = self.subparsers.add_parser(name, help=help, description=help)
        return Commands(
            parent.add_subparsers(title="commands", metavar="COMMAND", parser_class=Parser, required=True), self.common
        )


def add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def parse(prog: str, argv: list[str] | None) -> argparse.Namespace:
    """The command line read. Without a command it opens the app, and only the app's options
    are read: the commands' modules, with every transcript format, e-mail and zip files, are
    not imported, which took 20 ms of the app's start (docs/performance.md). Anything else,
    --help included, is read by the whole parser."""
    from amtrax_tui.cli import app

    opening = Parser(prog=prog, parents=[_common(None)], add_help=False)
    app.register(opening)
    opening.add_argument("command", nargs="?")
    args, rest = opening.parse_known_args(argv)
    if args.command is None and not rest:
        del args.command
        return args
    return build_parser(prog).parse_args(argv)


def build_parser(prog: str) -> Parser:
    from amtrax_tui.cli import activities, app, deliver, members, site, transfer  # each registers its commands

    parser = Parser(
        prog=prog,
        parents=[_common(None)],
        description="Record continuing-education points toward AMT's CCP and other bodies' recertification. "
        "Without a command, opens the terminal app.",
        epilog=f"Dates are {DATE_FORMATS}. Exit status: 0 done, 2 invalid input (nothing written), "
        "1 the database cannot be used or anything unexpected.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    app.register(parser)
    commands = Commands(
        parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=Parser), _common(argparse.SUPPRESS)
    )
    for module in (members, activities, transfer, deliver, site):
        module.register(commands)
    return parser
