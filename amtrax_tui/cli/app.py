"""Opening the terminal app: Textual is imported only when no subcommand is given."""

from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import tempfile
from pathlib import Path

from amtrax_tui.ccp import load_rules
from amtrax_tui.cli.parser import UsageError
from amtrax_tui.config import load_config
from amtrax_tui.store.db import ENV_VAR


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--demo", action="store_true", help="open the app on a throwaway database with a sample member")
    parser.add_argument(
        "--kiosk",
        action="store_true",
        help="shared kiosk: open on sign-in (members by AMT ID, staff by name; PIN), "
        "sign out when idle; also `kiosk = true` in the config file",
    )
    parser.add_argument(
        "--ascii",
        action="store_true",
        help="draw with ASCII only, for a terminal that shows nothing else (chosen by itself when "
        "LC_ALL, LC_CTYPE or LANG names no UTF-8 locale); also `ascii = true` in the config file",
    )
    parser.set_defaults(run=open_app)


def open_app(args) -> int:
    """Run the app, with the site config file's settings where no option is given;
    a --demo database lives in a temporary folder, removed when the app ends."""
    if args.demo and args.db:
        raise UsageError("--demo uses its own throwaway database; leave out --db")
    config = load_config()  # a bad config or rules file is reported before the screen changes
    if args.kiosk:
        config = dataclasses.replace(config, kiosk=True)
    if config.kiosk and args.demo:
        raise UsageError("--demo opens a sample member without signing in; it cannot run as a kiosk")
    rules = load_rules(args.rules or config.rules, bodies=config.bodies)
    if config.kiosk:  # Ctrl+C, Ctrl+Z and Ctrl+\ must reach the app as keys, never as signals
        os.environ.pop("TEXTUAL_ALLOW_SIGNALS", None)
    from amtrax_tui.ui.app import build_app
    from amtrax_tui.ui.glyphs import ASCII, detect, startup_environ

    glyphs = ASCII if args.ascii or config.ascii else detect(startup_environ())

    demo_dir = Path(tempfile.mkdtemp(prefix="amtrax-demo-")) if args.demo else None
    db = str(demo_dir / "demo.db") if demo_dir else args.db or os.environ.get(ENV_VAR) or config.db
    try:
        app = build_app(db, rules, demo=args.demo, config=config, glyphs=glyphs)
        app.run()
    finally:
        if demo_dir is not None:
            shutil.rmtree(demo_dir, ignore_errors=True)
    return app.return_code or 0
