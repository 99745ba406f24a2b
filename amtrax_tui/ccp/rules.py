"""The rules files: bodies, their credentials, categories and limits, loaded from TOML
(docs/ccp-rules.md section 10).

AMT's file (shipped as rules.toml, or a site's own with --rules) holds the site-wide
values and is always loaded; a site adds other bodies' files (aama.toml, nha.toml,
ascp.toml, or its own) by naming them in its config. Codes of credentials that are
not AMT's carry their body: `AAMA:CMA`.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import overload

from amtrax_tui.ccp.cycles import THREE_YEARS, Cycle, Schedule
from amtrax_tui.ccp.text import has_unsafe

AMT = "AMT"
SHIPPED_BODIES = {"AAMA": "aama.toml", "NHA": "nha.toml", "ASCP": "ascp.toml"}
MAX_CODE = 16  # a held credential's code, body included, as the database stores it


class RulesError(ValueError):
    """A rules file that cannot be used; the message names the bad key."""


@dataclass(frozen=True)
class Area:
    """A content area whose points an activity states (AAMA: administrative, clinical, general)."""

    slug: str
    name: str
    minimum: Decimal


@dataclass(frozen=True)
class Approval:
    """Points from providers a body approves: at least `minimum` of them, at most
    `others_maximum` from anyone else (None: no such limit)."""

    label: str  # as the form and transcripts say it: "AAMA-approved"
    minimum: Decimal | None = None
    others_maximum: Decimal | None = None


@dataclass(frozen=True)
class Credential:
    code: str  # "RMA", or with its body: "AAMA:CMA"
    name: str
    points: Decimal
    body: str = AMT
    schedule: Schedule = THREE_YEARS
    areas: tuple[Area, ...] = ()
    approval: Approval | None = None
    min_minutes: int | None = None  # an activity shorter than this does not count
    required_from: dt.date | None = None  # certified before this: voluntary, unless a cycle start was given
    grace_days: int = 0  # days after a cycle ends unmet during which it may still be met
    renamed_from: tuple[str, ...] = ()
    units: dict[str, Decimal] = field(default_factory=dict)  # points per unit, for the points helper
    verified: bool = True  # False: requirements not verified against the body's current rules

    @property
    def minimums(self) -> bool:
        """Whether anything beyond the total must be met."""
        return bool(self.areas) or (self.approval is not None and self.approval.minimum is not None)


@dataclass(frozen=True)
class Category:
    slug: str
    name: str
    notes: str = ""
    cap: Decimal | None = None
    units: dict[str, Decimal] = field(default_factory=dict)
    employment: bool = False
    body: str = AMT
    minimum: Decimal | None = None
    credentials: tuple[str, ...] = ()  # only these of its body offer it (empty: all of them)


@dataclass(frozen=True)
class Body:
    code: str
    name: str


@dataclass(frozen=True)
class Rules:
    credentials: dict[str, Credential]
    categories: dict[str, Category]
    employment_cutoff: dt.date
    max_points: Decimal
    points_decimals: int
    attestation: str
    guidance: str
    bodies: dict[str, Body] = field(default_factory=lambda: {AMT: Body(AMT, "American Medical Technologists")})

    def categories_for(self, cycle: Cycle) -> list[Category]:
        """The categories a cycle may record: no employment after the cutoff."""
        return [c for c in self.categories.values() if self.offers(c, cycle)]

    def offers(self, category: Category, cycle: Cycle) -> bool:
        return not category.employment or cycle.start <= self.employment_cutoff

    def accepts(self, credential: Credential, category: Category) -> bool:
        """Whether an activity of `category` counts toward `credential`: its body's own
        categories (those meant for it), or any category when its body has none."""
        if category.body == credential.body:
            return not category.credentials or credential.code in category.credentials
        return not any(c.body == credential.body for c in self.categories.values())

    def resolve(self, code: str) -> str | None:
        """The credential a typed code names (any case; `AMT:` optional; a renamed
        code gives the credential's name now), or None."""
        code = code.strip().upper()
        code = code.removeprefix(f"{AMT}:")
        if code in self.credentials:
            return code
        return next((c.code for c in self.credentials.values() if code in c.renamed_from), None)

    def code_error(self, code: str) -> str:
        """Why `code` names no credential, with the codes to use."""
        typed = code.strip().upper()
        near = [c for c in self.credentials if c.split(":")[-1] == typed.split(":")[-1]]
        hint = f"; did you mean {' or '.join(near)}?" if near else f"; use one of {', '.join(self.credentials)}"
        return f"{typed!r} is not a credential{hint}"

    def units_for(self, category: str, codes: Iterable[str]) -> dict[str, Decimal]:
        """The points helper's units for an activity of `category` counted toward `codes`."""
        units: dict[str, Decimal] = {}
        chosen = [self.credentials[c] for c in codes if c in self.credentials]
        found = self.categories.get(category)
        if found is not None and any(c.body == found.body for c in chosen):
            units |= found.units
        for credential in chosen:
            units = credential.units | units
        return units


def load_rules(path: str | Path | None = None, bodies: Iterable[str | Path] = ()) -> Rules:
    """AMT's shipped rules, or those of the TOML file at `path`, with the other
    `bodies`: each a shipped body's code (AAMA, NHA, ASCP) or a rules file's path."""
    rules = _parse(*_read(path, "rules.toml", "built-in rules"), primary=True)
    for body in bodies:
        shipped = SHIPPED_BODIES.get(str(body).strip().upper())
        source = (None, shipped, f"built-in {str(body).strip().upper()} rules") if shipped else (body, "", str(body))
        data, where = _read(*source)
        rules = _merge(rules, _parse(data, where, primary=False), where)
    return rules


def _read(path: str | Path | None, shipped: str, name: str) -> tuple[dict, str]:
    if path is None:
        # Beside this module, as Textual finds CSS_PATH: importlib.resources would
        # import zipfile and its kin first, about 20 ms of every start.
        text = Path(__file__).with_name(shipped).read_text("utf-8")
        where = name
    else:
        where = str(path)
        try:
            text = Path(path).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RulesError(f"rules file {where}: cannot be read ({exc})") from None
    try:
        return tomllib.loads(text, parse_float=Decimal), where
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"rules file {where}: not valid TOML ({exc})") from None


