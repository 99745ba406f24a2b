"""A CMA whose cycle ended short less than 90 days ago, on the command line: `progress` judges the
ended cycle, in its grace period, and `record` takes activities dated inside it."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta

from amtrax_tui.ccp import Draft, load_rules
from amtrax_tui.store import activities, members
from amtrax_tui.store.db import open_database

from .conftest import TODAY

ENDED = TODAY.replace(day=1) - dt.timedelta(days=1)  # the end of last month: 1 to 31 days ago
# Certified on the first of a month, a CMA's first cycle ends with the 60th month after it.
CERTIFIED = ENDED.replace(day=1) - relativedelta(months=60)
GRACE_UNTIL = ENDED + dt.timedelta(days=90)


def cma_args(start: dt.date, title: str = "Late course") -> list[str]:
    return ["record", "--member", "A100", "--credential", "AAMA:CMA", "--category", "professional-education",
            "--title", title, "--points", "2", "--start", start.isoformat(), "--areas", "clinical=2",
            "--minutes", "60", "--approved", "AAMA", "--attest"]


@pytest.fixture
def short(cli, new_sqlite, tmp_path, monkeypatch):
    """Ann Lee (A100), whose AAMA:CMA cycle ended last month with 4 of its 60 points."""
    config = tmp_path / "config.toml"
    config.write_text('bodies = ["AAMA"]\n')
    monkeypatch.setenv("AMTRAX_CONFIG", str(config))
    rules = load_rules(bodies=["AAMA"])
    database = open_database(str(new_sqlite(Path(cli.target))))
    ann = members.add_member("Ann Lee", "A100", "test")
    members.add_credential(rules, ann.id, "AAMA:CMA", CERTIFIED, None, CERTIFIED, "test")
    day = ENDED - dt.timedelta(days=20)
    draft = Draft(category="professional-education", title="Course", points=Decimal(4), start=day, end=day,
                  attested=True, areas=(("clinical", Decimal(4)),), approved_by=("AAMA",), minutes=240)
    activities.record(rules, ann.id, ["AAMA:CMA"], draft, day, "test")
    database.close()
    return cli


def test_progress_judges_the_ended_cycle_in_its_grace_period(short):
    [cma] = short.ok("progress", "--member", "A100", "--json").json()
    assert (cma["cycle_start"], cma["cycle_end"]) == (CERTIFIED.isoformat(), ENDED.isoformat())
    assert (cma["status"], cma["grace_until"], cma["earned"], cma["days_left"]) == (
        "grace", GRACE_UNTIL.isoformat(), 4, 0)
    assert short.ok("progress", "--member", "A100", "--json", "--on", TODAY.isoformat()).json() == [cma]
    assert "Grace period" in short.ok("progress", "--member", "A100").out


def test_record_takes_an_activity_of_the_ended_cycle_and_refuses_one_of_the_new(short):
    refusal = short.refused(*cma_args(TODAY, title="Too new"))
    assert refusal == (f"amtrax-tui: start: must fall inside the AAMA:CMA cycle {CERTIFIED.isoformat()} to "
                       f"{ENDED.isoformat()}, in its grace period; end: must fall inside the AAMA:CMA cycle "
                       f"{CERTIFIED.isoformat()} to {ENDED.isoformat()}, in its grace period")
    short.ok(*cma_args(ENDED))
    [cma] = short.ok("progress", "--member", "A100", "--json").json()
    assert (cma["cycle_end"], cma["earned"], cma["status"]) == (ENDED.isoformat(), 6, "grace")
    assert [row["title"] for row in short.ok("activities", "--member", "A100", "--json").json()] == [
        "Course", "Late course"]
