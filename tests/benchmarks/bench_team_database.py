"""Team database copy benchmark: the sample data, then a generated register (bench_register's generator),
copied SQLite → PostgreSQL → SQLite with `database copy`'s service. Prints rows, seconds and rows per second.

Starts its own PostgreSQL server on 127.0.0.1 (tests/pg_server.py; Debian's postgresql package).

    .venv/bin/python tests/benchmarks/bench_team_database.py [--orgs 20000] [--people 100000]
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))                  # pg_server
sys.path.insert(0, str(Path(__file__).resolve().parent))                      # bench_register

from bench_register import build  # noqa: E402

from pg_server import TestServer  # noqa: E402
from sdm_desktop.services.demo.loader import load_demo  # noqa: E402
from sdm_desktop.services.opening import open_context  # noqa: E402
from sdm_desktop.services.team_database.copy import copy_database  # noqa: E402


def _reset_peak_memory() -> None:
    with contextlib.suppress(OSError):      # Linux: VmHWM starts again from the current size
        Path("/proc/self/clear_refs").write_text("5")


def _memory_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def copy_both_ways(name: str, folder: Path, server: TestServer, url: str | None = None) -> None:
    ctx = open_context(folder, url)
    try:
        target = server.new_database(f"bench_{name}")
        before = _memory_mb("VmRSS")
        _reset_peak_memory()
        started = time.perf_counter()
        there = copy_database(ctx, target)
        to_server = time.perf_counter() - started
        grew = _memory_mb("VmHWM") - before
    finally:
        ctx.close()
    team = open_context(folder / "team", server.url(f"bench_{name}"))
    try:
        started = time.perf_counter()
        back = copy_database(team, f"sqlite:///{folder / 'back.sqlite3'}")
        to_file = time.perf_counter() - started
    finally:
        team.close()
    assert there.rows == back.rows
    for label, seconds in (("SQLite → PostgreSQL", to_server), ("PostgreSQL → SQLite", to_file)):
        print(f"{name:>10}: {there.rows:>9,} rows in {len(there.tables)} tables, {label}: {seconds:6.1f} s "
              f"({there.rows / seconds:,.0f} rows/s, checked)")
    print(f"{name:>10}: memory while copying to the server: at most {grew:+.0f} MB over the {before:.0f} MB before")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orgs", type=int, default=20000)
    parser.add_argument("--people", type=int, default=100000)
    args = parser.parse_args()
    server = TestServer()
    server.start()
    try:
        with tempfile.TemporaryDirectory() as temp:
            demo = Path(temp) / "demo"
            ctx = open_context(demo)
            load_demo(ctx)
            ctx.close()
            copy_both_ways("demo", demo, server)
            big = Path(temp) / "big"
            build(big, args.orgs, args.people)
            copy_both_ways("generated", big, server)
    finally:
        server.remove()


if __name__ == "__main__":
    main()
