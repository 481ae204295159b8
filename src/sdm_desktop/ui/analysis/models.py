"""Small table models for the Analysis view: movement between rounds, gaps, coverage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from sdm_desktop.services.analysis.coverage import LEVELS, CoverageMatrix, Gap
from sdm_desktop.services.analysis.grid import Comparison, quadrant_label
from sdm_desktop.services.core.vocab import COMMITMENT_LEVELS, IAP2_LEVELS, PPE_LEVELS, label

DISPLAY, TOOLTIP, KEY_ROLE = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.UserRole


@dataclass
class Row:
    key: str                # the stakeholder's subject key, for selecting it on the grid
    cells: list[Any]
    tooltip: str = ""


class RowsModel(QAbstractTableModel):
    """A read-only table of plain rows (a few hundred at most)."""

    def __init__(self, headers: list[str], parent=None):
        super().__init__(parent)
        self.headers = headers
        self.rows: list[Row] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self.rows = self._sorted(rows) if self._sort else rows
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorted in Python on the plain values (numbers as numbers, text ignoring case): a few ms for
        2,000 rows, where a sort proxy calling data() for every comparison takes a tenth of a second."""
        if not 0 <= column < len(self.headers):
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        before = list(self.rows)
        self.rows = self._sorted(self.rows)
        where = {id(row): i for i, row in enumerate(self.rows)}
        old = self.persistentIndexList()
        self.changePersistentIndexList(old, [self.index(where[id(before[i.row()])], i.column()) for i in old])
        self.layoutChanged.emit()

    def _sorted(self, rows: list[Row]) -> list[Row]:
        column, order = self._sort
        return sorted(rows, key=lambda r: _sort_key(r.cells[column]),
                      reverse=order == Qt.SortOrder.DescendingOrder)

    def key_at(self, row: int) -> str | None:
        return self.rows[row].key if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=DISPLAY):
        if orientation == Qt.Orientation.Horizontal and role == DISPLAY and 0 <= section < len(self.headers):
            return self.headers[section]
        return None

    def data(self, index: QModelIndex, role=DISPLAY):
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        row = self.rows[index.row()]
        if role in (DISPLAY, Qt.ItemDataRole.AccessibleTextRole):
            value = row.cells[index.column()]
            return "" if value is None else str(value)
        if role == TOOLTIP:
            return row.tooltip or None
        if role == KEY_ROLE:
            return row.key
        return None

    def table_rows(self) -> list[list[Any]]:
        return [list(r.cells) for r in self.rows]


def _sort_key(value: Any) -> tuple:
    if value is None or value == "":
        return (2, "")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (0, value)
    return (1, str(value).casefold())


MOVEMENT_HEADERS = ["Change", "Stakeholder", "Details"]


def movement_rows(comparison: Comparison | None) -> list[Row]:
    if comparison is None:
        return []
    rows = [("Moved", m.after.key, m.after.name, m.description) for m in comparison.moved]
    rows += [("New", p.key, p.name, f"first assessed in {quadrant_label(p.quadrant)}") for p in comparison.new]
    rows += [("Dropped out", p.key, p.name, f"was in {quadrant_label(p.quadrant)}") for p in comparison.dropped]
    return [Row(key, [change, name, details], f"{change}: {name} — {details}") for change, key, name, details in rows]


class MovementModel(RowsModel):
    """Who moved between two rounds. For a narrow list (``two_lines``) the Stakeholder column reads as two
    lines, the name, then the change and its details, so one column says it all without scrolling sideways."""

    def __init__(self, parent=None):
        super().__init__(MOVEMENT_HEADERS, parent)
        self.two_lines = False

    def data(self, index: QModelIndex, role=DISPLAY):
        if (self.two_lines and index.isValid() and index.column() == 1 and 0 <= index.row() < len(self.rows)
                and role in (DISPLAY, Qt.ItemDataRole.AccessibleTextRole)):
            change, name, details = self.rows[index.row()].cells
            return f"{name}\n{change} — {details}"
        return super().data(index, role)


