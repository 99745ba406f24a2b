"""A member holding credentials of several bodies, for the transcripts of each format:
RMA beside AAMA:CMA (its minimums unmet, or met), NHA:CPT (unverified), an RMA
certified in 2005 (CCP voluntary) and a CMA in its grace period."""

from __future__ import annotations

import datetime as dt

from amtrax_tui.ccp import compute_progress, load_rules
from amtrax_tui.store.records import ActivityInfo, HeldInfo
from amtrax_tui.transcript import Transcript
from tests.transcript.conftest import AS_OF, GENERATED_AT, MEMBER, activity

D = dt.date
RULES = load_rules(bodies=["AAMA", "NHA", "ASCP"])
HELD = {
    "RMA": HeldInfo(1, 1, "RMA", D(2023, 3, 15), D(2023, 3, 15)),
    "AAMA:CMA": HeldInfo(2, 1, "AAMA:CMA", D(2021, 3, 15), D(2021, 3, 15)),
    "NHA:CPT": HeldInfo(3, 1, "NHA:CPT", D(2023, 6, 10), D(2023, 6, 10)),
}
VOLUNTARY_RMA = HeldInfo(4, 1, "RMA", D(2005, 5, 1), D(2005, 5, 1))
# Its first cycle ended 2024-02-29; 90 days of grace follow, to 2024-05-29.
GRACE_CMA = HeldInfo(5, 1, "AAMA:CMA", D(2019, 2, 10), D(2019, 2, 10))
IN_GRACE = D(2024, 3, 15)
HOSTILE_AREA = "clin\x1b[2J\u202eical | *x* <b>"

PHLEBOTOMY = activity(
    1, D(2023, 4, 2), "professional-education", "Phlebotomy safety update", "20",
    provider="AAMA chapter", credentials=("RMA", "AAMA:CMA"),
    areas=(("clinical", "12"), ("general", "8")), approved=("AAMA",), minutes=600)
FRONT_OFFICE = activity(
    2, D(2024, 2, 10), "formal-education", "Front office and records", "15",
    provider="Community College", credentials=("AAMA:CMA",),
    areas=(("administrative", "5"), ("general", "10")), minutes=900)
CODING = activity(
    3, D(2024, 10, 1), "professional-education", "Coding and billing", "30",
    provider="AAMA", credentials=("AAMA:CMA",),
    areas=(("administrative", "10"), ("clinical", "10"), ("general", "10")), approved=("AAMA",), minutes=1200)
# RMA certified 2005, before CCP began: voluntary while unmet.
LAB_TOUR = activity(5, D(2024, 5, 2), "professional-education", "Laboratory tour", "3", minutes=90)
EKG = activity(4, D(2024, 6, 20), "professional-education", "EKG refresher", "4", credentials=("NHA:CPT",),
               minutes=480)
# 5 administrative and 10 AAMA-approved points short.
UNMET = (PHLEBOTOMY, FRONT_OFFICE)
MET = (PHLEBOTOMY, FRONT_OFFICE, CODING)


def body_transcript(held: HeldInfo, activities: tuple[ActivityInfo, ...], as_of: dt.date = AS_OF,
                    day: dt.date | None = None) -> Transcript:
    """The transcript of `held`'s cycle that contains `day` (default: `as_of`), with progress
    as of `as_of` counting each activity's points by area, and toward the body's approved
    points when the body approves its provider."""
    credential = RULES.credentials[held.code]
    cycle = held.cycle_on(RULES, day or as_of)
    chosen = tuple(a for a in activities if held.code in a.credentials and a.end in cycle)
    facets = [(a.end, f"area:{slug}", points) for a in chosen for slug, points in a.areas]
    facets += [(a.end, "approved", a.points) for a in chosen if credential.body in a.approved_by]
    progress = compute_progress(
        RULES, credential, cycle, held.certified_on, [(a.end, a.category, a.points) for a in chosen], as_of,
        facets, held.anchor)
    return Transcript(RULES, MEMBER, held, progress, chosen, GENERATED_AT)


def grace_transcript() -> Transcript:
    return body_transcript(GRACE_CMA, UNMET, as_of=IN_GRACE, day=GRACE_CMA.certified_on)


def hostile_transcript() -> Transcript:
    """A CMA activity whose area name holds an escape sequence, a bidi override and markup."""
    hostile = activity(6, D(2024, 3, 1), "professional-education", "Hostile area", "2",
                       credentials=("AAMA:CMA",), areas=((HOSTILE_AREA, "2"),), approved=("AAMA\x07",))
    return body_transcript(HELD["AAMA:CMA"], (hostile,))
