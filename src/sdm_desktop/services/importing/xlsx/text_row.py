"""A row's cells read from its text. Most sheets (Excel's, LibreOffice's, openpyxl's, our exports) store rows as
plain runs of ``<c r="B7" s="1" t="s"><v>12</v></c>``; those are read with regular expressions, several times
faster than building XML elements: openpyxl took 25 s for 100,000 people. A row in any other form (formulas,
rich text, cells without a reference, other attributes, entities) is parsed by lxml (``cells.Cells``).
"""

from __future__ import annotations

import re
from operator import itemgetter

from lxml.etree import XML, XMLParser
from openpyxl.xml.constants import SHEET_MAIN_NS

from sdm_desktop.services.importing.xlsx.cells import (
    MAX_CELL_CHARS,
    SAFE_XML,
    Cells,
    CellTooLong,
    UnreadableCell,
    cell_text,
)

_CELL = (r'<c r="(([A-Z]{1,3})\d+)"((?: [st]="[^"<&]*")*)'
         r'(?:/>|>(?:<v>([^<]*)</v>|(<is>)<t(?: xml:space="preserve")?>([^<]*)</t></is>|<v/>)?</c>)')
_CELLS = re.compile(_CELL)
GROUPS = 7                                 # what _CELLS.split gives for each cell: the text before it, 6 groups
_ATTRIBUTE = re.compile(r' ([st])="([^"]*)"')


class TextRow:
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
        self.whole = WholeRows(self)

    def values(self, body: str, attributes: str, number: int) -> list[object]:
        """A row's values from its content and its attributes, read the slow way (``WholeRows`` did not
        match it)."""
        if "&" in body or "\r" in body:
            return self._as_xml(body, attributes, number)
        rows = self.whole
        rows.missed(number)
        parts = _CELLS.split(body)          # text between cells (must be blank), then each cell's groups
        between = "".join(parts[::GROUPS])
        if between and between.strip():
            return self._as_xml(body, attributes, number)
        look = ("\0".join(parts[2::GROUPS]), "\0".join(parts[3::GROUPS]), tuple(parts[5::GROUPS]),
                tuple(map(bool, parts[4::GROUPS])))
        plan = self.plans[look] if look in self.plans else self._plan(look, parts)
        if plan is None or (len(body) > MAX_CELL_CHARS and max(map(len, filter(None, parts[6::GROUPS])),
                                                                default=0) > MAX_CELL_CHARS):     # a cell < its row
            return self._each_cell(parts, body, attributes, number)
        plan.uses += 1
        if plan.uses == WholeRows.USES and not between and len(body) <= MAX_CELL_CHARS:
            rows.offer(body)
        parts.append(None)
        values = plan.take(parts)
        for column, at, kind in plan.convert:     # booleans on the spot: a call each was a tenth of the reading
            values[column] = bool(int(parts[at + 3])) if kind is _BOOLEAN else self._converted(kind, *parts[at:at+4:3])
        return values

    def _as_xml(self, body: str, attributes: str, number: int) -> list[object]:
        """Anything but plain cells (formulas, rich text, entities...): the row as lxml reads it."""
        root = XML(f"<worksheet{self.declarations}><row{attributes}>{body}</row></worksheet>", self.parser)
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
            return _number(saved)
        if kind is _BOOLEAN:
            return bool(int(saved))
        if kind is _NO_ERROR:
            return UnreadableCell(ref, "shows the error None")
        return self.cells.value(kind[0], kind[1], saved, ref)

    def _each_cell(self, parts: list, body: str, attributes: str, number: int) -> list[object]:
        """A column twice (the last wins) or a cell too long (named, however long: libxml2 refuses 10 MB)."""
        for ref, cell_attributes, inline, text in zip(parts[1::GROUPS], parts[3::GROUPS], parts[5::GROUPS],
                                                      parts[6::GROUPS], strict=True):
            if inline is not None and len(text) > MAX_CELL_CHARS and self.kind(cell_attributes) is _INLINE:
                raise CellTooLong(ref, len(text))
        return self._as_xml(body, attributes, number)

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


def _number(text: str) -> int | float:
    return float(text) if "." in text or "E" in text or "e" in text else int(text)


_NUMBER, _INLINE, _BOOLEAN, _NO_ERROR = ("n", None), ("inlineStr", None), ("b", None), ("e", "no value")


class _Plan:
    def __init__(self, sources: list[int], convert: list[tuple[int, int, tuple[str, str | None]]]):
        getter = itemgetter(*sources, 0, 0)            # two more: a tuple however few the sources, cut off
        self.take = lambda parts: list(getter(parts)[:-2])
        self.convert, self.uses = convert, 0


