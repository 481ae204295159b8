"""One resource's share log: who it went to, when and how; entries can be removed (Ctrl+Z undoes)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from sdm_desktop.services.core.changes import Change
from sdm_desktop.services.core.versions import RecordChanged
from sdm_desktop.services.resources.shares import delete_shares, shares_of
from sdm_desktop.ui import prompts
from sdm_desktop.ui.common.tables.column_fit import ColumnFit
from sdm_desktop.ui.common.tables.rows_table import RowColumn, RowsModel
from sdm_desktop.ui.common.tables.table_helpers import ask_and_export, prepare_table

COLUMNS = [RowColumn("Shared on", lambda r: r.shared_on, 80), RowColumn("With", lambda r: r.who, 170, shrink_to=110),
           RowColumn("Type", lambda r: r.who_kind, 55), RowColumn("How", lambda r: r.channel_text, 100, shrink_to=70),
           RowColumn("Notes", lambda r: r.notes, 200, shrink_to=60)]


class ShareLog(QWidget):
    changed = Signal()

    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.resource_id: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.heading = QLabel("<b>Shared with</b>")
        row.addWidget(self.heading, 1)
        self.remove_button = QPushButton("Re&move entry")
        self.remove_button.setAccessibleName("Remove the selected share log entries")
        self.remove_button.setToolTip("Remove the selected entries from the log (Ctrl+Z undoes)")
        self.remove_button.clicked.connect(self.remove_selected)
        row.addWidget(self.remove_button)
        self.export_button = QPushButton("Ex&port shown…")     # Alt+X is the resource list's
        self.export_button.setAccessibleName("Export the share log shown")
        self.export_button.setToolTip("Save this resource's share log as .xlsx or .csv")
        self.export_button.clicked.connect(self.export_shown)
        row.addWidget(self.export_button)
        layout.addLayout(row)
        self.model = RowsModel(COLUMNS, self)
        self.table = prepare_table(QTableView(), self.model, "Share log of the selected resource")
        self.table.column_fit = ColumnFit.of_columns(self.table, COLUMNS)
        layout.addWidget(self.table)

    def show_for(self, resource_id: int | None) -> None:
        self.resource_id = resource_id
        rows = shares_of(self.env.ctx, resource_id) if resource_id else []
        self.model.set_rows(rows)
        count = len(rows)
        self.heading.setText(f"<b>Shared with</b> ({count} time{'s' if count != 1 else ''})" if resource_id
                             else "<b>Shared with</b>")
        self.remove_button.setEnabled(bool(rows))
        self.export_button.setEnabled(bool(rows))

    def export_shown(self) -> None:
        ask_and_export(self, self.env, "Export the share log", "share-log.xlsx",
                       lambda: self.model.as_table("Shared with"))

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        shown = [self.model.row(r) for r in rows if self.model.row(r) is not None]
        ids = [row.id for row in shown]
        if not ids:
            return
        try:
            delete_shares(self.env.ctx, ids, expected={row.id: row.row_version for row in shown})
        except RecordChanged as exc:            # a colleague changed or removed one since it was listed
            prompts.warn(self, str(exc), "Changed by someone else")
        self.show_for(self.resource_id)
        self.env.announce(Change.RESOURCE)
        self.changed.emit()