GAP_HEADERS = ["#", "Stakeholder", "Type", "Influence", "Involvement now → target", "Commitment now → target", "Gap"]


def gap_rows(gaps: list[Gap]) -> list[Row]:
    def pair(pairs, values):
        return f"{label(pairs, values[0]) or '—'} → {label(pairs, values[1]) or '—'}"
    return [Row(g.point.key, [i, g.point.name, g.point.type_name, g.point.influence,
                              pair(IAP2_LEVELS, g.point.involvement), pair(COMMITMENT_LEVELS, g.point.commitment),
                              g.size],
                f"Involvement {g.involvement_gap} step(s) short, commitment {g.commitment_gap} step(s) short")
            for i, g in enumerate(gaps, start=1)]


class CoverageModel(QAbstractTableModel):
    """Stakeholder type × PPE level. Weak cells: bold, '!' and a tint, so no cue rests on colour alone."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.matrix: CoverageMatrix | None = None
        self._bold = QFont()
        self._bold.setBold(True)

    def set_matrix(self, matrix: CoverageMatrix) -> None:
        self.beginResetModel()
        self.matrix = matrix
        self.endResetModel()

    def _types(self) -> list[str]:
        return (self.matrix.types + ["All types"]) if self.matrix else []

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._types())

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(LEVELS)

    def headerData(self, section, orientation, role=DISPLAY):
        if role not in (DISPLAY, TOOLTIP):
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(LEVELS):
            return label(PPE_LEVELS, LEVELS[section])
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._types()):
            return self._types()[section]
        return None

    def cell(self, index: QModelIndex):
        org_type = self._types()[index.row()]
        level = LEVELS[index.column()]
        return self.matrix.totals(level) if org_type == "All types" else self.matrix.cell(org_type, level)

    def data(self, index: QModelIndex, role=DISPLAY):
        if not index.isValid() or self.matrix is None or not (0 <= index.row() < len(self._types())):
            return None
        c = self.cell(index)
        weak = c.weak and c.org_type != "All types"
        if role in (DISPLAY, Qt.ItemDataRole.AccessibleTextRole):
            return ("! " if weak else "") + c.text
        if role == TOOLTIP:
            return self._tooltip(c, weak)
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if weak or c.org_type == "All types" else None
        if role == Qt.ItemDataRole.BackgroundRole and weak:
            return QBrush(QColor("#ffe0b3") if not c.empty else QColor("#e6e6e6"))
        if role == Qt.ItemDataRole.ForegroundRole and weak:
            return QBrush(QColor("#000000"))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    @staticmethod
    def _tooltip(c, weak: bool) -> str:
        level = label(PPE_LEVELS, c.level)
        text = (f"{c.org_type} — {level}: {c.can_contribute} can contribute at this level; "
                f"{c.engaged} of them engaged in the period.")
        if c.engaged_other:
            text += (f" {c.engaged_other} more were engaged at this level although their record does not say "
                     "they can contribute to it: consider ticking the level on their record.")
        if c.empty:
            return text + " Gap: no group of this type can contribute at this level."
        return text + (" Weak: fewer than half were engaged." if weak else "")


POINT_HEADERS = ["Stakeholder", "Type", "Influence", "Interest", "Quadrant", "Attitude",
                 "Involvement now → target", "Commitment now → target", "Assessed", "Round"]


def point_rows(points) -> list[Row]:
    """The grid as a table: the same stakeholders, readable by a screen reader and sortable."""
    from sdm_desktop.services.core.vocab import ATTITUDES

    def pair(pairs, values):
        return f"{label(pairs, values[0]) or '—'} → {label(pairs, values[1]) or '—'}"
    return [Row(p.key, [p.name, p.type_name, p.influence, p.interest, quadrant_label(p.quadrant),
                        label(ATTITUDES, p.attitude) or "—", pair(IAP2_LEVELS, p.involvement),
                        pair(COMMITMENT_LEVELS, p.commitment), p.assessed_on.isoformat(), p.round_name or ""])
            for p in points]
