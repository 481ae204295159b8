"""An .xlsx workbook opened once for an import: sheet names at once, rows as a user sees them.

Built from openpyxl's parts rather than ``load_workbook(read_only=True)``, which scans every sheet to the
end when it has no ``<dimension>`` (our exports), reads the whole shared-string table before naming the
sheets, and gives None, silently, for a formula whose result was never saved and for every cell of a merged
range but the first. Here openpyxl reads the workbook's parts (sheets, styles, date formats) and this module
the rows, streaming, most from the text (``xlsx_cells`` their values): the shared strings are read once,
when rows are first asked for; a formula without a saved result or a cell showing an error is an
``UnreadableCell`` (its row is rejected with the reason); a merged range reads as its first cell's value.

A workbook is a ZIP archive and may be a ZIP bomb: before anything is read, the sizes its parts declare
(which bound what can be unpacked from them) must stay within ``MAX_UNPACKED_BYTES`` and a plausible
compression ratio; a sheet may hold no more rows than Excel's own limit, a cell no more characters than
Excel's, and merged ranges no more than ``MAX_MERGED_CELLS`` cells.
"""

from __future__ import annotations

import codecs
import re
import zipfile
import zlib
from collections.abc import Generator, Iterator
from pathlib import Path
from xml.etree.ElementTree import ParseError

from lxml.etree import XML, XMLParser, XMLSyntaxError, iterparse
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils import column_index_from_string
from openpyxl.xml.constants import SHARED_STRINGS

from sdm_desktop.errors import UserError
from sdm_desktop.services.importing.xlsx.cells import (
    MAX_CELL_CHARS,
    ROW_TAG,
    SAFE_XML,
    STRING_TAG,
    Cells,
    CellTooLong,
    TextRow,
    UnreadableCell,
    text_of,
)

__all__ = ["READ_ERRORS", "UnreadableCell", "XlsxBook", "check_archive_sizes"]

MAX_UNPACKED_BYTES = 200 * 1024 * 1024     # every part of the workbook unpacked; as for letter templates
MAX_RATIO = 200                            # a part over RATIO_FROM bytes packed tighter than this is a bomb
RATIO_FROM = 1024 * 1024
MAX_ROWS = 1_048_576                       # Excel's own limits
MAX_MERGED_CELLS = 1_000_000
READ_ERRORS = (zipfile.BadZipFile, zlib.error, KeyError, OSError, EOFError, ValueError, TypeError, ParseError,
               XMLSyntaxError, IndexError)
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]*\d*:?[A-Z]*(\d+)"')
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
CHUNK = 1 << 20


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
        self._plain: dict[str, bool] = {}        # sheets its rows may be read from the text (xlsx_cells)

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
        return int(rows * self._reader.archive.getinfo(part).file_size / len(start)) if rows else 0

    def rows(self, sheet: str) -> Iterator[tuple[int, list[object]]]:
        """(sheet row number, cell values) for every row the sheet stores, merged ranges filled."""
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
                rows = read_rows(src, cells, self._plain[sheet])
                yield from _filled_rows(rows, covering) if covering else rows
            except CellTooLong as exc:
                raise UserError(f"{self.path.name}: cell {exc.ref} holds {exc.length:,} characters; a cell holds "
                                f"at most {MAX_CELL_CHARS:,} (Excel's limit), so Excel did not make this file. "
                                "Nothing was imported.") from exc

    def _read_strings(self) -> list[str]:
        found = self._reader.package.find(SHARED_STRINGS)     # as openpyxl's ExcelReader.read_strings finds it
        if found is None:
            return []
        with self._reader.archive.open(found.PartName[1:]) as src:
            strings = _text_strings(src)
        if strings is None:                                   # not plain (see is_plain): lxml reads it all
            with self._reader.archive.open(found.PartName[1:]) as src:
                strings = _element_strings(src)
        return strings

    def _merged_ranges(self, sheet: str) -> list[tuple[int, int, int, int]]:
        """(min col, min row, max col, max row) of each merged range. They are listed after the rows, so
        the sheet is scanned as bytes first (a fraction of the time parsing it takes); its rows are
        counted on the way, and a sheet with more than Excel holds is refused before any is parsed."""
        if sheet not in self._merges:
            found: set[tuple[int, int, int, int]] = set()
            rows, tail, plain = 0, b"", True
            with self._reader.archive.open(self._parts[sheet]) as src:
                while chunk := src.read(CHUNK):
                    data = tail + chunk
                    plain = plain and is_plain(data, first=not tail)
                    rows += _count_rows(data, not plain) - _count_rows(tail, not plain)     # none counted twice
                    for m in _MERGE.finditer(data) if b"mergeCell" in data else ():
                        first, last = (column_index_from_string(m.group(1).decode()),
                                       column_index_from_string(m.group(3).decode()))
                        found.add((first, int(m.group(2)), last, int(m.group(4))))
                    tail = data[-256:]
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


