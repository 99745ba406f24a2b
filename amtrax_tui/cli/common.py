"""What every headless command needs: the rules, the database, today, output.

Commands write to standard output only through `say`, `print_table` and
`print_json`, which show stored and typed text with every unsafe character
made visible (ccp/text.py); errors go through `amtrax_tui.cli.print_error`.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
from collections.abc import Collection
from decimal import Decimal

from amtrax_tui.ccp import FieldError, Rules, load_rules, parse_date, visible, visible_json
from amtrax_tui.config import load_config
from amtrax_tui.store.db import ENV_VAR, open_database
from amtrax_tui.store.evidence import EvidenceRules, evidence_rules
from amtrax_tui.store.transcripts import CYCLE_CHOICES
from amtrax_tui.transcript.width import pad, width


def setup(args) -> Rules:
    """Load the rules first (cheap, and a bad file should not touch the database), then open it.
    Each comes from its option, else the site config file; the database also from $AMTRAX_DB."""
    config = load_config()
    rules = load_rules(args.rules or config.rules, bodies=config.bodies)
    open_database(args.db or os.environ.get(ENV_VAR) or config.db)
    return rules


def today() -> dt.date:
    return dt.date.today()


def actor() -> str:
    return f"cli:{getpass.getuser()}"


def evidence_limits() -> EvidenceRules:
    """Which evidence files the site accepts: the command line is never a kiosk,
    but the size limit and the refusals of system and database files hold."""
    return evidence_rules(load_config(), kiosk=False)


def cycle_arg(text: str):
    """--cycle: "current", "previous", or a date in the cycle."""
    if text in CYCLE_CHOICES:
        return text
    try:
        return parse_date(text, "cycle")
    except FieldError as exc:
        raise FieldError("cycle", f"{exc.message}, or current or previous") from None


def add_transcript_choice(sub, credential_required: bool) -> None:
    """--member, --credential and --cycle: whose transcript, of which cycle."""
    sub.add_argument("--member", required=True, metavar="AMT_ID")
    sub.add_argument(
        "--credential",
        required=credential_required,
        metavar="CODE",
        help=None if credential_required else "only this credential (default: every credential held)",
    )
    sub.add_argument(
        "--cycle",
        default="current",
        metavar="current|previous|DATE",
        help="the current cycle (default), the one before it, or the one containing DATE",
    )


def date_arg(text: str | None, field: str) -> dt.date | None:
    return None if text is None else parse_date(text, field)


def say(message: str) -> None:
    """A line on standard output."""
    print(visible(message))


def print_json(data) -> None:
    print(visible_json(json.dumps(data, indent=2, ensure_ascii=False, default=_encode)))


def _encode(value):
    if isinstance(value, Decimal):  # JSON numbers; points have at most 4 decimals
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot encode {type(value).__name__}")


def print_table(headers: list[str], rows: list[list], right: Collection[int] = frozenset()) -> None:
    """A plain aligned table; `right` holds the columns aligned right (numbers)."""
    cells = [headers] + [[visible(str(c)) for c in row] for row in rows]
    widths = [max(width(row[i]) for row in cells) for i in range(len(headers))]
    for row in cells:
        print("  ".join(pad(c, w, right=i in right) for i, (c, w) in enumerate(zip(row, widths, strict=True))).rstrip())
