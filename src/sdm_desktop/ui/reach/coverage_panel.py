"""Coverage gaps by place: neighbourhoods by IMD quintile with and without an active group, and the most deprived
ones no group reaches, to plan outreach."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout

from sdm_desktop.services.core.charts import Bar, BarChart
from sdm_desktop.services.reach.coverage import CoverageGaps
from sdm_desktop.ui.common.charts import ChartPanel

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
        self.gaps = QTableWidget(0, 4, self)
        self.gaps.setTabKeyNavigation(False)        # one Tab stop: arrows move inside
        self.gaps.setHorizontalHeaderLabels(["LSOA", "Name", "District", "IMD rank"])
        self.gaps.setAccessibleName("Most deprived neighbourhoods with no active group")
        self.gaps.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
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
        self.gaps.setRowCount(len(coverage.uncovered_core20))
        for n, g in enumerate(coverage.uncovered_core20):
            for c, text in enumerate((g.code, g.name, g.district, "" if g.rank is None else f"{g.rank:,}")):
                self.gaps.setItem(n, c, QTableWidgetItem(text))
        self.gaps.resizeColumnsToContents()
