"""Fixed transcripts built from plain values, and golden files."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from amtrax_tui.ccp import compute_progress, cycle_on, load_rules
from amtrax_tui.store.records import ActivityInfo, HeldInfo, MemberInfo
from amtrax_tui.transcript import Transcript

GENERATED_AT = dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
AS_OF = dt.date(2024, 12, 31)
MEMBER = MemberInfo(1, "María José Núñez-Fernández", "A-123456")
HELD = {
    "RMA": HeldInfo(1, 1, "RMA", dt.date(2023, 3, 15), dt.date(2023, 3, 15)),
    "MLT": HeldInfo(2, 1, "MLT", dt.date(2019, 6, 1), dt.date(2022, 6, 1)),
}
SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
STAMP = dt.datetime(2024, 11, 5, 14, 30, 0)


def activity(id, start, category, title, points, end=None, provider="", notes="", evidence="",
             sha=None, credentials=("RMA",), entered=None, by="member:A-123456", areas=(), approved=(),
             minutes=None) -> ActivityInfo:
    return ActivityInfo(
        id=id, member_id=1, category=category, title=title, provider=provider,
        points=Decimal(points), start=start, end=end or start, notes=notes, evidence=evidence,
        evidence_sha256=sha, attested_at=STAMP, created_at=STAMP, updated_at=STAMP,
        credentials=tuple(credentials), entered_in_amtrax=entered, entered_by=by,
        areas=tuple((slug, Decimal(p)) for slug, p in areas), approved_by=tuple(approved), minutes=minutes,
    )


ACTIVITIES = (
    activity(1, dt.date(2023, 4, 2), "professional-education",
             "Phlebotomy safety update: needle handling, order of draw and specimen labelling", "2.5",
             provider="American Medical Technologists", evidence="/home/maria/ce/phlebotomy.pdf", sha=SHA,
             credentials=("MLT", "RMA")),
    activity(2, dt.date(2023, 9, 1), "formal-education", "Anatomy & Physiology II", "12",
             end=dt.date(2023, 12, 15), provider="Community College of Denver", evidence="CERT-99812",
             entered=dt.date(2024, 1, 8), by="staff:Jo Park"),
    activity(3, dt.date(2024, 2, 10), "instructional-presentation",
             "検体採取の安全管理と感染予防についての講義シリーズ 🩸💉 Ünïcödé", "1.25",
             provider="東京医療センター", by="cli:maria"),
    activity(4, dt.date(2024, 6, 20), "organizational-participation",
             "Chair | Infection-control committee", "3", provider="+Health Board",
             notes="Met monthly.\nMinutes kept by the secretary, \"quoted\", with commas.", by=""),
    activity(5, dt.date(2024, 11, 5), "authorship",
             "=SUM(A1:A3) and other spreadsheet formulas in laboratory QA", "15", provider="@lab-journal",
             evidence="/home/maria/ce/article.pdf", sha=SHA),
)


def make_transcript(code="RMA", activities=ACTIVITIES, rules=None, member=MEMBER, as_of=AS_OF,
                    generated_at=GENERATED_AT) -> Transcript:
    rules = rules or load_rules()
    held = HELD[code]
    cycle = cycle_on(held.anchor, as_of)
    chosen = tuple(a for a in activities if code in a.credentials and a.end in cycle)
    progress = compute_progress(rules, rules.credentials[code], cycle, held.certified_on,
                                [(a.end, a.category, a.points) for a in chosen], as_of)
    return Transcript(rules, member, held, progress, chosen, generated_at)


@pytest.fixture
def transcript() -> Transcript:
    return make_transcript()


@pytest.fixture(name="make_transcript")
def make_transcript_fixture():
    """make_transcript(code="RMA", activities=..., rules=..., member=..., as_of=...)"""
    return make_transcript


@pytest.fixture(name="activity")
def activity_fixture():
    """activity(id, start, category, title, points, end=, provider=, notes=, evidence=, sha=, credentials=,
    entered=, by=, areas=, approved=, minutes=)"""
    return activity
