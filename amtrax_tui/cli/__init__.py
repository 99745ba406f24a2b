"""The `amtrax-tui` command: no subcommand opens the app; subcommands work headless."""

from __future__ import annotations

import sys
import traceback

from amtrax_tui.ccp import FieldError, RulesError, visible
from amtrax_tui.cli.parser import UsageError, parse
from amtrax_tui.config import ConfigError
from amtrax_tui.store.db import StoreError, redact
from amtrax_tui.store.records import Invalid

PROG = "amtrax-tui"


def main(argv: list[str] | None = None) -> int:
    """Run the command line; the exit status: 0 done, 2 refused input, 1 anything else."""
    try:
        args = parse(PROG, argv)
    except UsageError as exc:  # already names the command
        print_error(str(exc))
        return 2
    except SystemExit as exc:  # --help and --version have printed
        return exc.code if isinstance(exc.code, int) else 0
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
            print_error(traceback.format_exc().rstrip("\n"), keep="\n")
        return _fail(f"unexpected error: {type(exc).__name__}: {exc} (run with --debug for details)", 1)


def _fail(message: str, status: int) -> int:
    print_error(f"{PROG}: {message}")
    return status


def print_error(message: str, keep: str = "") -> None:
    """The one way the CLI writes to standard error. Messages echo what was
    typed and what is stored, so every unsafe character is made visible
    (except those in `keep`): a message cannot drive the terminal; and a
    database URL in it shows no password."""
    print(visible(redact(message), keep), file=sys.stderr)
