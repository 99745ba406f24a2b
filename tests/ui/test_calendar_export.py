"""Calendar reminders from the export screen: what the calendar command writes."""

import pytest
from icalendar import Calendar

from amtrax_tui.config import Config
from amtrax_tui.transcript import generation_time
from amtrax_tui.transcript.calendar import write_calendar
from tests.ui.conftest import SIZE, TODAY, make_app, record, shows, wait_for
from tests.ui.test_export import EPOCH, choose, open_export, path_value

CALENDAR = 5  # the format selector: Text, CSV, JSON, Markdown, Audit packet, Calendar (.ics)


@pytest.fixture(autouse=True)
def fixed_generation_time(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


async def test_the_calendar_choice_writes_every_credential_reminders_into_one_file(db_path, rules, member, tmp_path):
    record(rules, member)
    folder = tmp_path / "exports"
    folder.mkdir()
    app = make_app(db_path, config=Config(export_dir=folder))
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot)
        await choose(pilot, "export-credential", 2)  # All credentials
        await choose(pilot, "export-cycle", 2)  # a cycle on a date: a calendar is of the current ones
        await pilot.press("tab", "tab")  # past the date, to the format
        await choose(pilot, "export-format", CALENDAR)
        target = folder / "ccp-reminders-A-778812.ics"
        await wait_for(pilot, lambda: path_value(app) == str(target), "the .ics name")
        cycle = app.screen.query_one("#export-cycle")
        assert cycle.disabled and cycle.value == "current" and not app.screen.query_one("#export-date").display
        assert "cycle end, dues, projection" in str(app.screen.query_one("#export-format-note").content)
        await pilot.press("ctrl+s")
        await wait_for(pilot, target.exists, "the calendar file")
        await wait_for(pilot, shows(pilot, "Wrote"), "the written path")
    expected = write_calendar(rules, member, None, TODAY, tmp_path / "expected.ics", generation_time())
    assert target.read_bytes() == expected.read_bytes()
    codes = {str(e["summary"]).split()[0].rstrip(":") for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT")}
    assert codes == {"RMA", "RPT"}
    assert sorted(p.name for p in folder.iterdir()) == [target.name]
