"""Import history: every import batch, and undo of a whole batch."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout,
)

from sdm_desktop.services.importing import list_batches, undo_batch
from sdm_desktop.ui import prompts
from sdm_desktop.ui.models.import_tables import BatchesModel
from sdm_desktop.ui.widgets.accessible import named


class ImportBatchesDialog(QDialog):
    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.setWindowTitle("Import history")
        self.setAccessibleName("Import history")
        self.model = BatchesModel(self)
        self.table = named(QTableView(), "Imports")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.undo_button = named(QPushButton("&Undo this import…"), "Undo the selected import",
                                 "Remove what the import created and restore what it updated")
        self.undo_button.clicked.connect(self.undo_selected)
        self.note = QLabel("Undoing an import removes the records it created (with anything recorded against "
                           "them since) and puts back the values of the records it updated.")
        self.note.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.undo_button)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addLayout(row)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_button())
        self.resize(900, 420)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_batches(list_batches(self.env.ctx))
        for column, width in enumerate((50, 130, 100, 260, 70, 70, 70)):
            self.table.setColumnWidth(column, width)
        if self.model.rowCount():
            self.table.selectRow(0)
        self._update_button()

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.model.batch(rows[0].row()) if rows else None

    def _update_button(self) -> None:
        batch = self.selected()
        self.undo_button.setEnabled(batch is not None and not batch.undone)

    def undo_selected(self) -> None:
        batch = self.selected()
        if batch is None or batch.undone:
            return
        question = (f"Undo import {batch.id} of {batch.file_name.rsplit('/', 1)[-1]}? This removes the "
                    f"{batch.still_present} records it created that are still there, with anything recorded against "
                    f"them, and restores the {batch.updated} records it updated.")
        if not prompts.confirm(self, question, "Undo import", yes="Undo import", no="Keep"):
            return
        ctx = self.env.ctx
        self.env.jobs.run(lambda progress: undo_batch(ctx, batch.id, progress), label=f"Undoing import {batch.id}",
                          on_done=self._undone)

    def _undone(self, info) -> None:
        self.refresh()
        self.env.announce("import")
        prompts.info(self, f"Import {info.id} undone.", "Import history")
