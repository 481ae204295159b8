"""A table model over an ordered list of ids, loading rows a page at a time.

Searching and sorting happen in SQL (the owner hands over a new id list); ``data()``
loads only the pages the view asks for. This keeps 100,000 rows cheap.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QFont

PAGE = 200            # the rows a search shows first when it cannot find them all at once
LOAD = 50             # rows loaded together when the view asks for one: a screenful (fewer to read per keystroke)
CACHE_LIMIT = 4000
DISPLAY, TOOLTIP, FONT = (Qt.ItemDataRole.DisplayRole.value, Qt.ItemDataRole.ToolTipRole.value,
                          Qt.ItemDataRole.FontRole.value)
ANSWERED = frozenset({DISPLAY, TOOLTIP, FONT, Qt.ItemDataRole.AccessibleTextRole.value})
# The roles QStyledItemDelegate asks for in one multiData() call to paint a cell, in its order.
PAINTED_ROLES = tuple(role.value for role in (
    Qt.ItemDataRole.FontRole, Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.CheckStateRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.BackgroundRole))
TEXT_AT, FONT_AT = PAINTED_ROLES.index(DISPLAY), PAINTED_ROLES.index(FONT)


# Characters drawn alike with and without OpenType shaping (see table_helpers.text_unshaped): Latin, Greek and
# Cyrillic letters without combining marks, punctuation and currency signs.
_UNSHAPED = ((0x0000, 0x02FF), (0x0370, 0x052F), (0x1E00, 0x1FFF), (0x2000, 0x206F), (0x20A0, 0x20CF))


def needs_shaping(text: str) -> bool:
    """Whether the text holds a character that needs OpenType shaping to be drawn right (Arabic, Bengali, a
    combining accent...)."""
    if text.isascii():
        return False
    return any(not any(low <= code <= high for low, high in _UNSHAPED) for code in map(ord, text))


def _row_font(archived: bool, shaped: bool) -> QFont | None:
    """A row's font, where it differs from the table's: italic when archived; shaped even in a table whose text
    is drawn unshaped, when it needs it."""
    if not archived and not shaped:
        return None
    font = QFont()
    if archived:
        font.setItalic(True)
    if shaped:
        font.setStyleStrategy(QFont.StyleStrategy.PreferDefault)
    return font


def cell_text(value) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return "" if value is None else str(value)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int = 150
    shrink_to: int | None = None     # may narrow to this (text elided, tooltip in full) to keep all columns on screen


class LazyTableModel(QAbstractTableModel):
    def __init__(self, columns: list[Column], loader: Callable[[list[int]], dict[int, Any]],
                 on_sort: Callable[[str, bool], None] | None = None, parent=None):
        super().__init__(parent)
        self.columns = columns
        self._loader = loader
        self._on_sort = on_sort
        self._ids: list[int] = []
        self._cache: dict[int, Any] = {}
        self._shown: dict[int, tuple[tuple[str, ...], bool, QFont | None]] = {}      # by id: see _shown_row
        self._fonts = {(archived, shaped): _row_font(archived, shaped) for archived in (False, True)
                       for shaped in (False, True)}

    # --- the owner's side -------------------------------------------------------------------
    def set_ids(self, ids: list[int], same_records: bool = False) -> None:
        """Show these rows. ``same_records``: no record changed since the rows shown were loaded (only the search
        did), so the rows already loaded are kept, and the same ids in the same order change nothing at all."""
        if same_records and ids == self._ids:
            return
        self.beginResetModel()
        self._ids = ids
        if not same_records:
            self._forget_rows()
        self.endResetModel()

    def extend_ids(self, ids: list[int]) -> None:
        """The full list after its first rows were shown: the rest added below them (the selection and the
        scroll position stay), or the whole list put in if it starts differently."""
        shown = len(self._ids)
        if ids[:shown] != self._ids:
            self.set_ids(ids)
        elif len(ids) > shown:
            self.beginInsertRows(QModelIndex(), shown, len(ids) - 1)
            self._ids = ids
            self.endInsertRows()

    def refresh_rows(self) -> None:
        """Reload visible values without changing which rows there are."""
        self._forget_rows()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(self.columns) - 1))

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, row_id: int) -> int:
        try:
            return self._ids.index(row_id)
        except ValueError:
            return -1

    def ids(self) -> list[int]:
        return list(self._ids)

    def record(self, row: int):
        row_id = self.id_at(row)
        if row_id is None:
            return None
        if row_id not in self._cache:
            self._load_page(row)
        return self._cache.get(row_id)

    # --- Qt's side --------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.columns)):
            return self.columns[section].header
        return None

    def data(self, index: QModelIndex, role=DISPLAY):
        # Called for every role of every cell painted (about 500 times a screenful, each keystroke of a search):
        # plain int roles and each row's texts worked out once, not per call.
        if role not in ANSWERED:
            return None
        shown = self._shown_row(index.row())
        if shown is None:
            return None
        texts, archived, font = shown
        if role == FONT:
            return font
        text = texts[index.column()]
        if role == TOOLTIP:
            if archived and index.column() == 0:
                return text + " (archived)"
            return text or None
        return text

    def multiData(self, index: QModelIndex, span) -> None:  # noqa: N802 - Qt's name
        # A painted cell's roles in one call, not seven (a tenth off a search's first screenful): the span the item
        # delegate asks for. It reuses the span from cell to cell, so the text and font are always written; its
        # other roles, which this model never answers, stay empty. Any other span is answered role by role.
        if len(span) == len(PAINTED_ROLES):
            text, font = span[TEXT_AT], span[FONT_AT]
            if text.role() == DISPLAY and font.role() == FONT:
                shown = self._shown_row(index.row())
                if shown is None:
                    text.clearData()
                    font.clearData()
                    return
                text.setData(shown[0][index.column()])
                if shown[2] is None:
                    font.clearData()
                else:
                    font.setData(shown[2])
                return
        super().multiData(index, span)

    def _shown_row(self, row: int) -> tuple[tuple[str, ...], bool, QFont | None] | None:
        """A row's cell texts, whether it is archived and its font, if not the table's (loading its page if need
        be), or None."""
        if not 0 <= row < len(self._ids):
            return None
        row_id = self._ids[row]
        shown = self._shown.get(row_id)
        if shown is None:
            record = self.record(row)
            if record is None:
                return None
            texts = tuple(cell_text(getattr(record, c.key, "")) for c in self.columns)
            archived = bool(getattr(record, "archived", False))
            shown = (texts, archived, self._fonts[archived, any(map(needs_shaping, texts))])
            self._shown[row_id] = shown
        return shown

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if self._on_sort and 0 <= column < len(self.columns):
            self._on_sort(self.columns[column].key, order == Qt.SortOrder.DescendingOrder)

    def _forget_rows(self) -> None:
        self._cache.clear()
        self._shown.clear()

    def _load_page(self, row: int) -> None:
        if len(self._cache) > CACHE_LIMIT:
            self._forget_rows()
        start = (row // LOAD) * LOAD
        self._cache.update(self._loader(self._ids[start:start + LOAD]))
