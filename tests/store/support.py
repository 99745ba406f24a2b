"""Fixed dates and a ready-made draft for the store tests."""

import dataclasses
import datetime as dt
from decimal import Decimal

from amtrax_tui.ccp import Draft
from amtrax_tui.store import activities, members
from amtrax_tui.store.models import BacklogDay

# Store use cases take `today` as a parameter: a fixed date keeps tests exact.
TODAY = dt.date(2024, 6, 15)
RMA_CERTIFIED = dt.date(2022, 3, 1)  # cycle 2022-03-01 .. 2025-02-28
MLT_CERTIFIED = dt.date(2023, 9, 1)  # cycle 2023-09-01 .. 2026-08-31
ACTOR = "test:store"


def draft(**changes) -> Draft:
    base = Draft(category="professional-education", title="Infection control update",
                 provider="County Hospital", points=Decimal("1.5"),
                 start=dt.date(2024, 5, 1), end=dt.date(2024, 5, 2), notes="", attested=True)
    return dataclasses.replace(base, **changes)


def counted_by_day(member_id):
    """What is left to enter in AMTrax per end date, counted the obvious way from every activity."""
    other_body = any(":" in h.code for h in members.list_credentials(member_id))
    days: dict = {}
    for a in activities.list_activities(member_id):
        if a.entered_in_amtrax is None and (not other_body or any(":" not in c for c in a.credentials)):
            count, points = days.get(a.end, (0, Decimal(0)))
            days[a.end] = (count + 1, points + a.points)
    return days


def kept_by_day(member_id):
    rows = BacklogDay.select(BacklogDay.day, BacklogDay.activities, BacklogDay.points).where(
        BacklogDay.member == member_id)
    return {day: (count, points) for day, count, points in rows.tuples()}
