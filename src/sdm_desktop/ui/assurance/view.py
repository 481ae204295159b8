"""Assurance: each principle of the framework with the team's rating for the period and the activities that
evidence it. Tick the activities that evidence the principle chosen, rate it, write the report."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sdm_desktop.services.assurance import principles as principle_service
from sdm_desktop.services.assurance import tagging
from sdm_desktop.services.assurance.evidence import (
    PrincipleEvidence,
    activities_in_period,
    evidence_for,
    plans_in_period,
)
from sdm_desktop.services.assurance.ratings import RATINGS, Rating, get_rating, save_rating
from sdm_desktop.services.assurance.report import write_assurance_report
from sdm_desktop.services.core.changes import Change
from sdm_desktop.services.core.dates import DateTextError
from sdm_desktop.ui import prompts
from sdm_desktop.ui.assurance.principle_dialog import edit_principle
from sdm_desktop.ui.common.accessible import focus_target
from sdm_desktop.ui.common.date_field import DateField
from sdm_desktop.ui.common.tables.table_helpers import button
from sdm_desktop.ui.common.view_base import View

COLUMNS = ("No.", "Principle", "Self-assessment", "Activities")


def financial_year(today: date) -> tuple[date, date]:
    """The NHS year (1 April to 31 March) holding ``today``."""
    start = date(today.year if today.month >= 4 else today.year - 1, 4, 1)
    return start, date(start.year + 1, 3, 31)


class AssuranceView(View):
    title = "Assurance"

    def __init__(self, env, parent=None):
        super().__init__(env, parent)
        self.items: list[PrincipleEvidence] = []
        self.rating: Rating | None = None
        layout = QVBoxLayout(self)
        layout.addLayout(self._period_bar())
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._principle_table())
        splitter.addWidget(self._detail())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        self.summary = QLabel()
        self.summary.setAccessibleName("Assurance summary")
        layout.addWidget(self.summary)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_rating)
        env.bus.changed.connect(self._on_changed)

    # --- building ---------------------------------------------------------------------------
    def _period_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.framework = QComboBox()
        self.framework.setAccessibleName("Framework of principles")
        self.framework.currentIndexChanged.connect(lambda _i: self.refresh())
        start, end = financial_year(date.today())
        self.date_from, self.date_to = self._date(start, "Period from"), self._date(end, "Period to")
        framework_label = QLabel("Fra&mework:")
        framework_label.setBuddy(self.framework)
        from_label, to_label = QLabel("Fr&om:"), QLabel("&To:")
        from_label.setBuddy(focus_target(self.date_from))
        to_label.setBuddy(focus_target(self.date_to))
        for widget in (framework_label, self.framework, from_label, self.date_from, to_label, self.date_to):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(button("&Add principle…", "Add a principle", self.add_principle))
        bar.addWidget(button("Ed&it principle…", "Edit the principle chosen", self.edit_principle))
        bar.addWidget(button("&Write report…", "Write the assurance report for the period", self.write_report))
        return bar

    def _date(self, value: date, name: str) -> DateField:
        edit = DateField(value, required=True, words_beside=False)
        edit.setAccessibleName(name)
        edit.dateChanged.connect(lambda _d: self.refresh())
        return edit

    def _principle_table(self) -> QTableWidget:
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("Principles")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)        # one Tab stop: the arrow keys move between principles
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (0, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.currentCellChanged.connect(lambda row, *_: self._show(row))
        return self.table

    def _detail(self) -> QWidget:
        panel = QWidget()
        column = QVBoxLayout(panel)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        column.addWidget(self.heading)
        rating_box = QGroupBox("Self-assessment for the period")
        form = QFormLayout(rating_box)
        self.rating_choice = QComboBox()
        self.rating_choice.addItem("Not rated", None)
        for code, words in RATINGS:
            self.rating_choice.addItem(words, code)
        self.rating_choice.setAccessibleName("Rating")
        self.narrative = QPlainTextEdit()
        self.narrative.setAccessibleName("Narrative")
        self.narrative.setPlaceholderText("What we did and what difference it made")
        self.narrative.setTabChangesFocus(True)
        self.evidence = QPlainTextEdit()
        self.evidence.setAccessibleName("Further evidence")
        self.evidence.setPlaceholderText("Links or references, one per line (e.g. board minutes, March 2026)")
        self.evidence.setTabChangesFocus(True)
        self.evidence.setMaximumHeight(80)
        form.addRow("&Rating", self.rating_choice)
        form.addRow("&Narrative", self.narrative)
        form.addRow("Evi&dence", self.evidence)
        form.addRow("", button("&Save assessment", "Save the self-assessment (Ctrl+S)", self.save_rating))
        for row in range(form.rowCount()):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label and field and isinstance(label.widget(), QLabel):
                label.widget().setBuddy(field.widget())
        column.addWidget(rating_box, 1)
        plans_box = QGroupBox("Plans: tick those that evidence this principle (all their activities do)")
        inner = QVBoxLayout(plans_box)
        self.plans = QListWidget()
        self.plans.setAccessibleName("Plans that evidence this principle")
        self.plans.setMaximumHeight(110)
        self.plans.itemChanged.connect(lambda entry: self._tick(entry, "plan"))
        inner.addWidget(self.plans)
        column.addWidget(plans_box)
        activities_box = QGroupBox("Activities in the period: tick those that evidence this principle")
        inner = QVBoxLayout(activities_box)
        self.activities = QListWidget()
        self.activities.setAccessibleName("Activities that evidence this principle")
        self.activities.itemChanged.connect(lambda entry: self._tick(entry, "activity"))
        inner.addWidget(self.activities)
        column.addWidget(activities_box, 1)
        return panel

    # --- showing ----------------------------------------------------------------------------
    def activated(self) -> None:
        self._load_frameworks()
        self.refresh()

    def _load_frameworks(self) -> None:
        chosen = self.framework.currentData()
        self.framework.blockSignals(True)
        self.framework.clear()
        for fid, name in principle_service.frameworks(self.env.ctx):
            self.framework.addItem(name, fid)
        index = self.framework.findData(chosen)
        self.framework.setCurrentIndex(max(index, 0))
        self.framework.blockSignals(False)

    def period(self) -> tuple[date, date]:
        """The period chosen; DateTextError (said beside the field) while a date is not one."""
        return self.date_from.value(), self.date_to.value()

    def refresh(self) -> None:
        if self.framework.currentData() is None:
            return
        row = max(self.table.currentRow(), 0)
        try:
            date_from, date_to = self.period()
        except DateTextError:
            self.summary.setText("⚠ Type the period's dates as shown (e.g. 01/04/2026).")
            return
        if date_to < date_from:
            self.summary.setText("⚠ The period ends before it starts.")
            return
        self.items = evidence_for(self.env.ctx, self.framework.currentData(), date_from, date_to)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.items))
        for n, item in enumerate(self.items):
            values = (str(item.principle.number), item.principle.title, item.rating_words,
                      str(len(item.activities)) if item.activities else "none: a gap")
            for column, text in enumerate(values):
                cell = QTableWidgetItem(text)
                cell.setToolTip(item.principle.description or item.principle.title)
                self.table.setItem(n, column, cell)
        self.table.resizeRowsToContents()
        self.table.blockSignals(False)
        gaps = sum(not i.has_evidence for i in self.items)
        self.summary.setText(f"{len(self.items) - gaps} of {len(self.items)} principles have evidence in the period;"
                             f" {gaps} {'has' if gaps == 1 else 'have'} none.")
        if self.items:
            self.table.setCurrentCell(min(row, len(self.items) - 1), 1)
            self._show(self.table.currentRow())

    def _current(self) -> PrincipleEvidence | None:
        row = self.table.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.items):
            return
        item = self.items[row]
        self.heading.setText(f"<b>{item.principle.number}. {item.principle.title}</b><br>{item.principle.description}")
        self.rating = get_rating(self.env.ctx, item.principle.id, *self.period())
        self.rating_choice.setCurrentIndex(max(self.rating_choice.findData(self.rating.rating), 0))
        self.narrative.setPlainText(self.rating.narrative)
        self.evidence.setPlainText(self.rating.evidence)
        self._show_plans(item)
        self._show_activities(item)

    def _show_plans(self, item: PrincipleEvidence) -> None:
        self.plans.blockSignals(True)
        self.plans.clear()
        for plan_id, title in plans_in_period(self.env.ctx, *self.period()):
            entry = QListWidgetItem(title)
            entry.setData(Qt.ItemDataRole.UserRole, plan_id)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            tagged = item.principle.id in tagging.principles_of(self.env.ctx, "plan", plan_id)
            entry.setCheckState(Qt.CheckState.Checked if tagged else Qt.CheckState.Unchecked)
            self.plans.addItem(entry)
        self.plans.blockSignals(False)

    def _show_activities(self, item: PrincipleEvidence) -> None:
        evidencing = {a.id for a in item.activities}
        self.activities.blockSignals(True)
        self.activities.clear()
        for activity_id, title, held_on, _plan in activities_in_period(self.env.ctx, *self.period()):
            tagged = tagging.principles_of(self.env.ctx, "activity", activity_id)
            through_plan = activity_id in evidencing and item.principle.id not in tagged
            text = f"{held_on:%d/%m/%Y}  {title}" + ("  (through its plan)" if through_plan else "")
            entry = QListWidgetItem(text)
            entry.setData(Qt.ItemDataRole.UserRole, activity_id)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            if through_plan:
                entry.setFlags(entry.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            entry.setCheckState(Qt.CheckState.Checked if activity_id in evidencing else Qt.CheckState.Unchecked)
            self.activities.addItem(entry)
        if not self.activities.count():
            self.activities.addItem("No activities in the period: plan some in Engagement.")
        self.activities.blockSignals(False)

    # --- acting -----------------------------------------------------------------------------
    def _tick(self, entry: QListWidgetItem, kind: str) -> None:
        item, owner_id = self._current(), entry.data(Qt.ItemDataRole.UserRole)
        if item is None or owner_id is None:
            return
        try:
            tagging.tag(self.env.ctx, kind, owner_id, item.principle.id, entry.checkState() == Qt.CheckState.Checked)
        except Exception as exc:  # noqa: BLE001 - one transaction: nothing changed, say why
            prompts.error(self, f"Not changed: {prompts.describe_error(exc)}")
        self.env.announce(Change.PLAN if kind == "plan" else Change.ACTIVITY)

    def save_rating(self) -> bool:
        item = self._current()
        if item is None or self.rating is None:
            return False
        rating = Rating(item.principle.id, *self.period(), self.rating_choice.currentData(),
                        self.narrative.toPlainText().strip(), self.evidence.toPlainText().strip(),
                        self.rating.row_version)
        try:
            save_rating(self.env.ctx, rating)
        except Exception as exc:  # noqa: BLE001 - one transaction: nothing changed, say why
            prompts.error(self, f"Not saved: {prompts.describe_error(exc)}")
            return False
        self.refresh()
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(f"Saved the self-assessment of principle {item.principle.number}", 4000)
        return True

    def add_principle(self) -> None:
        framework = self.framework.currentData()
        if framework is not None and edit_principle(self, self.env, framework, None):
            self.refresh()

    def edit_principle(self) -> None:
        item = self._current()
        if item is not None and edit_principle(self, self.env, item.principle.framework_id, item.principle):
            self.refresh()

    def write_report(self) -> None:
        date_from, date_to = self.period()
        suggested = str(Path.home() / f"assurance report {date_from:%Y-%m-%d} to {date_to:%Y-%m-%d}.docx")
        target, _filter = QFileDialog.getSaveFileName(self, "Write the assurance report", suggested,
                                                      "Word document (*.docx)")
        if target:
            self.write_report_to(Path(target))

    def write_report_to(self, target: Path) -> None:
        name = self.framework.currentText()
        self.env.jobs.run(lambda _progress: write_assurance_report(self.env.ctx, *self.period(), target, name),
                          label=f"Writing {target.name}",
                          on_done=lambda counts: prompts.info(
                              self, f"Assurance report written to {target}: {counts[0]} principles, "
                                    f"{counts[1]} without evidence."))

    def _on_changed(self, what: Change) -> None:
        if what in (Change.ACTIVITY, Change.PLAN, Change.INTERACTION, Change.UNDO, Change.ALL) and self.isVisible():
            self.refresh()
