"""A member holding two credentials, on whichever database the test runs."""

import pytest

from amtrax_tui.store import members

from .support import ACTOR, MLT_CERTIFIED, RMA_CERTIFIED, TODAY


@pytest.fixture
def member(database, rules):
    info = members.add_member("Ann Lee", "A100", ACTOR)
    members.add_credential(rules, info.id, "RMA", RMA_CERTIFIED, None, TODAY, ACTOR)
    members.add_credential(rules, info.id, "MLT", MLT_CERTIFIED, None, TODAY, ACTOR)
    return info
