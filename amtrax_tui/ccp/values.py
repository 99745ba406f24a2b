"""Parsing what people type: dates, points, titles (docs/ccp-rules.md section 3)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from amtrax_tui.ccp.text import has_unsafe

# ASCII digits only: \d would also take full-width and Arabic-Indic digits.
_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_US = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
# A plausible address, local@domain.tld: no spaces, and none of the characters that
# would end an address in a mail header (quotes, brackets, commas, ...).
_LOCAL = r'[^\s@<>()\[\],;:"\\]+'
_LABEL = r'[^\s@<>()\[\],;:"\\.]+'
_EMAIL = re.compile(rf"{_LOCAL}@{_LABEL}(\.{_LABEL})+")
MAX_EMAIL = 254  # RFC 5321: the longest address a mail server must accept

DATE_FORMATS = "YYYY-MM-DD or MM/DD/YYYY"
# [ours] The years a typed date may fall in. Cycles, invoice and dues dates are
# computed up to a few years past a date; Python's dates end in 9999.
FIRST_YEAR, LAST_YEAR = 1900, 9000


class FieldError(ValueError):
    """A value that breaks a rule; `field` names what the person typed."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def parse_date(text: str, field: str = "date") -> dt.date:
    """ISO YYYY-MM-DD or US MM/DD/YYYY in ASCII digits, a year from FIRST_YEAR
    to LAST_YEAR; anything else is refused."""
    text = text.strip()
    if not text:
        raise FieldError(field, "is required")
    if match := _ISO.fullmatch(text):
        year, month, day = match.groups()
    elif match := _US.fullmatch(text):
        month, day, year = match.groups()
    else:
        raise FieldError(field, f"{text!r} is not a date; use {DATE_FORMATS}")
    try:
        date = dt.date(int(year), int(month), int(day))
    except ValueError:
        raise FieldError(field, f"{text!r} is not a real calendar date; use {DATE_FORMATS}") from None
    if not FIRST_YEAR <= date.year <= LAST_YEAR:
        raise FieldError(field, f"{text!r} is out of range; use a year from {FIRST_YEAR} to {LAST_YEAR}")
    return date


def parse_points(text: str | Decimal, max_points: Decimal, decimals: int, field: str = "points") -> Decimal:
    """A positive decimal in ASCII digits with at most `decimals` places, at most `max_points`."""
    text = str(text).strip()
    if not text:
        raise FieldError(field, "is required")
    try:
        if not text.isascii():  # Decimal() would also read full-width and Arabic-Indic digits
            raise InvalidOperation
        points = Decimal(text)
    except InvalidOperation:
        raise FieldError(field, f"{text!r} is not a number") from None
    if not points.is_finite():
        raise FieldError(field, "must be a number")
    if points <= 0:
        raise FieldError(field, "must be more than 0")
    if points > max_points:
        raise FieldError(field, f"at most {max_points}")
    if points != round(points, decimals):
        raise FieldError(field, f"at most {decimals} decimal places")
    return round(points, decimals)


def text_error(field: str, value: str, limit: int, single_line: bool = True) -> FieldError | None:
    """What is wrong with a piece of typed text, if anything: too long, or
    holding characters no record should (control, separator and bidi-override
    characters: see ccp/text.py; broken encoding)."""
    if len(value) > limit:
        return FieldError(field, f"at most {limit} characters")
    if any(unicodedata.category(ch) == "Cs" for ch in value):
        return FieldError(field, "is not valid text (broken character encoding)")
    if has_unsafe(value, allow="" if single_line else "\n\t"):
        return FieldError(
            field,
            "must be a single line of printable text"
            if single_line
            else "must not hold control characters or bidi overrides",
        )
    return None


def email_error(field: str, value: str) -> FieldError | None:
    """What is wrong with an e-mail address, if anything: one line of at most
    MAX_EMAIL characters that looks like name@example.org."""
    if error := text_error(field, value, MAX_EMAIL):
        return error
    if not _EMAIL.fullmatch(value):
        return FieldError(field, "must be an e-mail address such as name@example.org")
    return None


def points_text(points: Decimal) -> str:
    """Points as people write them: 30, 1.5, 0.25 (no trailing zeros, never 3E+1)."""
    return f"{points.normalize():f}"


def title_key(title: str) -> str:
    """A title as duplicate detection compares it: case-folded, spaces collapsed."""
    return " ".join(title.casefold().split())
