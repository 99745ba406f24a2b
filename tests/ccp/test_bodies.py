"""docs/ccp-rules.md section 11: rules of other bodies (AAMA, NHA, ASCP) beside AMT's."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amtrax_tui.ccp import Draft, RulesError, check_activity, compute_progress, cycle_at, cycle_on, load_rules

D = dt.date
P = Decimal
ALL = load_rules(bodies=["AAMA", "NHA", "ASCP"])
CMA = ALL.credentials["AAMA:CMA"]


def cma_cycle(certified, index=0, certification=True):
    return cycle_at(certified, index, CMA.schedule, certification)


@pytest.mark.parametrize("certified, end", [
    (D(2021, 3, 15), D(2026, 3, 31)),   # 31-day month
    (D(2021, 4, 30), D(2026, 4, 30)),   # 30-day month, certified on its last day
    (D(2022, 2, 1), D(2027, 2, 28)),    # certified on the 1st: still the end of that month
    (D(2019, 2, 28), D(2024, 2, 29)),   # ends in a leap February
    (D(2020, 2, 29), D(2025, 2, 28)),   # certified on a leap day
])
def test_aama_cycles_end_with_the_month_of_certification_60_months_on(certified, end):
    first, second = cma_cycle(certified, 0), cma_cycle(certified, 1)
    assert (first.start, first.end) == (certified, end)
    assert second.start == end + dt.timedelta(days=1) and second.start.day == 1
    assert second.end.month == end.month and (second.end + dt.timedelta(days=1)).day == 1


def test_a_cycle_start_on_the_first_of_a_month_is_the_day_after_a_cycle_ended():
    given_start = D(2026, 4, 1)  # the member's current cycle, after one that ended 2026-03-31
    assert cma_cycle(given_start, 0, certification=False).end == D(2031, 3, 31)
    assert cma_cycle(D(2026, 4, 10), 0, certification=False).end == D(2031, 4, 30)


def test_nha_cycles_are_two_years_and_asmt_three():
    cpt = ALL.credentials["NHA:CPT"]
    assert cycle_at(D(2024, 6, 10), 0, cpt.schedule).end == D(2026, 6, 9)
    assert ALL.credentials["ASCP:MLS"].schedule.months == 36


schedules = st.sampled_from(sorted({c.schedule for c in ALL.credentials.values()}, key=repr))


@given(
    schedule=schedules,
    anchor=st.dates(min_value=D(1950, 1, 1), max_value=D(2100, 12, 31)),
    index=st.integers(min_value=0, max_value=20),
    certification=st.booleans(),
)
def test_consecutive_cycles_of_every_credential_tile_the_calendar(schedule, anchor, index, certification):
    this = cycle_at(anchor, index, schedule, certification)
    following = cycle_at(anchor, index + 1, schedule, certification)
    assert this.start <= this.end
    assert following.start == this.end + dt.timedelta(days=1)
    assert cycle_on(anchor, this.end, schedule, certification) == this
    assert cycle_on(anchor, following.start, schedule, certification) == following


def cma_progress(daily, facets, as_of=D(2024, 6, 1), certified=D(2021, 3, 15)):
    cycle = cma_cycle(certified)
    return compute_progress(ALL, CMA, cycle, certified, daily, as_of, facets)


def split(day, admin, clinical, general, approved):
    """One day's points by category (all professional education), area and approval."""
    total = admin + clinical + general
    facets = [(day, "area:administrative", P(admin)), (day, "area:clinical", P(clinical))]
    facets += [(day, "area:general", P(general)), (day, "approved", P(approved))]
    return [(day, "professional-education", P(total))], facets


def test_the_total_alone_does_not_meet_a_cma_minimums_short():
    daily, facets = split(D(2023, 1, 10), 0, 40, 20, 60)
    progress = cma_progress(daily, facets)
    assert progress.earned == 60 and progress.status != "met"
    assert [m.needed for m in progress.minimums if m.short] == ["10 administrative points still needed"]
    assert progress.remaining == 10


