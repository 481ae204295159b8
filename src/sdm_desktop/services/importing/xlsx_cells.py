"""A sheet's cells as values, read as openpyxl's worksheet parser reads them with ``data_only`` (numbers,
dates from the cell's number format, shared and inline strings, booleans), except that a formula without
a saved result or a cell showing an error is an ``UnreadableCell`` and a cell longer than Excel allows
raises ``CellTooLong``.

Two readers give the same rows. Most sheets (Excel's, LibreOffice's, openpyxl's, our exports) store
rows as plain runs of ``<c r="B7" s="1" t="s"><v>12</v></c>``; those are read from the text with
regular expressions, a row at a time, several times faster than building XML elements: openpyxl took
25 s for 100,000 people. A row in any other form (formulas, rich text, cells without a reference, other
attributes, entities) is parsed by lxml, and a sheet with comments, CDATA, a DOCTYPE, another
encoding, a namespace prefix or characters XML forbids is read by lxml throughout. Both hold one row
at a time: memory stays flat.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from operator import itemgetter

from lxml.etree import XML, XMLParser, iterparse
from openpyxl.utils import column_index_from_string
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.xml.constants import SHEET_MAIN_NS

MAX_CELL_CHARS = 32_767                    # Excel's limit
# lxml's parser as a hostile file meets it: no DTD, no entities expanded, nothing fetched, libxml2's own
# limits on depth and node size (huge_tree off).
SAFE_XML = {"resolve_entities": False, "load_dtd": False, "no_network": True, "huge_tree": False,
            "collect_ids": False}
CHUNK = 1 << 20

_NS = f"{{{SHEET_MAIN_NS}}}"
ROW_TAG, CELL_TAG, VALUE_TAG, FORMULA_TAG, INLINE_TAG = (_NS + name for name in ("row", "c", "v", "f", "is"))
STRING_TAG = _NS + "si"


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


class Cells:
    """Turns a cell's kind (``t``), style and stored text into its value, for one workbook."""

    def __init__(self, strings: list[str], epoch, date_formats: set[int], timedelta_formats: set[int]):
        self.strings, self.epoch = strings, epoch
        self.date_formats, self.timedelta_formats = date_formats, timedelta_formats
        self.columns: dict[str, int] = {}

    def column(self, letters: str) -> int:
        column = self.columns.get(letters)
        if column is None:
            column = self.columns[letters] = column_index_from_string(letters)    # ValueError if not one
        return column

    def value(self, kind: str, style: str | None, text: str | None, ref: str) -> object:
        """A cell with a stored value (``text``, from ``<v>`` or an inline string)."""
        if kind == "n":
            value = float(text) if "." in text or "E" in text or "e" in text else int(text)
            if style and int(style) in self.date_formats:
                try:
                    value = from_excel(value, self.epoch, timedelta=int(style) in self.timedelta_formats)
                except (OverflowError, ValueError):
                    return UnreadableCell(ref, "shows the error #VALUE!")     # as openpyxl reads it
        elif kind == "s":
            value = self.strings[int(text)]
        elif kind == "b":
            value = bool(int(text))
        elif kind == "d":
            value = from_ISO8601(text)
        elif kind == "e":
            return UnreadableCell(ref, f"shows the error {text}")
        else:
            value = text                # inlineStr, "str" (a formula's text result), kinds unknown as written
        if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
            raise CellTooLong(ref, len(value))
        return value

    def element_value(self, cell, ref: str) -> object:
        """The value of a ``<c>`` element parsed by lxml."""
        kind = cell.get("t", "n")
        saved = formula = inline = None
        for child in cell:              # <f>, <v>, <is>: one look at each instead of a search per tag
            tag = child.tag
            if tag == VALUE_TAG and saved is None:
                saved = child
            elif tag == INLINE_TAG:
                inline = child
            elif tag == FORMULA_TAG:
                formula = child
        if kind == "inlineStr":
            return None if inline is None else self.value(kind, None, _text_of(inline), ref)
        if saved is not None and saved.text:
            return self.value(kind, cell.get("s"), saved.text, ref)
        if formula is not None:
            # Excel saves a formula's result in <v> (an empty text result as t="str" with an empty <v>);
            # programs that write formulas without working them out leave <v> out or empty.
            if saved is None or kind != "str":
                return UnreadableCell(ref, f"holds a formula (={formula.text or ''}) whose result was "
                                           "never saved; open the file in Excel and save it again")
        elif kind == "e":
            return UnreadableCell(ref, "shows the error None")
        return None

    def element_row(self, row, number: int) -> list[object]:
        values: list[object] = []
        column = 0
        for cell in row:
            if cell.tag != CELL_TAG:
                continue
            ref = cell.get("r")
            column = self.column(ref.rstrip("0123456789")) if ref else column + 1
            if column > len(values):
                values.extend([None] * (column - len(values)))
            values[column - 1] = self.element_value(cell, ref or f"in row {number}")
        return values


