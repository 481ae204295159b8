"""The Attendance tab: the participants × sessions grid, quick to fill with the keyboard."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sdm_desktop.services.core.changes import Change
from sdm_desktop.services.core.text import counted
from sdm_desktop.services.exporting.tables import write_table
from sdm_desktop.ui.common.tables.table_helpers import SINGLE, button, prepare_table
from sdm_desktop.ui.training.attendance_grid import AttendanceGridModel


class AttendanceGridView(QTableView):
    """Space ticks or unticks in place; Enter ticks or unticks and moves down to the next participant,
    so a whole session is taken like a register: Enter, Enter, Down, Enter…"""

    def keyPressEvent(self, event) -> None:
        index = self.currentIndex()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and index.isValid() \
                and self.model().is_session_column(index.column()):
            ticked = self.model().is_ticked(index.row(), index.column())
            if self.model().set_ticked(index.row(), index.column(), not ticked):
                below = self.model().index(min(index.row() + 1, self.model().rowCount() - 1), index.column())
                self.setCurrentIndex(below)
            return
        super().keyPressEvent(event)


class AttendancePanel(QWidget):
    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        layout = QVBoxLayout(self)
        self.hint = QLabel("Arrow keys move between cells; Space ticks or unticks attendance; Enter ticks or "
                           "unticks and moves down to the next person. Each tick is saved at once (Ctrl+Z undoes it), "
                           "completion follows the programme's rule, and a session can be ticked from its day.")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.model = AttendanceGridModel(env.ctx, on_error=self._error,
                                         on_changed=lambda: env.announce(Change.TRAINING), parent=self)
        self.grid = prepare_table(AttendanceGridView(), self.model, "Attendance grid: participants by sessions",
                                  object_name="attendance-grid", selection=SINGLE, whole_rows=False, compact=False)
        self.grid.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.grid.horizontalHeader().setMinimumSectionSize(60)
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.grid.verticalHeader().setMinimumWidth(150)
        self.grid.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.grid, 1)
        row = QHBoxLayout()
        self.problem = QLabel()
        self.problem.setAccessibleName("Attendance problem")
        self.problem.setWordWrap(True)
        row.addWidget(self.problem, 1)
        row.addWidget(button("E&xport shown…", "Export the attendance grid", self.export_shown,
                             "Save the grid as CSV or XLSX"))
        layout.addLayout(row)

    def show_cohort(self, cohort_id: int | None) -> None:
        self.problem.clear()
        self.model.load(cohort_id)
        self.setEnabled(cohort_id is not None)
        columns = self.model.columnCount()
        for column in range(columns):
            self.grid.setColumnWidth(column, 68 if self.model.is_session_column(column) else 90)
        grid = self.model.grid
        if grid is not None and 0 < len(grid.sessions) < grid.sessions_required:
            sessions = f"{len(grid.sessions)} session{'s' if len(grid.sessions) != 1 else ''}"
            self.problem.setText(f"⚠ This cohort has {sessions} "
                                 f"but the programme needs {grid.sessions_required} to complete: nobody can complete "
                                 "by attendance alone (add sessions, or override completion with a reason).")
        if self.model.rowCount() and columns:
            self.grid.setCurrentIndex(self.model.index(0, 0))
        elif cohort_id:
            self.problem.setText("Nobody holds a place yet, or the cohort has no sessions: "
                                 "add sessions on the Cohort tab and people on the Participants tab.")

    def _error(self, message: str) -> None:
        self.problem.setText(f"⚠ {message}")

    def export_shown(self) -> None:
        default = str(self.env.ctx.data_dir / "exports" / "attendance.xlsx")
        target, _ = QFileDialog.getSaveFileName(self, "Export the attendance grid", default,
                                                "Excel workbook (*.xlsx);;CSV file (*.csv)")
        if target:
            self.export_to(Path(target))

    def export_to(self, target: Path) -> None:
        table = self.model.as_table()
        self.env.jobs.run(lambda progress: write_table(table, target, progress), label="Exporting attendance",
                          on_done=lambda n: self.problem.setText(f"Exported {counted(n, 'row')} to {target}"))
