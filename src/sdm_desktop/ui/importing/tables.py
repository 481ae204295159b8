"""Small read-only table models for the import wizard (file preview) and the list of import batches."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from sdm_desktop.services.importing import BatchInfo

_DISPLAY = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole)


class PreviewModel(QAbstractTableModel):
    """The first rows of a file as read, with the line number of each row as its row header."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._headers: list[str] = []
        self._rows: list[tuple[int, list[str]]] = []

    def set_rows(self, headers: list[str], rows: list[tuple[int, list[str]]]) -> None:
        self.beginResetModel()
        self._headers = list(headers)
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return f"Line {self._rows[section][0]}" if 0 <= section < len(self._rows) else None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in _DISPLAY or not 0 <= index.row() < len(self._rows):
            return None
        cells = self._rows[index.row()][1]
        text = cells[index.column()] if index.column() < len(cells) else ""
        return text.replace("\n", " ⏎ ") if role == Qt.ItemDataRole.DisplayRole else text


BATCH_COLUMNS = ["Batch", "When", "What", "File", "Created", "Updated", "Rejected", "State"]


class BatchesModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._batches: list[BatchInfo] = []

    def set_batches(self, batches: list[BatchInfo]) -> None:
        self.beginResetModel()
        self._batches = list(batches)
        self.endResetModel()

    def batch(self, row: int) -> BatchInfo | None:
        return self._batches[row] if 0 <= row < len(self._batches) else None

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._batches)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(BATCH_COLUMNS)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(BATCH_COLUMNS):
            return BATCH_COLUMNS[section]
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in _DISPLAY or not 0 <= index.row() < len(self._batches):
            return None
        b = self._batches[index.row()]
        state = (f"Undone {b.undone_at:%d %b %Y %H:%M}" if b.undone
                 else f"{b.still_present} of {b.created} created rows present")
        values = [b.id, f"{b.created_at:%d %b %Y %H:%M}", b.kind.capitalize(), Path(b.file_name).name,
                  b.created, b.updated, b.rejected, state]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 3:
            return b.file_name
        return str(values[index.column()])
