"""The PostgreSQL server going away mid-session and coming back. The server is
a scratch one of these tests' own, made with initdb in a temporary folder and
run with pg_ctl on a port of its own: never the machine's server."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

from amtrax_tui.store import activities, members
from amtrax_tui.store.db import Gone, open_database

from .support import ACTOR, RMA_CERTIFIED, TODAY, draft

PG_CTL = shutil.which("pg_ctl") or next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))), None)
SERVER_USER = "postgres"  # root may not run a server: it runs as this user then


class ScratchServer:
    def __init__(self, folder: Path, port: int):
        self.folder, self.port = folder, port
        self.url = f"postgresql://postgres@127.0.0.1:{port}/postgres"

    def run(self, *args: str) -> None:
        command = [str(Path(PG_CTL).with_name(args[0])), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", SERVER_USER, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stdout + done.stderr

    def start(self) -> None:
        self.run("pg_ctl", "--pgdata", str(self.folder / "data"), "--log", str(self.folder / "log"), "--wait",
                 "--options", f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1", "start")

    def stop(self) -> None:
        self.run("pg_ctl", "--pgdata", str(self.folder / "data"), "--mode", "fast", "--wait", "stop")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    if PG_CTL is None:
        pytest.skip("pg_ctl is not installed (PostgreSQL's server programs): no scratch server to stop and start")
    folder = Path(tempfile.mkdtemp(prefix="amtrax-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, SERVER_USER, SERVER_USER)
    scratch = ScratchServer(folder, free_port())
    try:
        scratch.run("initdb", "--pgdata", str(folder / "data"), "--auth", "trust", "--username", "postgres",
                    "--no-sync")
        scratch.start()
        yield scratch
        scratch.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


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
