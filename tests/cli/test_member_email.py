"""member add --email and member edit: a member's e-mail address, refused when it is not one."""

from __future__ import annotations

import pytest


def test_an_address_given_on_add_is_listed(cli):
    cli.ok("member", "add", "--name", "Ann Lee", "--amt-id", "A100", "--email", "ann.lee@example.org")
    cli.ok("member", "add", "--name", "Bob Diaz", "--amt-id", "B200")
    assert [(m["amt_id"], m["email"]) for m in cli.ok("member", "list", "--json").json()] == [
        ("A100", "ann.lee@example.org"), ("B200", None)]
    assert cli.ok("member", "list").out.splitlines()[1].split() == ["A100", "Ann", "Lee", "ann.lee@example.org"]


def test_member_edit_changes_the_name_and_the_address_and_an_empty_one_removes_it(cli):
    cli.ok("member", "add", "--name", "Ann Lee", "--amt-id", "A100")
    assert cli.ok("member", "edit", "--amt-id", "A100", "--email", "ann@example.org").out == (
        "Ann Lee (AMT ID A100): e-mail ann@example.org\n")
    assert cli.ok("member", "edit", "--amt-id", "A100", "--name", "Ann Lee-Park").out == (
        "Ann Lee-Park (AMT ID A100): e-mail ann@example.org\n")
    assert cli.ok("member", "edit", "--amt-id", "A100", "--email", "").out == "Ann Lee-Park (AMT ID A100): e-mail none\n"
    assert cli.ok("member", "list", "--json").json()[0] == {"id": 1, "name": "Ann Lee-Park", "amt_id": "A100",
                                                            "email": None}


BAD = [
    ("ann.example.org", "amtrax-tui: email: must be an e-mail address such as name@example.org"),
    ("ann@example", "amtrax-tui: email: must be an e-mail address such as name@example.org"),
    ("ann@example.org\x1b]52;c;aGk=\x07", "amtrax-tui: email: must be a single line of printable text"),
    ("ann@example.org\nBcc: all@example.org", "amtrax-tui: email: must be a single line of printable text"),
    ("a" * 243 + "@example.org", "amtrax-tui: email: at most 254 characters"),
]


@pytest.mark.parametrize("email, error", BAD, ids=["no-at", "no-dot", "escape", "newline", "too-long"])
def test_member_add_refuses_an_address_that_is_not_one(cli, email, error):
    cli.ok("member", "list")  # the database exists: refused commands must leave it as it is
    assert cli.refused("member", "add", "--name", "Ann Lee", "--amt-id", "A100", "--email", email) == error


@pytest.mark.parametrize("email, error", BAD, ids=["no-at", "no-dot", "escape", "newline", "too-long"])
def test_member_edit_refuses_an_address_that_is_not_one(cli, email, error):
    cli.ok("member", "add", "--name", "Ann Lee", "--amt-id", "A100", "--email", "ann@example.org")
    assert cli.refused("member", "edit", "--amt-id", "A100", "--email", email) == error


def test_member_edit_needs_something_to_change_and_a_member(cli):
    cli.ok("member", "add", "--name", "Ann Lee", "--amt-id", "A100")
    assert cli.refused("member", "edit", "--amt-id", "A100") == "amtrax-tui: member edit: give --name, --email or both"
    assert cli.refused("member", "edit", "--amt-id", "Z9", "--email", "z@example.org") == (
        "amtrax-tui: member: no member has AMT ID 'Z9'")