def read_rows(src, cells: Cells, plain: bool) -> Iterator[tuple[int, list[object]]]:
    """(row number, values) of a sheet part; ``plain``: the sheet was found free of comments, CDATA and
    declarations (see ``xlsx_book.is_plain``), so its rows may be read from the text."""
    return _text_rows(src, cells) if plain else _element_rows(src, cells)


def _element_rows(src, cells: Cells) -> Iterator[tuple[int, list[object]]]:
    number = 0
    for _event, row in iterparse(src, events=("end",), tag=ROW_TAG, **SAFE_XML):
        number = _row_number(row.get("r"), number)
        values = cells.element_row(row, number)
        _drop_read(row)
        yield number, values


_ROW_NUMBER = re.compile(r"""\sr\s*=\s*["']([^"']*)["']""")
_CELL = (r'<c r="(([A-Z]{1,3})\d+)"((?: [st]="[^"<&]*")*)'
         r'(?:/>|>(?:<v>([^<]*)</v>|(<is>)<t(?: xml:space="preserve")?>([^<]*)</t></is>|<v/>)?</c>)')
_CELLS = re.compile(_CELL)
GROUPS = 7                                 # what _CELLS.split gives for each cell: the text before it, 6 groups
_ROOT = re.compile(r"<worksheet\b([^>]*)>")
_DECLARATION = re.compile(r"""\sxmlns(?::\w+)?\s*=\s*(?:"[^"]*"|'[^']*')""")
_ATTRIBUTE = re.compile(r' ([st])="([^"]*)"')
_SHEET_DATA = re.compile(r"<sheetData\s*>|<sheetData\s*/>")


def _text_rows(src, cells: Cells) -> Iterator[tuple[int, list[object]]]:
    try:
        yield from _decoded_rows(src, _TextRow(cells))
    except UnicodeDecodeError as exc:
        raise ValueError(f"the sheet is not UTF-8 text ({exc.reason})") from None


def _decoded_rows(src, row: _TextRow) -> Iterator[tuple[int, list[object]]]:
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
        pos = 0
        for start, attributes, body, end in _rows_in(buffer):
            if "</sheetData" in buffer[pos:start]:
                return
            # Text or other elements between rows are passed over, as lxml's reader passes them over.
            found = _ROW_NUMBER.search(attributes)
            number = _row_number(found.group(1) if found else None, number)
            yield number, row.values(body, buffer[start:end], number)
            pos = end
        buffer = buffer[pos:]
        if "</sheetData" in buffer:
            return
        if not chunk:
            raise ValueError("the sheet ends before its rows do (a truncated file?)")


def _rows_in(buffer: str) -> Iterator[tuple[int, str, str, int]]:
    """(start, attributes, content, end) of each complete <row> in the buffer, found with str.find (the
    same rows as ``<row\\b([^>]*?)(?:/>|>(.*?)</row>)``, several times faster)."""
    pos = 0
    while (start := buffer.find("<row", pos)) >= 0:
        after = buffer[start + 4:start + 5]
        if after.isalnum() or after == "_":
            pos = start + 4                             # <rowSomething>: not a row
            continue
        close = buffer.find(">", start)
        if not after or close < 0:
            return
        if buffer[close - 1] == "/":
            yield start, buffer[start + 4:close - 1], "", close + 1
            pos = close + 1
            continue
        finish = buffer.find("</row>", close)
        if finish < 0:
            return
        yield start, buffer[start + 4:close], buffer[close + 1:finish], finish + 6
        pos = finish + 6