def test_a_minimum_met_by_the_last_point_meets_the_requirement_that_day():
    daily, facets = split(D(2023, 1, 10), 9, 31, 20, 60)
    more_daily, more_facets = split(D(2023, 2, 1), P("1"), 0, 0, 1)
    before = cma_progress(daily, facets)
    assert before.status != "met" and before.remaining == 1
    after = cma_progress(daily + more_daily, facets + more_facets)
    assert after.status == "met" and after.date_met == D(2023, 2, 1)
    assert after.remaining == 0 and all(not m.short for m in after.minimums)


def test_at_most_30_points_from_providers_aama_has_not_approved_count():
    daily, facets = split(D(2023, 1, 10), 15, 15, 15, 10)  # 45 points, 35 not approved
    progress = cma_progress(daily, facets)
    assert progress.others_cut == 5 and progress.earned == 40
    approved = next(m for m in progress.minimums if m.key == "approved")
    assert approved.needed == "20 AAMA-approved points still needed"


def test_the_30th_approved_point_and_the_60th_meet_it_together():
    daily, facets = split(D(2023, 1, 10), 10, 10, 10, 0)
    more_daily, more_facets = split(D(2023, 5, 5), 10, 10, 10, 30)
    progress = cma_progress(daily + more_daily, facets + more_facets)
    assert (progress.earned, progress.status, progress.date_met) == (60, "met", D(2023, 5, 5))


@pytest.mark.parametrize("after_end, status", [(1, "grace"), (90, "grace"), (91, "lapsed")])
def test_an_unmet_cma_cycle_may_be_met_for_90_days_after_it_ends(after_end, status):
    cycle = cma_cycle(D(2021, 3, 15))
    as_of = cycle.end + dt.timedelta(days=after_end)
    progress = compute_progress(ALL, CMA, cycle, D(2021, 3, 15), [], as_of)
    assert progress.status == status
    assert progress.grace_until == D(2026, 6, 29)


def test_amt_has_no_grace_period():
    rma = ALL.credentials["RMA"]
    cycle = cycle_at(D(2020, 1, 1), 0)
    progress = compute_progress(ALL, rma, cycle, D(2020, 1, 1), [], cycle.end + dt.timedelta(days=1))
    assert (progress.status, progress.grace_until) == ("lapsed", None)


@pytest.mark.parametrize("certified, anchor, status", [
    (D(2005, 12, 31), D(2005, 12, 31), "voluntary"),
    (D(2005, 12, 31), D(2023, 5, 1), "behind"),     # recertified: a cycle start was given
    (D(2006, 1, 1), D(2006, 1, 1), "behind"),
])
def test_amt_ccp_is_voluntary_for_those_certified_before_2006(certified, anchor, status):
    rma = ALL.credentials["RMA"]
    cycle = cycle_on(anchor, D(2024, 6, 1))
    progress = compute_progress(ALL, rma, cycle, certified, [], D(2025, 6, 1) if status == "behind" else D(2024, 6, 1), anchor=anchor)
    assert progress.status == status


def test_a_voluntary_credential_that_is_met_shows_met():
    rma = ALL.credentials["RMA"]
    cycle = cycle_on(D(2000, 1, 1), D(2024, 6, 1))
    points = [(D(2024, 3, 1), "authorship", P(30))]
    assert compute_progress(ALL, rma, cycle, D(2000, 1, 1), points, D(2024, 6, 1)).status == "met"


def test_credentials_without_sourced_values_are_unverified():
    unverified = sorted(code for code, c in ALL.credentials.items() if not c.verified)
    assert unverified == sorted(c for c in ALL.credentials if c.startswith(("NHA:", "ASCP:")))
    progress = compute_progress(ALL, ALL.credentials["NHA:CPT"], cycle_at(D(2024, 1, 1), 0), D(2024, 1, 1), [], D(2024, 6, 1))
    assert progress.unverified and not cma_progress([], []).unverified


