"""A table model over a small-to-medium list of plain records (dataclasses), sorted in memory.

Columns read attributes (or call a function) of each record. A column may be checkable: ticking
it calls ``on_check(record, checked)`` and the owner reloads. ``emphasis(record)`` makes a row bold.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QFont


@dataclass(frozen=True)
class RecordColumn:
    key: str                                  # attribute name
    header: str
    width: int = 120
    sort_key: str | None = None               # attribute to sort by, if not the shown one
    checkable: bool = False                   # shows a tick box bound to a bool attribute
    shrink_to: int | None = None              # may narrow to this to keep every column on screen
    drop_order: int | None = None             # may be hidden when narrow (lowest first): shown elsewhere too


class RecordTableModel(QAbstractTableModel):
    def __init__(self, columns: list[RecordColumn], parent=None,
                 emphasis: Callable[[Any], bool] | None = None,
                 on_check: Callable[[Any, bool], None] | None = None):
        super().__init__(parent)
        self.columns = columns
        self._records: list[Any] = []
        self._emphasis = emphasis
        self._on_check = on_check
        self._bold = QFont()
        self._bold.setBold(True)

    # --- owner's side -----------------------------------------------------------------------
    def set_records(self, records: list[Any]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def records(self) -> list[Any]:
        return list(self._records)

    def record(self, row: int):
        return self._records[row] if 0 <= row < len(self._records) else None

    def row_of(self, record_id: int) -> int:
        for n, rec in enumerate(self._records):
            if getattr(rec, "id", None) == record_id:
                return n
        return -1

    def ids(self) -> list[int]:
        return [rec.id for rec in self._records]

    def as_table(self, sheet_name: str = "Export"):
        """The rows as shown (in the current sort), typed values, for "Export shown…"."""
        from sdm_desktop.services.exporting.tables import Table
        rows = [[getattr(rec, c.key, None) for c in self.columns] for rec in self._records]
        return Table([c.header for c in self.columns], rows, len(rows), sheet_name)

    # --- Qt's side --------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.columns)):
            return self.columns[section].header
        return None

    def flags(self, index: QModelIndex):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.columns[index.column()].checkable and self._on_check is not None:
            base |= Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._records)):
            return None
        record = self._records[index.row()]
        column = self.columns[index.column()]
        value = getattr(record, column.key, None)
        if column.checkable:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
            if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
                return f"{column.header}: {'yes' if value else 'no'}"
            return None
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if self._emphasis and self._emphasis(record) else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            text = _text(value)
            return text if (text or role == Qt.ItemDataRole.DisplayRole) else None
        return None

    def setData(self, index: QModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        column = self.columns[index.column()]
        if not column.checkable or self._on_check is None:
            return False
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2, True)
        self._on_check(self._records[index.row()], checked)
        return True

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if not (0 <= column < len(self.columns)):
            return
        key = self.columns[column].sort_key or self.columns[column].key
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        held = [(self._records[i.row()], i.column()) for i in old]
        self._records.sort(key=lambda r: _sortable(getattr(r, key, None)),
                           reverse=order == Qt.SortOrder.DescendingOrder)
        position = {id(r): n for n, r in enumerate(self._records)}
        self.changePersistentIndexList(old, [self.index(position[id(r)], c) for r, c in held])
        self.layoutChanged.emit()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return value.strftime("%d %b %Y")
    return str(value)


def _sortable(value):
    if value is None:
        return (1, "")
    if isinstance(value, str):
        return (0, value.casefold())
    if isinstance(value, date):
        return (0, value.toordinal())
    return (0, value)
