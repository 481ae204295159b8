"""Coverage gaps by place: neighbourhoods by IMD quintile with and without an active group, and the most deprived
ones no group reaches, to plan outreach."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QLabel, QTableView, QVBoxLayout

from sdm_desktop.services.core.charts import Bar, BarChart
from sdm_desktop.services.reach.coverage import CoverageGaps
from sdm_desktop.ui.common.charts import ChartPanel
from sdm_desktop.ui.common.tables.rows_table import RowColumn, RowsModel
from sdm_desktop.ui.common.tables.table_helpers import prepare_table

GAP_COLUMNS = [RowColumn("LSOA", lambda g: g.code), RowColumn("Name", lambda g: g.name),
               RowColumn("District", lambda g: g.district),
               RowColumn("IMD rank", lambda g: "" if g.rank is None else f"{g.rank:,}")]
NO_LOOKUPS = ("Coverage by place needs the postcode directory and the deprivation file: use “Lookup files…” "
              "above to import them.")


class CoveragePanel(QGroupBox):
    def __init__(self, parent=None):
        super().__init__("Coverage gaps by place", parent)
        layout = QVBoxLayout(self)
        self.note = QLabel(NO_LOOKUPS)
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.chart = ChartPanel(self)
        layout.addWidget(self.chart)
        self.gap_model = RowsModel(GAP_COLUMNS, self)
        self.gaps = prepare_table(QTableView(self), self.gap_model, "Most deprived neighbourhoods with no active group")
        self.gaps.verticalHeader().hide()
        self.gaps.setMinimumHeight(160)
        layout.addWidget(self.gaps)

    def show_coverage(self, coverage: CoverageGaps) -> None:
        self.chart.setVisible(coverage.available)
        self.gaps.setVisible(coverage.available)
        if not coverage.available:
            self.note.setText(NO_LOOKUPS)
            return
        self.note.setText(f"Neighbourhoods (LSOAs) in {', '.join(coverage.districts) or 'the area'}: the share in "
                          f"each IMD quintile with an active group in the register. "
                          f"{coverage.uncovered_core20_total:,} in quintile 1 (Core20) have none; the most deprived "
                          "are listed below.")
        bars = [Bar(f"Quintile {q.quintile}", 100.0 * q.with_group / q.lsoas if q.lsoas else None,
                    note=f"({q.with_group:,} of {q.lsoas:,})") for q in coverage.quintiles]
        self.chart.set_chart(BarChart("Neighbourhoods with an active group, by IMD quintile (%)", bars,
                                      maximum=100.0, value_name="With a group"))
        self.gap_model.set_rows(coverage.uncovered_core20)
        self.gaps.resizeColumnsToContents()
