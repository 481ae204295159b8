"""An .xlsx workbook opened once for an import: sheet names at once, rows as a user sees them.

Built from openpyxl's parts rather than ``load_workbook(read_only=True)``, which scans every sheet to the
end when it has no ``<dimension>`` (our exports), reads the whole shared-string table before naming the
sheets, and gives None, silently, for a formula whose result was never saved and for every cell of a merged
range but the first. Here openpyxl reads the workbook's parts (sheets, styles, date formats) and this package
the rows, streaming, most from the text (``scan`` first, then ``rows``; ``cells`` and ``text_row`` their
values): the shared strings are read once (``strings``), when rows are first asked for; a formula without a
saved result or a cell showing an error is an ``UnreadableCell`` (its row is rejected with the reason); a
merged range reads as its first cell's value.

A workbook is a ZIP archive and may be a ZIP bomb: before anything is read, the sizes its parts declare
(which bound what can be unpacked from them) must stay within ``MAX_UNPACKED_BYTES`` and a plausible
compression ratio; a sheet may hold no more rows than Excel's own limit, a cell no more characters than
Excel's, and merged ranges no more than ``MAX_MERGED_CELLS`` cells.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import ParseError

from lxml.etree import XMLSyntaxError
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet

from sdm_desktop.errors import UserError
from sdm_desktop.services.importing.xlsx.cells import MAX_CELL_CHARS, Cells, CellTooLong, UnreadableCell
from sdm_desktop.services.importing.xlsx.rows import read_rows
from sdm_desktop.services.importing.xlsx.scan import estimated_rows, scan_sheet
from sdm_desktop.services.importing.xlsx.strings import shared_strings

__all__ = ["READ_ERRORS", "UnreadableCell", "XlsxBook", "check_archive_sizes"]

MAX_UNPACKED_BYTES = 200 * 1024 * 1024     # every part of the workbook unpacked; as for letter templates
MAX_RATIO = 200                            # a part over RATIO_FROM bytes packed tighter than this is a bomb
RATIO_FROM = 1024 * 1024
MAX_ROWS = 1_048_576                       # Excel's own limits
MAX_MERGED_CELLS = 1_000_000
READ_ERRORS = (zipfile.BadZipFile, zlib.error, KeyError, OSError, EOFError, ValueError, TypeError, ParseError,
               XMLSyntaxError, IndexError)


class XlsxBook:
    """Open with ``XlsxBook(path)``; ``sheet_names``; ``rows(sheet)``; ``estimate_rows(sheet)``; ``close()``.
    Pickled (for the process reading ahead), it opens the file again, keeping what was worked out of it."""

    def __init__(self, path: Path):
        self.path = path
        self._handle = path.open("rb")         # a file object: openpyxl would refuse a name not ending in .xlsx
        try:
            found = os.fstat(self._handle.fileno())
            self._stamp = (found.st_ino, found.st_size, found.st_mtime_ns)      # this file as it is now
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
        self._plain: dict[str, bool] = {}        # sheets its rows may be read from the text (scan)

    def __reduce__(self):
        """Its path, the file as it was when opened, and what it has worked out of it (each sheet's first pass,
        the string table): see ``reopened``."""
        state = {name: value for name, value in (("_merges", self._merges), ("_plain", self._plain)) if value}
        if self._strings is not None:
            state["_strings"] = self._strings
        return reopened, (self.path, self._stamp, state)

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
        return estimated_rows(start, self._reader.archive.getinfo(part).file_size)

    def rows(self, sheet: str, texts: bool = False) -> Iterator[tuple[int, list[object]]]:
        """(sheet row number, cell values) for every row the sheet stores, merged ranges filled. ``texts``: each
        value as the text a user reads in it (``cells.cell_text``), made from the cell's text where it can be."""
        merges = self._merged_ranges(sheet)          # scans the sheet first: too many rows are refused here
        if self._strings is None:
            self._strings = self._read_strings()
        covering: dict[int, list[tuple[int, int, int, int]]] = {}
        for merge in merges:
            for row in range(merge[1], merge[3] + 1):
                covering.setdefault(row, []).append(merge)
        wb = self._reader.wb
        cells = Cells(self._strings, wb.epoch, wb._date_formats, wb._timedelta_formats)
        with self._reader.archive.open(self._parts[sheet]) as src:
            try:
                rows = read_rows(src, cells, self._plain[sheet], texts)
                yield from _filled_rows(rows, covering, "" if texts else None) if covering else rows
            except CellTooLong as exc:
                raise UserError(f"{self.path.name}: cell {exc.ref} holds {exc.length:,} characters; a cell holds "
                                f"at most {MAX_CELL_CHARS:,} (Excel's limit), so Excel did not make this file. "
                                "Nothing was imported.") from exc

    def _read_strings(self) -> list[str]:
        return shared_strings(self._reader)

    def _merged_ranges(self, sheet: str) -> list[tuple[int, int, int, int]]:
        """(min col, min row, max col, max row) of each merged range. They are listed after the rows, so
        the sheet is scanned as bytes first (a fraction of the time parsing it takes); its rows are
        counted on the way, and a sheet with more than Excel holds is refused before any is parsed."""
        if sheet not in self._merges:
            with self._reader.archive.open(self._parts[sheet]) as src:
                rows, found, plain = scan_sheet(src)
            self._check_sheet(sheet, rows, found)
            self._merges[sheet] = sorted(found, key=lambda m: (m[1], m[0]))
            self._plain[sheet] = plain
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


def reopened(path: Path, stamp: tuple, state: dict) -> XlsxBook:
    """A book unpickled: the file opened again, with what was worked out of it. Refused if the file is not the
    one that was opened (saved again, replaced or removed since): what was checked is what is imported."""
    try:
        book = XlsxBook(path)
    except OSError as exc:
        raise UserError(f"{path.name} cannot be opened again ({exc.strerror or exc}): it was moved or removed "
                        "after it was checked. Nothing was imported.") from None
    if book._stamp != stamp:
        book.close()
        raise UserError(f"{path.name} changed after it was checked (it was saved again or replaced); check it "
                        "again. Nothing was imported.")
    book.__dict__.update(state)
    return book


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


def _filled_rows(rows: Iterator[tuple[int, list[object]]], covering: dict[int, list[tuple[int, int, int, int]]],
                 blank: object) -> Iterator[tuple[int, list[object]]]:
    """Each row's values, every cell of a merged range holding its first cell's value."""
    firsts: dict[tuple[int, int], object] = {}
    for number, values in rows:
        for min_col, min_row, max_col, _max_row in covering.get(number, ()):
            if number == min_row:
                firsts[(min_row, min_col)] = values[min_col - 1] if min_col <= len(values) else blank
            value = firsts.get((min_row, min_col), blank)
            if len(values) < max_col:
                values.extend([blank] * (max_col - len(values)))
            for column in range(min_col, max_col + 1):
                values[column - 1] = value
        yield number, values
