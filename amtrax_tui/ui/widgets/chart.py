"""A picture of cumulative points across the cycle, drawn with block characters (or ASCII ones)."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from decimal import Decimal

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from amtrax_tui.ccp import Progress
from amtrax_tui.ui import format as fmt
from amtrax_tui.ui import glyphs as glyph_sets

ROWS = 4
AXIS = 7  # width of the y-axis labels, "  30 ┤"


def _value_on(days: list[dt.date], totals: list[Decimal], day: dt.date) -> Decimal:
    index = bisect_right(days, day)
    return totals[index - 1] if index else Decimal(0)


class CumulativeChart(Widget):
    """Bars from the cycle start to today; the top row is the requirement."""

    progress: reactive[Progress | None] = reactive(None)  # a new value redraws the chart

    def render(self) -> Content:
        progress = self.progress
        width = self.size.width - AXIS
        if progress is None or width < 10:
            return Content("")
        cycle = progress.cycle
        days = [day for day, _ in progress.cumulative]
        totals = [total for _, total in progress.cumulative]
        top = max(progress.required, progress.earned)
        style = fmt.STATUS_STYLES[progress.status].removeprefix("bold ")
        columns: list[int | None] = []  # eighths of the chart's height, or None for days still to come
        for column in range(width):
            day = cycle.start + dt.timedelta(days=(cycle.days * (column + 1)) // width - 1)
            if day > progress.as_of:
                columns.append(None)
            else:
                columns.append(int(_value_on(days, totals, day) / top * ROWS * 8))
        # One styled span per run of columns alike: a span per character made each frame cost
        # more than the rest of the overview together.
        glyphs = glyph_sets.of(self)
        parts: list[tuple[str, str]] = []
        for row in range(ROWS):
            label = fmt.required(top) if row == 0 else ("0" if row == ROWS - 1 else "")
            parts.append((f"{label:>5} {glyphs.axis_label}" if label else f"      {glyphs.axis}", "dim"))
            base = (ROWS - 1 - row) * 8
            past = "".join(glyphs.blocks[max(0, min(8, height - base))] for height in columns if height is not None)
            future = (glyphs.future if row == ROWS - 1 else " ") * (len(columns) - len(past))
            parts += [(past, style), (future, "dim"), ("\n", "")]
        start, end = cycle.start.isoformat(), cycle.end.isoformat()
        middle = f"cumulative points; {glyphs.future} days to come"
        gap = max(1, width - len(start) - len(end) - len(middle))
        parts.append((" " * AXIS + start + " " * (gap // 2) + middle + " " * (gap - gap // 2) + end, "dim"))
        return Content.assemble(*parts)