class WholeRows:
    """Whole rows, ``<row r="7">`` to ``</row>``, matched by one pattern where they start: 5 times faster than
    finding and splitting them. Each look seen ``USES`` times gets a pattern written from a row of it (row
    numbers and values left open), merged into a tree that one ``match`` walks; the empty group ending each
    look (``lastindex``) names its plan. A row matched longer than a cell may be, or holding ``&`` or CR, is
    read the slow way (``rows._rows_in``). Built at rows 256, 512, 1024... if new looks came."""

    USES, MAX_LOOKS, MAX_PATTERN, MAX_CELLS = 3, 64, 32_000, 256

    def __init__(self, row: TextRow):
        self.row, self.strings = row, row.cells.strings
        self.short_strings = max(map(len, self.strings), default=0) <= MAX_CELL_CHARS
        self.pattern = None
        self.tree: dict = {}                 # a cell's pattern -> (what it gives, the tree after it); None: a look ends
        self.plans: dict[int, tuple] = {}    # a look's end group -> what _look_plan gives
        self.looks = self.size = self.hits = self.misses = 0
        self.build_at, self.changed = 256, False
        self.converted: dict[tuple, str] = {}        # (kind, saved text) -> its cell_text, for ``texts``

    def values(self, found) -> list[object]:
        """The values of a row ``pattern`` matched (its number: ``int(found.group(2))``)."""
        self.hits += 1
        columns, numbers, booleans, shared, convert = self.plans[found.lastindex]
        values = list(found.group(*columns))
        for column in numbers:
            values[column] = _number(values[column])
        for column in booleans:
            text = values[column]
            values[column] = text == "1" if text == "1" or text == "0" else bool(int(text))
        strings = self.strings
        for column in shared:
            values[column] = strings[int(values[column])]
        for column, ref, kind in convert:
            values[column] = self.row._converted(kind, found.group(ref), values[column])
        return values

    def texts(self, found) -> list[str]:
        """``values`` as ``cell_text`` gives them, made from the row's text: no value made to be turned into
        text again, but for a date or an odd number."""
        self.hits += 1
        columns, numbers, booleans, shared, convert = self.plans[found.lastindex]
        texts = [text or "" for text in found.group(*columns)]       # None: a column no cell fills
        for column in numbers:
            text = texts[column]
            texts[column] = text if text.isascii() and text.isdigit() and text[0] != "0" else cell_text(_number(text))
        for column in booleans:
            text = texts[column]
            texts[column] = "yes" if text == "1" else "no" if text == "0" else cell_text(bool(int(text)))
        strings = self.strings
        for column in shared:
            texts[column] = strings[int(texts[column])]
        known = self.converted
        for column, ref, kind in convert:       # dates mostly: a table repeats them
            saved = texts[column]
            if (text := known.get((kind, saved))) is None:
                value = self.row._converted(kind, found.group(ref), saved)
                text = cell_text(value)
                if value.__class__ is not UnreadableCell:       # which says where it is
                    if len(known) >= 4096:
                        known.clear()
                    known[(kind, saved)] = text
            texts[column] = text
        return texts

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
        wanted), as ``TextRow._plan`` reads a cell of that look."""
        text, row = cell.string, self.row
        letters, attributes, saved, inline = cell.group(2, 3, 4, 5)
        kind = row.kinds.get(attributes) or row.kind(attributes)
        value = 6 if kind is _INLINE and inline is not None else 4 if kind is not _INLINE and saved else 0
        convert = None if kind is _INLINE or not (saved or kind[0] == "e") else kind if saved else _NO_ERROR
        ref = convert is not None and convert is not _NUMBER and convert is not _BOOLEAN
        opened = {1: f"({re.escape(letters)}[0-9]+)" if ref else f"{re.escape(letters)}[0-9]+",
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
        groups, plans = 2, {}                # group 1 takes no part in any match (the columns no cell fills), 2: r

        def tree(node: dict, path: list) -> str:
            nonlocal groups
            branches = []
            for pattern, entry in node.items():
                if pattern is None:
                    groups += 1
                    plans[groups] = _look_plan(path, self.short_strings)
                    branches.append("()")
                    continue
                (column, convert, ref, value), after = entry
                ref_group = groups = groups + 1 if ref else groups
                value_group = groups = groups + 1 if value else groups
                branches.append(pattern + tree(after, [*path, (column, convert, ref and ref_group,
                                                               value and value_group)]))
            return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"

        try:
            pattern = re.compile(r'(){0}\s*<row r="([0-9]+)"[^>/]*>' + tree(self.tree, []) + "</row>", re.ASCII)
        except (RecursionError, re.error):       # too deep for Python's own parser: rows read the slow way
            self.looks = self.MAX_LOOKS
            return None
        self.plans = plans
        return pattern


def _look_plan(path: list, shared: bool) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], list]:
    """The group of each column's value; the columns holding numbers, booleans, shared strings (when none
    is too long); the other cells to convert."""
    columns = [1] * (max(column for column, *_ in path) + 1)
    for column, _kind, _ref, value in path:
        columns[column] = value or 1
    numbers, booleans = (tuple(column for column, kind, *_ in path if kind is of) for of in (_NUMBER, _BOOLEAN))
    strings = tuple(column for column, kind, *_ in path if shared and kind is not None and kind[0] == "s")
    others = [(column, ref, kind) for column, kind, ref, _ in path
              if kind not in (None, _NUMBER, _BOOLEAN) and column not in strings]
    return tuple(columns), numbers, booleans, strings, others

