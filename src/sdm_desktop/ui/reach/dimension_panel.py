"""One dimension of the reach: the chart (with its table toggle) and the figures, real counts on screen with a
mark where a file would suppress them."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout

from sdm_desktop.services.reach.assemble import ReachReport
from sdm_desktop.services.reach.figures import ReachDimension
from sdm_desktop.services.reach.tables import HEADERS, row_texts
from sdm_desktop.ui.common.charts import ChartPanel


class DimensionPanel(QGroupBox):
    def __init__(self, report: ReachReport, dimension: ReachDimension, parent=None):
        super().__init__(dimension.label, parent)
        layout = QVBoxLayout(self)
        self.chart = ChartPanel(self)
        self.chart.set_chart(report.chart(dimension, for_file=False))
        layout.addWidget(self.chart)
        self.table = QTableWidget(len(dimension.rows), len(HEADERS), self)
        self.table.setTabKeyNavigation(False)        # one Tab stop: arrows move inside
        self.table.setAccessibleName(f"{dimension.label}: figures")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        for n, row in enumerate(dimension.rows):
            for c, text in enumerate(row_texts(report, dimension, row, for_file=False)):
                item = QTableWidgetItem(text)
                if c == 1 and "‡" in text:
                    item.setToolTip("Under 5 (or needed to protect one that is): files show this as “<5”")
                self.table.setItem(n, c, item)
        self.table.resizeColumnsToContents()
        self.table.setFixedHeight(self.table.horizontalHeader().sizeHint().height() + 6
                                  + sum(self.table.rowHeight(r) for r in range(len(dimension.rows))))
        layout.addWidget(self.table)
        base = (f"Percentages are of the {dimension.known:,} people whose answer is known."
                if dimension.key != "plus group" else "Percentages are of everyone engaged.")
        layout.addWidget(QLabel(base))
