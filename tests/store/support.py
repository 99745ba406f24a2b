"""Fixed dates and a ready-made draft for the store tests."""

import dataclasses
import datetime as dt
from decimal import Decimal

from amtrax_tui.ccp import Draft

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
