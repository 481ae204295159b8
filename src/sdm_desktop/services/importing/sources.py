"""Reading an import file: check what it really is, then hand out its rows as lists of text.

CSV: UTF-8 (with or without BOM) or Windows-1252; comma, semicolon or tab; quoted fields may
hold the delimiter and newlines. XLSX: the first or a chosen sheet, read-only. Anything else
(an image renamed .csv, a truncated workbook, an empty or huge file) is refused with one line.
"""

from __future__ import annotations

import codecs
import csv
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Iterator

from sdm_desktop.errors import UserError

MAX_BYTES = 200 * 1024 * 1024
SNIFF_BYTES = 64 * 1024
DELIMITERS = [",", ";", "\t"]
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
MAGIC = [
    (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"), (b"\xd0\xcf\x11\xe0", "an old Excel (.xls) or Word (.doc) file"),
    (b"\x1f\x8b", "a gzip archive"), (b"Rar!", "a RAR archive"), (b"7z\xbc\xaf", "a 7-Zip archive"),
]
Row = tuple[int, list[str]]   # (line or sheet row number, cells)


@dataclass
class Source:
    """An opened import file: its format and how to read its rows again and again."""

    path: Path
    format: str                        # "csv" or "xlsx"
    encoding: str = ""                 # csv only
    delimiter: str = ","               # csv only
    sheet: str = ""                    # xlsx only
    sheets: list[str] = field(default_factory=list)
    estimated_rows: int = 0

    def describe(self) -> str:
        if self.format == "csv":
            enc = {"utf-8-sig": "UTF-8 with BOM", "utf-8": "UTF-8", "cp1252": "Windows-1252"}[self.encoding]
            return f"CSV, {enc}, {DELIMITER_NAMES[self.delimiter]}-separated"
        return f"Excel workbook, sheet {self.sheet!r}"

    def rows(self) -> Iterator[Row]:
        """Every non-empty row with its number in the file (a CSV line or a sheet row)."""
        reader = _csv_rows if self.format == "csv" else _xlsx_rows
        try:
            yield from reader(self)
        except (csv.Error, UnicodeDecodeError) as exc:
            raise UserError(f"{self.path.name} cannot be read as CSV: {exc}") from exc
        except (zipfile.BadZipFile, KeyError, OSError, EOFError) as exc:
            raise UserError(f"{self.path.name} is damaged or truncated and cannot be read ({exc}).") from exc

    def head(self, count: int) -> list[Row]:
        out = []
        for row in self.rows():
            out.append(row)
            if len(out) >= count:
                break
        return out


def open_source(path: str | Path, sheet: str | None = None) -> Source:
    path = Path(path)
    if not path.is_file():
        raise UserError(f"The file {path} does not exist.")
    size = path.stat().st_size
    if size == 0:
        raise UserError(f"{path.name} is empty (0 bytes); there is nothing to import.")
    if size > MAX_BYTES:
        raise UserError(f"{path.name} is {size / 1024 / 1024:,.0f} MB; files over "
                        f"{MAX_BYTES // 1024 // 1024} MB are not imported. Split it into smaller files.")
    with open(path, "rb") as handle:
        start = handle.read(SNIFF_BYTES)
    if start.startswith(b"PK\x03\x04"):
        return _open_xlsx(path, sheet, size)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raise UserError(f"{path.name} is not an Excel workbook (it does not start like one); "
                        "it may be damaged or renamed.")
    _refuse_binary(path, start)
    if path.suffix.lower() not in (".csv", ".txt", ".tsv", ""):
        raise UserError(f"{path.name}: only CSV and XLSX files can be imported. "
                        "Save it from your spreadsheet as CSV or Excel workbook (.xlsx).")
    return _open_csv(path, start, size)


def _refuse_binary(path: Path, start: bytes) -> None:
    for magic, what in MAGIC:
        if start.startswith(magic):
            raise UserError(f"{path.name} is {what}, not a CSV file; nothing was imported.")
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UserError(f"{path.name} is saved as UTF-16; save it as CSV UTF-8 and import it again.")
    if b"\x00" in start:
        raise UserError(f"{path.name} is not a text file (it contains binary data); "
                        "only CSV and XLSX files can be imported.")


# --- CSV -------------------------------------------------------------------------------------
def _open_csv(path: Path, start: bytes, size: int) -> Source:
    encoding = _detect_encoding(path, start)
    sample = start.decode(encoding if encoding != "utf-8-sig" else "utf-8-sig", errors="ignore")
    delimiter = _detect_delimiter(sample)
    lines = max(1, start.count(b"\n"))
    estimate = int(lines * size / len(start)) if start else 0
    return Source(path, "csv", encoding=encoding, delimiter=delimiter, estimated_rows=estimate)


def _detect_encoding(path: Path, start: bytes) -> str:
    if start.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1024 * 1024):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _detect_delimiter(sample: str) -> str:
    """The delimiter that splits the first records into the same number of columns, most often."""
    first = sample.split("\n", 1)[0].strip().lower()
    if first.startswith("sep=") and len(first) == 5 and first[4] in "".join(DELIMITERS):
        return first[4]
    if first.startswith("sep=") and first[4:] == "":
        return "\t"
    lines = sample.splitlines(keepends=True)
    if len(lines) > 1 and len(sample) >= SNIFF_BYTES - 4:
        lines = lines[:-1]          # the last line of a sample may be cut short
    text = "".join(lines[:50])
    best, best_score = ",", (-1, -1)
    for delimiter in DELIMITERS:
        try:
            widths = [len(r) for r in csv.reader(text.splitlines(keepends=True), delimiter=delimiter) if r]
        except csv.Error:
            continue
        if not widths or max(widths) < 2:
            continue
        common = max(set(widths), key=widths.count)
        score = (widths.count(common), common)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_rows(source: Source) -> Iterator[Row]:
    errors = "replace" if source.encoding == "cp1252" else "strict"
    with open(source.path, encoding=source.encoding, errors=errors, newline="") as handle:
        reader = csv.reader(handle, delimiter=source.delimiter)
        line = 1
        while True:
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise UserError(f"{source.path.name}, line {line}: {exc}; nothing was imported.") from exc
            if line == 1 and record and record[0].lower().startswith("sep=") and not any(record[1:]):
                pass                        # Excel's "sep=;" hint line, not data
            elif any(cell.strip() for cell in record):
                yield line, record
            line = reader.line_num + 1