class _TextRow:
    """A row's cells from its text. Rows of a table look alike (the same columns, each with the same kind
    and style), so each new look gets a plan once: which of the row's matched strings is the value of each
    column, taken all at once by ``itemgetter``, and which few cells need converting (numbers, booleans,
    dates, shared strings)."""

    def __init__(self, cells: Cells):
        self.cells = cells
        self.declarations = f' xmlns="{SHEET_MAIN_NS}"'
        self.kinds: dict[str, tuple[str, str | None]] = {}
        self.plans: dict[tuple, _Plan | None] = {}
        self.parser = XMLParser(**SAFE_XML)
        self.whole = _WholeRows(self)

    def values(self, body: str, whole: str, number: int) -> list[object]:
        if "&" in body or "\r" in body:
            return self._as_xml(whole, number)
        rows = self.whole
        if rows.pattern is not None and len(body) <= MAX_CELL_CHARS and (found := rows.pattern.fullmatch(body)):
            return rows.values(found)
        rows.missed(number)
        parts = _CELLS.split(body)          # text between cells (must be blank), then each cell's groups
        between = "".join(parts[::GROUPS])
        if between and between.strip():
            return self._as_xml(whole, number)
        look = ("\0".join(parts[2::GROUPS]), "\0".join(parts[3::GROUPS]), tuple(parts[5::GROUPS]),
                tuple(map(bool, parts[4::GROUPS])))
        plan = self.plans[look] if look in self.plans else self._plan(look, parts)
        if plan is None or (len(body) > MAX_CELL_CHARS and max(map(len, filter(None, parts[6::GROUPS])),
                                                                default=0) > MAX_CELL_CHARS):     # a cell < its row
            return self._each_cell(parts)
        plan.uses += 1
        if plan.uses == _WholeRows.USES and not between and len(body) <= MAX_CELL_CHARS:
            rows.offer(body)
        parts.append(None)
        values = plan.take(parts)
        for column, at, kind in plan.convert:     # booleans on the spot: a call each was a tenth of the reading
            values[column] = bool(int(parts[at + 3])) if kind is _BOOLEAN else self._converted(kind, *parts[at:at+4:3])
        return values

    def _as_xml(self, whole: str, number: int) -> list[object]:
        """Anything but plain cells (formulas, rich text, entities...): the row as lxml reads it."""
        root = XML(f"<worksheet{self.declarations}>{whole}</worksheet>", self.parser)
        return self.cells.element_row(root[0], number)

    def _plan(self, look: tuple, parts: list) -> _Plan | None:
        taken: dict[int, int] = {}
        convert = []
        missing = len(parts)                # the None appended to the parts
        for at in range(1, len(parts), GROUPS):
            _ref, letters, attributes, saved, inline, _text = parts[at:at + 6]
            kind = self.kinds.get(attributes) or self.kind(attributes)
            column = self.cells.column(letters) - 1
            if column in taken:
                self.plans[look] = None     # a column twice in a row: read cell by cell, the last one wins
                return None
            if kind is _INLINE:
                taken[column] = at + 5 if inline is not None else missing
            elif saved or kind[0] == "e":
                taken[column] = missing
                convert.append((column, at, kind if saved else _NO_ERROR))
            else:
                taken[column] = missing
        size = max(taken, default=-1) + 1
        if len(self.plans) > 4096:
            self.plans.clear()              # memory stays bounded however many looks a sheet has
        plan = self.plans[look] = _Plan([taken.get(column, missing) for column in range(size)], convert)
        return plan

    def _converted(self, kind: tuple[str, str | None], ref: str, saved: str) -> object:
        if kind is _NUMBER:
            return float(saved) if "." in saved or "E" in saved or "e" in saved else int(saved)
        if kind is _BOOLEAN:
            return bool(int(saved))
        if kind is _NO_ERROR:
            return UnreadableCell(ref, "shows the error None")
        return self.cells.value(kind[0], kind[1], saved, ref)

    def _each_cell(self, parts: list) -> list[object]:
        cells, kinds = self.cells, self.kinds
        values: list[object] = []
        for ref, letters, attributes, saved, inline, text in zip(parts[1::GROUPS], parts[2::GROUPS],
                                                                 parts[3::GROUPS], parts[4::GROUPS],
                                                                 parts[5::GROUPS], parts[6::GROUPS], strict=True):
            kind = kinds.get(attributes) or self.kind(attributes)
            if kind is _INLINE:
                if inline is not None and len(text) > MAX_CELL_CHARS:
                    raise CellTooLong(ref, len(text))
                value = text if inline is not None else None
            elif saved:
                value = self._converted(kind, ref, saved)
            else:
                value = UnreadableCell(ref, "shows the error None") if kind[0] == "e" else None
            column = cells.column(letters)
            if column > len(values):
                values.extend([None] * (column - len(values)))
            values[column - 1] = value
        return values

    def kind(self, attributes: str) -> tuple[str, str | None]:
        found = dict(_ATTRIBUTE.findall(attributes))
        if len(found) != attributes.count('="'):
            raise ValueError(f"a cell has the attribute {attributes.strip()!r} twice")
        kind = (found.get("t", "n"), found.get("s"))
        if kind == ("n", None) or (kind[0] == "n" and int(kind[1]) not in self.cells.date_formats):
            kind = _NUMBER                  # a plain number: read on the spot
        elif kind[0] == "inlineStr":
            kind = _INLINE
        elif kind[0] == "b":
            kind = _BOOLEAN
        self.kinds[attributes] = kind
        return kind


