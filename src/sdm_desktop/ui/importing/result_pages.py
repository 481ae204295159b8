"""The import wizard's last two pages: the check before importing, and what was done."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from sdm_desktop.services.core.changes import Change
from sdm_desktop.services.importing import (
    ImportOptions,
    ImportReport,
    run_import,
)
from sdm_desktop.ui import prompts
from sdm_desktop.ui.common.accessible import named
from sdm_desktop.ui.importing.batches import push_import_undo


class CheckPage(QWizardPage):
    """Runs the import as a dry run and shows its report; the commit button imports for real."""

    def __init__(self, wizard: QWizard):
        super().__init__()
        self.w = wizard
        self.setTitle("Check")
        self.setSubTitle("Every row has been checked; nothing is stored yet. Rejected rows are listed with "
                         "their line number. Press Import to store the rest in one go.")
        self.setCommitPage(True)
        self.summary = named(QLabel(), "Summary of the check")
        self.summary.setWordWrap(True)
        self.details = named(QPlainTextEdit(), "Rows rejected or skipped")
        self.details.setReadOnly(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.details, 1)
        self.checked: ImportReport | None = None

    def initializePage(self) -> None:
        self.checked = None
        self.summary.setText("Checking…")
        self.details.clear()
        options = ImportOptions(**{**vars(self.w.options), "dry_run": True})
        ctx, plan = self.w.env.ctx, self.w.plan
        self.w.set_busy(True)
        self.w.env.jobs.run(lambda progress: run_import(ctx, plan.source.path, options, progress, plan),
                            label=f"Checking {plan.source.path.name}", on_done=self._checked,
                            on_error=self._failed, on_cancelled=self._cancelled)

    def _cancelled(self) -> None:
        self.w.set_busy(False)
        self.summary.setText("Check cancelled.")

    def _checked(self, report: ImportReport) -> None:
        self.w.set_busy(False)
        self.checked = report
        lines = report.lines(skipped_limit=500)
        self.summary.setText(lines[1] + ("" if report.created or report.updated else " There is nothing to import."))
        self.details.setPlainText("\n".join(lines[2:]) or "No problems found.")
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self.w.set_busy(False)
        self.summary.setText(prompts.describe_error(exc))
        prompts.error(self, prompts.describe_error(exc), "Cannot import this file")

    def isComplete(self) -> bool:
        return bool(self.checked and (self.checked.created or self.checked.updated))


class DonePage(QWizardPage):
    def __init__(self, wizard: QWizard):
        super().__init__()
        self.w = wizard
        self.setTitle("Import")
        self.summary = named(QLabel(), "Result of the import")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        self.finished_ok = False

    def initializePage(self) -> None:
        self.finished_ok = False
        self.summary.setText("Importing…")
        ctx, plan, options = self.w.env.ctx, self.w.plan, self.w.options
        self.w.set_busy(True)
        self.w.env.jobs.run(lambda progress: run_import(ctx, plan.source.path, options, progress, plan),
                            label=f"Importing {plan.source.path.name}", on_done=self._done, on_error=self._failed,
                            on_cancelled=self._cancelled)

    def _cancelled(self) -> None:
        self.w.set_busy(False)
        self.summary.setText("Import cancelled: nothing was stored.")
        self.finished_ok = True
        self.completeChanged.emit()

    def _done(self, report: ImportReport) -> None:
        self.w.set_busy(False)
        self.w.report = report
        push_import_undo(self.w.env, self.w.parentWidget() or self.w, report)   # here, on the GUI thread
        self.finished_ok = True
        self.summary.setText("\n".join(report.lines()[1:3]) + "\n\nYou can undo the whole import with Edit → Undo "
                             "now, or later from File → Import history.")
        self.w.env.announce(Change.IMPORT)
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self.w.set_busy(False)
        self.summary.setText(f"Nothing was stored: {prompts.describe_error(exc)}")
        prompts.error(self, prompts.describe_error(exc), "Import failed")
        self.finished_ok = True
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.finished_ok
