"""One dimension of the reach: the chart (with its table toggle) and the figures, real counts on screen with a
mark where a file would suppress them."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QLabel, QTableView, QVBoxLayout

from sdm_desktop.services.reach.assemble import ReachReport
from sdm_desktop.services.reach.figures import ReachDimension
from sdm_desktop.services.reach.tables import HEADERS, row_texts
from sdm_desktop.ui.common.charts import ChartPanel
from sdm_desktop.ui.common.tables.rows_table import RowColumn, RowsModel
from sdm_desktop.ui.common.tables.table_helpers import prepare_table

SUPPRESSED_TIP = "Under 5 (or needed to protect one that is): files show this as “<5”"


def _columns() -> list[RowColumn]:
    """Each row is the texts ``row_texts`` gives; the count says when a file would suppress it."""
    def column(c: int, header: str) -> RowColumn:
        tip = (lambda texts: SUPPRESSED_TIP if "‡" in texts[1] else None) if c == 1 else None
        return RowColumn(header, lambda texts: texts[c], tooltip=tip)
    return [column(c, header) for c, header in enumerate(HEADERS)]


class DimensionPanel(QGroupBox):
    def __init__(self, report: ReachReport, dimension: ReachDimension, parent=None):
        super().__init__(dimension.label, parent)
        layout = QVBoxLayout(self)
        self.chart = ChartPanel(self)
        self.chart.set_chart(report.chart(dimension, for_file=False))
        layout.addWidget(self.chart)
        self.model = RowsModel(_columns(), self)
        self.model.set_rows([row_texts(report, dimension, row, for_file=False) for row in dimension.rows])
        self.table = prepare_table(QTableView(self), self.model, f"{dimension.label}: figures", whole_rows=False,
                                   compact=False)
        self.table.verticalHeader().hide()
        self.table.resizeColumnsToContents()
        self.table.setFixedHeight(self.table.horizontalHeader().sizeHint().height() + 6
                                  + sum(self.table.rowHeight(r) for r in range(len(dimension.rows))))
        layout.addWidget(self.table)
        base = (f"Percentages are of the {dimension.known:,} people whose answer is known."
                if dimension.key != "plus group" else "Percentages are of everyone engaged.")
        layout.addWidget(QLabel(base))
