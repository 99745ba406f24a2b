"""Every screen fits: below 80x24 only the notice shows, back at size the screen is as it was,
and at 80 columns each footer shows its keys whole. Which Select has focus shows."""

from __future__ import annotations

import pytest
from textual.geometry import Region
from textual.widgets import Footer, Select

from amtrax_tui.ui.screens.base import TooSmall
from tests.ui.conftest import SIZE, make_app, record, screen_is, screen_text, shows, wait_for
from tests.ui.test_export import open_export
from tests.ui.test_history import open_history
from tests.ui.test_kiosk import kiosk, sign_in, signed_in_as_dana, site  # noqa: F401 (site: fixture)

SMALL = (60, 20)


async def overview(pilot):
    await wait_for(pilot, shows(pilot, "Registered Medical Assistant"), "the overview")


async def by_key(pilot, key: str, screen: str):
    await overview(pilot)
    await pilot.press(key)
    await wait_for(pilot, screen_is(pilot, screen), screen)


async def form(pilot):
    await by_key(pilot, "r", "ActivityFormScreen")
    await pilot.press("ctrl+s")  # with its messages under the fields
    await wait_for(pilot, lambda: pilot.app.screen.query_one("#points-error").display, "the points message")


async def members(pilot):
    await by_key(pilot, "m", "MembersScreen")
    await wait_for(pilot, lambda: pilot.app.screen.found, "the members")


async def amtrax(pilot):
    await by_key(pilot, "t", "AmtraxScreen")
    await wait_for(pilot, lambda: pilot.app.screen.rows, "the AMTrax list")


async def delete_question(pilot):
    await open_history(pilot)
    await pilot.press("d")
    await wait_for(pilot, screen_is(pilot, "ConfirmScreen"), "the delete question")


async def kiosk_sign_in(pilot):
    await wait_for(pilot, screen_is(pilot, "SignInScreen"), "the sign-in screen")


async def roster(pilot):
    await sign_in(pilot, "Jo Park", "9753")
    await wait_for(pilot, lambda: screen_is(pilot, "RosterScreen")() and pilot.app.screen.rows, "the roster")


async def roster_from_the_overview(pilot):
    await staff_overview(pilot)
    await pilot.press("o")
    await wait_for(pilot, lambda: screen_is(pilot, "RosterScreen")() and pilot.app.screen.rows, "the roster again")


async def staff_overview(pilot):
    await roster(pilot)
    await pilot.press("enter")
    await wait_for(pilot, lambda: screen_is(pilot, "OverviewScreen")() and shows(pilot, "Req")(), "the member's overview")


async def pin(pilot):
    await roster(pilot)
    await pilot.press("p")
    await wait_for(pilot, screen_is(pilot, "PinScreen"), "the PIN dialog")


# (name, at a kiosk, how to reach the screen from the start)
SCREENS = [
    ("overview", False, overview),
    ("record form", False, form),
    ("history", False, open_history),
    ("export", False, open_export),
    ("members", False, members),
    ("help", False, lambda pilot: by_key(pilot, "f1", "HelpScreen")),
    ("to AMTrax", False, amtrax),
    ("delete question", False, delete_question),
    ("kiosk sign-in", True, kiosk_sign_in),
    ("a member's kiosk overview", True, signed_in_as_dana),
    ("roster", True, roster),
    ("staff overview", True, staff_overview),
    ("roster from the overview", True, roster_from_the_overview),
    ("PIN dialog", True, pin),
]


@pytest.fixture
def app_for(request, db_path, rules, member):
    record(rules, member, title="Infection Control Update", points="2")

    def make(at_kiosk: bool):
        if at_kiosk:
            request.getfixturevalue("site")
            return kiosk(db_path)
        return make_app(db_path)

    return make


def notice_only(app) -> bool:
    notice = str(app.screen.query_one(TooSmall).content).split()
    return screen_text(app).split() == notice


@pytest.mark.parametrize(("name", "at_kiosk", "reach"), SCREENS, ids=[s[0] for s in SCREENS])
async def test_below_80x24_only_the_notice_then_the_screen_as_it_was(app_for, name, at_kiosk, reach):
    app = app_for(at_kiosk)
    async with app.run_test(size=SIZE) as pilot:
        await reach(pilot)
        before = screen_text(app)
        await pilot.resize_terminal(*SMALL)
        await wait_for(pilot, lambda: notice_only(app), f"nothing but the notice on the {name} screen")
        await pilot.resize_terminal(*SIZE)
        # The screen under a dialog is laid out again a frame or more after the dialog.
        try:
            await wait_for(pilot, lambda: screen_text(app) == before, "the screen back as it was")
        except AssertionError:
            assert screen_text(app) == before  # shows how it differs


