"""An empty database walks the user through the profile and the first credential."""

from amtrax_tui.store import members
from tests.ui.conftest import SIZE, TODAY, make_app, screen_is, screen_text, shows, type_text, wait_for


async def test_first_run_creates_profile_then_credential_then_shows_overview(db_path):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, shows(pilot, "Step 1 of 2"), "the profile step")
        await type_text(pilot, "Maria Lopez")
        await pilot.press("tab")
        await type_text(pilot, "1234567")
        await pilot.press("ctrl+s")

        await wait_for(pilot, screen_is(pilot, "CredentialScreen"), "the credential step")
        await pilot.press("enter")  # open the credential selector
        assert "RMA Registered Medical Assistant (30 points)" in screen_text(app)
        await type_text(pilot, "RPT")  # type to search
        await pilot.press("enter")
        await pilot.press("tab")
        await type_text(pilot, "03/15/2024")
        await pilot.press("ctrl+s")

        await wait_for(pilot, screen_is(pilot, "OverviewScreen"), "the overview")
        await wait_for(pilot, shows(pilot, "Registered Phlebotomy"), "the RPT row")
        text = screen_text(app)
        assert "Maria Lopez" in text and "AMT ID 1234567" in text
        assert "2024-03-15 to 2027-03-14" in text

    (member,) = members.list_members()
    (held,) = members.list_credentials(member.id)
    assert (member.name, member.amt_id) == ("Maria Lopez", "1234567")
    assert (held.code, held.certified_on) == ("RPT", TODAY.replace(year=2024, month=3, day=15))


async def test_first_run_refuses_a_bad_amt_id_and_saves_nothing(db_path):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, screen_is(pilot, "ProfileScreen"), "the profile step")
        await type_text(pilot, "Maria Lopez")
        await pilot.press("tab")
        await type_text(pilot, "12 34")
        await pilot.press("ctrl+s")
        await wait_for(pilot, shows(pilot, "must be 1 to 32 letters, digits or dashes"), "the AMT ID message")
        assert app.screen.query_one("#save").disabled
        assert type(app.screen).__name__ == "ProfileScreen"
    assert members.list_members() == []


async def test_first_run_refuses_a_certification_date_in_the_future(db_path):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, screen_is(pilot, "ProfileScreen"), "the profile step")
        await type_text(pilot, "Maria Lopez")
        await pilot.press("tab")
        await type_text(pilot, "1234567")
        await pilot.press("enter")  # Enter on a complete form saves it
        await wait_for(pilot, screen_is(pilot, "CredentialScreen"), "the credential step")
        await pilot.press("enter")
        await type_text(pilot, "RMA")
        await pilot.press("enter", "tab")
        await type_text(pilot, "2027-01-01")
        await wait_for(pilot, shows(pilot, "must not be after today (2026-06-15)"), "the date message")
        await pilot.press("ctrl+s")
        assert type(app.screen).__name__ == "CredentialScreen"
    (member,) = members.list_members()
    assert members.list_credentials(member.id) == []


async def test_a_field_keeps_its_mark_and_message_after_the_focus_leaves_it(db_path):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, screen_is(pilot, "ProfileScreen"), "the profile step")
        await type_text(pilot, "Maria Lopez")
        await pilot.press("tab")
        await type_text(pilot, "12 34")
        await pilot.press("tab")  # on to the e-mail field
        await wait_for(pilot, shows(pilot, "must be 1 to 32 letters, digits or dashes"), "the AMT ID message")
        assert app.screen.query_one("#amt-id").has_class("-invalid")
        assert not app.screen.query_one("#name").has_class("-invalid")
        assert app.screen.query_one("#save").disabled
        await pilot.press("shift+tab", "backspace", "backspace", "backspace")
        await type_text(pilot, "234")
        await wait_for(pilot, lambda: not app.screen.query_one("#amt-id").has_class("-invalid"), "the mark to go")
        assert "must be 1 to 32" not in screen_text(app) and not app.screen.query_one("#save").disabled


async def test_adding_another_member_speaks_about_the_member(db_path, rules):
    first = members.add_member("Maria Lopez", "1234567", "test")
    members.add_credential(rules, first.id, "RMA", TODAY.replace(year=2025), None, TODAY, "test")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, shows(pilot, "Registered Medical Assistant"), "the overview")
        await pilot.press("m")
        await wait_for(pilot, screen_is(pilot, "MembersScreen"), "the members")
        await pilot.press("ctrl+n")
        await wait_for(pilot, screen_is(pilot, "ProfileScreen"), "the new member's profile")
        text = screen_text(app)
        assert "as on the member's AMT record" in text and "the member's AMT member ID" in text
        assert "your" not in text.lower()
        await type_text(pilot, "Sam Okafor")
        await pilot.press("tab")
        await type_text(pilot, "B-4410")
        await pilot.press("ctrl+s")
        await wait_for(pilot, screen_is(pilot, "CredentialScreen"), "the credential step")
        text = screen_text(app)
        assert "the AMT credential the member holds" in text and "The member's 3-year cycles" in text
        assert "your" not in text.lower()
