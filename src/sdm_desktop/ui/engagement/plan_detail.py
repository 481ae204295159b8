"""One plan: its summary, its activities as a table and as a month-by-month timeline, and the
interaction log of the selected activity."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QSplitter, QTabWidget, QVBoxLayout, QWidget

from sdm_desktop.services.core.changes import Change
from sdm_desktop.services.core.versions import RecordChanged
from sdm_desktop.services.core.vocab import PPE_LEVELS
from sdm_desktop.services.engagement import activities as act
from sdm_desktop.services.engagement import plans as eng
from sdm_desktop.services.engagement.export import EngagementExportOptions, activities_table
from sdm_desktop.ui import prompts
from sdm_desktop.ui.common.tables.record_table import RecordColumn, RecordTableModel
from sdm_desktop.ui.common.tables.table_helpers import (
    FOCUSED,
    ON_SCREEN,
    ask_export_path,
    button,
    export_withholding,
    record_table,
    selected_records,
    shortcut,
    with_suffix,
)
from sdm_desktop.ui.engagement.activity_dialog import ActivityDialog
from sdm_desktop.ui.engagement.gantt import ActivityGantt
from sdm_desktop.ui.engagement.interaction_log import InteractionLog

# When narrow, the columns that the activity's editor and the timeline's tooltips also show go first.
COLUMNS = [RecordColumn("when", "Date", 150, sort_key="planned_date", shrink_to=105),
           RecordColumn("title", "Activity", 210, shrink_to=130),
           RecordColumn("level", "Level", 150, shrink_to=90, drop_order=7),
           RecordColumn("method", "Method", 120, shrink_to=80, drop_order=3),
           RecordColumn("iap2", "IAP2", 80, drop_order=2),
           RecordColumn("owner", "Owner", 140, shrink_to=90, drop_order=6),
           RecordColumn("status_text", "Status", 120, shrink_to=95),
           RecordColumn("budget", "Budget", 80, sort_key="budget_pence", drop_order=4),
           RecordColumn("spent", "Spent", 80, sort_key="spent_pence", drop_order=5),
           RecordColumn("targets", "Targets", 220, shrink_to=90, drop_order=1)]


class PlanDetail(QWidget):
    status_message = Signal(str)

    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.plan_id: int | None = None
        self.plan: eng.PlanInput | None = None
        self.activity_filter = act.ActivityFilter()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel("Select a plan, or press Ctrl+N to make one.")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                             | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.summary.setAccessibleName("Plan summary")
        layout.addWidget(self.summary)
        layout.addLayout(self._buttons())
        self.model = RecordTableModel(COLUMNS, self, emphasis=lambda r: r.overdue)
        self.table = record_table(self.model, "Activities")
        self.table.doubleClicked.connect(lambda _i: self.edit_activity())
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _p: self._activity_selected(cur.row()))
        shortcut(QKeySequence.StandardKey.Delete, self.table, self.delete_activities, FOCUSED)
        self.gantt = ActivityGantt()
        self.log = InteractionLog(env)
        self.log.changed.connect(lambda: self.status_message.emit("Interaction log updated"))
        self.lower = QTabWidget()
        self.lower.setAccessibleName("Timeline or interaction log")
        self.lower.addTab(self._timeline_page(), "Timeline &by month")
        self.lower.addTab(self.log, "Interaction lo&g of the selected activity")
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("plan-detail-splitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.lower)
        self.splitter.setSizes([260, 340])
        layout.addWidget(self.splitter, 1)
        self._enable(False)

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.new_activity_button = button("New &activity…", "New activity", self.new_activity,
                                          "Add an activity to this plan (Ctrl+Shift+A)")
        self.plan_buttons = [
            button("Ed&it plan…", "Edit plan", self.edit_plan), self.new_activity_button,
            button("Edit a&ctivity…", "Edit the selected activity", self.edit_activity),
            button("Delete activity", "Delete the selected activities", self.delete_activities,
                   "Delete the selected activities (Delete)"),
            button("Export shown…", "Export the activities shown", self.ask_export,
                   "Save the activities shown as CSV or XLSX (Ctrl+Shift+E)"),
        ]
        shortcut(QKeySequence("Ctrl+Shift+E"), self.plan_buttons[-1], self.ask_export, ON_SCREEN)
        for b in self.plan_buttons:
            row.addWidget(b)
        row.addStretch(1)
        shortcut(QKeySequence("Ctrl+Shift+A"), self, self.new_activity, ON_SCREEN)
        return row

    def _timeline_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 4, 0, 0)
        row = QHBoxLayout()
        self.timeline_buttons = [button("Print timeline…", "Print the timeline", self.print_timeline,
                                        "Print the timeline (Ctrl+P)"),
                                 button("Save ti&meline as PDF…", "Save the timeline as PDF", self.ask_pdf)]
        for b in self.timeline_buttons:
            row.addWidget(b)
        shortcut(QKeySequence("Ctrl+P"), self.timeline_buttons[0], self.print_timeline, ON_SCREEN)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.gantt, 1)
        return page

    def _enable(self, on: bool) -> None:
        for b in getattr(self, "timeline_buttons", []):
            b.setEnabled(on)
        for b in self.plan_buttons:
            b.setEnabled(on)

    # --- showing ----------------------------------------------------------------------------
    def show_plan(self, plan_id: int | None, flt: act.ActivityFilter | None = None) -> None:
        self.plan_id = plan_id
        if flt is not None:
            self.activity_filter = flt
        self._enable(plan_id is not None)
        if plan_id is None:
            self.plan = None
            self.summary.setText("Select a plan, or press Ctrl+N to make one.")
            self.model.set_records([])
            self.gantt.show_plan("", [])
            self.log.set_target(None)
            return
        try:
            self.plan = eng.get_plan(self.env.ctx, plan_id)
        except LookupError:
            self.show_plan(None)
            return
        self.reload()

    def reload(self) -> None:
        if self.plan_id is None:
            return
        keep = selected_records(self.table)
        flt = act.ActivityFilter(**{**self.activity_filter.__dict__, "plan_id": self.plan_id})
        rows = act.list_activities(self.env.ctx, flt)
        everything = rows if flt == act.ActivityFilter(plan_id=self.plan_id) else \
            act.list_activities(self.env.ctx, act.ActivityFilter(plan_id=self.plan_id))
        self.model.set_records(rows)
        self.summary.setText(self._summary_html(rows, everything))
        period = eng.format_period(self.plan.start_date, self.plan.end_date)
        self.gantt.show_plan(self.plan.title + (f"  ({period})" if period else ""), rows, self.plan.start_date,
                             self.plan.end_date)
        if keep and self.model.row_of(keep[0].id) >= 0:
            self.table.selectRow(self.model.row_of(keep[0].id))
        else:
            self.log.set_target(None)

    def _summary_html(self, shown: list[act.ActivityRow], everything: list[act.ActivityRow]) -> str:
        p = self.plan
        totals = act.cost_totals(everything).formatted()
        levels = ", ".join(label for code, label in PPE_LEVELS if getattr(p, f"ppe_{code}"))
        overdue = sum(r.overdue for r in everything)
        return (f"<h3>{escape(p.title)}</h3><p>{escape(p.objective or '')}</p>"
                f"<p><b>Owner:</b> {escape(p.owner or '—')} · <b>Period:</b> "
                f"{escape(eng.format_period(p.start_date, p.end_date) or '—')} · <b>Status:</b> "
                f"{escape(dict(eng.PLAN_STATUSES).get(p.status, p.status))} · <b>Levels:</b> {escape(levels)}<br>"
                f"<b>Activities:</b> {len(everything)} ({len(shown)} shown, {overdue} overdue) · "
                f"<b>Budget</b> {totals['budget']} · <b>spent</b> {totals['spent']} (costs {totals['cost']}, "
                f"involvement payments {totals['involvement_payments']}, expenses {totals['expenses']})</p>")

    def _activity_selected(self, row: int) -> None:
        record = self.model.record(row)
        if record is None:
            self.log.set_target(None)
            return
        self.log.set_target(f"Interaction log of <b>{escape(record.title)}</b>", activity_id=record.id)

    # --- actions ----------------------------------------------------------------------------
    def edit_plan(self) -> None:
        from sdm_desktop.ui.engagement.plan_dialog import PlanDialog
        if self.plan_id and PlanDialog.ask(self.env, self.plan_id, self):
            self.env.announce(Change.PLAN)

    def new_activity(self) -> None:
        if self.plan_id is None:
            return
        new_id = ActivityDialog.ask(self.env, self.plan_id, parent=self)
        if new_id:
            self.env.announce(Change.ACTIVITY)
            self.select_activity(new_id)

    def select_activity(self, activity_id: int) -> None:
        row = self.model.row_of(activity_id)
        if row >= 0:
            self.table.selectRow(row)

    def edit_activity(self) -> None:
        records = selected_records(self.table)
        if records and ActivityDialog.ask(self.env, self.plan_id, records[0].id, self):
            self.env.announce(Change.ACTIVITY)

    def delete_activities(self) -> None:
        records = selected_records(self.table)
        if not records:
            return
        noun = f"the activity “{records[0].title}”" if len(records) == 1 else f"{len(records)} activities"
        logged = eng.logged_on(self.env.ctx, activity_ids=[r.id for r in records])
        if not prompts.confirm(self, f"Delete {noun}{logged.phrase('it' if len(records) == 1 else 'them')}?"
                                     "\n\nCtrl+Z undoes this.", "Delete", yes="Delete", no="Keep"):
            return
        try:
            act.delete_activities(self.env.ctx, [r.id for r in records],
                                  expected={r.id: r.row_version for r in records})
        except RecordChanged as exc:       # changed by a colleague since it was listed: nothing deleted
            prompts.warn(self, str(exc), "Changed by someone else")
        self.env.announce(Change.ACTIVITY)

    def print_timeline(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageOrientation(printer.pageLayout().Orientation.Landscape)
        if QPrintDialog(printer, self).exec():
            self.print_on(printer)

    def print_on(self, printer) -> None:
        try:
            pages = self.gantt.print_to(printer)
        except OSError as exc:
            prompts.error(self, f"Could not print the timeline: {exc.strerror or exc}")
            return
        self.status_message.emit(f"Timeline sent to the printer ({eng.count_of(pages, 'page')})")

    def ask_pdf(self) -> None:
        slug = _slug(self.plan.title if self.plan else "plan")
        default = str(self.env.ctx.data_dir / "exports" / f"{slug}-timeline.pdf")
        target, _ = QFileDialog.getSaveFileName(self, "Save the timeline as PDF", default, "PDF (*.pdf)")
        if target:
            self.export_pdf(with_suffix(Path(target), ".pdf"))

    def export_pdf(self, target: Path) -> None:
        try:
            self.gantt.export_pdf(target)
        except OSError as exc:
            prompts.error(self, f"Could not write {target}: {exc.strerror or exc}.")
            return
        self.status_message.emit(f"Timeline saved to {target}")

    def ask_export(self) -> None:
        target = ask_export_path(self, self.env, "Export the activities shown", "activities.xlsx")
        if target:
            self.export_to(target)

    def export_to(self, target: Path) -> None:
        ctx, ids, flt = self.env.ctx, self.model.ids(), act.ActivityFilter(plan_id=self.plan_id)
        export_withholding(self.env, target, lambda: activities_table(ctx, EngagementExportOptions(ids=ids), flt),
                           "activities", self.status_message.emit)


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")[:40] or "plan"