def cma_draft(**changes):
    values = dict(
        category="professional-education", title="Vaccine update", points=P(2), start=D(2024, 2, 1),
        end=D(2024, 2, 1), attested=True, areas=(("clinical", P(2)),), minutes=100,
    )
    return Draft(**values | changes)


def errors_for(draft, codes=("AAMA:CMA",)):
    cycles = {code: cycle_on(D(2023, 4, 1), D(2024, 6, 1), ALL.credentials[code].schedule) for code in codes}
    return {(e.field, e.message) for e in check_activity(ALL, draft, cycles, D(2024, 6, 1))}


@pytest.mark.parametrize("minutes, refused", [(49, True), (50, False), (None, True)])
def test_an_aama_activity_must_last_at_least_50_minutes(minutes, refused):
    found = errors_for(cma_draft(minutes=minutes))
    assert (("minutes", "must be at least 50 for the activity to count toward AAMA:CMA") in found) is refused


def test_an_activity_only_for_amt_needs_no_length_or_areas():
    assert errors_for(cma_draft(minutes=None, areas=()), codes=("RMA",)) == set()


def test_cma_points_must_be_split_among_its_areas_exactly():
    assert errors_for(cma_draft(areas=(("clinical", P(1)),))) == {
        ("areas", "the points of Administrative, Clinical, General must add up to the activity's 2 (now 1)")
    }
    assert errors_for(cma_draft(areas=())) == {
        ("areas", "give the points for each of Administrative, Clinical, General (AAMA:CMA counts them)")
    }
    assert errors_for(cma_draft(areas=(("clinical", P(1)), ("general", P(1))))) == set()
    assert ("areas", "'surgery' is not a content area of the credentials chosen") in errors_for(
        cma_draft(areas=(("clinical", P(2)), ("surgery", P(1))))
    )


def test_an_approval_is_refused_when_no_credential_chosen_knows_it():
    assert errors_for(cma_draft(approved_by=("AAMA",))) == set()
    assert errors_for(cma_draft(approved_by=("NHA",))) == {("approved", "'NHA' approves none of the credentials chosen")}


def test_one_activity_counts_toward_rma_and_cma_judged_by_each_body():
    assert errors_for(cma_draft(), codes=("RMA", "AAMA:CMA")) == set()
    assert ("minutes", "must be at least 50 for the activity to count toward AAMA:CMA") in errors_for(
        cma_draft(minutes=30), codes=("RMA", "AAMA:CMA")
    )


BODY = """body = "XYZ"
name = "Example body"

[credentials.ABC]
name = "A credential"
points = 20
"""


def body_file(tmp_path, text):
    path = tmp_path / "xyz.toml"
    path.write_text(text, "utf-8")
    return path


def test_a_site_may_load_a_body_file_of_its_own(tmp_path):
    rules = load_rules(bodies=[body_file(tmp_path, BODY)])
    assert rules.credentials["XYZ:ABC"].points == 20 and rules.resolve("xyz:abc") == "XYZ:ABC"


def test_a_renamed_code_of_another_body_is_read_with_its_body(tmp_path):
    rules = load_rules(bodies=[body_file(tmp_path, BODY.replace("points = 20", 'points = 20\nrenamed_from = ["ABO"]'))])
    assert rules.resolve("xyz:abo") == "XYZ:ABC" and rules.resolve("ABO") is None