_NUMBER, _INLINE, _BOOLEAN, _NO_ERROR = ("n", None), ("inlineStr", None), ("b", None), ("e", "no value")


class _Plan:
    def __init__(self, sources: list[int], convert: list[tuple[int, int, tuple[str, str | None]]]):
        self.convert, self.uses = convert, 0
        if len(sources) > 1:
            getter = itemgetter(*sources)
            self.take = lambda parts: list(getter(parts))
        elif sources:
            self.take = lambda parts: [parts[sources[0]]]
        else:
            self.take = lambda parts: []


class _WholeRows:
    """Whole rows matched by one pattern, 4 times faster than splitting them cell by cell: each look seen
    ``USES`` times gets a pattern written from a row of it (its cells' row numbers and values left open),
    and the looks' patterns are merged into a tree that ``fullmatch`` walks once. The empty group that
    ends each look (the match's ``lastindex``) names its plan: the group holding each column's value, and
    the cells to convert (with their reference, for the error messages). Built again at rows 256, 512,
    1024...; a look that was already seen just takes its plan meanwhile; given up when most rows miss."""

    USES, MAX_LOOKS, MAX_PATTERN, MAX_CELLS = 3, 64, 32_000, 256

    def __init__(self, row: _TextRow):
        self.row = row
        self.pattern = None
        self.tree: dict = {}                 # a cell's pattern -> (what it gives, the tree after it); None: a look ends
        self.plans: dict[int, tuple[tuple[int, ...], list]] = {}
        self.looks = self.size = self.hits = self.misses = 0
        self.build_at, self.changed = 256, False

    def values(self, found) -> list[object]:
        self.hits += 1
        columns, convert = self.plans[found.lastindex]
        values = list(found.group(*columns))
        for column, ref, kind in convert:
            values[column] = (bool(int(values[column])) if kind is _BOOLEAN
                              else self.row._converted(kind, found.group(ref) if ref else "", values[column]))
        return values

    def missed(self, number: int) -> None:
        self.misses += 1
        if number < self.build_at:
            return
        self.build_at = max(2 * self.build_at, number + 1)
        if self.changed:
            self.pattern, self.changed = self._compiled(), False
        elif self.pattern is not None and self.misses > self.hits:
            self.pattern, self.looks = None, self.MAX_LOOKS       # most rows miss it: no longer tried
        self.hits = self.misses = 0

    def offer(self, body: str) -> None:
        """A row whose look has been seen ``USES`` times, free of text between its cells."""
        cells = list(_CELLS.finditer(body))
        if self.looks >= self.MAX_LOOKS or self.size > self.MAX_PATTERN or not 2 <= len(cells) <= self.MAX_CELLS:
            return
        node = self.tree
        for cell in cells:
            pattern, gives = self._cell_pattern(cell)
            if pattern not in node:
                node[pattern] = (gives, {})
                self.size += len(pattern)
            node = node[pattern][1]
        node[None] = None
        self.looks, self.changed = self.looks + 1, True

    def _cell_pattern(self, cell) -> tuple[str, tuple]:
        """A cell's pattern and what it gives: (column, conversion or None, its reference wanted, its value
        wanted), as ``_TextRow._plan`` reads a cell of that look."""
        text, row = cell.string, self.row
        letters, attributes, saved, inline = cell.group(2, 3, 4, 5)
        kind = row.kinds.get(attributes) or row.kind(attributes)
        value = 6 if kind is _INLINE and inline is not None else 4 if kind is not _INLINE and saved else 0
        convert = None if kind is _INLINE or not (saved or kind[0] == "e") else kind if saved else _NO_ERROR
        ref = convert is not None and convert is not _NUMBER and convert is not _BOOLEAN
        opened = {1: f"({re.escape(letters)}\\d+)" if ref else f"{re.escape(letters)}\\d+",
                  4: "([^<]+)" if value == 4 else "[^<]+" if saved else "", 6: "([^<]*)" if value == 6 else "[^<]*"}
        pieces, at = [], cell.start()
        for group in (1, 4, 6):
            if cell.group(group) is not None:
                start, end = cell.span(group)
                pieces += [re.escape(text[at:start]), opened[group]]
                at = end
        pieces.append(re.escape(text[at:cell.end()]))
        return "".join(pieces), (row.cells.column(letters) - 1, convert, ref, bool(value))

    def _compiled(self):
        groups, plans = 1, {}                # group 1 takes no part in any match: the columns no cell fills

        def tree(node: dict, path: list) -> str:
            nonlocal groups
            branches = []
            for pattern, entry in node.items():
                if pattern is None:
                    groups += 1
                    plans[groups] = _look_plan(path)
                    branches.append("()")
                    continue
                (column, convert, ref, value), after = entry
                ref_group = groups = groups + 1 if ref else groups
                value_group = groups = groups + 1 if value else groups
                branches.append(pattern + tree(after, [*path, (column, convert, ref and ref_group,
                                                               value and value_group)]))
            return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"

        pattern = re.compile("(){0}" + tree(self.tree, []))
        self.plans = plans
        return pattern