def _count_rows(data: bytes, prefixed: bool) -> int:
    """The <row> elements begun in ``data``; ``prefixed``: the sheet is not plain, so they may carry a prefix."""
    count = data.count(b"<row")
    if count != data.count(b"<row "):        # not every one is "<row ...": look at what follows each
        count = sum(data.count(b"<row" + end) for end in (b" ", b">", b"/", b"\n", b"\t", b"\r"))
    if prefixed and b":row" in data:
        count += sum(1 for m in _ROW.finditer(data) if m.group().startswith(b"<") and b":" in m.group())
    return count


_ENCODING = re.compile(rb"""encoding\s*=\s*["'](?![Uu][Tt][Ff]-?8["'])""")
_FORBIDDEN = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])  # XML forbids them: deleted, 7x a pattern
_PREFIXED = re.compile(rb":[rcst](?:ow|heetData|st|i?[\s>/])")  # :row, :c, :sheetData, :sst, :si, :t, :r: one pass


def is_plain(data: bytes, first: bool) -> bool:
    """Nothing in this part of a sheet or string table (``first``: its start) that the text readers do not read
    exactly as XML would: comments, CDATA, declarations, processing instructions, prefixed elements, another
    encoding, characters XML forbids. (Entities and CR send just their row or item to lxml.) Looked for as
    plain bytes: a cell merely holding such text only sends the sheet to lxml."""
    if first and (_ENCODING.search(data, 0, 200) or data.startswith((b"\xff\xfe", b"\xfe\xff"))):
        return False
    start = data.find(b"?>") + 2 if first and data.startswith(b"<?xml") else 0
    return (not _holds(data, b"<!", start) and not _holds(data, b"<?", start)
            and (data.find(b"\xef") < 0 or (b"\xef\xbf\xbe" not in data and b"\xef\xbf\xbf" not in data))
            and len(data.translate(None, _FORBIDDEN)) == len(data) and _PREFIXED.search(data) is None)


def _holds(data: bytes, pair: bytes, start: int) -> bool:
    """``pair`` in ``data[start:]``, found from its rare second byte (memchr: 20 times faster than a search
    for both while that byte stays rare; after 64 near misses, the plain search)."""
    at = data.find(pair[1:], start + 1)
    for _miss in range(64):
        if at < 0:
            return False
        if data[at - 1] == pair[0]:
            return True
        at = data.find(pair[1:], at + 1)
    return data.find(pair, start) >= 0


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


def _filled_rows(rows: Iterator[tuple[int, list[object]]],
                 covering: dict[int, list[tuple[int, int, int, int]]]) -> Iterator[tuple[int, list[object]]]:
    """Each row's values, every cell of a merged range holding its first cell's value."""
    firsts: dict[tuple[int, int], object] = {}
    for number, values in rows:
        for min_col, min_row, max_col, _max_row in covering.get(number, ()):
            if number == min_row:
                firsts[(min_row, min_col)] = values[min_col - 1] if min_col <= len(values) else None
            value = firsts.get((min_row, min_col))
            if len(values) < max_col:
                values.extend([None] * (max_col - len(values)))
            for column in range(min_col, max_col + 1):
                values[column - 1] = value
        yield number, values


def read_rows(src, cells: Cells, plain: bool) -> Iterator[tuple[int, list[object]]]:
    """(row number, values) of a sheet part, one row at a time (memory stays flat); ``plain``: the sheet was
    found free of comments, CDATA, declarations... (see ``is_plain``): its rows may be read from the text."""
    return _text_rows(src, cells) if plain else _element_rows(src, cells)


def _element_rows(src, cells: Cells) -> Iterator[tuple[int, list[object]]]:
    number = 0
    for row in _elements(src, ROW_TAG):
        number = _row_number(row.get("r"), number)
        yield number, cells.element_row(row, number)


def _elements(src, tag: str) -> Iterator:
    """Each ``tag`` element parsed by lxml, forgotten with every sibling before it once the next is asked for:
    memory stays flat however long the part."""
    for _event, element in iterparse(src, events=("end",), tag=tag, **SAFE_XML):
        yield element
        element.clear(keep_tail=True)
        parent = element.getparent()
        if parent is not None:
            while element.getprevious() is not None:
                del parent[0]


_ROW_NUMBER = re.compile(r"""\sr\s*=\s*["']([^"']*)["']""")
_ROOT = re.compile(r"<worksheet\b([^>]*)>")
_DECLARATION = re.compile(r"""\sxmlns(?::\w+)?\s*=\s*(?:"[^"]*"|'[^']*')""")
_SHEET_DATA = re.compile(r"<sheetData\s*>|<sheetData\s*/>")


def _text_rows(src, cells: Cells) -> Iterator[tuple[int, list[object]]]:
    try:
        yield from _decoded_rows(src, TextRow(cells))
    except UnicodeDecodeError as exc:
        raise ValueError(f"the sheet is not UTF-8 text ({exc.reason})") from None


