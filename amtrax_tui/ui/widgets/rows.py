"""The item under a table's cursor, for screens that keep their rows beside the table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from textual.widgets import DataTable

RowT = TypeVar("RowT")


def row_under_cursor(table: DataTable, rows: Sequence[RowT]) -> RowT | None:
    """The item `rows` holds for the table's cursor row (None: an empty table, or a cursor
    left past the rows of a shorter list)."""
    if not 0 <= table.cursor_row < len(rows):
        return None
    return rows[table.cursor_row]
