"""The coverage matrix and the gap list of the Analysis view, each with "Export shown…"."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QDateEdit, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableView,
    QVBoxLayout, QWidget,
)

from sdm_desktop.services.coverage import Gap, coverage_matrix, coverage_table, default_period
from sdm_desktop.services.exporting import Table, write_table
from sdm_desktop.ui.models.analysis_models import (
    GAP_HEADERS, POINT_HEADERS, CoverageModel, RowsModel, gap_rows, point_rows,
)


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def make_table(model, name: str) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.setObjectName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def export_dialog(parent, env, default_name: str, table: Table, status: QLabel) -> None:
    default = str(env.ctx.data_dir / "exports" / default_name)
    target, _ = QFileDialog.getSaveFileName(parent, "Export the rows shown", default,
                                            "Excel workbook (*.xlsx);;CSV file (*.csv)")
    if target:
        env.jobs.run(lambda progress: write_table(table, Path(target), progress), label=f"Exporting to {target}",
                     on_done=lambda n: status.setText(f"Exported {n:,} rows to {target}"))


class CoverageWidget(QWidget):
    """Stakeholder type × the three PPE levels: groups engaged in the period of those that can contribute."""

    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.model = CoverageModel(self)
        start, end = default_period()
        self.start, self.end = QDateEdit(_qdate(start)), QDateEdit(_qdate(end))
        row = QHBoxLayout()
        for text, edit in (("Engaged &from", self.start), ("&to", self.end)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd MMM yyyy")
            edit.setAccessibleName(f"Period {text.replace('&', '')}")
            edit.dateChanged.connect(lambda _d: self.refresh())
            label = QLabel(text)
            label.setBuddy(edit)
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
        key = QLabel("Each cell: groups <b>engaged</b> in the period (an activity at that level, or an interaction) "
                     "<b>of</b> the active groups that <b>can contribute</b> at that level. "
                     "<b>Bold with “!”</b> marks a weak cell (fewer than half engaged) or a level no group of "
                     "that type can contribute to.")
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
        return _pydate(self.start.date()), _pydate(self.end.date())

    def refresh(self) -> None:
        start, end = self.period()
        if start > end:
            self.status.setText("The period starts after it ends: choose a later 'to' date.")
            return
        matrix = coverage_matrix(self.env.ctx, start, end)
        self.model.set_matrix(matrix)
        weak = len(matrix.weak_cells())
        self.status.setText(f"{weak} of {len(matrix.types) * 3} cells weak or empty, {start:%d %b %Y} to {end:%d %b %Y}.")

    def export_shown(self) -> None:
        if self.model.matrix is not None:
            export_dialog(self, self.env, "coverage.xlsx", coverage_table(self.model.matrix), self.status)


class GapWidget(QWidget):
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

    def set_gaps(self, gaps: list[Gap]) -> None:
        self.model.set_rows(gap_rows(gaps))
        self.status.setText(f"{len(gaps):,} stakeholders below their target")

    def _activate(self, row: int) -> None:
        key = self.model.key_at(row)
        if key:
            self.activated.emit(key)

    def export_shown(self) -> None:
        rows = self.model.table_rows()
        export_dialog(self, self.env, "gaps.xlsx", Table(GAP_HEADERS, rows, len(rows), "Gaps"), self.status)


class PointsWidget(QWidget):
    """The stakeholders on the grid as a sortable table: an alternative to the picture, and exportable."""

    activated = Signal(str)

    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.model = RowsModel(POINT_HEADERS, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.table = make_table(self.proxy, "Stakeholders on the grid")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().setVisible(False)
        for column, width in enumerate((230, 150, 64, 60, 110, 84, 165, 165, 84)):
            self.table.setColumnWidth(column, width)
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
        self.model.set_rows(point_rows(points))
        self.status.setText(f"{len(points):,} stakeholders, as on the grid. Double-click or Enter shows one on the grid.")

    def _activate(self, index) -> None:
        key = self.proxy.data(index, Qt.ItemDataRole.UserRole)
        if key:
            self.activated.emit(key)

    def shown_rows(self) -> list[list]:
        """The rows in the order shown (the user's sort), with typed values (numbers stay numbers)."""
        return [list(self.model.rows[self.proxy.mapToSource(self.proxy.index(r, 0)).row()].cells)
                for r in range(self.proxy.rowCount())]

    def export_shown(self) -> None:
        rows = self.shown_rows()
        export_dialog(self, self.env, "grid-stakeholders.xlsx", Table(POINT_HEADERS, rows, len(rows), "Grid"),
                      self.status)
