"""The attendance grid: participants × sessions, one checkable cell each.

Arrow keys move between cells and Space ticks or unticks (Qt's item delegate does this for
checkable cells); each change is stored at once and the completion rule re-applied.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from sdm_desktop.errors import UserError
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.exporting.tables import Table
from sdm_desktop.services.training.attendance import AttendanceGrid, attendance_grid, attendance_row
from sdm_desktop.services.training.enrolment import set_attendance
from sdm_desktop.services.training.statuses import ENROLMENT_STATUSES

STATUS_LABELS = dict(ENROLMENT_STATUSES)
SUMMARY_HEADERS = ["Attended", "Status"]


class AttendanceGridModel(QAbstractTableModel):
    def __init__(self, ctx: AppContext, on_error: Callable[[str], None] | None = None,
                 on_changed: Callable[[], None] | None = None, parent=None):
        super().__init__(parent)
        self._ctx = ctx
        self._on_error = on_error or (lambda _m: None)
        self._on_changed = on_changed or (lambda: None)
        self.grid: AttendanceGrid | None = None

    def load(self, cohort_id: int | None) -> None:
        self.beginResetModel()
        self.grid = attendance_grid(self._ctx, cohort_id) if cohort_id else None
        self.endResetModel()

    # --- shape ------------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() or self.grid is None else len(self.grid.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() or self.grid is None else len(self.grid.sessions) + len(SUMMARY_HEADERS)

    def _session_count(self) -> int:
        return len(self.grid.sessions) if self.grid else 0

    def is_session_column(self, column: int) -> bool:
        return 0 <= column < self._session_count()

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsUserCheckable if self.is_session_column(index.column()) else base

    # --- values -----------------------------------------------------------------------------
    def is_ticked(self, row: int, column: int) -> bool:
        return (self.grid.rows[row].id, self.grid.sessions[column].id) in self.grid.ticks

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.grid is None:
            return None
        row, column = index.row(), index.column()
        person = self.grid.rows[row]
        if self.is_session_column(column):
            ticked = self.is_ticked(row, column)
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
            if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
                return f"{person.name}, {self._session_label(column)}: {'attended' if ticked else 'not attended'}"
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self._session_count():
                return f"{person.attended} (need {self.grid.sessions_required})"
            label = STATUS_LABELS.get(person.status, person.status)
            return label + (" (override)" if person.completion_override is not None else "")
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not self.is_session_column(index.column()):
            return False
        ticked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)
        return self.set_ticked(index.row(), index.column(), ticked)

    def set_ticked(self, row: int, column: int, ticked: bool) -> bool:
        person, session = self.grid.rows[row], self.grid.sessions[column]
        try:
            set_attendance(self._ctx, person.id, session.id, ticked)
        except UserError as exc:
            self._on_error(str(exc))
            return False
        self._refresh_row(row)
        self._on_changed()
        return True

    def _refresh_row(self, row: int) -> None:
        old = self.grid.rows[row]
        fresh, ticks = attendance_row(self._ctx, self.grid.cohort_id, old.id)
        self.grid.ticks = {t for t in self.grid.ticks if t[0] != old.id} | ticks
        self.grid.rows[row] = fresh or old
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def _session_label(self, column: int) -> str:
        session = self.grid.sessions[column]
        return f"session {column + 1}, {session.starts_at:%a %d %b %Y %H:%M}"

    def as_table(self) -> Table:
        """The grid as shown, for "Export shown…": one row per participant, one column per session."""
        if self.grid is None:
            return Table(["Participant"], [], 0, "Attendance")
        headers = ["Participant"] + [f"{s.starts_at:%Y-%m-%d %H:%M}" for s in self.grid.sessions] + SUMMARY_HEADERS
        rows = [[person.name] + ["yes" if self.is_ticked(r, c) else "" for c in range(self._session_count())]
                + [person.attended, self.data(self.index(r, self._session_count() + 1))]
                for r, person in enumerate(self.grid.rows)]
        return Table(headers, rows, len(rows), "Attendance")

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if self.grid is None or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if orientation == Qt.Orientation.Vertical:
            return self.grid.rows[section].name if section < len(self.grid.rows) else None
        if self.is_session_column(section):
            session = self.grid.sessions[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{self._session_label(section)}" + (f": {session.topic}" if session.topic else "")
            return f"{section + 1}. {session.starts_at:%d %b}\n{session.starts_at:%H:%M}"
        summary = section - self._session_count()
        return SUMMARY_HEADERS[summary] if 0 <= summary < len(SUMMARY_HEADERS) else None
