"""Members holding credentials, on whichever database the test runs."""

import datetime as dt

import pytest

from amtrax_tui.ccp import load_rules
from amtrax_tui.store import members

from .support import ACTOR, MLT_CERTIFIED, RMA_CERTIFIED, TODAY

CMA_CERTIFIED = dt.date(2023, 1, 15)  # AAMA:CMA cycle 0: 2023-01-15 .. 2028-01-31; cycle 1 from 2028-02-01


@pytest.fixture
def member(database, rules):
    info = members.add_member("Ann Lee", "A100", ACTOR)
    members.add_credential(rules, info.id, "RMA", RMA_CERTIFIED, None, TODAY, ACTOR)
    members.add_credential(rules, info.id, "MLT", MLT_CERTIFIED, None, TODAY, ACTOR)
    return info


@pytest.fixture(scope="session")
def aama_rules():
    """AMT's rules with AAMA's."""
    return load_rules(bodies=["AAMA"])


@pytest.fixture
def cma(database, aama_rules):
    """A member holding AAMA:CMA alone, certified on CMA_CERTIFIED."""
    info = members.add_member("Ann Lee", "A100", ACTOR)
    members.add_credential(aama_rules, info.id, "AAMA:CMA", CMA_CERTIFIED, None, dt.date(2024, 1, 1), ACTOR)
    return info
