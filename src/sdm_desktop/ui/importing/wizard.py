"""The import wizard: choose file → preview → map columns → check → import.

Every step calls the importing services; reading and importing run through ``env.jobs`` with
progress and Cancel, so the window stays responsive for a 100,000-row file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from sdm_desktop.progress import JobCancelled, Progress
from sdm_desktop.services.importing import (
    FIELDS,
    ImportOptions,
    ImportPlan,
    ImportReport,
    guess_mapping,
    plan_import,
)
from sdm_desktop.services.importing.sources import sheet_names
from sdm_desktop.services.register import organisations as org_service
from sdm_desktop.ui import prompts
from sdm_desktop.ui.common.accessible import buddy_label, named
from sdm_desktop.ui.common.tables.table_helpers import prepare_table
from sdm_desktop.ui.importing.choices import CLOSED_CHOICES, DUPLICATE_CHOICES, KIND_CHOICES, OdsChoices, combo
from sdm_desktop.ui.importing.result_pages import CheckPage, DonePage
from sdm_desktop.ui.importing.tables import PreviewModel

CHOOSE, PREVIEW, MAPPING, CHECK, DONE = range(5)
IGNORE = "— ignore this column —"


class ImportWizard(QWizard):
    def __init__(self, env, parent=None, path: str | Path | None = None):
        super().__init__(parent)
        self.env = env
        self.plan: ImportPlan | None = None
        self.options = ImportOptions()
        self.report: ImportReport | None = None
        self.setWindowTitle("Import organisations or people")
        self.setAccessibleName("Import wizard")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)   # the import is done: only Finish
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Import")
        self.choose = ChooseFilePage(self)
        self.preview = PreviewPage(self)
        self.mapping = MappingPage(self)
        self.check = CheckPage(self)
        self.done_page = DonePage(self)
        for page_id, page in enumerate((self.choose, self.preview, self.mapping, self.check, self.done_page)):
            self.setPage(page_id, page)
        self.resize(880, 600)
        if path:
            self.choose.path.setText(str(path))
            self.choose.refresh_sheets()

    def set_busy(self, busy: bool) -> None:
        """While a job runs the wizard must stay open: its pages receive the result."""
        for which in (QWizard.WizardButton.CancelButton, QWizard.WizardButton.BackButton):
            self.button(which).setEnabled(not busy)

    def reject(self) -> None:
        if self.env.jobs.busy and not self.button(QWizard.WizardButton.CancelButton).isEnabled():
            return
        super().reject()

    def done(self, result: int) -> None:
        """Closing the wizard lets go of the file (an open workbook is kept between the steps)."""
        self._close_plan()
        super().done(result)

    def _close_plan(self) -> None:
        if self.plan is not None:
            self.plan.source.close()

    def read_options(self) -> ImportOptions:
        c = self.choose
        return ImportOptions(kind=c.kind.currentData(), sheet=c.sheet.currentData(),
                             on_duplicate=c.duplicates.currentData(), closed=c.closed.currentData(),
                             default_org_type=c.org_type.currentText(), has_header=c.has_header.isChecked())


class ChooseFilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle("Choose the file")
        self.setSubTitle("A CSV or Excel (.xlsx) file. ODS lists of GP practices (epraccur) and NHS trusts (etr) "
                         "are recognised as they are.")
        self.path = named(QLineEdit(), "File to import")
        self.path.setPlaceholderText("Path to a .csv or .xlsx file")
        self.path.editingFinished.connect(self.refresh_sheets)
        browse = named(QPushButton("Bro&wse…"), "Browse for the file")
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.kind = combo("What the file holds", KIND_CHOICES)
        self.sheet = combo("Sheet", [("First sheet", None)])
        self.duplicates = combo("Rows that match a stored record", DUPLICATE_CHOICES)
        self.closed = combo("Closed, dormant or proposed organisations in ODS lists", CLOSED_CHOICES)
        self.has_header = named(QCheckBox("The first row holds the column na&mes"), "First row holds column names",
                                "Untick for a file whose first row is already data "
                                "(ODS lists are recognised either way)")
        self.has_header.setChecked(True)
        self.org_type = named(QComboBox(), "Type for organisations without a type column")
        self.org_type.addItems(org_service.organisation_types(wizard.env.ctx))
        self.org_type.setCurrentText("Other")
        form = QFormLayout(self)
        form.addRow(buddy_label("&File:", self.path), row)
        form.addRow("", self.has_header)
        form.addRow(buddy_label("&Holds:", self.kind), self.kind)
        form.addRow(buddy_label("&Sheet:", self.sheet), self.sheet)
        form.addRow(buddy_label("&Duplicates:", self.duplicates), self.duplicates)
        form.addRow(buddy_label("&Closed ODS rows:", self.closed), self.closed)
        form.addRow(buddy_label("Default &type:", self.org_type), self.org_type)
        self.registerField("path*", self.path)
        self._ready = False             # a plan for the current choices has just been read
        self._reading = False

    def browse(self) -> None:
        start = str(Path(self.path.text()).parent) if self.path.text() else str(Path.home())
        chosen, _ = QFileDialog.getOpenFileName(self, "Choose the file to import", start,
                                                "CSV or Excel files (*.csv *.txt *.xlsx);;All files (*)")
        if chosen:
            self.path.setText(chosen)
            self.refresh_sheets()

    def refresh_sheets(self) -> None:
        """The sheets of a workbook, read from its table of contents only (no cells: instant)."""
        self.sheet.clear()
        self.sheet.addItem("First sheet", None)
        names = sheet_names(self.path.text().strip()) if self.path.text().strip() else []
        for name in names:
            self.sheet.addItem(name, name)
        self.sheet.setEnabled(bool(names))

    def validatePage(self) -> bool:
        """Reading the file (a big workbook takes seconds) runs in the background; Next moves on when it is read."""
        if self._ready:
            self._ready = False
            return True
        if self._reading:
            return False
        options = self.w.read_options()
        path, ctx = self.path.text().strip(), self.w.env.ctx
        self._reading = True
        self.w.set_busy(True)
        self.w.env.jobs.run(lambda progress: _read_plan(ctx, path, options, progress),
                            label=f"Reading {Path(path).name}",
                            on_done=lambda plan: self._read(plan, options), on_error=self._failed,
                            on_cancelled=self._cancelled)
        return False

    def _read(self, plan: ImportPlan, options: ImportOptions) -> None:
        self._reading = False
        self.w.set_busy(False)
        self.w._close_plan()
        self.w.plan, self.w.options = plan, options
        self._ready = True
        self.w.next()

    def _failed(self, exc: BaseException) -> None:
        self._reading = False
        self.w.set_busy(False)
        prompts.error(self, prompts.describe_error(exc), "Cannot import this file")

    def _cancelled(self) -> None:
        self._reading = False
        self.w.set_busy(False)


def _read_plan(ctx, path: str, options: ImportOptions, progress: Progress) -> ImportPlan:
    plan = plan_import(ctx, path, options)
    if progress.cancelled:                       # pressed while the file was being read
        plan.source.close()
        raise JobCancelled()
    return plan


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle("Preview")
        self.setSubTitle("The first rows as they were read. Check the columns line up before going on.")
        self.summary = named(QLabel(), "What the file is")
        self.summary.setWordWrap(True)
        self.model = PreviewModel(self)
        self.table = prepare_table(QTableView(), self.model, "First rows of the file", whole_rows=False, striped=True,
                                   compact=False)
        self.ods = OdsChoices(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.ods)

    def initializePage(self) -> None:
        plan = self.w.plan
        self.summary.setText(plan.describe())
        self.ods.show_for(plan.layout.name if plan.layout else None)
        rows = plan.preview[1:] if plan.has_header else plan.preview
        self.model.set_rows(plan.headers, rows)
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            self.table.setColumnWidth(column, min(220, self.table.columnWidth(column)))

    def validatePage(self) -> bool:
        problem = self.ods.apply(self.w.options)
        if problem:
            prompts.warn(self, problem, "Prescribing settings")
        return not problem

    def nextId(self) -> int:
        return CHECK if self.w.plan and self.w.plan.layout is not None else MAPPING


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle("Match the columns to fields")
        self.setSubTitle("Each column of the file goes into a field, or is ignored. The guess is remembered "
                         "for the next file with the same headers.")
        self.kind = combo("The file holds", KIND_CHOICES[1:])
        self.kind.currentIndexChanged.connect(lambda _i: self._guess())
        self.combos: list[QComboBox] = []
        self.holder = QWidget()
        self.form = QFormLayout(self.holder)
        scroll = named(QScrollArea(), "Columns of the file and the fields they go into")
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.holder)
        layout = QVBoxLayout(self)
        top = QFormLayout()
        top.addRow(buddy_label("The file &holds:", self.kind), self.kind)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)

    def initializePage(self) -> None:
        plan = self.w.plan
        self.kind.blockSignals(True)
        self.kind.setCurrentIndex(max(0, self.kind.findData(plan.kind)))
        self.kind.blockSignals(False)
        self._build(plan.kind, plan.mapping)

    def _guess(self) -> None:
        kind = self.kind.currentData()
        self._build(kind, guess_mapping(kind, self.w.plan.headers))

    def _build(self, kind: str, mapping: dict[str, int]) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.combos = []
        by_column = {column: name for name, column in mapping.items()}
        data_rows = self.w.plan.preview[1:] if self.w.plan.has_header else self.w.plan.preview
        sample = data_rows[0][1] if data_rows else []
        for column, header in enumerate(self.w.plan.headers):
            combo = QComboBox()
            combo.addItem(IGNORE, None)
            for f in FIELDS[kind]:
                combo.addItem(f.label + (" *" if f.required else ""), f.name)
            combo.setCurrentIndex(max(0, combo.findData(by_column.get(column))))
            example = sample[column] if column < len(sample) else ""
            example = example if len(example) <= 30 else example[:29] + "…"
            text = f"{header}" + (f"  (e.g. {example})" if example else "")
            named(combo, f"Field for column {header}")
            self.form.addRow(buddy_label(text.replace("&", "&&"), combo), combo)
            self.combos.append(combo)

    def chosen_mapping(self) -> dict[str, int]:
        return {combo.currentData(): column for column, combo in enumerate(self.combos) if combo.currentData()}

    def validatePage(self) -> bool:
        chosen = [c.currentData() for c in self.combos if c.currentData()]
        twice = sorted({name for name in chosen if chosen.count(name) > 1})
        if twice:
            prompts.warn(self, f"These fields have more than one column: {', '.join(twice)}. "
                               "Choose one column for each.", "Columns")
            return False
        plan = self.w.plan
        plan.kind, plan.mapping, plan.mapping_from = self.kind.currentData(), self.chosen_mapping(), "chosen"
        if missing := plan.unmapped_required():
            prompts.warn(self, f"Choose a column for the required field(s): {', '.join(missing)}.", "Columns")
            return False
        self.w.options.kind = plan.kind
        self.w.options.mapping = plan.mapping
        return True


def open_import_wizard(env, parent=None, path: str | Path | None = None) -> ImportReport | None:
    wizard = ImportWizard(env, parent, path)
    wizard.exec()
    return wizard.report
