"""The overview's tables: rows of cells laid out in columns for the width they are drawn at."""

from __future__ import annotations

from textual.content import Content

from amtrax_tui.ui.widgets.columns import Column, Columns


def drawn(table: Columns, width: int) -> list[str]:
    return [line.plain for line in table.lines(width)]


def test_the_one_column_without_a_width_takes_what_is_left_and_wraps_its_cells_at_words():
    table = Columns([Column(3), Column(), Column(5, right=True)], [["RMA", "Registered Medical Assistant", "24.50"]])
    assert drawn(table, 25) == [
        "RMA Registered      24.50",
        "    Medical              ",
        "    Assistant            ",
    ]
    assert table.get_height({}, 25) == 3
    assert drawn(table, 40) == ["RMA Registered Medical Assistant   24.50"]


def test_a_column_that_does_not_wrap_cuts_its_cell_with_an_ellipsis():
    table = Columns([Column(6, wrap=False), Column()], [["Registered", "x"]])
    assert drawn(table, 10) == ["Regis… x  "]


def test_a_cell_keeps_its_own_lines_and_its_styles():
    name = Content.assemble("Phlebotomy", ("\n2025-04-15 to 2028-04-14", "dim"))
    table = Columns([Column(4), Column()], [["RPT", name], ["RMA", "Medical"]])
    assert drawn(table, 30) == [
        "RPT  Phlebotomy               ",
        "     2025-04-15 to 2028-04-14 ",
        "RMA  Medical                  ",
    ]
    second_line = table.lines(30)[1]
    assert any(span.style == "dim" for span in second_line.spans)


def test_strings_are_shown_as_they_are_never_as_markup():
    table = Columns([Column()], [["[bold]not bold[/bold]"]])
    assert drawn(table, 25) == ["[bold]not bold[/bold]    "]
