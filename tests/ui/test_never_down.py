"""A failing worker is a notice on the screen that started it: the app keeps running, the input stays."""

import ast
from pathlib import Path

from textual.widgets import Input

import amtrax_tui.ui
from amtrax_tui.store import activities
from amtrax_tui.store.db import StoreError
from tests.pg_scratch import scratch_server  # noqa: F401 (a fixture)
from tests.ui.conftest import DEADLINE_S, SIZE, TODAY, make_app, notices, screen_is, shows, wait_for
from tests.ui.test_record import fill, open_form

UI = Path(amtrax_tui.ui.__file__).parent


def notified(app, text):
    return lambda: any(text in str(n.message) for n in notices(app))


def test_every_worker_of_the_app_is_a_database_work_that_cannot_end_the_app():
    """`@work` with its default exit_on_error=True ends the app on any exception in the worker."""
    found = []
    for path in UI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for decorator in node.decorator_list:
                    call = decorator.func if isinstance(decorator, ast.Call) else decorator
                    if isinstance(call, ast.Name) and call.id == "work":
                        found.append(f"{path.name}:{node.name}")
    assert found == []


async def test_an_unexpected_error_while_saving_keeps_the_form_and_the_app(db_path, rules, member, monkeypatch):
    real_record = activities.record

    def broken(*args, **kwargs):
        raise RuntimeError("the disk controller said no")

    monkeypatch.setattr(activities, "record", broken)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot)
        await fill(pilot, title="Venipuncture Refresher")
        await pilot.press("ctrl+s")
        await wait_for(pilot, notified(app, "the disk controller said no"), "the notice saying what failed")
        assert app.is_running
        assert type(app.screen).__name__ == "ActivityFormScreen"
        assert app.screen.query_one("#title", Input).value == "Venipuncture Refresher"
        assert not app.screen.query_one("#save").disabled

        monkeypatch.setattr(activities, "record", real_record)
        await pilot.press("ctrl+s")
        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview after the second try")
    assert [a.title for a in activities.list_activities(member.id)] == ["Venipuncture Refresher"]


async def test_a_failing_poll_is_said_once_and_the_screens_recover(db_path, rules, member, monkeypatch):
    from amtrax_tui.store import history

    failures = []

    def unreachable():
        failures.append(1)
        raise StoreError("the database cannot be reached: server closed the connection")

    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview")
        real = history.latest_change_id
        monkeypatch.setattr(history, "latest_change_id", unreachable)
        await wait_for(pilot, lambda: len(failures) >= 3, "three failed polls")
        found = [n for n in notices(app) if "cannot be reached" in str(n.message)]
        assert len(found) == 1 and app.is_running

        monkeypatch.setattr(history, "latest_change_id", real)
        await wait_for(pilot, notified(app, "used again"), "the notice that the database is back")


async def test_a_database_that_cannot_be_opened_yet_is_waited_for_on_the_start_screen(tmp_path, rules, monkeypatch):
    from amtrax_tui.ui import app as app_module

    monkeypatch.setattr(app_module, "OPEN_RETRY_SECONDS", 0.2)
    folder = tmp_path / "not-yet"
    app = make_app(folder / "amtrax.db")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, shows(pilot, "cannot be opened yet"), "the start screen saying why it waits")
        assert app.is_running and type(app.screen).__name__ == "StartScreen"
        folder.mkdir()  # the mount appears, the administrator makes the folder...
        await wait_for(pilot, screen_is(pilot, "ProfileScreen"), "the first-run form once the database opens")


async def test_a_slow_open_is_said_on_the_start_screen_and_the_overview_follows(db_path, rules, member, monkeypatch):
    import threading

    from amtrax_tui.store import db as store_db

    opened = threading.Event()
    real_open = store_db.open_database

    def slow_open(*args, **kwargs):
        opened.wait(DEADLINE_S)  # a database on a slow network mount
        return real_open(*args, **kwargs)

    monkeypatch.setattr(store_db, "open_database", slow_open)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, shows(pilot, "Opening the database…"), "the start screen saying it opens")
        assert type(app.screen).__name__ == "StartScreen"
        opened.set()
        await wait_for(pilot, shows(pilot, "0.00 of 30 points"), "the overview once the database opens")


async def test_a_save_while_another_session_holds_the_write_lock_waits_keeps_the_form_and_completes(
        db_path, rules, member, monkeypatch):
    import sqlite3

    from amtrax_tui.store import db as store_db
    from amtrax_tui.ui.screens import activity_form

    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_S", 0.2)  # the app's connection gives up waiting quickly
    monkeypatch.setattr(store_db, "RETRY_PAUSE_S", 0.01)
    monkeypatch.setattr(activity_form, "SAVE_RETRY_SECONDS", 0.3)
    other = sqlite3.connect(db_path, isolation_level=None)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot)
        await fill(pilot, title="Lockout Tagout Basics")
        other.execute("BEGIN IMMEDIATE")  # another session writes, for longer than the busy timeout
        await pilot.press("ctrl+s")
        await wait_for(pilot, notified(app, "Retrying"), "the notice that the database is busy")
        assert any("busy" in str(n.message) and "kept" in str(n.message) for n in notices(app))
        await pilot.pause(1.0)  # several retries while the lock is held
        assert app.is_running and type(app.screen).__name__ == "ActivityFormScreen"
        assert app.screen.query_one("#title", Input).value == "Lockout Tagout Basics"
        assert activities.list_activities(member.id) == []

        other.execute("ROLLBACK")  # the other session is done
        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview once the save went through")
    other.close()
    assert [a.title for a in activities.list_activities(member.id)] == ["Lockout Tagout Basics"]


async def test_the_app_starts_and_shows_the_overview_while_another_session_holds_the_write_lock(
        db_path, rules, member, monkeypatch):
    import sqlite3

    from amtrax_tui.store import db as store_db

    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_S", 0.2)  # a reader that waited for the lock would fail
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # a long import, say
    try:
        app = make_app(db_path)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, shows(pilot, "Registered Medical Assistant"), "the overview")
            assert not [n for n in notices(app) if n.severity == "error"]
    finally:
        other.execute("ROLLBACK")
        other.close()


async def test_the_postgresql_server_going_away_is_said_and_the_app_recovers_when_it_returns(
        scratch_server, rules, monkeypatch):  # noqa: F811 (the fixture)
    import datetime as dt

    from amtrax_tui.store import members
    from amtrax_tui.store.db import open_database
    from amtrax_tui.ui.screens import activity_form

    monkeypatch.setattr(activity_form, "SAVE_RETRY_SECONDS", 0.3)
    open_database(scratch_server.url)
    dana = members.add_member("Dana Whitfield", "A-990001", "test")
    members.add_credential(rules, dana.id, "RMA", dt.date(2019, 1, 10), dt.date(2025, 1, 10), TODAY, "test")
    app = make_app(scratch_server.url)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot)
        await fill(pilot, title="Bloodborne Pathogens")
        scratch_server.stop()
        await wait_for(pilot, notified(app, "cannot be reached"), "the notice that the server is away")
        await pilot.press("ctrl+s")
        await wait_for(pilot, notified(app, "Retrying"), "the save waiting for the server")
        assert app.is_running and app.screen.query_one("#title", Input).value == "Bloodborne Pathogens"

        scratch_server.start()
        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview once the save went through")
        await wait_for(pilot, notified(app, "used again"), "the notice that the database is back")
    assert [a.title for a in activities.list_activities(dana.id)] == ["Bloodborne Pathogens"]
