"""Opening the terminal app: Textual is imported only when no subcommand is given."""

from __future__ import annotations

import argparse


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--demo", action="store_true", help="open the app on a throwaway database with a sample member")
    parser.add_argument(
        "--kiosk",
        action="store_true",
        help="shared kiosk: open on sign-in (members by AMT ID, staff by name; PIN), "
        "sign out when idle; also `kiosk = true` in the config file",
    )
    parser.set_defaults(run=open_app)


def open_app(args) -> int:
    from amtrax_tui.cli.parser import UsageError

    if args.demo and args.db:
        raise UsageError("--demo uses its own throwaway database; leave out --db")
    from amtrax_tui.ui.app import run

    return run(args)
