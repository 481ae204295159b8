"""A throw-away PostgreSQL server for the tests, listening on loopback TCP (127.0.0.1, a free port).

Debian's ``postgresql`` package provides it (``.ci/run`` installs it). Without a server installed the
PostgreSQL tests are skipped, except when ``SDM_REQUIRE_POSTGRES=1`` (``.ci/run`` sets it): then they fail.
The server can be stopped and started again on the same port (``stop()``/``start()``), to test a lost
connection.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

REQUIRE_ENV = "SDM_REQUIRE_POSTGRES"
HOST = "127.0.0.1"
USER = "sdm"


def _server_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _as_server_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run it as 'nobody' then."""
    return ["runuser", "-u", "nobody", "--", *command] if os.geteuid() == 0 else command


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def no_server(reason: str) -> None:
    """Skip, or fail when the run requires a server (CI)."""
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{reason}; {REQUIRE_ENV}=1 requires a PostgreSQL server", pytrace=False)
    pytest.skip(reason)


class TestServer:
    """One initdb'd cluster in a temporary folder, started by ``start()``, stopped by ``stop()``."""

    __test__ = False        # not a test class, despite its name

    def __init__(self):
        self.initdb, self.postgres = _server_bin("initdb"), _server_bin("postgres")
        if not (self.initdb and self.postgres):
            no_server("no PostgreSQL server installed (Debian: apt-get install postgresql)")
        # Not under pytest's temporary folder: as root that is closed to the 'nobody' the server runs as.
        self.folder = Path(tempfile.mkdtemp(prefix="sdm-desktop-pg-"))
        self.data, self.socket_dir = self.folder / "data", self.folder / "socket"
        self.socket_dir.mkdir()
        if os.geteuid() == 0:
            for path in (self.folder, self.socket_dir):
                shutil.chown(path, "nobody")
        subprocess.run(_as_server_user([self.initdb, "-D", str(self.data), "-A", "trust", "-U", USER,
                                        "--no-sync", "-E", "UTF8", "--locale", "C"]),     # SQLite's byte order
                       check=True, capture_output=True)
        self.port = _free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            _as_server_user([self.postgres, "-D", str(self.data), "-k", str(self.socket_dir), "-p", str(self.port),
                             "-c", f"listen_addresses={HOST}", "-c", "fsync=off"]),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while not self._accepts():
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the PostgreSQL test server did not start", pytrace=False)
            time.sleep(0.1)

    def _accepts(self) -> bool:
        import psycopg

        try:
            psycopg.connect(self.dsn("postgres"), connect_timeout=2).close()
            return True
        except psycopg.OperationalError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            # SIGINT is a "fast" shutdown (SIGTERM waits for clients), sent to the server itself: runuser,
            # between us and it as root, does not pass SIGINT on
            os.kill(self._server_pid(), signal.SIGINT)
            self.process.wait(timeout=30)
        self.process = None

    def _server_pid(self) -> int:
        pid_file = self.data / "postmaster.pid"
        try:
            return int(pid_file.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return self.process.pid

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def dsn(self, database: str) -> str:
        return f"host={HOST} port={self.port} user={USER} dbname={database}"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{USER}@{HOST}:{self.port}/{database}"

    def new_database(self, name: str) -> str:
        """A new, empty database (dropped first if a previous run left it); its SQLAlchemy URL."""
        import psycopg

        with psycopg.connect(self.dsn("postgres"), autocommit=True) as conn:
            for _ in range(50):                     # the server may still be finishing its start
                try:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                    conn.execute(f'CREATE DATABASE "{name}"')
                    break
                except psycopg.errors.CannotConnectNow:
                    time.sleep(0.1)
        return self.url(name)


def database_name(test_name: str) -> str:
    return "t_" + test_name.lower().replace("[", "_").replace("]", "").replace("-", "_")[:50]
