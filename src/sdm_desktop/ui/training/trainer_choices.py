"""The trainers a cohort can be run by, for a combo box: thousands in a large cascade.

A list model set in one go (QComboBox.addItem for 50,000 people blocks the GUI thread for
well over 100 ms), with a dictionary from person id to row instead of ``findData``'s scan.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt

NO_TRAINER = "No trainer (original course)"


class TrainerChoices(QAbstractListModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._items: list[tuple[int | None, str]] = [(None, NO_TRAINER)]
        self._rows: dict[int | None, int] = {None: 0}

    def set_choices(self, choices: list[tuple[int, str]]) -> None:
        """(person id, name) pairs, in the order to show them, after "No trainer"."""
        self.beginResetModel()
        self._items = [(None, NO_TRAINER), *choices]
        self._rows = {person_id: row for row, (person_id, _name) in enumerate(self._items)}
        self.endResetModel()

    def ensure(self, person_id: int | None, name: str) -> int:
        """The row of this person, added at the end when missing (a cohort's trainer who no longer qualifies)."""
        row = self._rows.get(person_id)
        if row is None:
            row = len(self._items)
            self.beginInsertRows(QModelIndex(), row, row)
            self._items.append((person_id, name or f"Person {person_id}"))
            self._rows[person_id] = row
            self.endInsertRows()
        return row

    def row_of(self, person_id: int | None) -> int:
        return self._rows.get(person_id, -1)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._items)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        person_id, name = self._items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.EditRole):
            return name
        if role == Qt.ItemDataRole.UserRole:
            return person_id
        return None
