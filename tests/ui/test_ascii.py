"""The app on an ASCII terminal (the ASCII glyph set chosen), driven by keyboard at 80x24 and
60x20: its own marks, chart, sort marks and ticks are ASCII, and each state still reads.
Textual's own glyphs (borders, scrollbars) are translated where the app writes to the real
terminal, which Pilot's headless driver is not: tests/ui/test_glyphs.py and tests/e2e cover that."""

from __future__ import annotations

import pytest

from amtrax_tui.ui.glyphs import ASCII, UNICODE
from tests.ui.conftest import SIZE, make_app, screen_is, screen_text, shows, wait_for

SMALL = (60, 20)
# The Unicode set's marks, none of which may show (its blocks, lines and arrows are Textual's too).
UNICODE_MARKS = set(UNICODE.axis_label + UNICODE.ticked + UNICODE.proof + UNICODE.warning + UNICODE.error
                    + "".join(UNICODE.marks.values()))


def line_with(app, text: str) -> str:
    return next(line for line in screen_text(app).splitlines() if text in line)


def chart(app) -> list[str]:
    """The chart's rows, from the requirement's to the dates under it."""
    lines = screen_text(app).splitlines()
    top = next(i for i, line in enumerate(lines) if line.startswith("    30 "))
    return lines[top : top + 5]


@pytest.fixture
def demo(tmp_path):
    """The demo member: RMA on track and RPT behind, some activities without evidence."""
    return make_app(tmp_path / "demo.db", demo=True, glyphs=ASCII)


async def at_overview(pilot):
    await wait_for(pilot, shows(pilot, "Registered Medical Assistant"), "the overview")


async def test_the_overview_marks_each_status_and_draws_the_chart_in_ascii(demo):
    async with demo.run_test(size=SIZE) as pilot:
        await at_overview(pilot)
        assert "o On track" in line_with(demo, "RMA  Registered Medical Assistant")
        assert "! Behind" in line_with(demo, "RPT  Registered Phlebotomy")
        assert line_with(demo, "Status    o").split() == ["Status", "o", "On", "track", "Category", "Points"]
        assert line_with(demo, "not yet in AMTrax").startswith(" ! 24 activities")
        rows = chart(demo)
        assert all(row.isascii() for row in rows), "\n".join(rows)
        assert rows[0].startswith("    30 +") and rows[1].startswith("       |") and rows[3].startswith("     0 +")
        assert "#" in rows[3] and rows[3].endswith("....")  # the points so far, then the days to come
        assert "cumulative points; . days to come" in rows[4]
        assert not UNICODE_MARKS & set(screen_text(demo))


async def test_the_attestation_reads_as_x_or_blank_in_brackets_as_it_is_toggled(demo):
    async with demo.run_test(size=SIZE) as pilot:
        await at_overview(pilot)
        await pilot.press("r")
        await wait_for(pilot, screen_is(pilot, "ActivityFormScreen"), "the form")
        attest = "I attest that the information entered is correct"
        assert line_with(demo, attest).strip().startswith(f"[ ] {attest}")
        assert line_with(demo, "Also count").split()[2:4] == ["[", "]"]  # the other credential's tick, blank
        demo.screen.query_one("#attestation").focus()
        await pilot.press("space")
        await wait_for(pilot, lambda: f"[x] {attest}" in screen_text(demo), "the attestation ticked")
        await pilot.press("space")
        await wait_for(pilot, lambda: f"[ ] {attest}" in screen_text(demo), "the attestation cleared")
        await pilot.press("ctrl+s")  # refused: the errors are marked with an x
        await wait_for(pilot, lambda: "x is required" in screen_text(demo), "the errors")
        assert not UNICODE_MARKS & set(screen_text(demo))


async def test_the_history_marks_the_sort_and_the_evidence_in_ascii(demo):
    async with demo.run_test(size=SIZE) as pilot:
        await at_overview(pilot)
        await pilot.press("h")
        await wait_for(pilot, shows(pilot, "activities in the RMA cycle"), "the history")
        heading = line_with(demo, "Proof")
        assert heading.split()[:2] == ["Date", "v"]
        proof = heading.index("Proof")
        rows = screen_text(demo).splitlines()[4:17]
        assert {row[proof : proof + 5].strip() for row in rows} == {"+", "none"}
        await pilot.press("s")
        await wait_for(pilot, lambda: line_with(demo, "Proof").split()[:2] == ["Date", "^"], "oldest first")
        await pilot.press("s")
        await wait_for(pilot, lambda: "Points v" in line_with(demo, "Proof"), "the most points first")
        assert not UNICODE_MARKS & set(screen_text(demo))


async def test_at_60x20_the_notice_is_ascii_and_the_overview_shows_in_ascii_once_there_is_room(demo):
    async with demo.run_test(size=SMALL) as pilot:
        await wait_for(pilot, shows(pilot, "The terminal is too small."), "the notice")
        assert screen_text(demo).isascii()
        await pilot.resize_terminal(*SIZE)
        await wait_for(pilot, lambda: "too small" not in screen_text(demo), "the overview")
        await at_overview(pilot)
        assert "o On track" in line_with(demo, "RMA  Registered Medical Assistant")
        assert all(row.isascii() for row in chart(demo))

