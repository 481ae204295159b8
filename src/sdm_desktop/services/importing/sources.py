"""Reading an import file: check what it really is, then hand out its rows as lists of text.

CSV: UTF-8 (with or without BOM), Windows-1252 or UTF-16 (Excel's "Unicode text"); comma,
semicolon or tab; quoted fields may hold the delimiter and newlines. XLSX: the first or a chosen
sheet (``xlsx.book``). Anything else (an image renamed .csv, a truncated workbook, an empty or
huge file) is refused with one line.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sdm_desktop.errors import UserError
from sdm_desktop.services.importing.xlsx.book import READ_ERRORS, UnreadableCell, XlsxBook
from sdm_desktop.services.importing.xlsx.cells import cell_text  # noqa: F401 - where importers found it

MAX_BYTES = 200 * 1024 * 1024
SNIFF_BYTES = 64 * 1024
DELIMITERS = [",", ";", "\t"]
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
ENCODING_NAMES = {"utf-8-sig": "UTF-8 with BOM", "utf-8": "UTF-8", "cp1252": "Windows-1252",
                  "utf-16": "UTF-16", "utf-16-le": "UTF-16", "utf-16-be": "UTF-16"}
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
    book: XlsxBook | None = field(default=None, repr=False, compare=False)   # xlsx only, opened once

    def describe(self) -> str:
        if self.format == "csv":
            return f"CSV, {ENCODING_NAMES[self.encoding]}, {DELIMITER_NAMES[self.delimiter]}-separated"
        return f"Excel workbook, sheet {self.sheet!r}"

    def rows(self) -> Iterator[Row]:
        """Every non-empty row with its number in the file (a CSV line or a sheet row)."""
        reader = _csv_rows if self.format == "csv" else _xlsx_rows
        try:
            yield from reader(self)
        except (csv.Error, UnicodeError) as exc:
            raise UserError(f"{self.path.name} cannot be read as CSV: {exc}") from exc
        except READ_ERRORS as exc:
            raise UserError(f"{self.path.name} is damaged or truncated and cannot be read "
                            f"({exc.__class__.__name__}: {exc}); nothing was imported.") from exc

    def merged_spans(self, row: int) -> list[tuple[int, int]]:
        """(first, last) column number of each cell merged across columns in this sheet row ([] for CSV)."""
        if self.format != "xlsx":
            return []
        if self.book is None:
            self.book = open_workbook(self.path)
        return self.book.merged_spans(self.sheet, row)

    def close(self) -> None:
        """Let go of the file (a workbook stays open between the preview, the check and the import)."""
        if self.book is not None:
            self.book.close()
            self.book = None

    def head(self, count: int) -> list[Row]:
        out = []
        for row in self.rows():
            out.append(row)
            if len(out) >= count:
                break
        return out


def open_source(path: str | Path, sheet: str | None = None) -> Source:
    path = Path(path)
    if path.is_dir():
        raise UserError(f"{path} is a folder, not a file; give the .csv or .xlsx file in it.")
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
        if b"application/vnd.oasis.opendocument" in start[:200]:
            raise UserError(f"{path.name} is an OpenDocument spreadsheet (LibreOffice or OpenOffice .ods), which "
                            "cannot be imported; save it as Excel workbook (.xlsx) or CSV and import that.")
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
    if _utf16(start):
        return
    if b"\x00" in start:
        raise UserError(f"{path.name} is not a text file (it contains binary data); "
                        "only CSV and XLSX files can be imported.")


# --- CSV -------------------------------------------------------------------------------------
def _utf16(start: bytes) -> str:
    """The UTF-16 codec of a file Excel saved as "Unicode text" (BOM, or ASCII text every other byte)."""
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = start[:512]
    if len(head) >= 4 and head[1::2].count(0) >= len(head) // 2 * 0.9 and not head[0::2].count(0):
        return "utf-16-le"
    if len(head) >= 4 and head[0::2].count(0) >= len(head) // 2 * 0.9 and not head[1::2].count(0):
        return "utf-16-be"
    return ""


def _open_csv(path: Path, start: bytes, size: int) -> Source:
    encoding = _utf16(start) or _detect_encoding(path, start)
    sample = start.decode(encoding, errors="ignore")
    delimiter = _detect_delimiter(sample)
    lines = max(1, sample.count("\n"))
    estimate = int(lines * size / len(start))
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


CSV_CELL_LIMIT = 16 * 1024 * 1024      # Python's default (128 KB) stopped a whole file at one pasted essay


def _csv_rows(source: Source) -> Iterator[Row]:
    csv.field_size_limit(CSV_CELL_LIMIT)         # a huge cell rejects its row (field length checks)
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
    book = open_workbook(path)
    try:
        names = book.sheet_names
        if not names:
            raise UserError(f"{path.name} has no worksheets to import.")
        if sheet and sheet not in names:
            raise UserError(f"{path.name} has no sheet called {sheet!r}; its sheets are {', '.join(names)}.")
        chosen = sheet or names[0]
        estimate = book.estimate_rows(chosen)
    except READ_ERRORS as exc:
        book.close()
        raise UserError(f"{path.name} is damaged or truncated and cannot be read; nothing was imported.") from exc
    except BaseException:
        book.close()
        raise
    return Source(path, "xlsx", sheet=chosen, sheets=names, estimated_rows=estimate, book=book)


def open_workbook(path: Path) -> XlsxBook:
    try:
        return XlsxBook(path)
    except UserError:
        raise
    except READ_ERRORS as exc:
        raise UserError(f"{path.name} is not a readable Excel workbook: it is damaged, truncated or "
                        "not really .xlsx; nothing was imported.") from exc
    except Exception as exc:
        raise UserError(f"{path.name} is not a readable Excel workbook ({exc.__class__.__name__}); "
                        "nothing was imported.") from exc


def sheet_names(path: str | Path) -> list[str]:
    """The sheets of an .xlsx file, read without its cells ([] for anything else, or a broken file)."""
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            if handle.read(4) != b"PK\x03\x04":
                return []
        book = XlsxBook(path)
    except Exception:  # noqa: BLE001 - reported properly when the file is opened for import
        return []
    try:
        return book.sheet_names
    finally:
        book.close()


def _xlsx_rows(source: Source) -> Iterator[Row]:
    if source.book is None:
        source.book = open_workbook(source.path)
    for number, cells in source.book.rows(source.sheet, texts=True):
        if "".join(cells).strip() or any(isinstance(c, UnreadableCell) for c in cells):
            yield number, cells
