"""Past mailings, newest first (a short list: loaded whole)."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from sdm_desktop.services.letters.history import RunRow


def local_time(stamp: datetime) -> datetime:
    """Stored times are UTC; show them in the computer's time zone."""
    return stamp.replace(tzinfo=UTC).astimezone()


HEADERS = ["Written", "Template", "Letters", "Left out", "Folder"]


class LetterRunsModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[RunRow] = []

    def set_rows(self, rows: list[RunRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def run_at(self, row: int) -> RunRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows(self) -> list[RunRow]:
        return list(self._rows)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(HEADERS)):
            return HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        run = self.run_at(index.row()) if index.isValid() else None
        if run is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return [f"{local_time(run.created_at):%d/%m/%Y %H:%M}", run.template_name, f"{run.recipient_count:,}",
                    f"{run.excluded_count:,}", run.output_dir][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 4 and not run.folder_exists:
            return "This folder has been moved or deleted."
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (2, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
