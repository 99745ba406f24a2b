"""One read of what the screens show for a member, on each database backend."""

import dataclasses
from decimal import Decimal

from amtrax_tui.store import activities, members
from amtrax_tui.store.snapshot import read_snapshot

from .support import ACTOR, TODAY, draft


def test_the_snapshot_holds_each_credential_held_and_its_progress_in_the_cycle_of_today(member, rules):
    activities.record(rules, member.id, ["RMA", "MLT"], draft(points=Decimal("2")), TODAY, ACTOR)
    snapshot = read_snapshot(rules, member, TODAY)
    assert snapshot.member == member and snapshot.today == TODAY
    assert [h.code for h in snapshot.held] == ["MLT", "RMA"]
    assert [(p.credential.code, p.earned) for p in snapshot.progress] == [("MLT", Decimal(2)), ("RMA", Decimal(2))]
    assert all(TODAY in p.cycle for p in snapshot.progress)
    assert snapshot.progress_of("RMA").credential.code == "RMA" and snapshot.progress_of("RPT") is None
    assert snapshot.problem == ""


def test_the_snapshot_counts_every_member_of_the_database(member, rules):
    members.add_member("Bo Kim", "B200", ACTOR)
    assert read_snapshot(rules, member, TODAY).members == 2


def test_the_snapshot_counts_activities_not_yet_entered_in_amtrax_and_their_points(member, rules):
    first = activities.record(rules, member.id, ["RMA"], draft(points=Decimal("1.5")), TODAY, ACTOR)
    activities.record(rules, member.id, ["RMA"], draft(title="Second course", points=Decimal("2")), TODAY, ACTOR)
    assert read_snapshot(rules, member, TODAY).not_in_amtrax == (2, Decimal("3.5"))
    activities.mark_entered(first, TODAY, TODAY, ACTOR)
    assert read_snapshot(rules, member, TODAY).not_in_amtrax == (1, Decimal("2"))


def test_a_credential_the_rules_file_lacks_is_named_in_the_problem_and_the_others_still_show(member, rules):
    fewer = dataclasses.replace(rules, credentials={"RMA": rules.credentials["RMA"]})
    snapshot = read_snapshot(fewer, member, TODAY)
    assert [h.code for h in snapshot.held] == ["MLT", "RMA"]  # still held: the rules file is what changed
    assert [p.credential.code for p in snapshot.progress] == ["RMA"]
    assert snapshot.problem == "credential: MLT is not in the rules file"