def _merge(rules: Rules, other: Rules, where: str) -> Rules:
    """`rules` with another body's credentials and categories beside its own."""
    (body,) = other.bodies.values()
    if body.code in rules.bodies:
        raise RulesError(f"rules file {where}: body: {body.code} is loaded twice")
    if clash := next((slug for slug in other.categories if slug in rules.categories), None):
        raise RulesError(f"rules file {where}: categories.{clash}: {rules.categories[clash].body} has it already")
    return Rules(
        credentials=rules.credentials | other.credentials,
        categories=rules.categories | other.categories,
        employment_cutoff=rules.employment_cutoff,
        max_points=rules.max_points,
        points_decimals=rules.points_decimals,
        attestation=rules.attestation,
        guidance=rules.guidance,
        bodies=rules.bodies | other.bodies,
    )


# Codes are typed in any case and stored upper-case; slugs are typed as they are.
_CODE = re.compile(r"[A-Z][A-Z0-9]{0,15}")
_BODY = re.compile(r"[A-Z]{2,8}")
_SLUG = re.compile(r"(?=.{1,64}$)[a-z0-9]+(-[a-z0-9]+)*")
_CREDENTIAL_KEYS = (
    "cycle_months",
    "anchoring",
    "areas",
    "approval",
    "min_minutes",
    "required_from",
    "grace_days",
    "renamed_from",
    "units",
    "verified",
)
_KEYS = {
    "": (
        "body",
        "name",
        "credentials",
        "categories",
        "defaults",
        "employment_cutoff",
        "max_points",
        "points_decimals",
        "attestation",
        "guidance",
    ),
    "other": ("body", "name", "credentials", "categories", "defaults"),
    "credentials": ("name", "points", *_CREDENTIAL_KEYS),
    "defaults": _CREDENTIAL_KEYS,
    "categories": ("name", "notes", "cap", "minimum", "units", "employment", "credentials"),
    "areas": ("name", "minimum"),
    "approval": ("label", "minimum", "others_maximum"),
}
ANCHORINGS = ("certification-date", "end-of-month")


def _parse(data: dict, where: str, primary: bool) -> Rules:
    try:
        return _rules(data, primary)
    except RulesError as exc:
        raise RulesError(f"rules file {where}: {exc}") from None


def _rules(data: dict, primary: bool) -> Rules:
    _known(data, "", _KEYS[""] if primary else _KEYS["other"])
    body = _get(data, "body", str, AMT if primary else _MISSING)
    if not _BODY.fullmatch(body) or (primary and body != AMT) or (not primary and body == AMT):
        rule = "AMT in the main rules file" if primary else "2 to 8 capital letters, other than AMT"
        raise RulesError(f"body: must be {rule}")
    bodies = {body: Body(body, _get(data, "name", str, "American Medical Technologists" if primary else _MISSING))}
    defaults = _table(data, "defaults", optional=True)
    _known(defaults, "defaults.", _KEYS["defaults"])
    prefix = "" if body == AMT else f"{body}:"
    specs = _table(data, "credentials")
    for name, spec in specs.items():
        if not _CODE.fullmatch(name) or len(prefix + name) > MAX_CODE:
            raise RulesError(
                f"credentials.{name}: the name must be capital letters and digits, at most 16 with the body"
            )
        _known(spec, f"credentials.{name}.", _KEYS["credentials"])
    credentials = {
        prefix + code: _credential(prefix + code, body, defaults | spec, f"credentials.{code}")
        for code, spec in specs.items()
    }
    categories = {
        slug: _category(slug, body, spec, f"categories.{slug}", prefix, set(specs))
        for slug, spec in _table(data, "categories", optional=not primary).items()
    }
    employment = any(c.employment for c in categories.values())
    if not primary:
        return Rules(credentials, categories, dt.date.min, Decimal(1), 0, "", "", bodies)
    decimals = _get(data, "points_decimals", int)
    if not 0 <= decimals <= 4:
        raise RulesError("points_decimals: must be a whole number from 0 to 4")
    return Rules(
        credentials=credentials,
        categories=categories,
        employment_cutoff=_get(data, "employment_cutoff", dt.date, _MISSING if employment else dt.date.max),
        max_points=_positive(data, "max_points"),
        points_decimals=decimals,
        attestation=_get(data, "attestation", str),
        guidance=_get(data, "guidance", str),
        bodies=bodies,
    )


