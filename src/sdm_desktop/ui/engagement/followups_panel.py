"""The follow-up list across the programme: overdue and due this week first, tick to mark done."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from sdm_desktop.services.core.changes import Change
from sdm_desktop.services.core.text import counted
from sdm_desktop.services.engagement import interactions as inter
from sdm_desktop.services.engagement import plans as eng
from sdm_desktop.services.engagement.followups import FollowUpFilter, follow_ups
from sdm_desktop.ui.common.accessible import buddy_label
from sdm_desktop.ui.common.tables.filter_note import blocked_signals
from sdm_desktop.ui.common.tables.record_table import RecordColumn, RecordTableModel
from sdm_desktop.ui.common.tables.table_helpers import (
    FOCUSED,
    ON_SCREEN,
    ask_export_path,
    button,
    export_interactions,
    record_table,
    selected_records,
    shortcut,
)
from sdm_desktop.ui.engagement.interaction_dialog import InteractionDialog

COLUMNS = [RecordColumn("done", "Done", 50, checkable=True), RecordColumn("due_on", "Due", 95),
           RecordColumn("bucket_text", "State", 105, sort_key="bucket"),
           RecordColumn("action", "Action", 240, shrink_to=140),
           RecordColumn("action_owner", "Owner", 150, shrink_to=100),
           RecordColumn("stakeholder", "With", 220, shrink_to=130),
           RecordColumn("activity", "Activity", 170, shrink_to=100), RecordColumn("occurred_on", "Logged", 95),
           RecordColumn("summary", "From the interaction", 220, shrink_to=120)]
SHOW = [(None, "Open: overdue and due this week first"), ("overdue", "Overdue"), ("this_week", "Due this week"),
        ("later", "Due later"), ("done", "Done")]


class FollowUpItem:
    """A flat record for the table (the model reads attributes)."""

    def __init__(self, item):
        self.__dict__.update(item.row.__dict__)
        self.bucket = item.bucket
        self.bucket_text = item.bucket_text


class FollowUpsPanel(QWidget):
    status_message = Signal(str)

    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self._generation = 0
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.show_combo = QComboBox()
        for code, text in SHOW:
            self.show_combo.addItem(text, code)
        self.owner_combo = QComboBox()
        row.addWidget(buddy_label("&Show:", self.show_combo))
        row.addWidget(self.show_combo)
        row.addWidget(buddy_label("O&wner:", self.owner_combo))
        row.addWidget(self.owner_combo)
        self.show_combo.setAccessibleName("Which follow-up actions to show")
        self.owner_combo.setAccessibleName("Follow-up actions of this owner")
        for combo in (self.show_combo, self.owner_combo):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        row.addStretch(1)
        self.done_button = button("&Mark done", "Mark the selected actions done", self.mark_selected_done,
                                  "Tick off the selected actions (Ctrl+D, or Space in the list)")
        row.addWidget(self.done_button)
        row.addWidget(button("Ed&it…", "Edit the interaction of the selected action", self.edit_selected))
        row.addWidget(button("E&xport shown…", "Export the follow-up actions shown", self.ask_export,
                             "Save the actions shown as CSV or XLSX"))
        layout.addLayout(row)
        self.model = RecordTableModel(COLUMNS, self, emphasis=lambda r: r.bucket == "overdue", on_check=self._ticked)
        self.table = record_table(self.model, "Follow-up actions")
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        layout.addWidget(self.table, 1)
        self.status = QLabel()
        self.status.setAccessibleName("How many follow-up actions are shown")
        layout.addWidget(self.status)
        shortcut(QKeySequence("Ctrl+D"), self, self.mark_selected_done, ON_SCREEN)
        shortcut(QKeySequence("Space"), self.table, self.mark_selected_done, FOCUSED)
        self.reload_owners()

    def reload_owners(self, owners: list[str] | None = None) -> None:
        keep = self.owner_combo.currentData()
        self.owner_combo.blockSignals(True)
        self.owner_combo.clear()
        self.owner_combo.addItem("Everyone", None)
        for name in eng.owners(self.env.ctx) if owners is None else owners:
            self.owner_combo.addItem(name, name)
        self.owner_combo.setCurrentIndex(max(0, self.owner_combo.findData(keep)))
        self.owner_combo.blockSignals(False)

    def show_bucket(self, bucket: str | None) -> None:
        """Everyone's actions in one bucket (the caller reloads)."""
        with blocked_signals(self.show_combo, self.owner_combo):
            self.show_combo.setCurrentIndex(max(0, self.show_combo.findData(bucket)))
            self.owner_combo.setCurrentIndex(0)

    def current_filter(self) -> FollowUpFilter:
        return FollowUpFilter(owner=self.owner_combo.currentData(), bucket=self.show_combo.currentData())

    def reload(self, then=None) -> None:
        """Load the list in the background (thousands of actions); only the newest load is shown."""
        self._generation += 1
        generation, ctx, flt = self._generation, self.env.ctx, self.current_filter()
        self.env.jobs.run(lambda _progress: ([FollowUpItem(i) for i in follow_ups(ctx, flt)], eng.owners(ctx)),
                          label="Loading the follow-up list", show_progress=False,
                          on_done=lambda loaded: generation == self._generation and self._show(*loaded, then))

    def _show(self, items: list[FollowUpItem], owners: list[str], then=None) -> None:
        self.reload_owners(owners)
        self.model.set_records(items)
        overdue = sum(i.bucket == "overdue" for i in items)
        week = sum(i.bucket == "this_week" for i in items)
        self.status.setText(f"{counted(len(items), 'action')} shown · {overdue} overdue · {week} due this week")
        if then:
            then()

    def mark_selected_done(self) -> None:
        records = [r for r in selected_records(self.table) if not r.done]
        if not records:
            return
        count = inter.set_done(self.env.ctx, [r.id for r in records], True)
        self._changed(f"{count} action{'s' if count != 1 else ''} marked done (Ctrl+Z undoes)")

    def _ticked(self, record, checked: bool) -> None:
        inter.set_done(self.env.ctx, [record.id], checked)
        self._changed("Action marked done (Ctrl+Z undoes)" if checked else "Action reopened")

    def edit_selected(self) -> None:
        records = selected_records(self.table)
        if records and InteractionDialog.ask(self.env, records[0].id, parent=self):
            self._changed("Interaction saved")

    def _changed(self, message: str) -> None:
        row = self.table.currentIndex().row()
        self.env.announce(Change.INTERACTION)
        self.reload(then=lambda: self._select_near(row))
        self.status_message.emit(message)

    def _select_near(self, row: int) -> None:
        if self.model.rowCount():
            self.table.selectRow(min(max(row, 0), self.model.rowCount() - 1))

    def ask_export(self) -> None:
        target = ask_export_path(self, self.env, "Export the actions shown", "follow-ups.xlsx")
        if target:
            self.export_to(target)

    def export_to(self, target: Path) -> None:
        export_interactions(self.env, target, self.model.ids(), "actions", self.status_message.emit)
