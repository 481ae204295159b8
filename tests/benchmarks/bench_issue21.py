"""Issue 21's table in one command: every row, today's figure beside the new one where it can be reproduced on
this machine in the same run (the search index switched off, the tally dropped, the older XLSX reader taken from
git history, an older bundle given with --before-bundle).

    .venv/bin/python tests/benchmarks/bench_issue21.py [--orgs 20000] [--people 100000] [--rounds 3] [--runs 5]
                                                       [--xlsx-runs 1] [--before-bundle DIR] [--skip ROW ...]
                                                       [--data DIR]

``--data DIR`` keeps the register between runs: built there the first time (about a minute), used again after, its
search index made afresh first (about 10 s) so that each run starts from the same index.

Rows (each section is its own benchmark, run here in turn on one register of --orgs and --people):
  search   people and organisations search per keystroke  (bench_search_index.bench_search)
  home     Home filled after start-up, the window shown     (bench_search_index.bench_startup)
  rebuild  rebuilding all search text after an upgrade      (bench_search_index.bench_rebuild)
  size     the Linux one-folder bundle and portable zip     (bench_bundle_and_xlsx.bench_bundle: as last built by
           packaging/build_bundle.py, not built here)
  xlsx     100,000-row people XLSX re-import                 (bench_bundle_and_xlsx.bench_xlsx)
The machine's load average is printed before and after each: timings on a busy machine are slower, so the
same-run ratios (before/after, x the FTS5 query, XLSX/CSV) are the figures to compare across machines.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "src"))
sys.path.insert(0, str(HERE))

import bench_bundle_and_xlsx  # noqa: E402
import bench_search_index  # noqa: E402
from bench_register import build  # noqa: E402
from sqlalchemy import text  # noqa: E402

from sdm_desktop.db import text_index  # noqa: E402

DATABASE = "sdm-desktop.sqlite3"
ROWS = ("search", "home", "rebuild", "size", "xlsx")


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


def section(title: str) -> None:
    print(f"\n== {title} ({load()}) ==", flush=True)


def register(data_dir: Path, orgs: int, people: int) -> Path:
    """The data folder with the register in it: built now, or kept from an earlier run (--data)."""
    from sdm_desktop.services.opening import open_context
    from sdm_desktop.services.register.search_upkeep import bring_search_up_to_date

    if (data_dir / DATABASE).exists():
        ctx = open_context(data_dir)
        try:
            with ctx.session() as s:                # the index as a fresh build leaves it, filled once: each run
                for table in text_index.TABLES:     # refills it, and FTS5 keeps what it deleted until it merges
                    text_index.purge(s.connection(), table)
            bring_search_up_to_date(ctx)
            with ctx.session() as s:
                found = [s.execute(text(f"SELECT count(*) FROM {table}")).scalar()
                         for table in ("organisation", "person")]
        finally:
            ctx.close()
        print(f"using the register kept in {data_dir}: {found[0]:,} organisations and {found[1]:,} people")
        return data_dir
    data_dir.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    build(data_dir, orgs, people)
    print(f"built {orgs:,} organisations and {people:,} people in {time.perf_counter() - t0:.1f} s")
    return data_dir


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orgs", type=int, default=20_000)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3, help="times each search phrase is typed each way")
    parser.add_argument("--runs", type=int, default=5, help="start-ups timed for each start-up figure")
    parser.add_argument("--xlsx-runs", type=int, default=1, help="times each import is timed")
    parser.add_argument("--before-bundle", type=Path, help="an older built 'SDM Desktop' folder to compare with")
    parser.add_argument("--skip", nargs="*", choices=ROWS, default=[], help="rows to leave out")
    parser.add_argument("--data", type=Path, help="a folder to keep the register in between runs: built there "
                        "if it holds none yet, used again (whatever --orgs and --people say) if it does")
    args = parser.parse_args()
    started = time.perf_counter()
    print(f"issue 21's figures, {args.orgs:,} organisations and {args.people:,} people ({load()})")
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        if {"search", "home", "rebuild"} - set(args.skip):
            data_dir = register(args.data or scratch / "data", args.orgs, args.people)
            bench_search_index.checkpoint(data_dir)
            if "search" not in args.skip:
                section("People and organisations search per keystroke: query + model reset + first page painted")
                bench_search_index.bench_search(data_dir, args.rounds)
            if "home" not in args.skip:
                section("Home filled after start-up, big database")
                bench_search_index.bench_startup(data_dir, args.runs)
            if "rebuild" not in args.skip:
                section("Rebuilding all search text after an upgrade")
                bench_search_index.bench_rebuild(data_dir)
        if {"size", "xlsx"} - set(args.skip):
            section("Bundle size and XLSX re-import")
            bench_bundle_and_xlsx.row("Figure", "before", "after")
            if "size" not in args.skip:
                bench_bundle_and_xlsx.bench_bundle(args.before_bundle, scratch)
            if "xlsx" not in args.skip:
                bench_bundle_and_xlsx.bench_xlsx(args.people, scratch / "xlsx", args.xlsx_runs)
    print(f"\nall rows in {time.perf_counter() - started:.0f} s ({load()})")


if __name__ == "__main__":
    main()
