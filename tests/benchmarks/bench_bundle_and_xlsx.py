"""Issue 21's size and XLSX rows, before beside after on this machine in one run.

    .venv/bin/python tests/benchmarks/bench_bundle_and_xlsx.py [--people 100000] [--runs 1] [--before-bundle DIR]

* Bundle / portable zip: dist/SDM Desktop as built by packaging/build_bundle.py, and the zip it writes;
  "before" is any other built bundle folder given with --before-bundle (e.g. one built from an older
  checkout), zipped here the same way. Aim: <= 170 MB / <= 80 MB.
* 100,000-row people XLSX re-import: our own export of 100,000 people imported into an empty register
  with today's reader, and with the reader as it was before it read cells from the text (taken from git
  history: the last importing/xlsx_book.py built on openpyxl's WorkSheetParser), beside the same people as CSV
  (the benchmark's 11 columns, and the export's own 27 columns saved as CSV). A file this big is read by a
  helper process while the import writes (importing/prepared/ahead.py); each is also timed read in one
  process, as before the helper. Aim: <= 10 s. Wall-clock seconds depend on how busy the machine is: CPU
  seconds (this process's and the helper's) are printed too.

The helper is spawned, and spawn runs the main module again in it: this script imports sdm_desktop inside
its functions, never at the top, so the helper starts as quickly as it does under the real command line
(``sdm_desktop.cli``), not a second later.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "packaging"))
sys.path.insert(0, str(Path(__file__).parent))

from build_bundle import BUNDLE, bundle_size, write_zip, zip_path  # noqa: E402

BOOKS = ("src/sdm_desktop/services/importing/xlsx/book.py",      # where XlsxBook is since the reader's move
         "src/sdm_desktop/services/importing/xlsx_book.py")      # where it was before


def sizes(folder: Path, zipped: Path | None, scratch: Path) -> str:
    if not folder.is_dir():
        return "not built"
    size, _files = bundle_size(folder)
    if zipped is None or not zipped.exists():
        zipped = scratch / f"{abs(hash(str(folder)))}.zip"
        write_zip(folder, zipped)
    return f"{size / 1e6:6.1f} MB / {zipped.stat().st_size / 1e6:5.1f} MB"


def old_reader():
    """XlsxBook's module as it was when it read cells through openpyxl's WorkSheetParser, or None."""
    for book in BOOKS:
        source = last_holding(book, "WorkSheetParser")
        if source is not None:
            break
    else:
        return None
    path = Path(tempfile.mkdtemp()) / "xlsx_book_before.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("xlsx_book_before", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def with_texts(book_class):
    """The old reader's book, giving its rows as texts the way ``sources`` asks for them today (``rows(sheet,
    texts=True)``): its values through ``cell_texts``, as sources did itself before the reader made the texts."""
    from sdm_desktop.services.importing.xlsx.cells import cell_texts

    class Book(book_class):
        def rows(self, sheet, texts=False):
            for number, values in super().rows(sheet):
                yield number, cell_texts(values) if texts else values

    return Book


def last_holding(path: str, text: str) -> str | None:
    """``path`` as it was in the last commit before ``text`` left it, or None."""
    try:
        commits = subprocess.run(["git", "log", "-S", text, "--format=%H", "--", path], cwd=ROOT,
                                 capture_output=True, text=True, check=True).stdout.split()
        source = subprocess.run(["git", "show", f"{commits[0]}^:{path}"], cwd=ROOT, capture_output=True,
                                text=True, check=True).stdout
    except (subprocess.CalledProcessError, IndexError, OSError):
        return None
    return source if text in source else None


def timed_import(folder: Path, file: Path, read_ahead: bool = True) -> tuple[float, float, int]:
    """Wall and CPU seconds (this process and the helper reading ahead, if any), and the people created.
    ``read_ahead=False``: the whole file read in this process, as before importing/prepared/ahead.py."""
    from sdm_desktop.services.importing import ImportOptions, run_import
    from sdm_desktop.services.importing.prepared import ahead
    from sdm_desktop.services.opening import open_context

    ctx = open_context(folder)
    kept = ahead.READ_AHEAD_FROM
    if not read_ahead:
        ahead.READ_AHEAD_FROM = sys.maxsize
    try:
        wall, cpu = time.perf_counter(), cpu_seconds()
        report = run_import(ctx, file, ImportOptions(kind="people"))
        return time.perf_counter() - wall, cpu_seconds() - cpu, report.created
    finally:
        ahead.READ_AHEAD_FROM = kept
        ctx.close()


def cpu_seconds() -> float:
    """This process's CPU time and its ended children's (os.times counts children on Unix only)."""
    used = os.times()
    return used.user + used.system + used.children_user + used.children_system


def row(label: str, before: str, after: str) -> None:
    print(f"{label:<44} {before:>30}   {after:>30}")


def bench_bundle(before_bundle: Path | None, scratch: Path) -> None:
    after = sizes(BUNDLE, zip_path(), scratch)
    before = sizes(before_bundle, None, scratch) if before_bundle else "(give --before-bundle)"
    row("Linux one-folder bundle / portable zip", before, after)


def bench_xlsx(people: int, scratch: Path, runs: int = 1) -> None:
    """Each import ``runs`` times, in turn (the machine's load falls on each alike): medians."""
    from bench_import_export import write_people

    from sdm_desktop.services.exporting.tables import write_table
    from sdm_desktop.services.importing import ImportOptions, run_import, sources
    from sdm_desktop.services.opening import open_context
    from sdm_desktop.services.register.export import ExportOptions, people_table
    from sdm_desktop.services.register.search import RegisterFilter

    scratch.mkdir(parents=True, exist_ok=True)
    csv_file, xlsx_file, export_csv = scratch / "people.csv", scratch / "people.xlsx", scratch / "export.csv"
    write_people(csv_file, people, random.Random(8))
    ctx = open_context(scratch / "source")
    try:
        run_import(ctx, csv_file, ImportOptions(kind="people"))
        table, _ = people_table(ctx, ExportOptions(RegisterFilter(), include_no_contact=True))
        write_table(table, xlsx_file)
        table, _ = people_table(ctx, ExportOptions(RegisterFilter(), include_no_contact=True))
        write_table(table, export_csv)
    finally:
        ctx.close()
    reader = old_reader()
    timings: dict[str, list[tuple[float, float, int]]] = {}
    for run in range(runs):
        timings.setdefault("csv", []).append(timed_import(scratch / f"csv{run}", csv_file))
        timings.setdefault("export-csv", []).append(timed_import(scratch / f"export-csv{run}", export_csv))
        timings.setdefault("after", []).append(timed_import(scratch / f"after{run}", xlsx_file))
        timings.setdefault("here", []).append(timed_import(scratch / f"here{run}", xlsx_file, read_ahead=False))
        timings.setdefault("csv-here", []).append(timed_import(scratch / f"csv-here{run}", csv_file, False))
        if reader is not None:
            today = sources.XlsxBook
            sources.XlsxBook = with_texts(reader.XlsxBook)
            try:
                # in one process: a helper reading ahead would import the reader of today
                timings.setdefault("before", []).append(timed_import(scratch / f"before{run}", xlsx_file, False))
            finally:
                sources.XlsxBook = today
    csv_wall, csv_cpu, _ = medians(timings["csv"])
    same_wall, same_cpu, _ = medians(timings["export-csv"])
    wall, cpu, created = medians(timings["after"])
    if reader is None:
        before = "(reader not in git history)"
    else:
        old_wall, old_cpu, old_created = medians(timings["before"])
        assert old_created == created, (old_created, created)
        before = f"{old_wall:5.1f} s (CPU {old_cpu:5.1f} s)"
    runs_said = f", median of {runs}" if runs > 1 else ""
    row(f"{people:,}-row people XLSX re-import{runs_said}", before, f"{wall:5.1f} s (CPU {cpu:5.1f} s)")
    here_wall, here_cpu, _ = medians(timings["here"])
    row("  the same XLSX read in one process (no helper reading ahead)", "",
        f"{here_wall:5.1f} s (CPU {here_cpu:5.1f} s)")
    row(f"  the same people as CSV ({created:,} created)", "", f"{csv_wall:5.1f} s (CPU {csv_cpu:5.1f} s)")
    csv_here_wall, csv_here_cpu, _ = medians(timings["csv-here"])
    row("  the CSV read in one process", "", f"{csv_here_wall:5.1f} s (CPU {csv_here_cpu:5.1f} s)")
    row("  the XLSX's own columns, saved as CSV", "", f"{same_wall:5.1f} s (CPU {same_cpu:5.1f} s)")
    print(f"  XLSX / CSV: before {old_wall / csv_wall if reader else float('nan'):.1f}x, "
          f"after {wall / csv_wall:.1f}x (CPU {cpu / csv_cpu:.1f}x); "
          f"XLSX / its own columns as CSV: after {wall / same_wall:.1f}x (CPU {cpu / same_cpu:.1f}x)")


def medians(runs: list[tuple[float, float, int]]) -> tuple[float, float, int]:
    return (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs), runs[-1][2])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=1, help="times each import is timed (medians)")
    parser.add_argument("--before-bundle", type=Path, help="another built 'SDM Desktop' folder to compare with")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        row("Figure", "before", "after")
        bench_bundle(args.before_bundle, scratch)
        bench_xlsx(args.people, scratch, args.runs)


if __name__ == "__main__":
    main()
