"""The XLSX reader alone, µs a row for its two passes over a sheet, before beside after in one run.

    .venv/bin/python tests/benchmarks/bench_xlsx_read.py [--people 20000] [--runs 3] [--before REV] [--file F]
        [--keep DIR]

Makes our own export of ``--people`` people (27 columns, as bench_bundle_and_xlsx.py does) and the same
sheet as Excel saves it (its text in a shared-string table, rows with ``spans``); ``--keep DIR`` keeps both
there and uses them again next time, ``--file`` reads a given .xlsx instead. On each file's first sheet it
times ``XlsxBook._merged_ranges`` (the first pass: row count, plain or not, merged ranges) and iterating
``XlsxBook.rows`` (the second, the string table read on the way), with today's reader (importing/xlsx/)
and, when ``--before REV`` names a git revision, with the reader as it was there (loaded from git, side by
side: the importing/xlsx/ package, or before it moved there xlsx_book.py and xlsx_cells.py; the rows each
gives are compared first). Each pass is timed ``--runs`` times, in turn (the
machine's load falls on each alike); the best is printed. CPU time, not wall-clock: the machine is shared.
``--import`` also imports each file once with each reader into an empty register (run_import, people), for
the share of a whole import the reading is.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import re
import subprocess
import sys
import tempfile
import time
import types
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).parent))

from bench_import_export import write_people  # noqa: E402

from sdm_desktop.services.exporting.tables import write_table  # noqa: E402
from sdm_desktop.services.importing import ImportOptions, run_import, sources  # noqa: E402
from sdm_desktop.services.importing.xlsx import book as xlsx_book  # noqa: E402
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


SHARED = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
INLINE = re.compile(r'<c r="([A-Z]+[0-9]+)" t="inlineStr"((?: s="[0-9]+")?)><is><t(?: xml:space="preserve")?>([^<]*)'
                    r"</t></is></c>")


def excel_style(export: Path) -> Path:
    """The export with its text in a shared-string table and ``spans`` on its rows, as Excel saves a sheet."""
    target = export.with_name(export.stem + "-excel.xlsx")
    if target.exists():
        return target
    with zipfile.ZipFile(export) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    index: dict[str, int] = {}

    def shared(cell: re.Match) -> str:
        number = index.setdefault(cell.group(3), len(index))
        return f'<c r="{cell.group(1)}"{cell.group(2)} t="s"><v>{number}</v></c>'

    sheet = INLINE.sub(shared, parts["xl/worksheets/sheet1.xml"].decode())
    parts["xl/worksheets/sheet1.xml"] = re.sub(r'<row r="([0-9]+)">', r'<row r="\1" spans="1:28">', sheet).encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHARED}"/></Types>'.encode())
    preserve = ' xml:space="preserve"'
    items = "".join(f"<si><t{preserve if text != text.strip() else ''}>{text}</t></si>" for text in index)
    parts["xl/sharedStrings.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://'
                                     f'schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(index)}" '
                                     f'uniqueCount="{len(index)}">{items}</sst>').encode()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    return target


def reader_at(revision: str):
    """The module of ``XlsxBook`` as it was at ``revision``, loaded beside today's: the importing/xlsx/ package,
    or (before the reader moved there) xlsx_book.py with its xlsx_cells.py."""
    def source(path: str) -> str:
        return subprocess.run(["git", "show", f"{revision}:{path}"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout
    folder = Path(tempfile.mkdtemp())
    listed = subprocess.run(["git", "ls-tree", "--name-only", revision, f"{PACKAGE}/xlsx/"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.split()
    if listed:
        (folder / "xlsx_before").mkdir()
        for path in (path for path in listed if path.endswith(".py")):
            text = source(path).replace("sdm_desktop.services.importing.xlsx", "xlsx_before")
            (folder / "xlsx_before" / Path(path).name).write_text(text, encoding="utf-8")
        sys.path.insert(0, str(folder))
        return importlib.import_module("xlsx_before.book")
    modules = {}
    for name in ("xlsx_cells", "xlsx_book"):
        text = source(f"{PACKAGE}/{name}.py").replace("sdm_desktop.services.importing.xlsx_cells", "xlsx_cells_before")
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
    parser.add_argument("--import", dest="imports", action="store_true", help="time a whole import with each reader")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        readers = {"after": xlsx_book}
        if args.before:
            readers = {"before": reader_at(args.before), **readers}
        files = [args.file] if args.file else [make_export(args.people, folder)]
        if not args.file:
            files.append(excel_style(files[0]))
        for file in files:
            bench_file(file, readers, args.runs)
            if args.imports:
                bench_import(file, readers, Path(tmp))


def bench_import(file: Path, readers: dict, scratch: Path) -> None:
    today = sources.XlsxBook
    for name, module in readers.items():
        sources.XlsxBook = module.XlsxBook
        ctx = open_context(scratch / f"import-{file.stem}-{name}")
        try:
            cpu = time.process_time()
            report = run_import(ctx, file, ImportOptions(kind="people"))
            cpu = time.process_time() - cpu
        finally:
            ctx.close()
            sources.XlsxBook = today
        print(f"  {name:<7} whole import {cpu:6.1f} s CPU ({report.created:,} people created)")


def bench_file(file: Path, readers: dict, runs: int) -> None:
    if "before" in readers and not same_rows(readers["before"], xlsx_book, file):
        sys.exit("the readers give different rows")
    firsts = {name: [] for name in readers}
    seconds = {name: [] for name in readers}
    for _run in range(runs):
        for name, module in readers.items():
            firsts[name].append(first_pass(module, file))
            time_taken, rows = second_pass(module, file)
            seconds[name].append(time_taken)
    print(f"{file.name}: {rows:,} rows, {file.stat().st_size / 1e6:.1f} MB; CPU, best of {runs}")
    for name in readers:
        first, second = min(firsts[name]), min(seconds[name])
        print(f"  {name:<7} first pass {first * 1e3:7.0f} ms ({first * 1e6 / rows:5.1f} µs/row)   "
              f"rows {second * 1e3:7.0f} ms ({second * 1e6 / rows:5.1f} µs/row)")


if __name__ == "__main__":
    main()
