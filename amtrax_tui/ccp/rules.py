"""The rules file: credentials, categories and limits, loaded from TOML (docs/ccp-rules.md section 10)."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import overload

from amtrax_tui.ccp.cycles import Cycle
from amtrax_tui.ccp.text import has_unsafe


class RulesError(ValueError):
    """A rules file that cannot be used; the message names the bad key."""


@dataclass(frozen=True)
class Credential:
    code: str
    name: str
    points: Decimal


@dataclass(frozen=True)
class Category:
    slug: str
    name: str
    notes: str = ""
    cap: Decimal | None = None
    units: dict[str, Decimal] = field(default_factory=dict)
    employment: bool = False


@dataclass(frozen=True)
class Rules:
    credentials: dict[str, Credential]
    categories: dict[str, Category]
    employment_cutoff: dt.date
    max_points: Decimal
    points_decimals: int
    attestation: str
    guidance: str

    def categories_for(self, cycle: Cycle) -> list[Category]:
        """The categories a cycle may record: no employment after the cutoff."""
        return [c for c in self.categories.values() if self.offers(c, cycle)]

    def offers(self, category: Category, cycle: Cycle) -> bool:
        return not category.employment or cycle.start <= self.employment_cutoff


def load_rules(path: str | Path | None = None) -> Rules:
    """The shipped rules, or those of the TOML file at `path`."""
    if path is None:
        text = resources.files("amtrax_tui.ccp").joinpath("rules.toml").read_text("utf-8")
        where = "built-in rules"
    else:
        where = str(path)
        try:
            text = Path(path).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RulesError(f"rules file {where}: cannot be read ({exc})") from None
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"rules file {where}: not valid TOML ({exc})") from None
    try:
        return _parse(data)
    except RulesError as exc:
        raise RulesError(f"rules file {where}: {exc}") from None


# Codes are typed in any case and stored upper-case; slugs are typed as they are.
_CODE = re.compile(r"[A-Z][A-Z0-9]{0,15}")
_SLUG = re.compile(r"(?=.{1,64}$)[a-z0-9]+(-[a-z0-9]+)*")
_KEYS = {
    "": ("credentials", "categories", "employment_cutoff", "max_points", "points_decimals", "attestation", "guidance"),
    "credentials": ("name", "points"),
    "categories": ("name", "notes", "cap", "units", "employment"),
}


def _parse(data: dict) -> Rules:
    _known(data, "", _KEYS[""])
    for section, pattern, form in (
        ("credentials", _CODE, "capital letters and digits, at most 16"),
        ("categories", _SLUG, "lower-case words joined by dashes, at most 64 characters"),
    ):
        for name, spec in _table(data, section).items():
            if not pattern.fullmatch(name):
                raise RulesError(f"{section}.{name}: the name must be {form}")
            _known(spec, f"{section}.{name}.", _KEYS[section])
    credentials = {
        code: Credential(
            code=code,
            name=_get(spec, f"credentials.{code}.name", str),
            points=_positive(spec, f"credentials.{code}.points"),
        )
        for code, spec in _table(data, "credentials").items()
    }
    categories = {
        slug: Category(
            slug=slug,
            name=_get(spec, f"categories.{slug}.name", str),
            notes=_get(spec, f"categories.{slug}.notes", str, ""),
            cap=_positive(spec, f"categories.{slug}.cap", optional=True),
            units={
                unit: _positive(spec["units"], f"categories.{slug}.units.{unit}")
                for unit in _table(spec, f"categories.{slug}.units", optional=True)
            },
            employment=_get(spec, f"categories.{slug}.employment", bool, False),
        )
        for slug, spec in _table(data, "categories").items()
    }
    decimals = _get(data, "points_decimals", int)
    if not 0 <= decimals <= 4:
        raise RulesError("points_decimals: must be a whole number from 0 to 4")
    return Rules(
        credentials=credentials,
        categories=categories,
        employment_cutoff=_get(data, "employment_cutoff", dt.date),
        max_points=_positive(data, "max_points"),
        points_decimals=decimals,
        attestation=_get(data, "attestation", str),
        guidance=_get(data, "guidance", str),
    )


_MISSING = object()
# Texts that may run over several lines (and hold tabs); every other text is one line.
_PARAGRAPHS = ("attestation", "guidance", "notes")


def _known(table: dict, prefix: str, allowed: tuple[str, ...]) -> None:
    """A misspelt key would silently fall back to a default: refuse it instead."""
    for key in table:
        if key not in allowed:
            raise RulesError(f"{prefix}{key}: unknown key; use one of {', '.join(allowed)}")


def _leaf(key: str) -> str:
    return key.rsplit(".", 1)[-1]


def _get(table: dict, key: str, kind: type, default=_MISSING):
    value = table.get(_leaf(key), default)
    if value is _MISSING:
        raise RulesError(f"{key}: is missing")
    # bool is an int in Python; a rules file must say what it means.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise RulesError(f"{key}: must be {_KIND_NAMES[kind]}")
    if kind is dt.date and isinstance(value, dt.datetime):
        raise RulesError(f"{key}: must be a date (YYYY-MM-DD), not a date and time")
    if isinstance(value, str) and has_unsafe(value, allow="\n\t" if _leaf(key) in _PARAGRAPHS else ""):
        raise RulesError(f"{key}: must be printable text (no control characters or bidi overrides)")
    return value


_KIND_NAMES = {
    str: "text in quotes",
    int: "a whole number",
    bool: "true or false",
    dt.date: "a date (YYYY-MM-DD)",
}


@overload
def _positive(table: dict, key: str) -> Decimal: ...
@overload
def _positive(table: dict, key: str, optional: bool) -> Decimal | None: ...
def _positive(table: dict, key: str, optional: bool = False) -> Decimal | None:
    value = table.get(_leaf(key))
    if value is None and optional:
        return None
    if value is None:
        raise RulesError(f"{key}: is missing")
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)) or value <= 0:
        raise RulesError(f"{key}: must be a number above 0")
    return Decimal(value)


def _table(data: dict, key: str, optional: bool = False) -> dict:
    value = data.get(_leaf(key))
    if value is None and optional:
        return {}
    if not isinstance(value, dict) or not (value or optional):
        raise RulesError(f"{key}: must be a table with at least one entry")
    for name, entry in value.items():
        if not optional and not isinstance(entry, dict):
            raise RulesError(f"{key}.{name}: must be a table")
    return value
