"""You said, we did: feedback received, the change it led to, and how we told them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from sdm_desktop.services.core.changes import Change
from sdm_desktop.services.engagement.interactions import feedback_items
from sdm_desktop.ui.common.tables.record_table import RecordColumn, RecordTableModel
from sdm_desktop.ui.common.tables.table_helpers import (
    ask_export_path,
    button,
    export_interactions,
    record_table,
    selected_records,
)
from sdm_desktop.ui.engagement.interaction_dialog import InteractionDialog

COLUMNS = [RecordColumn("occurred_on", "Date", 102), RecordColumn("stakeholder", "From", 180),
           RecordColumn("you_said", "You said", 250), RecordColumn("we_did", "We did", 250),
           RecordColumn("told_on", "We told them", 95), RecordColumn("state", "State", 190)]


class FeedbackPanel(QWidget):
    status_message = Signal(str)

    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self._generation = 0
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        intro = QLabel("Feedback from groups and people, what changed because of it, and the message that "
                       "told them. Tick “This is feedback” when logging an interaction to add one here.")
        intro.setWordWrap(True)
        row.addWidget(intro, 1)
        row.addWidget(button("Record &what we did…", "Record what we did about the selected feedback",
                             self.edit_selected, "Write the change made and link the message that told them"))
        row.addWidget(button("E&xport shown…", "Export the feedback shown", self.ask_export,
                             "Save the feedback items shown as CSV or XLSX"))
        layout.addLayout(row)
        self.model = RecordTableModel(COLUMNS, self, emphasis=lambda r: not r.loop_closed)
        self.table = record_table(self.model, "You said, we did")
        self.table.setWordWrap(True)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self._fit_timer = QTimer(self, singleShot=True, interval=0, timeout=self.fit_visible_rows)
        self.table.verticalScrollBar().valueChanged.connect(lambda _v: self._fit_timer.start())
        layout.addWidget(self.table, 1)
        self.status = QLabel()
        self.status.setAccessibleName("How many feedback items are shown")
        layout.addWidget(self.status)

    def reload(self) -> None:
        """Load the feedback in the background; only the newest load is shown."""
        self._generation += 1
        generation, ctx = self._generation, self.env.ctx
        self.env.jobs.run(lambda _progress: feedback_items(ctx), label="Loading the feedback",
                          show_progress=False,
                          on_done=lambda items: generation == self._generation and self._show(items))

    def _show(self, items) -> None:
        self.model.set_records(items)
        self.fit_visible_rows()
        closed = sum(i.loop_closed for i in items)
        self.status.setText(f"{len(items)} feedback items · {closed} with the loop closed · "
                            f"{len(items) - closed} still open (bold)")

    def fit_visible_rows(self) -> None:
        """Wrap the rows on screen to their text (all rows at once takes seconds with thousands)."""
        first = max(0, self.table.rowAt(0))
        height = self.table.viewport().height()
        for row in range(first, self.model.rowCount()):
            self.table.resizeRowToContents(row)
            if self.table.rowViewportPosition(row) > height:
                break

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_timer.start()

    def edit_selected(self) -> None:
        records = selected_records(self.table)
        if records and InteractionDialog.ask(self.env, records[0].id, parent=self):
            self.env.announce(Change.INTERACTION)
            self.status_message.emit("Feedback updated")

    def ask_export(self) -> None:
        target = ask_export_path(self, self.env, "Export the feedback shown", "you-said-we-did.xlsx")
        if target:
            self.export_to(target)

    def export_to(self, target: Path) -> None:
        export_interactions(self.env, target, self.model.ids(), "feedback items", self.status_message.emit)
