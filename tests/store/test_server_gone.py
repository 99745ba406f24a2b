"""The PostgreSQL server going away mid-session and coming back (tests/pg_scratch.py)."""

from __future__ import annotations

import pytest

from amtrax_tui.store import activities, members
from amtrax_tui.store.db import Gone, open_database
from tests.pg_scratch import scratch_server as server  # noqa: F401 (a fixture)

from .support import ACTOR, RMA_CERTIFIED, TODAY, draft


def test_the_server_going_away_is_reported_and_the_store_works_again_once_it_is_back(server, rules):
    open_database(server.url)
    ann = members.add_member("Ann Lee", "A100", ACTOR)
    members.add_credential(rules, ann.id, "RMA", RMA_CERTIFIED, None, TODAY, ACTOR)
    activities.record(rules, ann.id, ["RMA"], draft(), TODAY, ACTOR)

    server.stop()
    with pytest.raises(Gone) as caught:  # the connection it had is gone
        members.list_members()
    message = str(caught.value)
    assert message.startswith(f"the server of the database {server.url} cannot be reached (")
    assert message.endswith("); try again once it is back") and "\n" not in message
    with pytest.raises(Gone) as caught:  # and a new one cannot be made
        activities.record(rules, ann.id, ["RMA"], draft(title="While it was down"), TODAY, ACTOR)
    assert "connection failed" in str(caught.value)

    server.start()
    activities.record(rules, ann.id, ["RMA"], draft(title="Once it was back"), TODAY, ACTOR)
    assert [a.title for a in activities.list_activities(ann.id)] == ["Infection control update", "Once it was back"]
