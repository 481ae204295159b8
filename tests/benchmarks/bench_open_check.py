"""Opening benchmark: what the quick check on opening costs, on the sample data and on a big register.

Prints the database's size, SQLite's quick check with no time limit, the bounded check as run on opening,
and opening the data folder (open_context, median of five). Run it also against an older source tree to
compare opening before the check existed (the check's own lines are then skipped):

    .venv/bin/python tests/benchmarks/bench_open_check.py [--orgs 20000] [--people 100000] [--src DIR]
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def measure(label: str, data_dir: Path) -> None:
    from sdm_desktop.services.opening import open_context

    database = data_dir / "sdm-desktop.sqlite3"
    print(f"{label}: {database.stat().st_size / 1e6:.1f} MB")
    try:
        integrity = importlib.import_module("sdm_desktop.db.integrity")
    except ImportError:
        integrity = None
    if integrity is not None:
        result = {}
        full = timed(lambda: result.setdefault("full", integrity.quick_check(database, seconds=3600)))
        print(f"  quick check, no time limit:   {full:8.1f} ms  ({'damaged' if result['full'].damaged else 'ok'})")
        bounded = timed(lambda: result.setdefault("bounded", integrity.quick_check(database)))
        state = "finished" if result["bounded"].finished else "stopped at the limit: unchecked"
        print(f"  quick check as on opening:    {bounded:8.1f} ms  ({state})")
    opens = [timed(lambda: open_context(data_dir).close()) for _ in range(5)]
    print(f"  open_context (median of 5):   {statistics.median(opens):8.1f} ms  (min {min(opens):.1f})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orgs", type=int, default=20000)
    parser.add_argument("--people", type=int, default=100000)
    parser.add_argument("--src", help="the source tree to measure (default: this one)")
    args = parser.parse_args()
    sys.path.insert(0, args.src or str(HERE.parents[1] / "src"))
    importlib.import_module("sdm_desktop")      # from --src, before bench_register puts this tree first
    sys.path.insert(1, str(HERE))
    import bench_register

    from sdm_desktop.services.demo.loader import load_demo
    from sdm_desktop.services.opening import open_context

    with tempfile.TemporaryDirectory() as tmp:
        demo = Path(tmp) / "demo"
        ctx = open_context(demo)
        load_demo(ctx)
        ctx.close()
        measure("sample data", demo)
        big = Path(tmp) / "big"
        bench_register.build(big, args.orgs, args.people)
        open_context(big).close()          # the first open after build() brings search text up to date
        measure(f"{args.orgs:,} organisations and {args.people:,} people", big)


if __name__ == "__main__":
    main()
