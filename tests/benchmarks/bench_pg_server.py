"""A throw-away PostgreSQL server on loopback TCP for the benchmarks (as the tests start theirs)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

_running: list[subprocess.Popen] = []


def _server_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    path = found[-1] if found else shutil.which(name)
    if path is None:
        raise SystemExit("no PostgreSQL server installed (Debian: apt-get install postgresql)")
    return path


def _as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", "nobody", "--", *command] if os.geteuid() == 0 else command


def start(folder: Path) -> str:
    """Start a server with its files in ``folder``; returns the URL of an empty database on it."""
    import psycopg

    folder.mkdir(parents=True)
    data, sockets = folder / "data", folder / "socket"
    sockets.mkdir()
    if os.geteuid() == 0:
        for path in (folder.parent, folder, sockets):
            shutil.chown(path, "nobody")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    subprocess.run(_as_server_user([_server_bin("initdb"), "-D", str(data), "-A", "trust", "-U", "sdm",
                                    "--no-sync", "-E", "UTF8", "--locale", "C"]), check=True, capture_output=True)
    _running.append(subprocess.Popen(
        _as_server_user([_server_bin("postgres"), "-D", str(data), "-k", str(sockets), "-p", str(port),
                         "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "shared_buffers=256MB"]),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    deadline = time.monotonic() + 30
    while True:
        try:
            with psycopg.connect(f"host=127.0.0.1 port={port} user=sdm dbname=postgres", autocommit=True) as conn:
                conn.execute("CREATE DATABASE bench")
            return f"postgresql+psycopg://sdm@127.0.0.1:{port}/bench"
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise SystemExit("the PostgreSQL server did not start") from None
            time.sleep(0.2)


def stop() -> None:
    while _running:
        process = _running.pop()
        process.terminate()
        process.wait(timeout=30)
