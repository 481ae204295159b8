"""A sheet's rows, one at a time (memory stays flat): from its text when the first pass found it plain
(``scan.is_plain``), each row found with str.find and read by ``text_row``; else parsed by lxml (``cells``).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Generator, Iterator

from lxml.etree import iterparse

from sdm_desktop.services.importing.xlsx.cells import MAX_CELL_CHARS, ROW_TAG, SAFE_XML, Cells, cell_texts
from sdm_desktop.services.importing.xlsx.scan import CHUNK
from sdm_desktop.services.importing.xlsx.text_row import TextRow


def read_rows(src, cells: Cells, plain: bool, texts: bool = False) -> Iterator[tuple[int, list[object]]]:
    """(row number, values) of a sheet part, one row at a time (memory stays flat); ``plain``: the sheet was
    found free of comments, CDATA, declarations... (see ``scan.is_plain``): its rows may be read from the text.
    ``texts``: each value as its ``cell_text``."""
    return _text_rows(src, cells, texts) if plain else _element_rows(src, cells, texts)


def _element_rows(src, cells: Cells, texts: bool) -> Iterator[tuple[int, list[object]]]:
    number = 0
    for row in elements(src, ROW_TAG):
        number = _row_number(row.get("r"), number)
        values = cells.element_row(row, number)
        yield number, cell_texts(values) if texts else values


def elements(src, tag: str) -> Iterator:
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
DECLARATION = re.compile(r"""\sxmlns(?::\w+)?\s*=\s*(?:"[^"]*"|'[^']*')""")
_SHEET_DATA = re.compile(r"<sheetData\s*>|<sheetData\s*/>")


def _text_rows(src, cells: Cells, texts: bool) -> Iterator[tuple[int, list[object]]]:
    try:
        yield from _decoded_rows(src, TextRow(cells), texts)
    except UnicodeDecodeError as exc:
        raise ValueError(f"the sheet is not UTF-8 text ({exc.reason})") from None


def _decoded_rows(src, row: TextRow, texts: bool) -> Iterator[tuple[int, list[object]]]:
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
                row.declarations = "".join(DECLARATION.findall(root.group(1)))
            if found.group().endswith("/>"):
                return
            buffer, started = buffer[found.end():], True
        elif chunk and "</row>" not in window and "/>" not in window:
            continue                                    # still inside one long row
        pos, number, ended = yield from _rows_in(buffer, row, number, texts)
        buffer = buffer[pos:]
        if ended or "</sheetData" in buffer:
            return
        if not chunk:
            raise ValueError("the sheet ends before its rows do (a truncated file?)")


def _rows_in(buffer: str, row: TextRow, number: int,
             texts: bool = False) -> Generator[tuple[int, list[object]], None, tuple]:
    """Each complete row in the buffer, as (number, values); returns where the last one ends, its number,
    and whether </sheetData> came. A row of a look seen before is matched whole where it starts
    (``WholeRows``); any other is found with str.find and read by ``TextRow``."""
    pos, whole = 0, row.whole
    matched = whole.texts if texts else whole.values
    odd = "&" in buffer or "\r" in buffer       # then each row matched is looked at for them (lxml reads those)
    while True:
        found = pattern.match(buffer, pos) if (pattern := whole.pattern) else None
        if found and (end := found.end()) - pos <= MAX_CELL_CHARS and not (
                odd and (buffer.find("&", pos, end) >= 0 or buffer.find("\r", pos, end) >= 0)):
            number, pos = int(found.group(2)), end
            yield number, matched(found)
            continue
        if (found := _next_row(buffer, pos)) is None:
            return pos, number, False
        start, attributes, body, end = found
        if "</sheetData" in buffer[pos:start]:
            return pos, number, True
        # Text or other elements between rows are passed over, as lxml's reader passes them over.
        found = _ROW_NUMBER.search(attributes)
        number = _row_number(found.group(1) if found else None, number)
        values = row.values(body, attributes, number)
        yield number, cell_texts(values) if texts else values
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
