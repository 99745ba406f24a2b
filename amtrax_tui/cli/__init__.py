"""The `amtrax-tui` command: no subcommand opens the app; subcommands work headless."""

from __future__ import annotations

import sys
import traceback

from amtrax_tui.ccp import FieldError, RulesError
from amtrax_tui.cli.parser import UsageError, build_parser
from amtrax_tui.config import ConfigError
from amtrax_tui.store.db import StoreError, redact
from amtrax_tui.store.records import Invalid

PROG = "amtrax-tui"


def main(argv: list[str] | None = None) -> int:
    """Run the command line; the exit status: 0 done, 2 refused input, 1 anything else."""
    parser = build_parser(PROG)
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:  # already names the command
        print(redact(str(exc)), file=sys.stderr)
        return 2
    except SystemExit as exc:  # --help and --version have printed
        return exc.code or 0
    try:
        return args.run(args) or 0
    except Invalid as exc:  # every rule broken, on one line
        return _fail("; ".join(str(error) for error in exc.errors), 2)
    except (FieldError, RulesError, ConfigError, UsageError) as exc:
        return _fail(str(exc), 2)
    except StoreError as exc:
        return _fail(str(exc), 1)
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except Exception as exc:  # the promise: a message, a traceback only with --debug
        if getattr(args, "debug", False):
            print(redact(traceback.format_exc()), end="", file=sys.stderr)
        return _fail(f"unexpected error: {type(exc).__name__}: {exc} (run with --debug for details)", 1)


def _fail(message: str, status: int) -> int:
    """Say why on standard error; database URLs in the message show no password."""
    print(f"{PROG}: {redact(message)}", file=sys.stderr)
    return status
