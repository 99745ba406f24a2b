"""Several processes (SSH sessions, kiosks) writing to one SQLite file at once."""

import subprocess
import sys
import textwrap

from amtrax_tui.store import members
from amtrax_tui.store.db import open_database
from amtrax_tui.store.models import Activity, Allocation, Change

from .support import ACTOR, RMA_CERTIFIED, TODAY

PER_WRITER = 150

# Each writer opens the store, waits until the other is ready too, then
# records its activities one transaction at a time.
WRITER = textwrap.dedent("""
    import datetime as dt, pathlib, sys, time
    from decimal import Decimal
    from amtrax_tui.ccp import Draft, load_rules
    from amtrax_tui.store import activities, members
    from amtrax_tui.store.db import open_database

    path, name, count, today = sys.argv[1], sys.argv[2], int(sys.argv[3]), dt.date.fromisoformat(sys.argv[4])
    rules = load_rules()
    open_database(path)
    member = members.find_member("A100")
    folder = pathlib.Path(path).parent
    (folder / f"ready-{name}").touch()
    while len(list(folder.glob("ready-*"))) < 2:
        time.sleep(0.01)
    for i in range(count):
        draft = Draft(category="professional-education", title=f"{name} course {i}", points=Decimal("0.25"),
                      start=today, end=today, attested=True)
        activities.record(rules, member.id, ["RMA"], draft, today, f"writer:{name}")
""")


def test_two_processes_recording_at_once_both_succeed(tmp_path, rules):
    path = str(tmp_path / "shared.db")
    database = open_database(path)
    member = members.add_member("Ann Lee", "A100", ACTOR)
    members.add_credential(rules, member.id, "RMA", RMA_CERTIFIED, None, TODAY, ACTOR)
    database.close()

    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, path, name, str(PER_WRITER), TODAY.isoformat()],
                         stderr=subprocess.PIPE, text=True)
        for name in ("kiosk", "ssh")
    ]
    failures = [(w.wait(), w.stderr.read()) for w in writers]
    assert failures == [(0, ""), (0, "")]

    open_database(path)
    assert Activity.select().count() == Allocation.select().count() == 2 * PER_WRITER
    for name in ("kiosk", "ssh"):
        assert Change.select().where(Change.actor == f"writer:{name}").count() == PER_WRITER
