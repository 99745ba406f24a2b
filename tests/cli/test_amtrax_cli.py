"""The AMTrax hand-off from a shell: what is still to enter, and marking it entered."""

import pytest

from amtrax_tui.store.db import open_database
from amtrax_tui.store.history import changes_of

from .conftest import TODAY, days_ago, record_args


@pytest.fixture
def two(ann):
    """Ann's two activities: 1, ten days ago (1.5 points); 2, five days ago (2 points, a provider)."""
    ann.ok(*record_args(title="Infection control update"))
    ann.ok(*record_args("--provider", "County Hospital", title="Phlebotomy refresher", points="2",
                        start=days_ago(5)))
    return ann


def waiting(cli) -> list[int]:
    return [a["id"] for a in cli.ok("activities", "--member", "A100", "--not-in-amtrax", "--json").json()]


def test_the_list_gives_the_fields_in_the_order_amtrax_asks_for_them(two):
    out = two.ok("activities", "--member", "A100", "--not-in-amtrax").out.splitlines()
    assert out[0].split() == ["ID", "Activity", "type", "Points", "Start", "End", "Title", "Provider"]
    assert out[2].split() == ["2", "Professional", "Education", "2", days_ago(5), days_ago(5), "Phlebotomy",
                              "refresher", "County", "Hospital"]
    assert out[-1] == "2 activities (3.5 points) not yet in AMTrax"


def test_the_json_list_has_the_same_fields_in_the_same_order(two):
    [first, second] = two.ok("activities", "--member", "A100", "--not-in-amtrax", "--json").json()
    assert list(second) == ["id", "activity_type", "category", "points", "start", "end", "title", "provider"]
    assert second == {"id": 2, "activity_type": "Professional Education", "category": "professional-education",
                      "points": 2, "start": days_ago(5), "end": days_ago(5), "title": "Phlebotomy refresher",
                      "provider": "County Hospital"}
    assert first["points"] == 1.5


def test_mark_entered_takes_it_off_the_list_and_clear_puts_it_back(two):
    r = two.ok("mark-entered", "--activity", "1")
    assert r.out == f"activity 1 (Infection control update) entered in AMTrax on {TODAY.isoformat()}\n"
    assert waiting(two) == [2]
    assert two.ok("activities", "--member", "A100", "--json").json()[0]["entered_in_amtrax"] == TODAY.isoformat()
    assert two.ok("activities", "--member", "A100", "--not-in-amtrax").out.splitlines()[-1] == (
        "1 activity (2 points) not yet in AMTrax")

    r = two.ok("mark-entered", "--activity", "1", "--clear")
    assert r.out == "activity 1 (Infection control update) is not marked as entered in AMTrax\n"
    assert waiting(two) == [1, 2]
    assert two.ok("activities", "--member", "A100", "--json").json()[0]["entered_in_amtrax"] is None


def test_on_gives_the_day_it_was_entered_in_either_date_format(two):
    day = days_ago(3)
    two.ok("mark-entered", "--activity", "2", "--on", f"{day[5:7]}/{day[8:]}/{day[:4]}")
    assert two.ok("activities", "--member", "A100", "--json").json()[1]["entered_in_amtrax"] == day


def test_the_history_keeps_each_change(two):
    two.ok("mark-entered", "--activity", "1", "--on", days_ago(8))
    two.ok("mark-entered", "--activity", "1")
    two.ok("mark-entered", "--activity", "1", "--clear")
    open_database(two.target)
    changes = changes_of("activity", 1)
    assert [(c.action, c.after["entered_in_amtrax"]) for c in changes] == [
        ("create", None), ("update", days_ago(8)), ("update", TODAY.isoformat()), ("update", None)]
    assert {c.actor for c in changes} == {changes[0].actor}  # cli:USER, as for every command


def test_when_nothing_is_left_to_enter_the_list_says_so(two):
    two.ok("mark-entered", "--activity", "1")
    two.ok("mark-entered", "--activity", "2")
    assert two.ok("activities", "--member", "A100", "--not-in-amtrax").out.splitlines()[-1] == (
        "0 activities (0 points) not yet in AMTrax")
    assert waiting(two) == []


@pytest.mark.parametrize("args, message", [
    (["--activity", "1", "--on", days_ago(-1)], f"on: must not be after today ({TODAY.isoformat()})"),
    (["--activity", "1", "--on", days_ago(11)], f"on: must not be before the activity ends ({days_ago(10)})"),
    (["--activity", "1", "--on", "13/45/2025"], "on: '13/45/2025' is not a"),
    (["--activity", "1", "--on", "yesterday"], "on: 'yesterday' is not a date"),
    (["--activity", "99"], "activity: no activity has id 99"),
    (["--activity", "one"], "argument --activity: invalid int value: 'one'"),
    (["--activity", "1", "--on", days_ago(1), "--clear"], "give --on or --clear, not both"),
])
def test_bad_dates_and_unknown_activities_are_refused_and_nothing_is_written(two, args, message):
    two.ok("mark-entered", "--activity", "2")
    error = two.refused("mark-entered", *args)
    assert message in error
    assert waiting(two) == [1]