# --- XLSX ------------------------------------------------------------------------------------
def _open_xlsx(path: Path, sheet: str | None, size: int) -> Source:
    book = _load_workbook(path)
    try:
        names = list(book.sheetnames)
        if sheet and sheet not in names:
            raise UserError(f"{path.name} has no sheet called {sheet!r}; its sheets are {', '.join(names)}.")
        chosen = sheet or names[0]
        rows = book[chosen].max_row or 0
    finally:
        book.close()
    return Source(path, "xlsx", sheet=chosen, sheets=names, estimated_rows=rows)


def _load_workbook(path: Path):
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError, TypeError) as exc:
        raise UserError(f"{path.name} is not a readable Excel workbook: it is damaged, truncated or "
                        "not really .xlsx; nothing was imported.") from exc
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on broken files
        raise UserError(f"{path.name} is not a readable Excel workbook ({exc.__class__.__name__}); "
                        "nothing was imported.") from exc


def _xlsx_rows(source: Source) -> Iterator[Row]:
    book = _load_workbook(source.path)
    try:
        for number, values in enumerate(book[source.sheet].iter_rows(values_only=True), start=1):
            cells = [cell_text(v) for v in values]
            if any(c.strip() for c in cells):
                yield number, cells
    finally:
        book.close()


def cell_text(value: object) -> str:
    """A spreadsheet cell as the text a user would read in it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