def _decoded_rows(src, row: TextRow) -> Iterator[tuple[int, list[object]]]:
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    buffer, started, number = "", False, 0
    while True:
        chunk = src.read(CHUNK)
        text = decoder.decode(chunk, final=not chunk)
        window = buffer[-6:] + text
        buffer += text
        if not started:
            if (found := _SHEET_DATA.search(buffer)) is None:
                if not chunk:
                    return                              # no rows at all
                continue
            if root := _ROOT.search(buffer, 0, found.start()):
                row.declarations = "".join(_DECLARATION.findall(root.group(1)))
            if found.group().endswith("/>"):
                return
            buffer, started = buffer[found.end():], True
        elif chunk and "</row>" not in window and "/>" not in window:
            continue                                    # still inside one long row
        pos, number, ended = yield from _rows_in(buffer, row, number)
        buffer = buffer[pos:]
        if ended or "</sheetData" in buffer:
            return
        if not chunk:
            raise ValueError("the sheet ends before its rows do (a truncated file?)")


def _rows_in(buffer: str, row: TextRow, number: int) -> Generator[tuple[int, list[object]], None, tuple]:
    """Each complete row in the buffer, as (number, values); returns where the last one ends, its number,
    and whether </sheetData> came. A row of a look seen before is matched whole where it starts
    (``WholeRows``); any other is found with str.find and read by ``TextRow``."""
    pos, whole = 0, row.whole
    odd = "&" in buffer or "\r" in buffer       # then each row matched is looked at for them (lxml reads those)
    while True:
        found = pattern.match(buffer, pos) if (pattern := whole.pattern) else None
        if found and (end := found.end()) - pos <= MAX_CELL_CHARS and not (
                odd and (buffer.find("&", pos, end) >= 0 or buffer.find("\r", pos, end) >= 0)):
            number, pos = int(found.group(2)), end
            yield number, whole.values(found)
            continue
        if (found := _next_row(buffer, pos)) is None:
            return pos, number, False
        start, attributes, body, end = found
        if "</sheetData" in buffer[pos:start]:
            return pos, number, True
        # Text or other elements between rows are passed over, as lxml's reader passes them over.
        found = _ROW_NUMBER.search(attributes)
        number = _row_number(found.group(1) if found else None, number)
        yield number, row.values(body, attributes, number)
        pos = end


def _next_row(buffer: str, pos: int) -> tuple[int, str, str, int] | None:
    """(start, attributes, content, end) of the next complete <row> in the buffer, found with str.find (the
    same row as ``<row\\b([^>]*?)(?:/>|>(.*?)</row>)``, several times faster)."""
    while (start := buffer.find("<row", pos)) >= 0:
        after = buffer[start + 4:start + 5]
        if after.isalnum() or after == "_":
            pos = start + 4                             # <rowSomething>: not a row
            continue
        close = buffer.find(">", start)
        if not after or close < 0:
            return None
        if buffer[close - 1] == "/":
            return start, buffer[start + 4:close - 1], "", close + 1
        finish = buffer.find("</row>", close)
        return None if finish < 0 else (start, buffer[start + 4:close], buffer[close + 1:finish], finish + 6)
    return None


def _element_strings(src) -> list[str]:
    """The shared-string table, as openpyxl's ``read_string_table`` gives it."""
    return [text_of(item).replace("x005F_", "") for item in _elements(src, STRING_TAG)]


_SST = re.compile(r"<sst\b([^>]*)>")
_ITEM = re.compile(r'<si><t(?: xml:space="preserve")?>([^<&\r]*)</t></si>')


def _text_strings(src) -> list[str] | None:
    """The shared-string table as ``_element_strings`` gives it, 10 times faster: each ``<si><t>text</t></si>``
    from the text, any other item (rich text, entities, CR) by lxml; None if the part is not plain."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    strings, buffer, tail, declarations, parser = [], "", b"", None, XMLParser(**SAFE_XML)
    while True:
        chunk = src.read(CHUNK)
        if not is_plain(tail + chunk, first=not tail):
            return None
        tail = (tail + chunk)[-256:]
        buffer += decoder.decode(chunk, final=not chunk)
        if declarations is None and (root := _SST.search(buffer)):
            declarations, buffer = "".join(_DECLARATION.findall(root.group(1))), buffer[root.end():]
        if declarations is not None and (cut := buffer.rfind("</si>") + 5) >= 5:
            parts = _ITEM.split(buffer[:cut])                # text between items (blank, or items lxml reads)
            if not "".join(parts[::2]).strip():
                strings += parts[1::2]
            else:
                for at in range(0, len(parts), 2):
                    if parts[at].strip():
                        root = XML(f"<sst{declarations}>{parts[at]}</sst>", parser)
                        strings += [text_of(item) for item in root if item.tag == STRING_TAG]
                    strings += parts[at + 1:at + 2]
            buffer = buffer[cut:]
        if not chunk or len(buffer) > 10 * CHUNK:         # the end, or an item too long (lxml refuses 10 MB)
            if chunk or "<si" in buffer or not buffer.rstrip().endswith("</sst>"):
                return None                                  # no table, or something after it: lxml says what
            return [text.replace("x005F_", "") for text in strings] if any("x005F_" in t for t in strings) else strings


def _row_number(attribute: str | None, previous: int) -> int:
    if attribute is None:
        return previous + 1
    try:
        return int(attribute)
    except ValueError:
        number = float(attribute)
        if not number.is_integer():
            raise ValueError(f"{attribute} is not a valid row number") from None
        return int(number)
