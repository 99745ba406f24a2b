"""Many processes writing to one database at once: nobody waits in vain, nothing is lost."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from amtrax_tui.store import members
from amtrax_tui.store.activities import count_activities, list_activities
from amtrax_tui.store.db import open_database
from amtrax_tui.store.history import changes_of

WORKERS = Path(__file__).with_name("site_workers.py")
PROCESSES, RECORDS = 4, 50


def test_concurrent_writers_lose_nothing(database_url):
    """Four processes open a new database together (so they also race to create
    its schema), then each adds a member and 50 activities at the same moment."""
    writers = [
        subprocess.Popen([sys.executable, str(WORKERS), "batch", database_url, f"W{n}", str(RECORDS)],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for n in range(PROCESSES)
    ]
    for writer in writers:  # all open before any writes
        assert writer.stdout.readline() == "ready\n", writer.stderr.read()
    for writer in writers:
        writer.stdin.write("go\n")
        writer.stdin.flush()
    results = [writer.communicate() for writer in writers]
    for writer, (out, err) in zip(writers, results):
        assert writer.returncode == 0, err
        assert "locked" not in err
        assert out.split()[-1] == str(RECORDS)

    open_database(database_url)
    for n in range(PROCESSES):
        member = members.find_member(f"W{n}")
        assert count_activities(member.id) == RECORDS
        titles = {a.title for a in list_activities(member.id)}
        assert titles == {f"W{n} course {i}" for i in range(RECORDS)}
        assert all(changes_of("activity", a.id)[0].actor == f"worker:W{n}" for a in list_activities(member.id))
