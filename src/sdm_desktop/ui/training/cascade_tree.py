"""The cascade as an expandable tree: trainers, the people they trained, and so on down.

A QAbstractItemModel over a computed ``Cascade``; nodes are made only when the view asks for
them, so a cascade of tens of thousands of people opens at once.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt

from sdm_desktop.services.core.vocab import PARTICIPANT_TYPES, label
from sdm_desktop.services.training.cascade import TYPES, Cascade
from sdm_desktop.services.training.cohorts import counts_text

HEADERS = ["Person", "Trained directly", "Reach in total", "Reach by type", "Type", "Trained in"]


class CascadeTreeModel(QAbstractItemModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.cascade: Cascade | None = None

    def set_cascade(self, cascade: Cascade | None) -> None:
        """Show a computed cascade; call ``cascade.index_rows()`` beforehand, off the GUI thread."""
        self.beginResetModel()
        self.cascade = cascade
        self.endResetModel()

    def _children(self, parent: QModelIndex) -> list[int]:
        """The people under ``parent`` (the roots under the invisible root); none under other columns.
        Kept to one call per question: expanding a 50,000-person tree asks a few hundred thousand."""
        if self.cascade is None:
            return []
        if not parent.isValid():
            return self.cascade.roots
        return self.cascade.children_of(parent.internalId()) if parent.column() == 0 else []

    def person_id(self, index: QModelIndex) -> int | None:
        return index.internalId() if index.isValid() else None

    def index_of(self, person_id: int) -> QModelIndex:
        """The first column's index of a person in the cascade (without walking down from the top)."""
        if self.cascade is None or person_id not in self.cascade:
            return QModelIndex()
        return self.createIndex(self.cascade.row_of(person_id), 0, person_id)

    # --- structure --------------------------------------------------------------------------
    def index(self, row, column, parent=QModelIndex()):
        children = self._children(parent)
        if 0 <= row < len(children) and 0 <= column < len(HEADERS):
            return self.createIndex(row, column, children[row])
        return QModelIndex()

    def parent(self, index=QModelIndex()):
        if not index.isValid() or self.cascade is None:
            return QModelIndex()
        parent_id = self.cascade.parent_of(index.internalId())
        if parent_id is None:
            return QModelIndex()
        return self.createIndex(self.cascade.row_of(parent_id), 0, parent_id)

    def rowCount(self, parent=QModelIndex()) -> int:
        return len(self._children(parent))

    def columnCount(self, parent=QModelIndex()) -> int:
        return len(HEADERS)

    def hasChildren(self, parent=QModelIndex()) -> bool:
        return bool(self._children(parent))

    # --- values -----------------------------------------------------------------------------
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.cascade is None:
            return None
        node = self.cascade[index.internalId()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            column = index.column()
            if column == 0:
                return node.name + (" (trainer)" if node.is_trainer else "")
            if column == 1:
                return node.direct or ""
            if column == 2:
                return node.total or ""
            if column == 3:
                return by_type_text(node.total_by_type)
            if column == 4:
                return label(PARTICIPANT_TYPES, node.participant_type)
            return node.cohort_name
        if role == Qt.ItemDataRole.ToolTipRole:
            return (f"{node.name}: trained {node.direct} directly and {node.total} in total down the cascade"
                    + (f" ({by_type_text(node.total_by_type)})" if node.total else ""))
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (1, 2):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None


def by_type_text(counts) -> str:
    return counts_text(dict(zip(TYPES, counts, strict=False)))
