"""Reading a lookup file as rows of text, streamed: CSV of any size up to the cap, or the sheet of an .xlsx
workbook whose header is recognised (an IMD file: a few tens of thousands of rows)."""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterator
from pathlib import Path

from sdm_desktop.errors import UserError

# A whole-country postcode directory is 1-1.5 GB; the register import's 200 MB cap does not apply here.
MAX_BYTES = 3 * 1024 ** 3
MAX_ROWS = 5_000_000
MAX_XLSX_BYTES = 100 * 1024 ** 2
MAX_UNPACKED = 400 * 1024 ** 2
MAX_CELL = 1000             # no lookup column is longer; a longer cell is not a lookup file
SNIFF_BYTES = 4 * 1024 ** 2


def check_file(path: Path) -> int:
    """The file's size, or one clear message why it is not read."""
    if path.is_dir():
        raise UserError(f"{path} is a folder, not a file; give the .csv or .xlsx file in it.")
    if not path.is_file():
        raise UserError(f"{path} does not exist.")
    size = path.stat().st_size
    if size == 0:
        raise UserError(f"{path.name} is empty; nothing was imported.")
    limit = MAX_XLSX_BYTES if is_xlsx(path) else MAX_BYTES
    if size > limit:
        raise UserError(f"{path.name} is {size / 1024 ** 2:,.0f} MB; lookup files over {limit // 1024 ** 2:,} MB "
                        "are not imported.")
    return size


def is_xlsx(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(4) == b"PK\x03\x04"


def text_encoding(path: Path) -> str:
    """UTF-8 (with or without a byte order mark) if the start of the file reads as UTF-8, else Windows-1252."""
    with open(path, "rb") as handle:
        start = handle.read(SNIFF_BYTES)
    try:
        start.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(start) - 4:      # not just a character cut at the end of the sample
            return "cp1252"
    return "utf-8-sig"


def csv_rows(path: Path) -> Iterator[list[str]]:
    """Rows of a CSV file, the first one included, as lists of text (csv's C reader, nothing per row on top:
    a whole-country postcode directory is millions of rows)."""
    encoding = text_encoding(path)
    csv.field_size_limit(MAX_CELL * 10)
    reader = None
    try:
        with open(path, encoding=encoding, newline="") as handle:
            reader = csv.reader(handle)
            yield from reader
    except UnicodeDecodeError:
        line = reader.line_num + 1 if reader else 1
        raise UserError(f"{path.name} is not readable text near line {line:,}: save it as CSV (UTF-8) and "
                        "import it again; nothing was imported.") from None
    except csv.Error as exc:
        line = reader.line_num if reader else 1
        raise UserError(f"{path.name} is not a readable CSV file near line {line:,} ({exc}); "
                        "nothing was imported.") from None


def xlsx_sheets(path: Path) -> Iterator[tuple[str, Iterator[list[str]]]]:
    """Each sheet's name and its rows (cells as text), read-only and streamed."""
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(path) as package:
            unpacked = sum(item.file_size for item in package.infolist())
        if unpacked > MAX_UNPACKED:
            raise UserError(f"{path.name} unpacks to {unpacked / 1024 ** 2:,.0f} MB; workbooks over "
                            f"{MAX_UNPACKED // 1024 ** 2} MB unpacked are not imported.")
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise UserError(f"{path.name} is not a readable Excel workbook ({exc}); nothing was imported.") from None
    try:
        for sheet in book.worksheets:
            yield sheet.title, (_texts(row) for row in sheet.iter_rows(values_only=True))
    finally:
        book.close()


def _texts(row: tuple) -> list[str]:
    out = []
    for value in row:
        if value is None:
            out.append("")
        elif isinstance(value, float) and value.is_integer():
            out.append(str(int(value)))
        else:
            out.append(str(value))
    return out


def first_rows(path: Path, count: int = 2) -> list[list[str]]:
    """The first rows of a CSV file (for recognising it)."""
    rows = []
    for row in csv_rows(path):
        rows.append(row)
        if len(rows) >= count:
            break
    return rows


def estimated_rows(path: Path, size: int) -> int:
    """About how many rows the file has, for progress: from the start's bytes a line (an .xlsx: its sheets'
    stated size)."""
    if is_xlsx(path):
        return 40_000
    with open(path, "rb") as handle:
        start = handle.read(256 * 1024)
    lines = max(1, start.count(b"\n"))
    return max(1, int(size / (len(start) / lines)))
