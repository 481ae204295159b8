"""An .xlsx workbook opened once for an import: sheet names at once, rows as a user sees them.

Built from openpyxl's parts rather than ``load_workbook(read_only=True)``, which
  * scans every sheet to the end to find its size when the file has no ``<dimension>`` (files
    written by our own exports, pandas or openpyxl's write-only mode): seconds per load for
    100,000 rows, and an import loaded the file three or four times;
  * reads the whole shared-string table before it can even name the sheets;
  * gives None, silently, for a formula whose result was never saved, and for every cell of a
    merged range but the first.
Here the shared strings are read once, when rows are first asked for; a formula without a saved
result or a cell showing an error comes back as an ``UnreadableCell`` (its row is rejected with
the reason, never imported with a blank); a merged range reads as its first cell's value in
every cell, as it looks on screen.

A workbook is a ZIP archive and may be a ZIP bomb: before anything is read, the sizes its parts
declare (which bound what can be unpacked from them) must stay within ``MAX_UNPACKED_BYTES``
and a plausible compression ratio; a sheet may hold no more rows than Excel's own limit, a cell
no more characters than Excel's, and merged ranges no more than ``MAX_MERGED_CELLS`` cells.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import ParseError, iterparse

from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils import column_index_from_string
from openpyxl.worksheet._reader import DATA_TAG, FORMULA_TAG, ROW_TAG, VALUE_TAG, WorkSheetParser

from sdm_desktop.errors import UserError

MAX_UNPACKED_BYTES = 200 * 1024 * 1024     # every part of the workbook unpacked; as for letter templates
MAX_RATIO = 200                            # a part over RATIO_FROM bytes packed tighter than this is a bomb
RATIO_FROM = 1024 * 1024
MAX_ROWS = 1_048_576                       # Excel's own limits
MAX_CELL_CHARS = 32_767
MAX_MERGED_CELLS = 1_000_000
READ_ERRORS = (zipfile.BadZipFile, zlib.error, KeyError, OSError, EOFError, ValueError, TypeError, ParseError)
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]*\d*:?[A-Z]*(\d+)"')
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")


class UnreadableCell(str):
    """A cell whose value cannot be known from the file: reads as empty text, says where and why."""

    ref: str
    why: str

    def __new__(cls, ref: str, why: str) -> UnreadableCell:
        cell = super().__new__(cls, "")
        cell.ref, cell.why = ref, why
        return cell


class CellTooLong(ValueError):
    """A cell holds more characters than Excel allows in one (``MAX_CELL_CHARS``)."""

    def __init__(self, ref: str, length: int):
        super().__init__(ref, length)
        self.ref, self.length = ref, length


class _Parser(WorkSheetParser):
    def parse_cell(self, element):
        cell = super().parse_cell(element)
        ref = element.get("r") or ""
        if isinstance(cell["value"], str) and len(cell["value"]) > MAX_CELL_CHARS:
            raise CellTooLong(ref or f"in row {self.row_counter}", len(cell["value"]))
        formula = element.find(FORMULA_TAG) if cell["value"] is None else None
        if formula is not None:
            saved = element.find(VALUE_TAG)
            # Excel saves a formula's result in <v> (an empty text result as t="str" with an empty <v>);
            # programs that write formulas without working them out leave <v> out or empty.
            if saved is None or (not saved.text and element.get("t", "n") != "str"):
                cell["value"] = UnreadableCell(ref, f"holds a formula (={formula.text or ''}) whose result was "
                                                    "never saved; open the file in Excel and save it again")
        elif cell["data_type"] == "e":
            cell["value"] = UnreadableCell(ref, f"shows the error {cell['value']}")
        return cell


class XlsxBook:
    """Open with ``XlsxBook(path)``; ``sheet_names``; ``rows(sheet)``; ``estimate_rows(sheet)``; ``close()``."""

    def __init__(self, path: Path):
        self.path = path
        self._handle = path.open("rb")         # a file object: openpyxl would refuse a name not ending in .xlsx
        try:
            with zipfile.ZipFile(self._handle) as archive:
                check_archive_sizes(path.name, archive)
            reader = ExcelReader(self._handle, read_only=True, data_only=True, keep_links=False)
            reader.read_manifest()
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
            self._parts = {sheet.name: rel.target for sheet, rel in reader.parser.find_sheets()
                           if rel.target in reader.valid_files and "chartsheet" not in (rel.Type or "")}
        except BaseException:
            self._handle.close()
            raise
        self._reader = reader
        self._strings: list | None = None
        self._merges: dict[str, list[tuple[int, int, int, int]]] = {}

    @property
    def sheet_names(self) -> list[str]:
        return list(self._parts)

    def close(self) -> None:
        self._reader.archive.close()
        self._handle.close()

    def estimate_rows(self, sheet: str) -> int:
        """The sheet's row count from its <dimension>, else from its size and its first rows."""
        part = self._parts[sheet]
        with self._reader.archive.open(part) as src:
            start = src.read(64 * 1024)
        if (found := _DIMENSION.search(start[:4096])) and int(found.group(1)) > 1:
            return int(found.group(1))
        rows = len(_ROW.findall(start))
        if not rows:
            return 0
        return int(rows * self._reader.archive.getinfo(part).file_size / len(start))

    def rows(self, sheet: str) -> Iterator[tuple[int, list[object]]]:
        """(sheet row number, cell values) for every row the sheet stores, merged ranges filled."""
        merges = self._merged_ranges(sheet)          # scans the sheet first: too many rows are refused here
        if self._strings is None:
            self._reader.read_strings()
            self._strings = self._reader.shared_strings
        covering: dict[int, list[tuple[int, int, int, int]]] = {}
        for merge in merges:
            for row in range(merge[1], merge[3] + 1):
                covering.setdefault(row, []).append(merge)
        wb = self._reader.wb
        with self._reader.archive.open(self._parts[sheet]) as src:
            parser = _Parser(src, self._strings, data_only=True, epoch=wb.epoch,
                             date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
            try:
                yield from _filled_rows(_parsed_rows(src, parser), covering)
            except CellTooLong as exc:
                raise UserError(f"{self.path.name}: cell {exc.ref} holds {exc.length:,} characters; a cell holds "
                                f"at most {MAX_CELL_CHARS:,} (Excel's limit), so Excel did not make this file. "
                                "Nothing was imported.") from exc

    def _merged_ranges(self, sheet: str) -> list[tuple[int, int, int, int]]:
        """(min col, min row, max col, max row) of each merged range. They are listed after the rows, so
        the sheet is scanned as bytes first (a fraction of the time parsing it takes); its rows are
        counted on the way, and a sheet with more than Excel holds is refused before any is parsed."""
        if sheet not in self._merges:
            found: set[tuple[int, int, int, int]] = set()
            rows, tail = 0, b""
            with self._reader.archive.open(self._parts[sheet]) as src:
                while chunk := src.read(1 << 20):
                    data = tail + chunk
                    rows += sum(1 for m in _ROW.finditer(data) if m.end() > len(tail))   # none counted twice
                    for m in _MERGE.finditer(data):
                        first, last = (column_index_from_string(m.group(1).decode()),
                                       column_index_from_string(m.group(3).decode()))
                        found.add((first, int(m.group(2)), last, int(m.group(4))))
                    tail = data[-256:]
            self._check_sheet(sheet, rows, found)
            self._merges[sheet] = sorted(found, key=lambda m: (m[1], m[0]))
        return self._merges[sheet]

    def merged_spans(self, sheet: str, row: int) -> list[tuple[int, int]]:
        """(first, last) column number of each range merged across columns in this row."""
        return [(m[0], m[2]) for m in self._merged_ranges(sheet) if m[1] <= row <= m[3] and m[0] < m[2]]

    def _check_sheet(self, sheet: str, rows: int, merges: set[tuple[int, int, int, int]]) -> None:
        if rows > MAX_ROWS:
            raise UserError(f"{self.path.name}: sheet {sheet!r} holds {rows:,} rows; a sheet holds at most "
                            f"{MAX_ROWS:,} (Excel's limit), so Excel did not make this file. Nothing was imported.")
        covered = sum((m[2] - m[0] + 1) * (m[3] - m[1] + 1) for m in merges)
        if covered > MAX_MERGED_CELLS:
            raise UserError(f"{self.path.name}: the merged cells of sheet {sheet!r} cover {covered:,} cells; at "
                            f"most {MAX_MERGED_CELLS:,} are read. Unmerge them in Excel and save the file again. "
                            "Nothing was imported.")


def check_archive_sizes(file_name: str, archive: zipfile.ZipFile) -> None:
    """Refuse a ZIP bomb from the sizes its parts declare (unpacking stops at the declared size)."""
    parts = archive.infolist()
    total = sum(info.file_size for info in parts)
    limit = MAX_UNPACKED_BYTES // 1024 // 1024
    if total > MAX_UNPACKED_BYTES:
        raise UserError(f"{file_name} unpacks to {total / 1024 / 1024:,.0f} MB; workbooks over {limit} MB "
                        "unpacked are not imported. Split it into smaller files. Nothing was imported.")
    for info in parts:
        if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(1, info.compress_size):
            ratio = info.file_size / max(1, info.compress_size)
            raise UserError(f"{file_name}: its part {info.filename} unpacks {ratio:,.0f} times larger than it is "
                            f"stored (at most {MAX_RATIO} times is accepted), as only a ZIP bomb does. "
                            "Nothing was imported.")


def _filled_rows(rows: Iterator[tuple[int, list[dict]]],
                 covering: dict[int, list[tuple[int, int, int, int]]]) -> Iterator[tuple[int, list[object]]]:
    """Each parsed row as a list of values, every cell of a merged range holding its first cell's value."""
    firsts: dict[tuple[int, int], object] = {}
    for number, cells in rows:
        values: list[object] = []
        for cell in cells:
            column = cell["column"]
            if column > len(values):
                values.extend([None] * (column - len(values)))
            values[column - 1] = cell["value"]
        for min_col, min_row, max_col, _max_row in covering.get(number, ()):
            if number == min_row:
                firsts[(min_row, min_col)] = values[min_col - 1] if min_col <= len(values) else None
            value = firsts.get((min_row, min_col))
            if len(values) < max_col:
                values.extend([None] * (max_col - len(values)))
            for column in range(min_col, max_col + 1):
                values[column - 1] = value
        yield number, values


def _parsed_rows(src, parser: _Parser) -> Iterator[tuple[int, list[dict]]]:
    """The rows of a sheet as openpyxl's parser reads them, each dropped from the XML tree once read.

    openpyxl's own loop empties each row but leaves it in the tree: 100,000 elements for the garbage
    collector to walk again and again while the import runs (each full pass holds the GIL).
    """
    data = None
    for event, element in iterparse(src, events=("start", "end")):
        if event == "start":
            if element.tag == DATA_TAG:
                data = element
            continue
        if element.tag == ROW_TAG:
            row = parser.parse_row(element)
            element.clear()
            if data is not None:
                data.clear()
            yield row
        elif element.tag == DATA_TAG:
            return