def _look_plan(path: list) -> tuple[tuple[int, ...], list]:
    columns = [1] * (max(column for column, *_ in path) + 1)
    convert = []
    for column, kind, ref, value in path:
        columns[column] = value or 1
        if kind is not None:
            convert.append((column, ref, kind))
    return tuple(columns), convert


def _text_of(element) -> str:
    """A string item's text without its formatting, as openpyxl's ``Text.content`` reads it: the plain
    ``<t>`` and each rich-text run's ``<t>`` (phonetic guides left out)."""
    plain, runs = None, []
    for child in element:
        local = child.tag.rpartition("}")[2] if isinstance(child.tag, str) else ""
        if local == "t":
            plain = child.text
        elif local == "r":
            for part in child:
                if isinstance(part.tag, str) and part.tag.rpartition("}")[2] == "t" and part.text is not None:
                    runs.append(part.text)
    return "".join(runs) if plain is None else plain + "".join(runs)


def read_shared_strings(src) -> list[str]:
    """The shared-string table, as openpyxl's ``read_string_table`` gives it."""
    strings = []
    for _event, item in iterparse(src, events=("end",), tag=STRING_TAG, **SAFE_XML):
        strings.append(_text_of(item).replace("x005F_", ""))
        _drop_read(item)
    return strings


def _drop_read(element) -> None:
    """Forget an element and every sibling before it: memory stays flat however long the sheet."""
    element.clear(keep_tail=True)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


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
