"""The first pass over a sheet, as bytes (a fraction of the time parsing it takes): its rows counted, its merged
ranges found (they are listed after the rows), and whether it is plain, that is free of anything the text
readers (``rows``, ``strings``) would not read exactly as XML would.
"""

from __future__ import annotations

import re

from openpyxl.utils import column_index_from_string

CHUNK = 1 << 20
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]*\d*:?[A-Z]*(\d+)"')
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")


def scan_sheet(src) -> tuple[int, set[tuple[int, int, int, int]], bool]:
    """(the rows begun, the merged ranges as (min col, min row, max col, max row), plain or not) of a sheet part."""
    found: set[tuple[int, int, int, int]] = set()
    rows, tail, plain = 0, b"", True
    while chunk := src.read(CHUNK):
        data = tail + chunk
        plain = plain and is_plain(data, first=not tail)
        rows += _count_rows(data, not plain) - _count_rows(tail, not plain)     # none counted twice
        for m in _MERGE.finditer(data) if b"mergeCell" in data else ():
            first, last = (column_index_from_string(m.group(1).decode()),
                           column_index_from_string(m.group(3).decode()))
            found.add((first, int(m.group(2)), last, int(m.group(4))))
        tail = data[-256:]
    return rows, found, plain


def estimated_rows(start: bytes, size: int) -> int:
    """A sheet's row count from the <dimension> in its first bytes, else from its size and their rows."""
    if (found := _DIMENSION.search(start[:4096])) and int(found.group(1)) > 1:
        return int(found.group(1))
    rows = len(_ROW.findall(start))
    return int(rows * size / len(start)) if rows else 0


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

