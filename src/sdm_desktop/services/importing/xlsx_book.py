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
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path
from typing import Iterator
from xml.etree.ElementTree import ParseError, iterparse

from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils import column_index_from_string
from openpyxl.worksheet._reader import DATA_TAG, FORMULA_TAG, ROW_TAG, VALUE_TAG, WorkSheetParser

READ_ERRORS = (zipfile.BadZipFile, zlib.error, KeyError, OSError, EOFError, ValueError, TypeError, ParseError)
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]*\d*:?[A-Z]*(\d+)"')
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_ROW = re.compile(rb"<(?:\w+:)?row[\s>]")


class UnreadableCell(str):
    """A cell whose value cannot be known from the file: reads as empty text, says where and why."""

    ref: str
    why: str

    def __new__(cls, ref: str, why: str) -> "UnreadableCell":
        cell = super().__new__(cls, "")
        cell.ref, cell.why = ref, why
        return cell


class _Parser(WorkSheetParser):
    def parse_cell(self, element):
        cell = super().parse_cell(element)
        ref = element.get("r") or ""
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
        self._handle = open(path, "rb")        # a file object: openpyxl would refuse a name not ending in .xlsx
        try:
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
        if self._strings is None:
            self._reader.read_strings()
            self._strings = self._reader.shared_strings
        merges = self._merged_ranges(sheet)
        covering: dict[int, list[tuple[int, int, int, int]]] = {}
        for merge in merges:
            for row in range(merge[1], merge[3] + 1):
                covering.setdefault(row, []).append(merge)
        firsts: dict[tuple[int, int], object] = {}
        wb = self._reader.wb
        with self._reader.archive.open(self._parts[sheet]) as src:
            parser = _Parser(src, self._strings, data_only=True, epoch=wb.epoch,
                             date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
            for number, cells in _parsed_rows(src, parser):
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

    def _merged_ranges(self, sheet: str) -> list[tuple[int, int, int, int]]:
        """(min col, min row, max col, max row) of each merged range. They are listed after the rows, so
        the sheet is scanned as bytes first (a fraction of the time parsing it takes)."""
        if sheet not in self._merges:
            found: set[tuple[int, int, int, int]] = set()
            tail = b""
            with self._reader.archive.open(self._parts[sheet]) as src:
                while chunk := src.read(1 << 20):
                    data = tail + chunk
                    for m in _MERGE.finditer(data):
                        first, last = (column_index_from_string(m.group(1).decode()),
                                       column_index_from_string(m.group(3).decode()))
                        found.add((first, int(m.group(2)), last, int(m.group(4))))
                    tail = data[-256:]
            self._merges[sheet] = sorted(found, key=lambda m: (m[1], m[0]))
        return self._merges[sheet]


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