@pytest.mark.parametrize("old, new, key", [
    ('body = "XYZ"', 'body = "AMT"', "body: must be 2 to 8 capital letters, other than AMT"),
    ('body = "XYZ"\n', "", "body: is missing"),
    ('name = "Example body"\n', "", "name: is missing"),
    ("points = 20", "points = 20\ncycle_months = 0", "credentials.ABC.cycle_months: must be a whole number from 1 to 240"),
    ("points = 20", "points = 20\ncycle_months = 2.5", "credentials.ABC.cycle_months: must be a whole number"),
    ("points = 20", 'points = 20\nanchoring = "monthly"', "credentials.ABC.anchoring: must be one of certification-date, end-of-month"),
    ("points = 20", "points = 20\nmin_minutes = 0", "credentials.ABC.min_minutes: must be a whole number of at least 1"),
    ("points = 20", "points = 20\ngrace_days = -1", "credentials.ABC.grace_days: must be a whole number of at least 0"),
    ("points = 20", 'points = 20\nrequired_from = "2006"', "credentials.ABC.required_from: must be a date"),
    ("points = 20", "points = 20\nrenamed_from = [\"ab c\"]", "credentials.ABC.renamed_from: must be a list of codes"),
    ("points = 20", "points = 20\nverified = 1", "credentials.ABC.verified: must be true or false"),
    ("points = 20", "points = 20\nareas.Clinical = { name = \"C\", minimum = 1 }", "credentials.ABC.areas.Clinical: must be a table named"),
    ("points = 20", "points = 20\nareas.clinical = { name = \"C\", minimum = 0 }", "credentials.ABC.areas.clinical.minimum: must be a number above 0"),
    ("points = 20", "points = 20\nareas.clinical = { name = \"C\" }", "credentials.ABC.areas.clinical.minimum: is missing"),
    ("points = 20", "points = 20\napproval = { minimum = 3 }", "credentials.ABC.approval.label: is missing"),
    ("points = 20", "points = 20\napproval = { label = \"X\", most = 3 }", "credentials.ABC.approval.most: unknown key"),
    ("points = 20", "points = 20\npoint = 3", "credentials.ABC.point: unknown key"),
    ("[credentials.ABC]", "[credentials.ABCDEFGHIJKLM]", "credentials.ABCDEFGHIJKLM: the name must be capital letters and digits, at most 16 with the body"),
    ("[credentials.ABC]", "[defaults]\npoints = 3\n[credentials.ABC]", "defaults.points: unknown key"),
    ("[credentials.ABC]", '[categories.authorship]\nname = "Again"\n[credentials.ABC]', "categories.authorship: AMT has it already"),
    ("[credentials.ABC]", '[categories.lab]\nname = "Lab"\ncredentials = ["ZZZ"]\n[credentials.ABC]', "categories.lab.credentials: 'ZZZ' is not a credential of this file"),
    ("[credentials.ABC]", '[categories.lab]\nname = "Lab"\nminimum = -2\n[credentials.ABC]', "categories.lab.minimum: must be a number above 0"),
    ("max", "max", ""),
])
def test_a_malformed_body_file_is_refused_naming_the_key(tmp_path, old, new, key):
    if old == "max":
        path = body_file(tmp_path, BODY + "max_points = 3\n")
        key = "max_points: unknown key"
    else:
        assert old in BODY
        path = body_file(tmp_path, BODY.replace(old, new, 1))
    with pytest.raises(RulesError) as caught:
        load_rules(bodies=[path])
    assert str(path) in str(caught.value) and key in str(caught.value)


def test_a_body_loaded_twice_is_refused():
    with pytest.raises(RulesError, match="body: AAMA is loaded twice"):
        load_rules(bodies=["AAMA", "aama"])


def test_a_body_category_counts_only_toward_that_bodys_credentials(tmp_path):
    text = BODY + '\n[categories.bench-work]\nname = "Bench work"\nminimum = 5\n'
    rules = load_rules(bodies=[body_file(tmp_path, text)])
    abc, rma = rules.credentials["XYZ:ABC"], rules.credentials["RMA"]
    bench, authorship = rules.categories["bench-work"], rules.categories["authorship"]
    assert rules.accepts(abc, bench) and not rules.accepts(abc, authorship) and not rules.accepts(rma, bench)
    progress = compute_progress(rules, abc, cycle_at(D(2024, 1, 1), 0), D(2024, 1, 1), [(D(2024, 2, 1), "bench-work", P(3))], D(2024, 6, 1))
    assert [m.needed for m in progress.minimums] == ["2 Bench work points still needed"]
