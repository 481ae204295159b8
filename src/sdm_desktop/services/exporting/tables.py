"""Export tables to CSV (UTF-8 with BOM, for Excel) or XLSX, safely.

Each exporter yields a header and rows of plain values; ``write_table`` writes them
all-or-nothing (to a temporary file first, renamed at the end).
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sdm_desktop.errors import UserError
from sdm_desktop.progress import Progress

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Stop a spreadsheet running a cell as a formula: prefix it with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass
class Table:
    headers: list[str]
    rows: Iterable[list[object]]
    total: int = 0
    sheet_name: str = "Export"
    # Called once the file is in place (e.g. to add the export to the audit trail); if it fails, the file
    # is removed again, so an export is recorded if and only if it was written.
    on_written: Callable[[], None] | None = None


def write_table(table: Table, path: Path, progress: Progress | None = None) -> int:
    path = Path(path)
    suffix = path.suffix.lower()
    writers: dict[str, Callable] = {".csv": _write_csv, ".xlsx": _write_xlsx}
    if suffix not in writers:
        raise UserError(f"Cannot export to {path.name}: the file name must end in .csv or .xlsx.")
    if not path.parent.is_dir():
        raise UserError(f"Cannot export to {path}: the folder {path.parent} does not exist.")
    if path.is_dir():
        raise UserError(f"Cannot export to {path}: that is a folder; give a file name in it, e.g. "
                        f"{path / ('export' + suffix)}.")
    progress = progress or Progress()
    progress.start(table.total, f"Writing {path.name}")
    try:
        handle, temp = tempfile.mkstemp(prefix=".export-", suffix=suffix, dir=path.parent)
    except OSError as exc:
        raise UserError(f"Cannot export to {path}: {exc.strerror or exc}.") from exc
    os.close(handle)
    try:
        count = writers[suffix](table, Path(temp), progress)
        if table.on_written is not None:
            table.on_written()      # recorded before the file goes in place: a failure leaves any old file as it was
        os.replace(temp, path)
    except BaseException as exc:
        Path(temp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise UserError(f"Cannot export to {path}: {exc.strerror or exc}.") from exc
        raise
    return count


def _cells(rows: Iterable[list[object]], progress: Progress) -> Iterator[list[object]]:
    for row in rows:
        yield [neutralise(v) for v in row]
        progress.step()


def _headers(table: Table) -> list[str]:
    """Header cells are cells too (a column may be named after user data, such as a session)."""
    return [str(neutralise(h)) for h in table.headers]


def _write_csv(table: Table, path: Path, progress: Progress) -> int:
    count = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(_headers(table))
        for row in _cells(table.rows, progress):
            writer.writerow(["" if v is None else _csv_text(v) for v in row])
            count += 1
    return count


def _csv_text(value: object) -> object:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _write_xlsx(table: Table, path: Path, progress: Progress) -> int:
    """Typed cells (numbers, booleans, dates as dates), bold frozen header row, filters on."""
    from sdm_desktop.services.exporting.xlsx_writer import write_xlsx

    widths = [max(10, min(40, len(name) + 4)) for name in table.headers]
    return write_xlsx(path, table.sheet_name, _headers(table), _cells(table.rows, progress), widths)
