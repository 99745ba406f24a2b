"""A scratch PostgreSQL server of the tests' own, made with initdb in a temporary
folder and run with pg_ctl on a port of its own (never the machine's server),
for tests that stop it and start it again."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

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
def scratch_server():
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
