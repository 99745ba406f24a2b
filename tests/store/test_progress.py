"""Progress computed from SQL sums over the allocations."""

import dataclasses
import datetime as dt
from decimal import Decimal
from importlib import resources

import pytest

from amtrax_tui.ccp import load_rules
from amtrax_tui.store import activities, members
from amtrax_tui.store.progress import credential_progress, cycle_containing, previous_cycle, progress
from amtrax_tui.store.records import Invalid

from .support import ACTOR, TODAY, draft

D = dt.date


def record(rules, member, codes=("RMA",), **changes):
    return activities.record(rules, member.id, list(codes), draft(**changes), TODAY, ACTOR)


def test_decimal_points_sum_exactly_in_sql(rules, member):
    record(rules, member, points=Decimal("0.1"), title="a")
    record(rules, member, points=Decimal("0.2"), title="b")
    [rma] = progress(rules, member.id, TODAY, "RMA")
    assert (rma.earned, rma.remaining) == (Decimal("0.3"), Decimal("29.7"))
    assert rma.by_category["professional-education"] == Decimal("0.3")


def test_one_progress_per_credential_held_for_the_cycle_containing_the_date(rules, member):
    record(rules, member, codes=("RMA", "MLT"), points=Decimal("23"))
    record(rules, member, codes=("MLT",), points=Decimal("40"), title="Big course", category="formal-education")
    by_code = {p.credential.code: p for p in progress(rules, member.id, TODAY)}
    assert set(by_code) == {"RMA", "MLT"}
    # 837 of RMA's 1096 days have passed: on track needs 30 x 837 / 1096 = 22.9 points.
    assert (by_code["RMA"].earned, by_code["RMA"].status) == (23, "on_track")
    assert (by_code["MLT"].earned, by_code["MLT"].status, by_code["MLT"].date_met) == (63, "met", D(2024, 5, 2))
    assert by_code["MLT"].invoice_available_on == D(2024, 5, 3)
    assert (by_code["RMA"].cycle.start, by_code["RMA"].cycle.end) == (D(2022, 3, 1), D(2025, 2, 28))
    assert by_code["RMA"].next_dues_month == "2025-03"


def test_progress_as_of_an_earlier_date_ignores_later_points(rules, member):
    record(rules, member, points=Decimal("5"), start=D(2024, 5, 1), end=D(2024, 5, 2))
    [rma] = progress(rules, member.id, D(2024, 5, 1), "RMA")
    assert rma.earned == 0
    [rma] = progress(rules, member.id, D(2024, 5, 2), "RMA")
    assert rma.earned == 5


def test_progress_of_the_next_cycle_starts_from_nothing(rules, member):
    record(rules, member, points=Decimal("30"))
    [rma] = progress(rules, member.id, D(2025, 3, 1), "RMA")
    assert (rma.cycle.start, rma.earned, rma.status) == (D(2025, 3, 1), 0, "on_track")
    [rma] = progress(rules, member.id, D(2025, 2, 28), "RMA")
    assert rma.status == "met"


def test_a_deleted_activity_no_longer_counts(rules, member):
    activity_id = record(rules, member, points=Decimal("7"))
    activities.delete(activity_id, ACTOR)
    assert progress(rules, member.id, TODAY, "RMA")[0].earned == 0
    activities.restore(activity_id, ACTOR)
    assert progress(rules, member.id, TODAY, "RMA")[0].earned == 7


def test_a_cap_from_the_rules_file_keeps_extra_points_recorded_but_uncounted(rules, member, tmp_path):
    text = resources.files("amtrax_tui.ccp").joinpath("rules.toml").read_text("utf-8")
    path = tmp_path / "capped.toml"
    path.write_text(text.replace('name = "Authorship of Written Works"', 'name = "Authorship of Written Works"\ncap = 5'))
    capped = load_rules(path)
    record(capped, member, category="authorship", points=Decimal("4"), title="Article one")
    second = record(capped, member, category="authorship", points=Decimal("3"), title="Article two")
    [rma] = progress(capped, member.id, TODAY, "RMA")
    [authorship] = [c for c in rma.categories if c.slug == "authorship"]
    assert (authorship.recorded, authorship.counted, authorship.cut) == (7, 5, 2)
    assert rma.earned == 5
    assert activities.get_activity(second).points == 3  # still recorded as typed


def test_progress_for_a_credential_not_held_is_refused(rules, member):
    with pytest.raises(Invalid, match="credential: the member does not hold RPT"):
        progress(rules, member.id, TODAY, "RPT")


def test_a_date_before_the_first_cycle_is_refused(rules, member):
    [held] = [h for h in members.list_credentials(member.id) if h.code == "RMA"]
    with pytest.raises(Invalid, match="on: 2022-02-28 is before the RMA cycle start 2022-03-01"):
        cycle_containing(rules, held, D(2022, 2, 28))


def test_previous_cycle(rules, member):
    [held] = [h for h in members.list_credentials(member.id) if h.code == "RMA"]
    with pytest.raises(Invalid, match="RMA has no cycle before 2022-03-01"):
        previous_cycle(rules, held, TODAY)
    earlier = previous_cycle(rules, held, D(2025, 3, 1))
    assert (earlier.start, earlier.end) == (D(2022, 3, 1), D(2025, 2, 28))
    assert credential_progress(rules, held, earlier, D(2025, 3, 1)).status == "lapsed"


def test_a_credential_missing_from_the_rules_is_reported(rules, member):
    [held] = [h for h in members.list_credentials(member.id) if h.code == "RMA"]
    fewer = dataclasses.replace(rules, credentials={"MLT": rules.credentials["MLT"]})
    with pytest.raises(Invalid, match="RMA is not in the rules file"):
        credential_progress(fewer, held, cycle_containing(fewer, held, TODAY), TODAY)
