"""The coverage matrix and the gap list of the Analysis view, each with "Export shown…"."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sdm_desktop.services.analysis.coverage import coverage_matrix, coverage_table, default_period, gaps_from_points
from sdm_desktop.services.analysis.grid import stakeholders
from sdm_desktop.services.core.text import counted
from sdm_desktop.services.core.vocab import GLOSSARY
from sdm_desktop.services.exporting.tables import Table, write_table
from sdm_desktop.ui.analysis.models import (
    GAP_HEADERS,
    POINT_HEADERS,
    CoverageModel,
    RowsModel,
    gap_rows,
    point_rows,
)
from sdm_desktop.ui.common.accessible import focus_target
from sdm_desktop.ui.common.date_field import DateField
from sdm_desktop.ui.common.tables.column_fit import ColumnFit
from sdm_desktop.ui.common.tables.table_helpers import prepare_table


def make_table(model, name: str) -> QTableView:
    """A striped read-only table of compact rows whose row headings stay (the coverage matrix names its rows)."""
    table = prepare_table(QTableView(), model, name, object_name=name, striped=True)
    table.verticalHeader().setVisible(True)
    return table


TABLE_FILTERS = "Excel workbook (*.xlsx);;CSV file (*.csv)"


def with_chosen_suffix(target: str, chosen_filter: str) -> Path:
    """A name typed without a suffix gets the one of the file type chosen in the dialog."""
    path = Path(target)
    wanted = re.findall(r"\*(\.\w+)", chosen_filter or "")
    if wanted and path.suffix.lower() not in (".csv", ".xlsx", ".pdf", ".png"):
        path = path.with_name(path.name + wanted[0])
    return path


def ask_table_path(parent, env, title: str, default_name: str) -> Path | None:
    default = str(env.ctx.data_dir / "exports" / default_name)
    target, chosen = QFileDialog.getSaveFileName(parent, title, default, TABLE_FILTERS)
    return with_chosen_suffix(target, chosen) if target else None


def export_dialog(parent, env, default_name: str, table: Table, status: QLabel) -> None:
    target = ask_table_path(parent, env, "Export the rows shown", default_name)
    if target:
        env.jobs.run(lambda progress: write_table(table, target, progress), label=f"Exporting to {target}",
                     on_done=lambda n: status.setText(f"Exported {counted(n, 'row')} to {target}"))


class CoverageWidget(QWidget):
    """Stakeholder type × the three PPE levels: groups engaged in the period of those that can contribute.

    The counting reads every activity and interaction of the period (a tenth of a second or more with
    50,000 interactions), so it runs in the background; the newest request wins, and typing a date
    waits for a pause before counting."""

    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.model = CoverageModel(self)
        self._generation = 0
        self._timer = QTimer(self, singleShot=True, interval=300)
        self._timer.timeout.connect(self.refresh)
        start, end = default_period()
        self.start = DateField(start, required=True, words_beside=False)
        self.end = DateField(end, required=True, words_beside=False)
        row = QHBoxLayout()
        for text, edit in (("Engaged fro&m", self.start), ("&to", self.end)):
            edit.setAccessibleName(f"Period {text.replace('&', '')}")
            edit.dateChanged.connect(lambda _d: self._period_changed())
            label = QLabel(text)
            label.setBuddy(focus_target(edit))
            row.addWidget(label)
            row.addWidget(edit)
        row.addStretch(1)
        self.export_button = QPushButton("E&xport shown…")
        self.export_button.setAccessibleName("Export the coverage matrix")
        self.export_button.clicked.connect(self.export_shown)
        row.addWidget(self.export_button)
        self.table = make_table(self.model, "Coverage matrix")
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.key = key = QLabel(
            "Each cell: groups <b>engaged</b> in the period (an activity at that level, or an interaction) <b>of</b> "
            "the active groups whose <b>engagement levels</b> include it. <b>Bold with “!”</b> marks a weak cell "
            "(fewer than half engaged) or a level no group of that type has.")
        key.setToolTip(f"Coverage marks: {GLOSSARY['Coverage marks']}")
        key.setWordWrap(True)
        key.setAccessibleName("How to read the coverage matrix")
        self.status = QLabel()
        self.status.setAccessibleName("Coverage summary")
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(key)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)

    def period(self) -> tuple[date, date]:
        return self.start.value(), self.end.value()

    def _period_ok(self) -> bool:
        if self.start.problem() or self.end.problem():
            self._generation += 1
            self.status.setText("A date of the period is not one: see beside it.")
            return False
        start, end = self.period()
        if start > end:
            self._generation += 1          # a count still running for the old period is not shown
            self.status.setText("The period starts after it ends: choose a later 'to' date.")
            return False
        return True

    def _period_changed(self) -> None:
        self._timer.stop()
        if self._period_ok():
            self._timer.start()

    def refresh(self) -> None:
        """Count again in the background; the matrix shown stays until the new one is ready."""
        self._timer.stop()
        if not self._period_ok():
            return
        start, end = self.period()
        ctx = self.env.ctx
        self._generation += 1
        generation = self._generation
        self.status.setText(f"Counting engagement from {start:%d %b %Y} to {end:%d %b %Y}…")
        self.env.jobs.run(lambda _progress: coverage_matrix(ctx, start, end), label="Counting coverage",
                          show_progress=False,
                          on_done=lambda matrix: generation == self._generation and self._show(matrix))

    def _show(self, matrix) -> None:
        self.model.set_matrix(matrix)
        weak = len(matrix.weak_cells())
        self.status.setText(f"{weak} of {len(matrix.types) * 3} cells weak or empty, "
                            f"{matrix.start:%d %b %Y} to {matrix.end:%d %b %Y}.")

    def export_shown(self) -> None:
        if self.model.matrix is not None:
            export_dialog(self, self.env, "coverage.xlsx", coverage_table(self.model.matrix), self.status)


class _FilledWhenShown(QWidget):
    """A page of the tab widget that only fills its table when shown: a redraw of the grid stays fast."""

    _pending = None

    def _when_shown(self, fill) -> None:
        self._pending = fill
        if self.isVisible():
            self._fill_pending()

    def _fill_pending(self) -> None:
        fill, self._pending = self._pending, None
        if fill is not None:
            fill()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._fill_pending()


class GapWidget(_FilledWhenShown):
    """Who to work on next: target involvement or commitment above the current one."""

    activated = Signal(str)          # subject key, to show it on the grid

    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.model = RowsModel(GAP_HEADERS, self)
        self.table = make_table(self.model, "Gap list")
        for column, width in enumerate((36, 280, 170, 70, 190, 190)):
            self.table.setColumnWidth(column, width)
        self.table.verticalHeader().setVisible(False)
        self.table.doubleClicked.connect(lambda index: self._activate(index.row()))
        self.table.activated.connect(lambda index: self._activate(index.row()))
        intro = QLabel("Stakeholders whose target involvement (IAP2) or commitment is above the current one, "
                       "largest gap first, then the most influential. Follows the round and filters above. "
                       "Double-click or Enter shows the stakeholder on the grid.")
        intro.setWordWrap(True)
        self.status = QLabel()
        self.status.setAccessibleName("How many gaps are shown")
        export = QPushButton("E&xport shown…")
        export.setAccessibleName("Export the gap list")
        export.clicked.connect(self.export_shown)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(export)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    def set_gaps(self, points) -> None:
        """The gap list of these grid points, worked out when the page is shown."""
        def fill():
            gaps = gaps_from_points(points)
            self.model.set_rows(gap_rows(gaps))
            self.status.setText(f"{stakeholders(len(gaps))} below their target")
        self._when_shown(fill)

    def _activate(self, row: int) -> None:
        key = self.model.key_at(row)
        if key:
            self.activated.emit(key)

    def export_shown(self) -> None:
        rows = self.model.table_rows()
        export_dialog(self, self.env, "gaps.xlsx", Table(GAP_HEADERS, rows, len(rows), "Gaps"), self.status)


class PointsWidget(_FilledWhenShown):
    """The stakeholders on the grid as a sortable table: an alternative to the picture, and exportable."""

    activated = Signal(str)

    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.model = RowsModel(POINT_HEADERS, self)
        self.table = make_table(self.model, "Stakeholders on the grid")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().setVisible(False)
        for column, width in enumerate((230, 150, 64, 60, 110, 84, 165, 165, 84)):
            self.table.setColumnWidth(column, width)
        ColumnFit.menus_only(self.table)            # Sort by and Columns from the keyboard (Menu key)
        self.table.doubleClicked.connect(lambda index: self._activate(index))
        self.table.activated.connect(lambda index: self._activate(index))
        self.status = QLabel()
        self.status.setAccessibleName("How many stakeholders are listed")
        export = QPushButton("E&xport shown…")
        export.setAccessibleName("Export the stakeholders listed")
        export.clicked.connect(self.export_shown)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(export)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    def set_points(self, points) -> None:
        def fill():
            self.model.set_rows(point_rows(points))
            self.status.setText(f"{stakeholders(len(points))}, as on the grid. "
                                "Double-click or Enter shows one on the grid.")
        self._when_shown(fill)

    def _activate(self, index) -> None:
        key = self.model.data(index, Qt.ItemDataRole.UserRole)
        if key:
            self.activated.emit(key)

    def shown_rows(self) -> list[list]:
        """The rows in the order shown (sorted as the user chose)."""
        return self.model.table_rows()

    def export_shown(self) -> None:
        rows = self.shown_rows()
        export_dialog(self, self.env, "grid-stakeholders.xlsx", Table(POINT_HEADERS, rows, len(rows), "Grid"),
                      self.status)
