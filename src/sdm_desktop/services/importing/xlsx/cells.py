"""A row's cells as values, read as openpyxl's worksheet parser reads them with ``data_only`` (numbers,
dates from the cell's number format, shared and inline strings, booleans), except that a formula without
a saved result or a cell showing an error is an ``UnreadableCell`` and a cell longer than Excel allows
raises ``CellTooLong``: ``Cells`` from a row parsed by lxml (``text_row.TextRow`` reads most rows from their
text and hands it the others).
"""

from __future__ import annotations

from datetime import date, datetime, time

from openpyxl.utils import column_index_from_string
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.xml.constants import SHEET_MAIN_NS

MAX_CELL_CHARS = 32_767                    # Excel's limit
# lxml's parser as a hostile file meets it: no DTD, no entities expanded, nothing fetched, libxml2's own
# limits on depth and node size (huge_tree off).
SAFE_XML = {"resolve_entities": False, "load_dtd": False, "no_network": True, "huge_tree": False,
            "collect_ids": False}

_NS = f"{{{SHEET_MAIN_NS}}}"
ROW_TAG, CELL_TAG, VALUE_TAG, FORMULA_TAG, INLINE_TAG = (_NS + name for name in ("row", "c", "v", "f", "is"))
STRING_TAG = _NS + "si"


class UnreadableCell(str):
    """A cell whose value cannot be known from the file: reads as empty text, says where and why."""

    ref: str
    why: str
    made = 0                        # in this process: while none was, no row holds one (``RowCells.check``)

    def __new__(cls, ref: str, why: str) -> UnreadableCell:
        UnreadableCell.made += 1
        cell = super().__new__(cls, "")
        cell.ref, cell.why = ref, why
        return cell

    def __reduce__(self):
        return UnreadableCell, (self.ref, self.why)       # as str's own would make it with "" alone


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
        self.dates: dict[tuple[str, str], object] = {}      # (style, number) -> its date: a table repeats them

    def column(self, letters: str) -> int:
        column = self.columns.get(letters)
        if column is None:
            column = self.columns[letters] = column_index_from_string(letters)    # ValueError if not one
        return column

    def value(self, kind: str, style: str | None, text: str | None, ref: str) -> object:
        """A cell with a stored value (``text``, from ``<v>`` or an inline string)."""
        if kind == "n":
            if style and int(style) in self.date_formats:
                return self.dates.get((style, text)) or self._date(style, text, ref)
            value = float(text) if "." in text or "E" in text or "e" in text else int(text)
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

    def _date(self, style: str, text: str, ref: str) -> object:
        number = float(text) if "." in text or "E" in text or "e" in text else int(text)
        try:
            value = from_excel(number, self.epoch, timedelta=int(style) in self.timedelta_formats)
        except (OverflowError, ValueError):
            return UnreadableCell(ref, "shows the error #VALUE!")     # as openpyxl reads it
        if len(self.dates) > 4096:
            self.dates.clear()
        self.dates[(style, text)] = value
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
            return None if inline is None else self.value(kind, None, text_of(inline), ref)
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


def text_of(element) -> str:
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


def cell_text(value: object) -> str:
    """A spreadsheet cell as the text a user would read in it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value                    # an UnreadableCell stays one
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def cell_texts(values: list[object]) -> list[str]:
    """``cell_text`` of each value; most cells are text or empty, and only the others go through it."""
    return [v if v.__class__ is str else "" if v is None else ("yes" if v else "no") if v.__class__ is bool
            else cell_text(v) for v in values]