@pytest.mark.parametrize(("name", "at_kiosk", "reach"), SCREENS, ids=[s[0] for s in SCREENS])
async def test_the_footer_at_80_columns_shows_each_key_whole(app_for, name, at_kiosk, reach):
    app = app_for(at_kiosk)
    async with app.run_test(size=SIZE) as pilot:
        await reach(pilot)
        if not app.screen.query(Footer):
            return  # a dialog over a screen: that screen's footer shows below it
        # The footer shows an action once, with the first of its keys.
        firsts: dict[str, str] = {}
        for _, binding, _, _ in app.screen.active_bindings.values():
            if binding.show:
                firsts.setdefault(binding.action, f"{app.get_key_display(binding)} {binding.description}")
        assert firsts

        def bottom_line() -> str:  # the palette's key sits at the right
            return screen_text(app).splitlines()[-1].split("▏")[0].rstrip()

        # The footer is drawn a frame after the screen: wait for it, then read it whole.
        await wait_for(pilot, lambda: bottom_line() != "", "the footer drawn")
        footer = bottom_line()
        for label in firsts.values():
            assert label in footer, (name, footer, label)
        assert any(footer.endswith(label) for label in firsts.values()), (name, footer)


def footer_line(app) -> str:
    return screen_text(app).splitlines()[-1]


@pytest.mark.parametrize("reach", [roster, roster_from_the_overview], ids=["home", "from the overview"])
async def test_the_roster_footer_shows_enter_first_and_enter_opens_the_member_after_a_small_terminal(app_for, reach):
    app = app_for(True)
    async with app.run_test(size=SIZE) as pilot:
        await reach(pilot)
        await wait_for(pilot, lambda: footer_line(app).strip(), "the footer drawn")
        assert footer_line(app).startswith(" enter Open  ^o Sign out")
        await pilot.resize_terminal(*SMALL)
        await wait_for(pilot, lambda: notice_only(app), "the notice")
        await pilot.press("enter")  # nothing behind the notice opens
        await pilot.pause()
        assert screen_is(pilot, "RosterScreen")()
        await pilot.resize_terminal(*SIZE)
        await wait_for(pilot, lambda: footer_line(app).startswith(" enter Open"), "the roster's footer back")
        name = app.screen.current().name
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_is(pilot, "OverviewScreen")() and shows(pilot, name)(), "the member opened")


def look(widget) -> list:
    """A Select's line with its value: each character with its style."""
    shown = widget.query_one("SelectCurrent")
    lines = shown.render_lines(Region(0, 0, shown.size.width, shown.size.height))
    return [(segment.text, segment.style) for line in lines for segment in line]


async def record_form(pilot):
    await by_key(pilot, "r", "ActivityFormScreen")


FORMS = [("record form", record_form), ("export", open_export)]


@pytest.mark.parametrize(("name", "reach"), FORMS, ids=[s[0] for s in FORMS])
async def test_every_select_shows_when_it_has_focus(app_for, name, reach):
    app = app_for(False)
    async with app.run_test(size=SIZE) as pilot:
        await reach(pilot)
        controls = list(app.screen.focus_chain)
        selects = [control for control in controls if isinstance(control, Select)]
        assert selects
        for control in selects:
            other = controls[(controls.index(control) + 1) % len(controls)]
            control.focus()
            await pilot.pause()
            focused = look(control)
            other.focus()
            await pilot.pause()
            assert look(control) != focused, f"{name}: focus on {control!r} cannot be seen"


async def test_an_open_list_has_a_border_of_its_own(app_for):
    app = app_for(False)
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot)
        app.screen.query_one("#export-cycle").focus()
        await pilot.press("enter")
        await wait_for(pilot, shows(pilot, "Previous cycle"), "the open list")
        lines = screen_text(app).splitlines()
        framed = [line for line in lines if "│Previous cycle" in line]
        assert framed and framed[0].rstrip().endswith("│")
        assert any("╭" in line for line in lines) and any("╰" in line for line in lines)
