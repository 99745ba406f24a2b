"""Textual validators that apply the CCP rules (ccp.check_activity and the parsers)."""

from __future__ import annotations

from collections.abc import Callable

from textual.validation import ValidationResult, Validator


class FieldRule(Validator):
    """Valid when `messages(value)` finds nothing wrong with the field's value.

    The form supplies `messages`: it checks the whole draft with this value in
    place, since rules such as "start inside the cycle" involve other fields."""

    def __init__(self, messages: Callable[[str], list[str]]):
        super().__init__()
        self.messages = messages

    def validate(self, value: str) -> ValidationResult:
        found = self.messages(value)
        return self.failure("; ".join(found), value) if found else self.success()
