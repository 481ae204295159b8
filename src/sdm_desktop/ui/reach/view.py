"""Reach: who the programme heard from in a period, by deprivation, age, ethnic group, disability, carers and
PLUS groups, against the population it serves; and the places no active group reaches. Worked out in the
background; saved as a Word annex (with charts) or a workbook, with small counts suppressed."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from sdm_desktop.services.core.changes import Change
from sdm_desktop.services.core.dates import DateTextError
from sdm_desktop.services.reach.assemble import ReachReport, build_reach
from sdm_desktop.services.reach.documents import write_reach_docx, write_reach_xlsx
from sdm_desktop.services.reach.report import check_output
from sdm_desktop.services.reach.suppression import SCREEN_MARK
from sdm_desktop.services.reach.tables import summary_lines
from sdm_desktop.ui.common.charts import TABLES_KEY, chart_png, toggle_all_tables
from sdm_desktop.ui.common.view_base import View
from sdm_desktop.ui.reach.anonymous_dialog import AnonymousCountsDialog
from sdm_desktop.ui.reach.coverage_panel import CoveragePanel
from sdm_desktop.ui.reach.dimension_panel import DimensionPanel
from sdm_desktop.ui.reach.filters import ReachFilterBar
from sdm_desktop.ui.reach.lookups_dialog import LookupsDialog
from sdm_desktop.ui.reach.plus_groups_dialog import PlusGroupsDialog
from sdm_desktop.ui.reach.population_dialog import PopulationDialog

SHOWN_AFTER = {Change.PERSON, Change.ORGANISATION, Change.INTERACTION, Change.ACTIVITY, Change.PLAN,
               Change.TRAINING, Change.IMPORT, Change.UNDO, Change.ALL}


class ReachView(View):
    title = "Reach"

    def __init__(self, env, parent=None):
        super().__init__(env, parent)
        self._generation = 0
        self._stale = True
        self.report: ReachReport | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Reach: who did we hear from, and who are we missing?</h2>"))
        self.filters = ReachFilterBar(env)
        self.filters.changed.connect(self.refresh)
        layout.addWidget(self.filters)
        layout.addLayout(self._actions())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Reach summary")
        layout.addWidget(self.summary)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setAccessibleName("Reach figures")
        self.body = QWidget()
        self.sections = QVBoxLayout(self.body)
        self.coverage = CoveragePanel()
        scroll.setWidget(self.body)
        layout.addWidget(scroll, 1)
        env.bus.changed.connect(self._changed)
        QShortcut(QKeySequence(TABLES_KEY), self, lambda: toggle_all_tables(self))

    def _actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for text, name, slot in (("Loo&kup files…", "Import postcode, deprivation and population files",
                                  self.open_lookups),
                                 ("Populat&ion profile…", "Type or change the population profile",
                                  self.open_population),
                                 ("PL&US groups…", "Choose which tags are PLUS groups", self.open_plus_groups),
                                 ("&Anonymous counts…", "Record counts without names for an activity or session",
                                  self.open_anonymous),
                                 ("Save &report…", "Save the reach report as Word or Excel", self.save_report)):
            button = QPushButton(text)
            button.setAccessibleName(name)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        return row

    def _changed(self, what) -> None:
        if what in SHOWN_AFTER:
            self._stale = True
            if self.isVisible():
                self.refresh()

    def activated(self) -> None:
        self.filters.refresh_plans()
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        self._stale = False
        self._generation += 1
        generation, ctx = self._generation, self.env.ctx
        try:
            reach_filter, margin = self.filters.value(), self.filters.margin.value()
        except DateTextError:
            self.summary.setText("Type the period's dates as shown (e.g. 01/04/2026), then Show.")
            return
        self.summary.setText("Counting…")
        self.env.jobs.run(lambda progress: build_reach(ctx, reach_filter, margin, progress), label="Counting reach",
                          show_progress=False,
                          on_done=lambda report: generation == self._generation and self._show(report),
                          on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        from sdm_desktop.ui import prompts

        self.summary.setText(f"Could not count the reach: {prompts.describe_error(exc)}")

    def _show(self, report: ReachReport) -> None:
        self.report = report
        lines = summary_lines(report, for_file=False)
        lines.append(f"On screen the real counts are shown; {SCREEN_MARK} marks a count that saved files show as "
                     "“<5” (counts under 5 are suppressed in every file).")
        self.summary.setText("<br>".join(html.escape(line) for line in lines))
        while self.sections.count():
            item = self.sections.takeAt(0)
            widget = item.widget()
            if widget is not None and widget is not self.coverage:
                widget.setParent(None)          # gone from the view now, not at the next turn of the loop
                widget.deleteLater()
        for dimension in report.dimensions:
            self.sections.addWidget(DimensionPanel(report, dimension))
        self.coverage.show_coverage(report.coverage)
        self.sections.addWidget(self.coverage)
        self.sections.addStretch(1)

    def open_lookups(self) -> None:
        LookupsDialog(self.env, self).exec()

    def open_population(self) -> None:
        if PopulationDialog(self.env, self).exec():
            self.refresh()

    def open_anonymous(self) -> None:
        AnonymousCountsDialog(self.env, self).exec()

    def open_plus_groups(self) -> None:
        if PlusGroupsDialog(self.env, self).exec():
            self.refresh()

    def save_report(self) -> None:
        default = str(self.env.ctx.data_dir / "exports" / "reach-report.docx")
        target, _ = QFileDialog.getSaveFileName(self, "Save the reach report", default,
                                                "Word document (*.docx);;Excel workbook (*.xlsx)")
        if target:
            self.write_report(Path(target))

    def write_report(self, target: Path) -> None:
        try:
            ctx, reach_filter, margin = self.env.ctx, self.filters.value(), self.filters.margin.value()
        except DateTextError as exc:
            from sdm_desktop.ui import prompts
            prompts.error(self, f"Not saved: {exc}")
            return

        def job(progress):
            suffix = check_output(target)
            report = build_reach(ctx, reach_filter, margin, progress)
            if suffix == ".xlsx":
                return write_reach_xlsx(report, target)
            return write_reach_docx(report, target, chart_png)
        self.env.jobs.run(job, label="Writing the reach report",
                          on_done=lambda path: self.summary.setText(
                              self.summary.text() + f"<br><b>Saved to {html.escape(str(path))}</b> (counts under 5 "
                              "suppressed)."))
