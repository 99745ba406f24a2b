"""The JSON transcript: one document for one or several credentials.

Numbers are JSON numbers (whole points as integers), dates ISO 8601 and
timestamps UTC with a Z. Text is UTF-8, with control, bidi and line-separator
characters as JSON escapes (\\u202e): safe to show on a terminal, and it
decodes to the stored values. `schema_version` changes when a field changes
meaning or goes away; new fields may appear without a change.

Keys of other bodies' rules (a credential's "unverified" sentence, grace and minimums;
an activity's content areas, approvals and minutes) are in a document only when
one of its transcripts has such a value, and then in every transcript or
activity, null, empty or 0 where it has none.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from decimal import Decimal

from amtrax_tui.ccp import STATUS_LABELS, visible_json
from amtrax_tui.ccp.progress import UNVERIFIED
from amtrax_tui.store.records import ActivityInfo
from amtrax_tui.transcript.model import Transcript, timestamp

SCHEMA_VERSION = 1


def render_json(transcripts: Sequence[Transcript]) -> str:
    """All of one member's transcripts, generated together, as one document."""
    first = transcripts[0]
    present = _present(transcripts)
    document = {
        "schema_version": SCHEMA_VERSION,
        "generated_at": timestamp(first.generated_at),
        "member": {"name": first.member.name, "amt_id": first.member.amt_id},
        "attestation": first.rules.attestation,
        "transcripts": [_transcript(t, present) for t in transcripts],
    }
    return visible_json(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _date(value) -> str | None:
    return value.isoformat() if value else None


# The optional keys of a transcript, then of an activity, each with the test of whether it has a value.
_TRANSCRIPT_KEYS: dict[str, Callable[[Transcript], bool]] = {
    "unverified": lambda t: t.progress.unverified,
    "grace_until": lambda t: t.progress.grace_until is not None,
    "minimums": lambda t: bool(t.progress.minimums),
    "others_not_counted": lambda t: t.credential.approval is not None,
}
_ACTIVITY_KEYS: dict[str, Callable[[ActivityInfo], bool]] = {
    "areas": lambda a: bool(a.areas),
    "approved": lambda a: bool(a.approved_by),
    "minutes": lambda a: a.minutes is not None,
}


def _present(transcripts: Sequence[Transcript]) -> set[str]:
    """The optional keys the document holds: those any of its transcripts or activities has a value for."""
    found = {key for key, has in _TRANSCRIPT_KEYS.items() if any(map(has, transcripts))}
    return found | {
        key for key, has in _ACTIVITY_KEYS.items() if any(has(a) for t in transcripts for a in t.activities)
    }


def _only(present: set[str], values: dict) -> dict:
    return {key: value for key, value in values.items() if key in present}


def _transcript(t: Transcript, present: set[str]) -> dict:
    p = t.progress
    return {
        "credential": {
            "code": t.credential.code,
            "name": t.credential.name,
            "required": _number(p.required),
            **_only(present, {"unverified": UNVERIFIED if p.unverified else None}),
        },
        "cycle": {"start": p.cycle.start.isoformat(), "end": p.cycle.end.isoformat()},
        "summary": {
            "as_of": p.as_of.isoformat(),
            "required": _number(p.required),
            "earned": _number(p.earned),
            "remaining": _number(p.remaining),
            "status": p.status,
            "status_label": STATUS_LABELS[p.status],
            "date_met": _date(p.date_met),
            "invoice_available_on": _date(t.invoice_available_on),
            **_only(
                present,
                {
                    "grace_until": _date(p.grace_until),
                    "minimums": {
                        m.key: {"name": m.name, "required": _number(m.required), "earned": _number(m.earned)}
                        for m in p.minimums
                    },
                    "others_not_counted": _number(p.others_cut),
                },
            ),
        },
        "categories": [
            {
                "slug": c.slug,
                "name": t.category_name(c.slug),
                "recorded": _number(c.recorded),
                "counted": _number(c.counted),
                "cap": _number(c.cap),
                "not_counted": _number(c.cut),
            }
            for c in p.categories
        ],
        "activities": [
            {
                "id": a.id,
                "start_date": a.start.isoformat(),
                "end_date": a.end.isoformat(),
                "category": a.category,
                "category_name": t.category_name(a.category),
                "title": a.title,
                "provider": a.provider,
                "points": _number(a.points),
                "notes": a.notes,
                "evidence": a.evidence,
                "evidence_sha256": a.evidence_sha256,
                "credentials": list(a.credentials),
                "attested_at": timestamp(a.attested_at),
                "created_at": timestamp(a.created_at),
                "updated_at": timestamp(a.updated_at),
                "entered_in_amtrax": _date(a.entered_in_amtrax),
                "entered_by": a.entered_by,
                **_only(
                    present,
                    {
                        "areas": {slug: _number(points) for slug, points in a.areas},
                        "approved": list(a.approved_by),
                        "minutes": a.minutes,
                    },
                ),
            }
            for a in t.activities
        ],
        "activity_count": len(t.activities),
        "total_points": _number(t.total),
    }