def _credential(code: str, body: str, spec: dict, key: str) -> Credential:
    months = _get(spec, f"{key}.cycle_months", int, 12 * 3)
    if not 1 <= months <= 240:
        raise RulesError(f"{key}.cycle_months: must be a whole number from 1 to 240")
    anchoring = _get(spec, f"{key}.anchoring", str, ANCHORINGS[0])
    if anchoring not in ANCHORINGS:
        raise RulesError(f"{key}.anchoring: must be one of {', '.join(ANCHORINGS)}")
    areas = []
    for slug, area in _table(spec, f"{key}.areas", optional=True).items():
        if not _SLUG.fullmatch(slug) or not isinstance(area, dict):
            raise RulesError(f"{key}.areas.{slug}: must be a table named in lower-case words joined by dashes")
        _known(area, f"{key}.areas.{slug}.", _KEYS["areas"])
        areas.append(
            Area(slug, _get(area, f"{key}.areas.{slug}.name", str), _positive(area, f"{key}.areas.{slug}.minimum"))
        )
    approval = None
    if (found := spec.get("approval")) is not None:
        if not isinstance(found, dict):
            raise RulesError(f"{key}.approval: must be a table")
        _known(found, f"{key}.approval.", _KEYS["approval"])
        approval = Approval(
            _get(found, f"{key}.approval.label", str),
            _positive(found, f"{key}.approval.minimum", optional=True),
            _positive(found, f"{key}.approval.others_maximum", optional=True),
        )
    renamed = _get(spec, f"{key}.renamed_from", list, [])
    if not all(isinstance(old, str) and _CODE.fullmatch(old) for old in renamed):
        raise RulesError(f"{key}.renamed_from: must be a list of codes in capital letters and digits")
    return Credential(
        code=code,
        name=_get(spec, f"{key}.name", str),
        points=_positive(spec, f"{key}.points"),
        body=body,
        schedule=Schedule(months, anchoring == "end-of-month"),
        areas=tuple(areas),
        approval=approval,
        min_minutes=_whole(spec, f"{key}.min_minutes", minimum=1),
        required_from=_get(spec, f"{key}.required_from", dt.date, None),
        grace_days=_whole(spec, f"{key}.grace_days", minimum=0) or 0,
        renamed_from=tuple(code[: code.find(":") + 1] + old for old in renamed),  # with the body, as codes are
        units=_units(spec, key),
        verified=_get(spec, f"{key}.verified", bool, True),
    )


def _category(slug: str, body: str, spec: dict, key: str, prefix: str, codes: set[str]) -> Category:
    if not _SLUG.fullmatch(slug):
        raise RulesError(f"{key}: the name must be lower-case words joined by dashes, at most 64 characters")
    if not isinstance(spec, dict):
        raise RulesError(f"{key}: must be a table")
    _known(spec, f"{key}.", _KEYS["categories"])
    only = _get(spec, f"{key}.credentials", list, [])
    if unknown := [c for c in only if c not in codes]:
        raise RulesError(f"{key}.credentials: {unknown[0]!r} is not a credential of this file")
    return Category(
        slug=slug,
        name=_get(spec, f"{key}.name", str),
        notes=_get(spec, f"{key}.notes", str, ""),
        cap=_positive(spec, f"{key}.cap", optional=True),
        units=_units(spec, key),
        employment=_get(spec, f"{key}.employment", bool, False),
        body=body,
        minimum=_positive(spec, f"{key}.minimum", optional=True),
        credentials=tuple(prefix + c for c in only),
    )


def _units(spec: dict, key: str) -> dict[str, Decimal]:
    units = _table(spec, f"{key}.units", optional=True)
    return {unit: _positive(units, f"{key}.units.{unit}") for unit in units}


def _whole(table: dict, key: str, minimum: int) -> int | None:
    value = _get(table, key, int, None)
    if value is not None and value < minimum:
        raise RulesError(f"{key}: must be a whole number of at least {minimum}")
    return value


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
    if _leaf(key) not in table:
        if default is _MISSING:
            raise RulesError(f"{key}: is missing")
        return default
    value = table[_leaf(key)]
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
    list: "a list in brackets",
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
