"""The site's config file (TOML): $AMTRAX_CONFIG, else config.toml in the user's config directory.

An example:

    db = "/srv/amtrax/amtrax.db"      # used when neither --db nor $AMTRAX_DB is given
    rules = "/srv/amtrax/rules.toml"  # used when --rules is not given
    bodies = ["AAMA", "NHA", "/srv/amtrax/own-body.toml"]  # other bodies' credentials: shipped codes or rules files
    export_dir = "/srv/amtrax/exports"
    kiosk = true
    ascii = true                      # draw with ASCII only (else chosen from LC_ALL, LC_CTYPE, LANG)
    idle_minutes = 2
    evidence_dir = "/srv/amtrax/evidence"  # at a kiosk, from the member's folder in here (<AMT ID>/)
    evidence_max_mib = 25                   # the largest evidence file accepted, in MiB
    print_command = ["lp", "-d", "frontdesk"]  # prints a text transcript from its standard input
    print_timeout_seconds = 60              # a print command still running after this is stopped
    digest_to = ["office@example.org"]      # staff who get `amtrax-tui digest --send`
    styles = "/srv/amtrax/styles"           # the site's own .tcss files, loaded after the built-in ones

    [smtp]                                  # how transcripts and the digest are e-mailed
    host = "mail.example.org"
    port = 587                              # default: 587 for starttls, 465 for tls, 25 for none
    security = "starttls"                   # "starttls", "tls" (from the first byte) or "none"
    user = "amtrax"                         # leave out when the server takes mail without a login
    password_file = "/etc/amtrax-tui/smtp-password"  # or password_env = "AMTRAX_SMTP_PASSWORD"
    from = "ce-records@example.org"         # the sender of every message
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from platformdirs import user_config_path

from amtrax_tui.ccp.rules import SHIPPED_BODIES
from amtrax_tui.ccp.text import has_unsafe
from amtrax_tui.ccp.values import email_error

ENV_VAR = "AMTRAX_CONFIG"
EVIDENCE_MAX_MIB = 25  # the default size limit of an evidence file
MAX_IDLE_MINUTES = 24 * 60  # a kiosk always signs out in the end (nan or inf would never)
PRINT_TIMEOUT_S = 60  # the default time a print command gets to take the transcript
SECURITY_PORTS = {"starttls": 587, "tls": 465, "none": 25}  # SMTP security, and its usual port
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class ConfigError(ValueError):
    """A config file that cannot be used; the message names the bad key."""


@dataclass(frozen=True)
class Smtp:
    """The mail server. The password is never in the config file: it is read,
    when a message is sent, from `password_file` or the variable `password_env`."""

    host: str
    port: int
    security: str  # a key of SECURITY_PORTS
    sender: str  # the "from" address
    user: str | None = None
    password_file: Path | None = None
    password_env: str | None = None


@dataclass(frozen=True)
class Config:
    db: str | None = None
    rules: str | None = None
    bodies: tuple[str, ...] = ()  # other bodies loaded beside AMT: shipped codes (AAMA) or rules files' paths
    export_dir: Path | None = None
    kiosk: bool = False
    ascii: bool = False  # True: ASCII glyphs whatever the locale says
    idle_minutes: float = 2.0
    evidence_dir: Path | None = None
    evidence_max_mib: float = EVIDENCE_MAX_MIB
    print_command: tuple[str, ...] = ()  # empty: printing is not set up
    print_timeout_seconds: float = PRINT_TIMEOUT_S
    smtp: Smtp | None = None  # None: e-mail is not set up
    digest_to: tuple[str, ...] = ()
    styles: tuple[Path, ...] = ()  # the site's own stylesheets, in name order


def config_path() -> Path:
    return Path(os.environ.get(ENV_VAR) or user_config_path("amtrax-tui", appauthor=False) / "config.toml")


def load_config(path: Path | None = None) -> Config:
    """The config file's settings; defaults when there is none."""
    path = path or config_path()
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"config file {path}: cannot be read ({exc})") from None
    kinds: dict[str, type | tuple[type, ...]] = {
        "db": str,
        "rules": str,
        "bodies": list,
        "export_dir": str,
        "kiosk": bool,
        "ascii": bool,
        "idle_minutes": (int, float),
        "evidence_dir": str,
        "evidence_max_mib": (int, float),
        "print_command": list,
        "print_timeout_seconds": (int, float),
        "digest_to": list,
        "smtp": dict,
        "styles": str,
    }
    positive = ("idle_minutes", "evidence_max_mib", "print_timeout_seconds")
    for key, value in data.items():
        if key not in kinds:
            raise ConfigError(f"config file {path}: {key}: unknown setting; use one of {', '.join(kinds)}")
        if not isinstance(value, kinds[key]) or (key in positive and isinstance(value, bool)):
            raise ConfigError(f"config file {path}: {key}: has the wrong type or value")
        number = cast(float, value)  # for the two checks below, which only numbers reach
        if key == "idle_minutes" and not 0 < number <= MAX_IDLE_MINUTES:  # TOML also has nan and inf
            raise ConfigError(
                f"config file {path}: idle_minutes: must be above 0 and at most {MAX_IDLE_MINUTES} (a day)"
            )
        if key in positive and not 0 < number < math.inf:
            raise ConfigError(f"config file {path}: {key}: has the wrong type or value")
        if isinstance(value, str) and has_unsafe(value):
            raise ConfigError(f"config file {path}: {key}: must not hold control characters or bidi overrides")
    try:
        bodies = _bodies(data.get("bodies"))
        print_command = _print_command(data.get("print_command"))
        digest_to = _addresses("digest_to", data.get("digest_to"))
        smtp = _smtp(data["smtp"]) if "smtp" in data else None
        styles = _styles(data.get("styles"))
    except ValueError as exc:
        raise ConfigError(f"config file {path}: {exc}") from None
    export_dir, evidence_dir = data.get("export_dir"), data.get("evidence_dir")
    return Config(
        db=data.get("db"),
        rules=data.get("rules"),
        bodies=bodies,
        export_dir=Path(export_dir).expanduser() if export_dir else None,
        kiosk=data.get("kiosk", False),
        ascii=data.get("ascii", False),
        idle_minutes=float(data.get("idle_minutes", 2.0)),
        evidence_dir=Path(evidence_dir).expanduser() if evidence_dir else None,
        evidence_max_mib=float(data.get("evidence_max_mib", EVIDENCE_MAX_MIB)),
        print_command=print_command,
        print_timeout_seconds=float(data.get("print_timeout_seconds", PRINT_TIMEOUT_S)),
        smtp=smtp,
        digest_to=digest_to,
        styles=styles,
    )


