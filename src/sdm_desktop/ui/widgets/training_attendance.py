"""The Attendance tab: the participants × sessions grid, quick to fill with the keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from sdm_desktop.ui.models.attendance_grid import AttendanceGridModel


class AttendancePanel(QWidget):
    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        layout = QVBoxLayout(self)
        self.hint = QLabel("Arrow keys move between cells; Space ticks or unticks attendance. "
                           "Each tick is saved at once, and completion follows the programme's rule.")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.model = AttendanceGridModel(env.ctx, on_error=self._error, on_changed=lambda: env.announce("training"),
                                         parent=self)
        self.grid = QTableView()
        self.grid.setObjectName("attendance-grid")
        self.grid.setAccessibleName("Attendance grid: participants by sessions")
        self.grid.setModel(self.model)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setTabKeyNavigation(False)
        self.grid.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.grid.horizontalHeader().setMinimumSectionSize(70)
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.grid.verticalHeader().setMinimumWidth(180)
        self.grid.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.grid, 1)
        self.problem = QLabel()
        self.problem.setAccessibleName("Attendance problem")
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)

    def show_cohort(self, cohort_id: int | None) -> None:
        self.problem.clear()
        self.model.load(cohort_id)
        self.setEnabled(cohort_id is not None)
        columns = self.model.columnCount()
        for column in range(columns):
            self.grid.setColumnWidth(column, 80 if self.model.is_session_column(column) else 110)
        if self.model.rowCount() and columns:
            self.grid.setCurrentIndex(self.model.index(0, 0))
        elif cohort_id:
            self.problem.setText("Nobody holds a place yet, or the cohort has no sessions: "
                                 "add sessions on the Cohort tab and people on the Participants tab.")

    def _error(self, message: str) -> None:
        self.problem.setText(f"⚠ {message}")
