"""The interaction log of one activity or stakeholder: log, edit, delete, tick follow-ups done."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from sdm_desktop.services.core.changes import Change
from sdm_desktop.services.core.versions import RecordChanged
from sdm_desktop.services.engagement import interactions as inter
from sdm_desktop.ui import prompts
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

COLUMNS = [RecordColumn("occurred_on", "Date", 95), RecordColumn("channel", "Channel", 80),
           RecordColumn("direction_text", "In/out", 55), RecordColumn("stakeholder", "With", 180, shrink_to=110),
           RecordColumn("summary", "Summary", 220, shrink_to=120),
           RecordColumn("follow_up", "Follow-up", 200, shrink_to=100),
           RecordColumn("action_owner", "Owner", 110, shrink_to=80), RecordColumn("done", "Done", 50, checkable=True)]


class InteractionLog(QWidget):
    changed = Signal()

    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.links: dict[str, int] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.caption = QLabel("Select an activity to see its interaction log.")
        self.caption.setWordWrap(True)
        layout.addWidget(self.caption)
        self.model = RecordTableModel(COLUMNS, self, on_check=self._ticked)
        self.table = record_table(self.model, "Interaction log")
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.log_button = button("Log interaction…", "Log an interaction", self.log_new,
                                 "Record a contact, its outcome and any follow-up action (Ctrl+L)")
        row.addWidget(self.log_button)
        row.addWidget(button("Edit…", "Edit the selected interaction", self.edit_selected,
                             "Edit the selected interaction (Enter)"))
        row.addWidget(button("Delete", "Delete the selected interactions", self.delete_selected,
                             "Delete the selected interactions (Delete)"))
        export = button("Export shown…", "Export the interactions shown", self.ask_export,
                        "Save this interaction log as CSV or XLSX (Ctrl+Shift+E)")
        row.addWidget(export)
        shortcut(QKeySequence("Ctrl+Shift+E"), export, self.ask_export, ON_SCREEN)
        shortcut(QKeySequence("Return"), self.table, self.edit_selected, FOCUSED)
        row.addStretch(1)
        layout.addLayout(row)
        shortcut(QKeySequence("Ctrl+L"), self, self.log_new, ON_SCREEN)
        shortcut(QKeySequence.StandardKey.Delete, self.table, self.delete_selected, FOCUSED)
        self.set_target(None)

    def set_target(self, caption: str | None, **links: int) -> None:
        """Show the log of one activity (activity_id=…) or stakeholder (organisation_id=… / person_id=…)."""
        self.links = {k: v for k, v in links.items() if v is not None}
        self.log_button.setEnabled(bool(self.links))
        self.caption.setText(caption or "Select an activity to see its interaction log.")
        self.reload()

    def reload(self) -> None:
        self.model.set_records(inter.list_interactions(self.env.ctx, **self.links) if self.links else [])

    def log_new(self) -> None:
        if not self.links:
            return
        if InteractionDialog.ask(self.env, parent=self, **self.links):
            self._after_change("Interaction logged")

    def edit_selected(self) -> None:
        records = selected_records(self.table)
        if records and InteractionDialog.ask(self.env, records[0].id, parent=self):
            self._after_change("Interaction saved")

    def delete_selected(self) -> None:
        records = selected_records(self.table)
        if not records:
            return
        if not prompts.confirm(self, f"Delete {len(records)} interaction{'s' if len(records) != 1 else ''}? "
                                     "Ctrl+Z undoes this.", "Delete", yes="Delete", no="Keep"):
            return
        try:
            inter.delete_interactions(self.env.ctx, [r.id for r in records],
                                      expected={r.id: r.row_version for r in records})
        except RecordChanged as exc:       # changed by a colleague since it was listed: nothing deleted
            prompts.warn(self, str(exc), "Changed by someone else")
            self._after_change("Nothing deleted")
            return
        self._after_change("Interaction deleted")

    def ask_export(self) -> None:
        target = ask_export_path(self, self.env, "Export the interactions shown", "interactions.xlsx")
        if target:
            self.export_to(target)

    def export_to(self, target) -> None:
        export_interactions(self.env, target, self.model.ids(), "interactions", self.caption.setText)

    def _ticked(self, record, checked: bool) -> None:
        if not record.action:
            prompts.info(self, "This interaction has no follow-up action to tick off.")
            return
        inter.set_done(self.env.ctx, [record.id], checked)
        self._after_change("Follow-up done" if checked else "Follow-up reopened")

    def _after_change(self, what: str) -> None:
        self.reload()
        self.changed.emit()
        self.env.announce(Change.INTERACTION)
