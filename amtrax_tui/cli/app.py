"""Opening the terminal app: Textual is imported only when no subcommand is given."""

from __future__ import annotations


def open_app(args) -> int:
    from amtrax_tui.ui.app import run

    return run(args)
