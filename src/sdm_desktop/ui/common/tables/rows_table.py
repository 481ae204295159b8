"""A read-mostly table over a short list of plain rows (programmes, sessions, notes, reach).

For small lists only; big tables use ``LazyTableModel``. Columns say how to show a row and,
optionally, how to store an edit. ``as_table()`` gives the rows shown, for "Export shown…".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from sdm_desktop.services.exporting.tables import Table


@dataclass(frozen=True)
class RowColumn:
    header: str
    value: Callable[[Any], Any]
    width: int = 120
    edit: Callable[[Any, Any], None] | None = None     # store an edited value (may raise UserError)
    tooltip: Callable[[Any], str] | None = None
    shrink_to: int | None = None                       # see ColumnFit: may narrow to this
    drop_order: int | None = None                      # see ColumnFit: may be hidden when narrow


def shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return str(value)


class RowsModel(QAbstractTableModel):
    def __init__(self, columns: list[RowColumn], parent=None, on_error: Callable[[str], None] | None = None):
        super().__init__(parent)
        self.columns = columns
        self.rows: list[Any] = []
        self._on_error = on_error or (lambda _m: None)

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row(self, index: int) -> Any:
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.columns[index.column()].edit is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return shown(column.value(row))
        if role == Qt.ItemDataRole.EditRole:
            value = column.value(row)
            return 0 if value is None and column.edit is not None else value
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row)
        if role == Qt.ItemDataRole.ToolTipRole and column.shrink_to is not None:
            return shown(column.value(row)) or None          # the whole text of a narrowed column
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        column = self.columns[index.column()] if index.isValid() else None
        if role != Qt.ItemDataRole.EditRole or column is None or column.edit is None:
            return False
        from sdm_desktop.errors import UserError
        try:
            column.edit(self.rows[index.row()], value)
        except UserError as exc:
            self._on_error(str(exc))
            return False
        self.dataChanged.emit(index.siblingAtColumn(0), index.siblingAtColumn(len(self.columns) - 1))
        return True

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header if 0 <= section < len(self.columns) else None
        return None

    def as_table(self, sheet_name: str = "Export") -> Table:
        rows = [[column.value(row) for column in self.columns] for row in self.rows]
        return Table([c.header for c in self.columns], rows, total=len(rows), sheet_name=sheet_name)
