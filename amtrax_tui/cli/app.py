"""Opening the terminal app: Textual is imported only when no subcommand is given."""

from __future__ import annotations

import argparse


def register(parser: argparse.ArgumentParser) -> None:
    parser.set_defaults(run=open_app)


def open_app(args) -> int:
    from amtrax_tui.ui.app import run

    return run(args)
