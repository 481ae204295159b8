"""Import history: every import batch, and undo of a whole batch (here or by Edit → Undo).

Undo runs in the background. Work done since the import (records edited, interactions or letters
recorded against imported records…) is never lost silently: the service refuses, and the user is
told exactly what would go before choosing to undo anyway.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sdm_desktop.services.core.changes import Change
from sdm_desktop.services.core.undo import UndoStep
from sdm_desktop.services.importing import (
    ImportReport,
    UndoImpact,
    UndoResult,
    UndoWouldLoseWork,
    list_batches,
    undo_batch,
    undo_impact,
)
from sdm_desktop.ui import prompts
from sdm_desktop.ui.common.accessible import named
from sdm_desktop.ui.common.tables.table_helpers import SINGLE, prepare_table
from sdm_desktop.ui.importing.tables import BatchesModel


class ImportBatchesDialog(QDialog):
    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.setWindowTitle("Import history")
        self.setAccessibleName("Import history")
        self.model = BatchesModel(self)
        self.table = prepare_table(QTableView(), self.model, "Imports", selection=SINGLE, compact=False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.undo_button = named(QPushButton("&Undo this import…"), "Undo the selected import",
                                 "Remove what the import created and restore what it updated")
        self.undo_button.clicked.connect(self.undo_selected)
        self.undo_button.setAutoDefault(False)       # Enter in the list closes; it started an undo
        self.note = QLabel("Undoing an import removes the records it created and puts back the values of the "
                           "records it updated. If any were edited or used since, you are told what would be lost "
                           "before anything is undone.")
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
        ctx = self.env.ctx
        self.env.jobs.run(lambda progress: undo_impact(ctx, batch.id), label=f"Checking import {batch.id}",
                          on_done=lambda impact: self._confirm(batch, impact))

    def _confirm(self, batch, impact: UndoImpact) -> None:
        question = (f"Undo import {batch.id} of {Path(batch.file_name).name}? This removes the {impact.to_remove:,} "
                    f"records it created that are still there and restores the {impact.to_restore:,} records it "
                    "updated.")
        if impact.loses_work:
            question += f"\n\nWork done since the import would be lost: {impact.losses()}."
        yes = "Undo import and lose that work" if impact.loses_work else "Undo import"
        if prompts.confirm(self, question, "Undo import", yes=yes, no="Keep"):
            run_undo(self.env, self, batch.id, force=True, on_done=self._undone)

    def _undone(self, result: UndoResult) -> None:
        self.refresh()
        prompts.info(self, result.message(), "Import history")


def run_undo(env, parent: QWidget, batch_id: int, *, force: bool = False,
             on_done: Callable[[UndoResult], None] | None = None) -> None:
    """Undo a batch in the background. Without ``force``, work that would be lost is shown first and the
    user chooses; the register is told to refresh when it is done."""
    ctx = env.ctx

    def done(result: UndoResult) -> None:
        env.announce(Change.IMPORT)
        if on_done:
            on_done(result)
        elif hasattr(parent, "statusBar"):
            parent.statusBar().showMessage(result.message(), 8000)

    def failed(exc: BaseException) -> None:
        if isinstance(exc, UndoWouldLoseWork):
            question = (f"Undoing import {batch_id} would lose work done since the import: {exc.impact.losses()}."
                        "\n\nUndo it anyway?")
            if prompts.confirm(parent, question, "Undo import", yes="Undo import and lose that work", no="Keep"):
                run_undo(env, parent, batch_id, force=True, on_done=on_done)
            return
        prompts.error(parent, f"Could not undo: {prompts.describe_error(exc)}")

    env.jobs.run(lambda progress: undo_batch(ctx, batch_id, progress, force=force),
                 label=f"Undoing import {batch_id}", on_done=done, on_error=failed)


def push_import_undo(env, parent: QWidget, report: ImportReport) -> None:
    """Offer the import on Edit → Undo; undoing it runs in the background like the history's Undo."""
    if report.batch_id is None:
        return
    batch_id = report.batch_id
    env.ctx.undo.push(UndoStep(f"import of {report.file_name}", lambda: run_undo(env, parent, batch_id)))
