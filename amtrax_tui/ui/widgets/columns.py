"""Rows of cells in aligned columns: the overview's tables.

A Textual Visual laid out for the width it is drawn at: every column has its
width but one, which takes what is left and wraps its cells to it. It does what
the Rich table grids did before, for a fraction of the time: the overview is
measured and drawn again after every save, and its Rich tables cost more than
the rest of it together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

GAP = 1  # cells between two columns


@dataclass(frozen=True)
class Column:
    width: int | None = None  # None: the width left over
    right: bool = False  # aligned to the right
    wrap: bool = True  # a cell too wide wraps; otherwise it is cut with an ellipsis


class Columns(Visual):
    """`rows` of cells (Content, or plain strings) under `columns`; a cell may hold several lines."""

    def __init__(self, columns: Sequence[Column], rows: Sequence[Sequence[Content | str]]):
        self.columns = tuple(columns)
        self.rows = [[Content(cell) if isinstance(cell, str) else cell for cell in row] for row in rows]
        self._laid_out: tuple[int, list[Content]] | None = None  # the last width asked for, and its lines

    def lines(self, width: int) -> list[Content]:
        if self._laid_out is None or self._laid_out[0] != width:
            self._laid_out = (width, self._lines(width))
        return self._laid_out[1]

    def _lines(self, width: int) -> list[Content]:
        fixed = sum(column.width or 0 for column in self.columns) + GAP * (len(self.columns) - 1)
        widths = [column.width or max(1, width - fixed) for column in self.columns]
        lines: list[Content] = []
        for row in self.rows:
            cells = [self._cell(*cell) for cell in zip(row, self.columns, widths, strict=True)]
            for y in range(max(len(cell) for cell in cells)):
                parts = [cell[y] if y < len(cell) else Content(" " * w) for cell, w in zip(cells, widths, strict=True)]
                lines.append(Content(" " * GAP).join(parts))
        return lines

    @staticmethod
    def _cell(cell: Content, column: Column, width: int) -> list[Content]:
        if column.wrap:
            lines = [line.rstrip() for line in cell.wrap(width)]
        else:
            lines = [line.truncate(width, ellipsis=True) for line in cell.split("\n", allow_blank=True)]
        if column.right:
            return [line.pad_left(width - line.cell_length) for line in lines]
        return [line.truncate(width, pad=True) for line in lines]

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        return Content("\n").join(self.lines(width)).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width  # the table spans its container, as the Rich grids did with expand

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self.lines(width))
