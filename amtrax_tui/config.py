"""The site's config file (TOML): $AMTRAX_CONFIG, else config.toml in the user's config directory.

    db = "/srv/amtrax/amtrax.db"      # used when neither --db nor $AMTRAX_DB is given
    rules = "/srv/amtrax/rules.toml"  # used when --rules is not given
    export_dir = "/srv/amtrax/exports"
    kiosk = true
    idle_minutes = 2
    evidence_dir = "/srv/amtrax/evidence"  # at a kiosk, from the member's folder in here (<AMT ID>/)
    evidence_max_mib = 25                   # the largest evidence file accepted, in MiB
"""

from __future__ import annotations

import math
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_config_path

from amtrax_tui.ccp.text import has_unsafe

ENV_VAR = "AMTRAX_CONFIG"
EVIDENCE_MAX_MIB = 25  # the default size limit of an evidence file
MAX_IDLE_MINUTES = 24 * 60  # a kiosk always signs out in the end (nan or inf would never)


class ConfigError(ValueError):
    """A config file that cannot be used; the message names the bad key."""


@dataclass(frozen=True)
class Config:
    db: str | None = None
    rules: str | None = None
    export_dir: Path | None = None
    kiosk: bool = False
    idle_minutes: float = 2.0
    evidence_dir: Path | None = None
    evidence_max_mib: float = EVIDENCE_MAX_MIB


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
    kinds = {"db": str, "rules": str, "export_dir": str, "kiosk": bool, "idle_minutes": (int, float),
             "evidence_dir": str, "evidence_max_mib": (int, float)}
    positive = ("idle_minutes", "evidence_max_mib")
    for key, value in data.items():
        if key not in kinds:
            raise ConfigError(f"config file {path}: {key}: unknown setting; use one of {', '.join(kinds)}")
        if not isinstance(value, kinds[key]) or (key in positive and isinstance(value, bool)):
            raise ConfigError(f"config file {path}: {key}: has the wrong type or value")
        if key == "idle_minutes" and not 0 < value <= MAX_IDLE_MINUTES:  # TOML also has nan and inf
            raise ConfigError(f"config file {path}: idle_minutes: must be above 0 and at most "
                              f"{MAX_IDLE_MINUTES} (a day)")
        if key in positive and not 0 < value < math.inf:
            raise ConfigError(f"config file {path}: {key}: has the wrong type or value")
        if isinstance(value, str) and has_unsafe(value):
            raise ConfigError(f"config file {path}: {key}: must not hold control characters or bidi overrides")
    export_dir, evidence_dir = data.get("export_dir"), data.get("evidence_dir")
    return Config(
        db=data.get("db"), rules=data.get("rules"),
        export_dir=Path(export_dir).expanduser() if export_dir else None,
        kiosk=data.get("kiosk", False), idle_minutes=float(data.get("idle_minutes", 2.0)),
        evidence_dir=Path(evidence_dir).expanduser() if evidence_dir else None,
        evidence_max_mib=float(data.get("evidence_max_mib", EVIDENCE_MAX_MIB)),
    )
