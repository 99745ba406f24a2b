"""A realistic member for people evaluating the app: built through the use cases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from amtrax_tui.ccp import Draft, Rules, cycle_on
from amtrax_tui.store import activities, members
from amtrax_tui.store.records import MemberInfo

ACTOR = "demo"
NAME = "Jordan Rivera"
AMT_ID = "DEMO-1042"

# (title, provider, category, points, evidence); evidence "" marks one without proof.
COURSES = [
    ("Bloodborne Pathogens Annual Update", "Hospital in-service", "professional-education", "1", "HS-2291"),
    ("HIPAA Privacy for Clinical Staff", "AMT eLearning", "professional-education", "1", "AMT-88412"),
    ("Venipuncture in Difficult Draws", "ASCP webinar", "professional-education", "1", "ASCP-55120"),
    ("Medical Terminology Refresher", "Community college", "formal-education", "2", "CC-TRANSCRIPT-7"),
    ("Infection Control in Outpatient Settings", "CDC TRAIN", "professional-education", "1.5", "TRAIN-301877"),
    ("Pediatric Vital Signs", "AMT eLearning", "professional-education", "0.5", ""),
    ("Electronic Health Records Workflow", "Vendor training", "professional-education", "1", "EHR-4410"),
    ("Order of Draw and Additives", "ASCP webinar", "professional-education", "0.75", "ASCP-55702"),
    ("Clinic Safety Committee", "Riverside Clinic", "organizational-participation", "1", ""),
    ("Patient Communication Skills", "AMT eLearning", "professional-education", "0.5", "AMT-90133"),
    ("Point-of-Care Testing Quality", "Lab quality seminar", "professional-education", "1", "LQS-118"),
    ("Taught phlebotomy skills lab", "Riverside Clinic", "instructional-presentation", "1.5", ""),
    ("Specimen Handling and Transport", "CDC TRAIN", "professional-education", "1", "TRAIN-302655"),
    ("Diabetes Care Update", "Medscape", "professional-education", "0.5", "MS-7781203"),
    ("Pharmacology Basics for MAs", "AMT eLearning", "professional-education", "1", "AMT-91502"),
    ("Newsletter article: needle safety", "Clinic newsletter", "authorship", "0.5", ""),
]


def build_demo(rules: Rules, today: dt.date) -> MemberInfo:
    """Add the demo member: RMA in the middle of a cycle, RPT in its first, with activities
    spread over each cycle so far (some counted toward both, some without evidence)."""
    member = members.add_member(NAME, AMT_ID, ACTOR)
    rma_start = today - relativedelta(months=20)
    rpt_start = today - relativedelta(months=14)
    members.add_credential(rules, member.id, "RMA", rma_start - relativedelta(years=6), rma_start, today, ACTOR)
    members.add_credential(rules, member.id, "RPT", rpt_start, None, today, ACTOR)
    cycles = {"RMA": cycle_on(rma_start, today), "RPT": cycle_on(rpt_start, today)}

    days = (today - rma_start).days
    count = len(COURSES) + 8
    for index in range(count):
        title, provider, category, points, evidence = COURSES[index % len(COURSES)]
        if index >= len(COURSES):  # the same courses a year on: a second, distinct session
            title = f"{title} (part 2)"
        start = rma_start + dt.timedelta(days=days * (index + 1) // (count + 1))
        codes = [code for code, cycle in cycles.items() if start in cycle]
        # Phlebotomy topics count toward RPT as well; the rest only toward RMA.
        phlebotomy = ("Venipuncture", "Order of Draw", "phlebotomy", "Specimen", "Bloodborne")
        if "RPT" in codes and not any(word in title for word in phlebotomy):
            codes.remove("RPT")
        draft = Draft(
            category=category,
            title=title,
            provider=provider,
            points=Decimal(points),
            start=start,
            end=start,
            evidence=evidence,
            attested=True,
        )
        activities.record(rules, member.id, codes, draft, today, ACTOR)
    return member
