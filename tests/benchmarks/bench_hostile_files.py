"""Hostile import files: an .xlsx ZIP bomb (one huge cell, or millions of rows) and many people at one postcode.

    .venv/bin/python tests/benchmarks/bench_hostile_files.py bomb [--cell-mb 2048] [--rows 30000000]
    .venv/bin/python tests/benchmarks/bench_hostile_files.py postcode [--people 5000 20000 50000]

Each file is built in a temporary folder and imported (a dry run) in a child process, so its time and peak
memory are its own; the figures are printed, never asserted. Issue 15: a 2 MB file with one 2 GB cell took
70 s and 7.5 GB; 50,000 people at one postcode took 75 s.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
sys.path.insert(0, str(SRC.parent / "tests"))

from importexport_files import write_bomb_xlsx  # noqa: E402

CHILD = """
import resource, sys, time
from sdm_desktop.errors import UserError
from sdm_desktop.services.opening import open_context
from sdm_desktop.services.importing import ImportOptions, plan_import, run_import
ctx = open_context(sys.argv[2])
opened, started, cpu = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, time.perf_counter(),
                        time.process_time())
try:
    options = ImportOptions(kind=sys.argv[3], dry_run=True)
    plan = plan_import(ctx, sys.argv[1], options)
    try:
        report = run_import(ctx, sys.argv[1], options, plan=plan)
    finally:
        plan.source.close()
    print(f"{report.rows_read:,} rows read, {report.created:,} would be created, "
          f"{len(report.skipped):,} skipped, {len(report.rejected):,} rejected")
except UserError as exc:
    print(f"refused: {exc}")
finally:
    ctx.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"import alone: {time.perf_counter() - started:.2f} s ({time.process_time() - cpu:.2f} s CPU); "
          f"peak RSS {peak:.0f} MB ({opened:.0f} MB once the database was open)")
"""


def run_child(path: Path, data_dir: Path, kind: str) -> None:
    """Import ``path`` (dry run) in a child process; print its answer, wall time and peak memory."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CHILD, str(path), str(data_dir), kind], capture_output=True,
                          text=True, env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"})
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    answer = (done.stdout.strip() or (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1])
    print(f"  child process {elapsed:.2f} s (largest child's peak RSS so far {peak:.0f} MB)")
    print("\n".join(f"  {line[:240]}" for line in answer.splitlines()))


def bomb(args, folder: Path) -> None:
    cell = folder / "one-cell.xlsx"
    write_bomb_xlsx(cell, cell_bytes=args.cell_mb * 1024 * 1024)
    print(f"{cell.stat().st_size / 1e6:.1f} MB file holding one cell of {args.cell_mb:,} MB:")
    run_child(cell, folder / "data1", "organisations")
    rows = folder / "many-rows.xlsx"
    write_bomb_xlsx(rows, rows=args.rows)
    print(f"{rows.stat().st_size / 1e6:.1f} MB file holding {args.rows:,} rows "
          f"({_declared_mb(rows):,.0f} MB once unpacked):")
    run_child(rows, folder / "data2", "organisations")


def _declared_mb(path: Path) -> float:
    with zipfile.ZipFile(path) as archive:
        return sum(i.file_size for i in archive.infolist()) / 1024 / 1024


def one_postcode(args, folder: Path) -> None:
    for count in args.people:
        path = folder / f"people-{count}.csv"
        with open(path, "w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle)
            out.writerow(["First name", "Surname", "Email", "Postcode"])
            for n in range(count):               # a care home, a university hall: one postcode for everyone
                out.writerow([*_distinct_name(n), "", "LS1 4AP"])
        print(f"{count:,} people at one postcode:")
        run_child(path, folder / f"data-{count}", "people")


def _distinct_name(n: int) -> tuple[str, str]:
    """A first and last name unlike every other n's ('First1 Surname1' and 'First10 Surname10' are alike)."""
    letters = hashlib.sha256(str(n).encode()).hexdigest().translate(str.maketrans("0123456789", "ghijklmnop"))
    return letters[:8].capitalize(), letters[8:16].capitalize()


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="what", required=True)
    b = sub.add_parser("bomb")
    b.add_argument("--cell-mb", type=int, default=2048)
    b.add_argument("--rows", type=int, default=30_000_000)
    p = sub.add_parser("postcode")
    p.add_argument("--people", type=int, nargs="+", default=[5_000, 20_000, 50_000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        (bomb if args.what == "bomb" else one_postcode)(args, Path(tmp))


if __name__ == "__main__":
    main()
