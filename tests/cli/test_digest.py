"""digest: the credentials whose cycle ends within N days short of their points, printed or e-mailed to staff."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from amtrax_tui.ccp import Draft, load_rules
from amtrax_tui.store import activities, members
from amtrax_tui.store.db import open_database
from amtrax_tui.store.roster import roster
from tests.smtp_server import smtp_config

ON = dt.date(2026, 6, 15)  # the digest's day (--on); cycles end relative to it


def days(n: int) -> dt.date:
    return ON + dt.timedelta(days=n)


def add(rules, name: str, amt_id: str, cycle_ends: dt.date, points: str = "0", recorded_on: dt.date = ON):
    """A member holding RMA (30 points) whose current cycle ends on `cycle_ends`, with `points` earned."""
    member = members.add_member(name, amt_id, "test")
    start = cycle_ends.replace(year=cycle_ends.year - 3) + dt.timedelta(days=1)
    members.add_credential(rules, member.id, "RMA", start, None, recorded_on, "test")
    if points != "0":
        day = min(recorded_on, cycle_ends) - dt.timedelta(days=30)
        draft = Draft(category="professional-education", title="Course", points=Decimal(points), start=day, end=day,
                      attested=True)
        activities.record(rules, member.id, ["RMA"], draft, recorded_on, "test")


@pytest.fixture
def site(cli, rules, new_sqlite):
    """Members on each side of the cutoffs: 90 days, and the statuses behind and lapsed."""
    database = open_database(str(new_sqlite(Path(cli.target))))
    add(rules, "Near Behind", "N1", days(30))  # behind, ends in 30 days: in
    add(rules, "Edge Behind", "E1", days(90))  # behind, ends on the 90th day: in
    add(rules, "Far Behind", "F1", days(91))  # behind, ends a day later: out
    add(rules, "Near Met", "M1", days(30), points="30")  # met: out
    add(rules, "Near Pace", "T1", days(30), points="29.5")  # on track: out unless asked for
    # Short in the cycle that ended 2025-12-31 (something was recorded in it): lapsed, in.
    add(rules, "Lapsed Lee", "L1", dt.date(2025, 12, 31), points="5", recorded_on=dt.date(2025, 6, 1))
    statuses = {r.name: r.status for r in roster(rules, ON)}
    database.close()
    assert statuses == {"Near Behind": "behind", "Edge Behind": "behind", "Far Behind": "behind", "Near Met": "met",
                        "Near Pace": "on_track", "Lapsed Lee": "lapsed"}
    return cli


def names(out: str) -> list[str]:
    found = []
    for line in out.splitlines():
        words = line.split()
        if len(words) > 2 and words[0] in {"N1", "E1", "F1", "M1", "T1", "L1"}:
            found.append(f"{words[1]} {words[2]}")
    return found


def test_the_digest_lists_behind_and_lapsed_credentials_ending_within_90_days(site):
    out = site.ok("digest", "--on", ON.isoformat()).out
    assert names(out) == ["Lapsed Lee", "Near Behind", "Edge Behind"]  # most at risk first
    lines = out.splitlines()
    assert lines[0] == ("CCP digest for 2026-06-15: 3 credentials behind, lapsed or in a grace period with their "
                        "cycle ending by 2026-09-13 (within 90 days).")
    assert "Grace until" not in out  # a column only when a credential in its grace period is listed
    assert lines[2].split() == ["AMT", "ID", "Name", "Cred", "Status", "Needs", "Per", "month", "Days", "left",
                                "Cycle", "ends"]
    near = next(line for line in lines if line.startswith("N1 "))
    assert near.split() == ["N1", "Near", "Behind", "RMA", "Behind", "30", "29.46", "31", "2026-07-15"]
    lapsed = next(line for line in lines if line.startswith("L1 "))
    assert lapsed.split() == ["L1", "Lapsed", "Lee", "RMA", "Lapsed", "25", "25", "0", "2025-12-31"]


def test_the_days_and_statuses_are_chosen(site):
    assert names(site.ok("digest", "--on", ON.isoformat(), "--within-days", "91").out) == [
        "Lapsed Lee", "Near Behind", "Edge Behind", "Far Behind"]
    assert names(site.ok("digest", "--on", ON.isoformat(), "--within-days", "30").out) == ["Lapsed Lee", "Near Behind"]
    assert names(site.ok("digest", "--on", ON.isoformat(), "--status", "behind,on_track").out) == [
        "Near Behind", "Edge Behind", "Near Pace"]
    assert names(site.ok("digest", "--on", ON.isoformat(), "--status", "met").out) == ["Near Met"]


def test_a_day_with_nothing_to_follow_up_says_so(site):
    assert site.ok("digest", "--on", ON.isoformat(), "--status", "behind", "--within-days", "29").out == (
        "CCP digest for 2026-06-15: no credential behind with its cycle ending by 2026-07-14 (within 29 days).\n")


@pytest.mark.parametrize("args, error", [
    (["--within-days", "-1"], "amtrax-tui: within-days: must be 0 or more"),
    (["--status", "behind,late"], ("amtrax-tui: status: 'late' is not a status; give one or more of met, "
                                   "on_track, behind, lapsed, grace, voluntary, separated by commas")),
    (["--status", ","], ("amtrax-tui: status: '' is not a status; give one or more of met, on_track, behind, "
                         "lapsed, grace, voluntary, separated by commas")),
    (["--on", "June 15"], "amtrax-tui: on: 'June 15' is not a date; use YYYY-MM-DD or MM/DD/YYYY"),
])
def test_bad_options_are_refused(site, args, error):
    assert site.refused("digest", *args) == error


def test_digest_send_mails_the_same_digest_to_the_staff_addresses(site, tmp_path, monkeypatch, mailbox):
    config = smtp_config(tmp_path, mailbox.port, extra='digest_to = ["office@example.org", "jo.park@example.org"]')
    monkeypatch.setenv("AMTRAX_CONFIG", str(config))
    printed = site.ok("digest", "--on", ON.isoformat()).out
    out = site.ok("digest", "--on", ON.isoformat(), "--send").out
    assert out == "sent the digest (3 to follow up) to office@example.org, jo.park@example.org\n"
    [(recipients, message)] = mailbox.received
    assert recipients == ["office@example.org", "jo.park@example.org"]
    assert message["Subject"] == "CCP digest 2026-06-15: 3 to follow up"
    assert message["To"] == "office@example.org, jo.park@example.org"
    assert message.get_content().replace("\r\n", "\n") == printed


def test_digest_send_sends_nothing_on_a_day_with_nothing_to_follow_up(site, tmp_path, monkeypatch, mailbox):
    config = smtp_config(tmp_path, mailbox.port, extra='digest_to = ["office@example.org"]')
    monkeypatch.setenv("AMTRAX_CONFIG", str(config))
    out = site.ok("digest", "--on", ON.isoformat(), "--status", "met", "--within-days", "0", "--send").out
    assert out.startswith("nothing to follow up, so no digest was sent: CCP digest for 2026-06-15: no credential")
    assert mailbox.received == []


def test_digest_send_without_staff_addresses_or_a_mail_server_says_so(site, tmp_path, monkeypatch, mailbox):
    monkeypatch.setenv("AMTRAX_CONFIG", str(smtp_config(tmp_path, mailbox.port)))
    result = site("digest", "--on", ON.isoformat(), "--send")
    assert (result.code, result.err) == (1, ("amtrax-tui: the digest has nobody to go to: the site's config file "
                                             "sets no digest_to; nothing was sent\n"))
    (tmp_path / "plain.toml").write_text('digest_to = ["office@example.org"]\n')
    monkeypatch.setenv("AMTRAX_CONFIG", str(tmp_path / "plain.toml"))
    result = site("digest", "--on", ON.isoformat(), "--send")
    assert (result.code, result.err) == (1, ("amtrax-tui: e-mail is not set up here: the site's config file has "
                                             "no [smtp] table; nothing was sent\n"))
    assert mailbox.received == []


def test_stored_control_characters_reach_neither_the_terminal_nor_the_mail(site, tmp_path, monkeypatch, mailbox):
    from amtrax_tui.store.models import Member

    database = open_database(site.target)
    Member.update(name="Near \x1b[2J\u202eBehind").where(Member.amt_id == "N1").execute()  # as another program might
    database.close()
    out = site.ok("digest", "--on", ON.isoformat()).out
    assert "Near \\x1b[2J\\u202eBehind" in out and "\x1b" not in out and "\u202e" not in out
    monkeypatch.setenv("AMTRAX_CONFIG", str(smtp_config(tmp_path, mailbox.port, extra='digest_to = ["o@example.org"]')))
    site.ok("digest", "--on", ON.isoformat(), "--send")
    body = mailbox.messages[0].get_content()
    assert "Near \\x1b[2J\\u202eBehind" in body and "\x1b" not in body and "\u202e" not in body


@pytest.fixture
def bodies_site(cli, new_sqlite, tmp_path, monkeypatch):
    """At a site tracking AAMA: a CMA whose cycle ended 2026-05-31 short (grace to 2026-08-29), and an RMA
    certified in 2005, before CCP began, with nothing recorded (CCP voluntary), both ending within 90 days."""
    config = tmp_path / "config.toml"
    config.write_text('bodies = ["AAMA"]\n')
    monkeypatch.setenv("AMTRAX_CONFIG", str(config))
    rules = load_rules(bodies=["AAMA"])
    database = open_database(str(new_sqlite(Path(cli.target))))
    grace = members.add_member("Grace Kim", "G1", "test")
    members.add_credential(rules, grace.id, "AAMA:CMA", dt.date(2021, 5, 3), None, ON, "test")
    day = dt.date(2025, 5, 2)
    draft = Draft(category="professional-education", title="Course", points=Decimal(4), start=day, end=day,
                  attested=True, areas=(("clinical", Decimal(4)),), approved_by=("AAMA",), minutes=240)
    activities.record(rules, grace.id, ["AAMA:CMA"], draft, day, "test")
    volunteer = members.add_member("Vera Old", "V1", "test")
    members.add_credential(rules, volunteer.id, "RMA", dt.date(2005, 7, 20), None, ON, "test")
    rows = {r.name: r for r in roster(rules, ON)}
    database.close()
    assert {name: (r.status, r.cycle.end) for name, r in rows.items()} == {
        "Grace Kim": ("grace", dt.date(2026, 5, 31)), "Vera Old": ("voluntary", dt.date(2026, 7, 19))}
    return cli


def test_a_credential_in_its_grace_period_is_listed_with_the_day_its_grace_ends(bodies_site):
    lines = bodies_site.ok("digest", "--on", ON.isoformat()).out.splitlines()
    assert lines[0] == ("CCP digest for 2026-06-15: 1 credential behind, lapsed or in a grace period with its cycle "
                        "ending by 2026-09-13 (within 90 days).")
    assert lines[2].split()[-4:] == ["Cycle", "ends", "Grace", "until"]
    assert lines[3].split() == ["G1", "Grace", "Kim", "AAMA:CMA", "Grace", "period", "56", "56", "76", "2026-05-31",
                                "2026-08-29"]
    assert lines[-1] == ("Grace until: the cycle ended short and the credential has expired; it can still be "
                         "recertified by continuing education until that date.")


def test_a_ccp_voluntary_credential_is_listed_only_when_asked_for(bodies_site):
    assert "Vera Old" not in bodies_site.ok("digest", "--on", ON.isoformat()).out
    out = bodies_site.ok("digest", "--on", ON.isoformat(), "--status", "voluntary").out
    assert out.splitlines()[0] == ("CCP digest for 2026-06-15: 1 credential CCP voluntary with its cycle ending by "
                                   "2026-09-13 (within 90 days).")
    assert out.splitlines()[3].split()[:6] == ["V1", "Vera", "Old", "RMA", "CCP", "voluntary"]
    assert "Grace until" not in out
