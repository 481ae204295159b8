"""Engagement: plans and activities at the three levels of patient and public engagement, the
follow-up list, "you said, we did", and the engagement report."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sdm_desktop.services.core.changes import REGISTER, Change
from sdm_desktop.services.core.text import counted
from sdm_desktop.services.core.versions import RecordChanged
from sdm_desktop.services.core.vocab import PPE_LEVELS
from sdm_desktop.services.engagement import activities as act
from sdm_desktop.services.engagement import plans as eng
from sdm_desktop.services.engagement.export import plans_table
from sdm_desktop.services.engagement.followups import follow_up_counts
from sdm_desktop.services.engagement.report import write_engagement_report
from sdm_desktop.ui import prompts
from sdm_desktop.ui.calendar.actions import engagement_calendar_button
from sdm_desktop.ui.common.accessible import buddy_label
from sdm_desktop.ui.common.tables.filter_note import FilterNote, blocked_signals
from sdm_desktop.ui.common.tables.record_table import RecordColumn, RecordTableModel
from sdm_desktop.ui.common.tables.table_helpers import (
    FOCUSED,
    ON_SCREEN,
    ask_export_path,
    button,
    record_table,
    run_export,
    selected_records,
    shortcut,
    with_suffix,
)
from sdm_desktop.ui.common.view_base import View
from sdm_desktop.ui.email_log.hooks import engagement_button, install_engagement_drops
from sdm_desktop.ui.engagement.feedback_panel import FeedbackPanel
from sdm_desktop.ui.engagement.followups_panel import FollowUpsPanel
from sdm_desktop.ui.engagement.plan_detail import PlanDetail
from sdm_desktop.ui.engagement.plan_dialog import PlanDialog
from sdm_desktop.ui.engagement.report_dialog import ReportPeriodDialog

# Levels, owner, period and money are also in the plan's details beside the list: they go when narrow.
PLAN_COLUMNS = [RecordColumn("title", "Plan", 215, shrink_to=150), RecordColumn("status", "Status", 70),
                RecordColumn("progress", "Progress", 165, sort_key="overdue"),
                RecordColumn("levels", "Levels", 170, shrink_to=90, drop_order=4),
                RecordColumn("owner", "Owner", 140, shrink_to=90, drop_order=3),
                RecordColumn("period", "Period", 140, sort_key="start_date", drop_order=2),
                RecordColumn("spent", "Spent", 80, sort_key="spent_pence", drop_order=1)]
PLANS, FOLLOW_UPS, FEEDBACK = 0, 1, 2
REFRESH_ON = REGISTER | {Change.PLAN, Change.ACTIVITY, Change.INTERACTION}
OWNERS_MAY_CHANGE = frozenset({Change.PLAN, Change.ACTIVITY, Change.UNDO, Change.ALL, Change.IMPORT})


class EngagementView(View):
    title = "Engagement"

    def __init__(self, env, parent=None):
        super().__init__(env, parent)
        self._ready = False
        self._plans_generation = self._counts_generation = 0     # only the newest load is shown
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("<h2>Engagement</h2>"))
        top.addStretch(1)
        top.addWidget(button("&New plan…", "New engagement plan", self.new_plan, "Make an engagement plan (Ctrl+N)"))
        top.addWidget(engagement_button(self))
        top.addWidget(engagement_calendar_button(self))
        top.addWidget(button("Engagement &report…", "Write the engagement report", self.ask_report,
                             "A Word report for a period: activities by level, reach, feedback, open actions"))
        layout.addLayout(top)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Plans, follow-ups or feedback")
        self.tabs.addTab(self._build_plans_tab(), "&Plans and activities")
        self.followups = FollowUpsPanel(env)
        self.feedback = FeedbackPanel(env)
        self.tabs.addTab(self.followups, "Follow-&ups")
        self.tabs.addTab(self.feedback, "You said, we &did")
        self.tabs.currentChanged.connect(self._tab_changed)
        layout.addWidget(self.tabs, 1)
        self.status = QLabel()
        self.status.setAccessibleName("Engagement status")
        layout.addWidget(self.status)
        for panel in (self.detail, self.followups, self.feedback):
            panel.status_message.connect(self.status.setText)
        shortcut(QKeySequence.StandardKey.New, self, self.new_plan, ON_SCREEN)
        env.bus.changed.connect(self._on_changed)
        install_engagement_drops(self)
        self._restore_layout()
        self._ready = True
        self.reload_filters()
        self.refresh()
        self._just_loaded = True        # the first activated() that follows has nothing new to load

    # --- building ---------------------------------------------------------------------------
    def _build_plans_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(self._build_filters())
        layout.addWidget(self.period_note)
        self.plan_model = RecordTableModel(PLAN_COLUMNS, self, emphasis=lambda r: r.overdue > 0)
        self.plan_table = record_table(self.plan_model, "Engagement plans")
        self.plan_table.setSelectionMode(self.plan_table.SelectionMode.SingleSelection)
        self.plan_table.selectionModel().currentRowChanged.connect(lambda cur, _p: self._plan_selected(cur.row()))
        self.plan_table.doubleClicked.connect(lambda _i: self.detail.edit_plan())
        shortcut(QKeySequence.StandardKey.Delete, self.plan_table, self.delete_plan, FOCUSED)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.plan_table, 1)
        row = QHBoxLayout()
        row.addWidget(button("Delete plan", "Delete the selected plan", self.delete_plan,
                             "Delete the plan, its activities and their log; Ctrl+Z undoes (Delete)"))
        row.addStretch(1)
        row.addWidget(button("E&xport shown…", "Export the plans shown", self.ask_export_plans,
                             "Save the plan list as shown as CSV or XLSX"))
        left_layout.addLayout(row)
        self.detail = PlanDetail(self.env)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("engagement-splitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        left.setMinimumWidth(340)
        self.splitter.setSizes([470, 760])
        layout.addWidget(self.splitter, 1)
        return page

    def _build_filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.level_filter = self._combo("Filter by level of engagement")
        self.plan_status_filter = self._combo("Filter plans by status")
        self.activity_status_filter = self._combo("Filter activities by status")
        self.owner_filter = self._combo("Filter by owner")
        self.overdue_only = QCheckBox("&Overdue only")
        self.overdue_only.setAccessibleName("Show only overdue activities and the plans that have them")
        self.overdue_only.toggled.connect(lambda _c: self.refresh())
        for text, combo in (("&Level:", self.level_filter), ("Plan s&tatus:", self.plan_status_filter),
                            ("Activity &status:", self.activity_status_filter), ("O&wner:", self.owner_filter)):
            row.addWidget(buddy_label(text, combo))
            row.addWidget(combo)
        row.addWidget(self.overdue_only)
        self.period_note = FilterNote("Activities shown by date", self.refresh)     # on its own line, below
        row.addStretch(1)
        return row

    def _combo(self, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.setToolTip(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(11)
        combo.currentIndexChanged.connect(lambda _i: self.refresh())
        return combo

    def reload_filters(self) -> None:
        owners = eng.owners(self.env.ctx)
        fill = [(self.level_filter, "All levels", [*PPE_LEVELS, (eng.LEVEL_NOT_SET, "Level not set")]),
                (self.plan_status_filter, "All", eng.PLAN_STATUSES),
                (self.activity_status_filter, "All", eng.ACTIVITY_STATUSES),
                (self.owner_filter, "Everyone", [(o, o) for o in owners])]
        for combo, everything, choices in fill:
            keep = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for code, text in choices:
                combo.addItem(text, code)
            combo.setCurrentIndex(max(0, combo.findData(keep)))
            combo.blockSignals(False)
        self.followups.reload_owners(owners)

    # --- refreshing -------------------------------------------------------------------------
    def plan_filter(self) -> eng.PlanFilter:
        first, last = self.period_note.value or (None, None)
        return eng.PlanFilter(ppe_level=self.level_filter.currentData(), status=self.plan_status_filter.currentData(),
                              owner=self.owner_filter.currentData(), overdue_only=self.overdue_only.isChecked(),
                              date_from=first, date_to=last)

    def activity_filter(self) -> act.ActivityFilter:
        first, last = self.period_note.value or (None, None)
        return act.ActivityFilter(ppe_level=self.level_filter.currentData(),
                                  status=self.activity_status_filter.currentData(),
                                  owner=self.owner_filter.currentData(), overdue_only=self.overdue_only.isChecked(),
                                  date_from=first, date_to=last)

    def show_activities(self, level: str | None, first: date, last: date) -> None:
        """Only the activities planned from ``first`` to ``last`` (at ``level``, or any), each plan with its own."""
        with blocked_signals(self.level_filter, self.plan_status_filter, self.activity_status_filter,
                             self.owner_filter, self.overdue_only):
            for combo in (self.plan_status_filter, self.activity_status_filter, self.owner_filter):
                combo.setCurrentIndex(0)
            self.level_filter.setCurrentIndex(max(0, self.level_filter.findData(level)))
            self.overdue_only.setChecked(False)
        self.period_note.show_only((first, last), f"activities planned {first:%d %b %Y} to {last:%d %b %Y}")
        self.detail.plan_id = None                  # the first plan that has them is shown
        self.tabs.setCurrentIndex(PLANS)
        self.refresh()

    def show_follow_ups(self, bucket: str | None) -> None:
        """The follow-up list showing one bucket ("overdue", "this_week"…) of everyone's actions."""
        self.followups.show_bucket(bucket)
        self.tabs.setCurrentIndex(FOLLOW_UPS)
        self.refresh()

    def refresh(self) -> None:
        if not self._ready:
            return
        tab = self.tabs.currentIndex()
        if tab == PLANS:
            self.reload_plans()
        elif tab == FOLLOW_UPS:
            self.followups.reload()
        else:
            self.feedback.reload()
        self._update_tab_titles()

    def _tab_changed(self, _index: int) -> None:
        self.status.clear()
        self.refresh()

    def reload_plans(self) -> None:
        """Load the plan list (with progress and money) in the background; the newest load wins."""
        self._plans_generation += 1
        generation, ctx, flt = self._plans_generation, self.env.ctx, self.plan_filter()
        self.env.jobs.run(lambda _p: eng.list_plans(ctx, flt), label="Loading the plans", show_progress=False,
                          on_done=lambda plans: generation == self._plans_generation and self._show_plans(plans))

    def _show_plans(self, plans: list) -> None:
        keep = self.detail.plan_id
        self.plan_model.set_records(plans)
        row = self.plan_model.row_of(keep) if keep is not None else -1
        if row < 0 and plans:
            row = 0
        if row >= 0:
            self.plan_table.selectRow(row)
            self.detail.show_plan(self.plan_model.record(row).id, self.activity_filter())
        else:
            self.detail.show_plan(None)
        self.status.setText(f"{counted(len(plans), 'plan')} shown")

    def _plan_selected(self, row: int) -> None:
        record = self.plan_model.record(row)
        if record is not None and record.id != self.detail.plan_id:
            self.detail.show_plan(record.id, self.activity_filter())

    def _update_tab_titles(self) -> None:
        """The follow-up counts read every action (50,000 interactions): counted in the background."""
        self._counts_generation += 1
        generation, ctx = self._counts_generation, self.env.ctx
        self.env.jobs.run(lambda _p: follow_up_counts(ctx), label="Counting follow-up actions", show_progress=False,
                          on_done=lambda counts: generation == self._counts_generation and self.tabs.setTabText(
                              FOLLOW_UPS, f"Follow-&ups ({counts.overdue} overdue, {counts.this_week} this week)"))

    def _on_changed(self, what: Change) -> None:
        if what not in REFRESH_ON or not self.isVisible():     # a hidden view reads everything when shown
            return
        if what in OWNERS_MAY_CHANGE:   # the follow-up list loads its own owners
            self.reload_filters()
        self.refresh()

    def activated(self) -> None:
        if self._just_loaded:
            self._just_loaded = False
            return
        self.reload_filters()
        self.refresh()

    # --- actions ----------------------------------------------------------------------------
    def new_plan(self) -> None:
        plan_id = PlanDialog.ask(self.env, parent=self)
        if plan_id:
            self.tabs.setCurrentIndex(PLANS)
            self.detail.plan_id = plan_id
            self.env.announce(Change.PLAN)
            self.status.setText("Plan saved. Add its activities with “New activity…”.")

    def delete_plan(self) -> None:
        records = selected_records(self.plan_table)
        if not records:
            return
        plan = records[0]
        logged = eng.logged_on(self.env.ctx, plan_ids=[plan.id])
        activities = eng.count_of(plan.activities, "activity", "activities")
        if not prompts.confirm(self, f"Delete the plan “{plan.title}”, its {activities}{logged.phrase()}?"
                                     "\n\nCtrl+Z undoes this.", "Delete plan", yes="Delete", no="Keep"):
            return
        try:
            eng.delete_plans(self.env.ctx, [plan.id], expected={plan.id: plan.row_version})
        except RecordChanged as exc:       # changed by a colleague since it was listed: nothing deleted
            prompts.warn(self, str(exc), "Changed by someone else")
            self.env.announce(Change.PLAN)
            return
        self.detail.plan_id = None
        self.env.announce(Change.PLAN)

    def ask_export_plans(self) -> None:
        target = ask_export_path(self, self.env, "Export the plans shown", "plans.xlsx")
        if target:
            self.export_plans_to(target)

    def export_plans_to(self, target: Path) -> None:
        rows = self.plan_model.records()
        run_export(self.env, target, lambda: plans_table(rows),
                   lambda n: self.status.setText(f"Exported {counted(n, 'plan')} to {target}"))

    def ask_report(self) -> None:
        period = ReportPeriodDialog.ask(self)
        if not period:
            return
        default = str(self.env.ctx.data_dir / "exports" / f"engagement-report-{period[0]}-to-{period[1]}.docx")
        target, _ = QFileDialog.getSaveFileName(self, "Save the engagement report", default, "Word document (*.docx)")
        if target:
            self.write_report(period[0], period[1], with_suffix(Path(target), ".docx"))

    def write_report(self, first, last, target: Path) -> None:
        ctx = self.env.ctx
        self.env.jobs.run(lambda progress: write_engagement_report(ctx, first, last, target, progress=progress),
                          label="Writing the engagement report",
                          on_done=lambda s: self.status.setText(
                              f"Report written to {s.path}: {eng.count_of(s.activities, 'activity', 'activities')}, "
                              f"{eng.count_of(s.stakeholders_reached, 'stakeholder')} reached, "
                              f"{eng.count_of(s.open_actions, 'open action')}."))

    # --- layout -----------------------------------------------------------------------------
    def save_layout(self) -> None:
        s = self.env.settings
        s.setValue("engagement/splitter", self.splitter.saveState())
        s.setValue("engagement/detail-splitter", self.detail.splitter.saveState())

    def _restore_layout(self) -> None:
        s = self.env.settings
        for key, target in (("engagement/splitter", self.splitter),
                            ("engagement/detail-splitter", self.detail.splitter)):
            state = s.value(key)
            if isinstance(state, QByteArray):
                target.restoreState(state)