def _bodies(value: list | None) -> tuple[str, ...]:
    """Shipped bodies by code (any case), and rules files by path (a text with a / or ending in .toml)."""
    if value is None:
        return ()
    found: list[str] = []
    for entry in value:
        if not isinstance(entry, str) or not entry.strip() or has_unsafe(entry):
            raise ValueError('bodies: must be a list of body codes or rules files, e.g. ["AAMA", "/srv/x.toml"]')
        entry = entry.strip()
        if "/" in entry or entry.endswith(".toml"):
            found.append(str(Path(entry).expanduser()))
        elif entry.upper() in SHIPPED_BODIES:
            found.append(entry.upper())
        else:
            raise ValueError(
                f"bodies: {entry!r} is not a shipped body; use one of {', '.join(SHIPPED_BODIES)} "
                "or the path of a rules file"
            )
    return tuple(found)


def _print_command(value: list | None) -> tuple[str, ...]:
    """The program and its arguments, run without a shell."""
    if value is None:
        return ()
    if not value or not all(isinstance(word, str) and word and not has_unsafe(word) for word in value):
        raise ValueError(
            "print_command: must be a non-empty list of strings, "
            'the program and its arguments, e.g. ["lp", "-d", "frontdesk"]'
        )
    return tuple(value)


def _addresses(key: str, value: list | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if not value or not all(isinstance(address, str) for address in value):
        raise ValueError(f'{key}: must be a non-empty list of e-mail addresses, e.g. ["office@example.org"]')
    for address in value:
        if error := email_error(key, address):
            raise error
    return tuple(value)


def _styles(value: str | None) -> tuple[Path, ...]:
    """The .tcss files in the folder `value`, in name order; each must be readable now,
    as the app reads them all before its first frame."""
    if value is None:
        return ()
    folder = Path(value).expanduser()
    if not value or not folder.is_dir():
        raise ValueError(f"styles: {value!r} is not a folder")
    try:
        files = tuple(sorted(path for path in folder.iterdir() if path.suffix == ".tcss"))
        for path in files:
            path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"styles: {value!r}: cannot be read ({exc})") from None
    return files


def _smtp(table: dict) -> Smtp:
    """The [smtp] table; each problem names its key as smtp.KEY."""
    kinds: dict[str, type] = {
        "host": str,
        "port": int,
        "security": str,
        "user": str,
        "password_file": str,
        "password_env": str,
        "from": str,
    }
    for key, value in table.items():
        if key == "password":
            raise ValueError(
                "smtp.password: the password is never kept in the config file; "
                "give password_file (a file holding it) or password_env (a variable holding it)"
            )
        if key not in kinds:
            raise ValueError(f"smtp.{key}: unknown setting; use one of {', '.join(kinds)}")
        if type(value) is not kinds[key] or (isinstance(value, str) and (not value or has_unsafe(value))):
            kind = "a whole number" if kinds[key] is int else "a line of printable text"
            raise ValueError(f"smtp.{key}: must be {kind}")
    for key in ("host", "from"):
        if key not in table:
            raise ValueError(f"smtp.{key}: is required")
    security = table.get("security", "starttls")
    if security not in SECURITY_PORTS:
        raise ValueError(f"smtp.security: {security!r}: use one of {', '.join(SECURITY_PORTS)}")
    port = table.get("port", SECURITY_PORTS[security])
    if not 0 < port < 65536:
        raise ValueError("smtp.port: must be from 1 to 65535")
    if error := email_error("smtp.from", table["from"]):
        raise error
    user, password_file, password_env = table.get("user"), table.get("password_file"), table.get("password_env")
    if password_file and password_env:
        raise ValueError("smtp.password_env: give password_file or password_env, not both")
    if password_env and not _ENV_NAME.fullmatch(password_env):
        raise ValueError(f"smtp.password_env: {password_env!r} is not an environment variable name")
    if user and not (password_file or password_env):
        raise ValueError("smtp.user: a login needs password_file or password_env for its password")
    if not user and (password_file or password_env):
        raise ValueError(
            f"smtp.{'password_file' if password_file else 'password_env'}: a password needs a user to log in as"
        )
    return Smtp(
        host=table["host"],
        port=port,
        security=security,
        sender=table["from"],
        user=user,
        password_file=Path(password_file).expanduser() if password_file else None,
        password_env=password_env,
    )
