"""The XLSX reader alone, µs a row for its two passes over a sheet, before beside after in one run.

    .venv/bin/python tests/benchmarks/bench_xlsx_read.py [--people 20000] [--runs 3] [--before REV] [--file F]
        [--keep DIR]

Makes our own export of ``--people`` people (27 columns, as bench_bundle_and_xlsx.py does; ``--keep DIR``
keeps it there and uses it again next time; ``--file`` reads a given .xlsx instead) and times, on its first
sheet, ``XlsxBook._merged_ranges`` (the first pass: row count, plain or not, merged ranges) and iterating
``XlsxBook.rows`` (the second), with today's xlsx_book.py/xlsx_cells.py and, when ``--before REV`` names a
git revision, with those two files as they were there (loaded from git, side by side). Each pass is timed
``--runs`` times, in turn (the machine's load falls on each alike); the best is printed. CPU time, not
wall-clock, is what is printed: the machine is shared. The rows each reader gives are compared, too.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).parent))

from bench_import_export import write_people  # noqa: E402

from sdm_desktop.services.exporting.tables import write_table  # noqa: E402
from sdm_desktop.services.importing import ImportOptions, run_import, xlsx_book  # noqa: E402
from sdm_desktop.services.opening import open_context  # noqa: E402
from sdm_desktop.services.register.export import ExportOptions, people_table  # noqa: E402
from sdm_desktop.services.register.search import RegisterFilter  # noqa: E402

PACKAGE = "src/sdm_desktop/services/importing"


def make_export(people: int, folder: Path) -> Path:
    """Our own XLSX export of ``people`` people, made once in ``folder``."""
    xlsx_file = folder / f"people{people}.xlsx"
    if xlsx_file.exists():
        return xlsx_file
    csv_file = folder / f"people{people}.csv"
    write_people(csv_file, people, random.Random(8))
    ctx = open_context(folder / f"source{people}")
    try:
        run_import(ctx, csv_file, ImportOptions(kind="people"))
        table, _ = people_table(ctx, ExportOptions(RegisterFilter(), include_no_contact=True))
        write_table(table, xlsx_file)
    finally:
        ctx.close()
    return xlsx_file


def reader_at(revision: str):
    """xlsx_book as it was at ``revision`` (with its xlsx_cells), loaded beside today's."""
    def source(name: str) -> str:
        return subprocess.run(["git", "show", f"{revision}:{PACKAGE}/{name}.py"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout
    folder = Path(tempfile.mkdtemp())
    modules = {}
    for name in ("xlsx_cells", "xlsx_book"):
        text = source(name).replace("sdm_desktop.services.importing.xlsx_cells", "xlsx_cells_before")
        path = folder / f"{name}_before.py"
        path.write_text(text, encoding="utf-8")
        spec = importlib.util.spec_from_file_location(f"{name}_before", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        modules[name] = module
    return modules["xlsx_book"]


def first_pass(module: types.ModuleType, file: Path) -> float:
    book = module.XlsxBook(file)
    try:
        started = time.process_time()
        book._merged_ranges(book.sheet_names[0])
        return time.process_time() - started
    finally:
        book.close()


def second_pass(module: types.ModuleType, file: Path) -> tuple[float, int]:
    book = module.XlsxBook(file)
    try:
        sheet = book.sheet_names[0]
        book._merged_ranges(sheet)
        rows = 0
        started = time.process_time()
        for _row in book.rows(sheet):
            rows += 1
        return time.process_time() - started, rows
    finally:
        book.close()


def same_rows(before: types.ModuleType, after: types.ModuleType, file: Path) -> bool:
    books = before.XlsxBook(file), after.XlsxBook(file)
    try:
        sheet = books[0].sheet_names[0]
        ones, others = books[0].rows(sheet), books[1].rows(sheet)
        return all(one == other for one, other in zip(ones, others, strict=True))
    finally:
        for book in books:
            book.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before", help="a git revision whose reader to time beside today's")
    parser.add_argument("--file", type=Path, help="an .xlsx to read instead of a fresh export")
    parser.add_argument("--keep", type=Path, help="a folder to keep the export in (and find it in again)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        file = args.file or make_export(args.people, folder)
        readers = {"after": xlsx_book}
        if args.before:
            readers = {"before": reader_at(args.before), **readers}
        if args.before and not same_rows(readers["before"], xlsx_book, file):
            sys.exit("the readers give different rows")
        firsts = {name: [] for name in readers}
        seconds = {name: [] for name in readers}
        for _run in range(args.runs):
            for name, module in readers.items():
                firsts[name].append(first_pass(module, file))
                time_taken, rows = second_pass(module, file)
                seconds[name].append(time_taken)
        print(f"{file.name}: {rows:,} rows, {file.stat().st_size / 1e6:.1f} MB; CPU, best of {args.runs}")
        for name in readers:
            first, second = min(firsts[name]), min(seconds[name])
            print(f"  {name:<7} first pass {first * 1e3:7.0f} ms ({first * 1e6 / rows:5.1f} µs/row)   "
                  f"rows {second * 1e3:7.0f} ms ({second * 1e6 / rows:5.1f} µs/row)")


if __name__ == "__main__":
    main()
