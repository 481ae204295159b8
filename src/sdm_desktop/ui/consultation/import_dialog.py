"""Import responses…: choose a survey export, see how it was recognised and what each column is used for (change
it: the column mapping), check it without importing, then import it as one batch in the background."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from sdm_desktop.services.consultation.intake.formats import IDENTIFYING, ROLES, Layout, guess_purpose
from sdm_desktop.services.consultation.intake.importing import (
    FilePreview,
    ResponsesImport,
    ResponsesImportOptions,
    import_responses,
    preview_file,
)
from sdm_desktop.services.consultation.responses import KIND_NAMES
from sdm_desktop.services.core.changes import Change
from sdm_desktop.ui.common.tables.table_helpers import button
from sdm_desktop.ui.importing.batches import push_import_undo
from sdm_desktop.ui.prompts import describe_error

ROLE_NAMES = {"question": "Question", "id": "Response ID", "submitted": "Submitted time", "name": "Name",
              "first_name": "First name", "last_name": "Last name", "email": "Email address",
              "ip": "IP address", "ignore": "Not imported"}
PURPOSE_NAMES = {"question": "Question", "quote_consent": "May we quote you?", "equality": "Equality monitoring",
                 "group": "Respondent group"}
COLUMNS = ["Column in the file", "Used as", "Kind of question", "Purpose", "First answer"]


def _combo(names: dict[str, str], current: str, accessible: str) -> QComboBox:
    combo = QComboBox()
    for key, text in names.items():
        combo.addItem(text, key)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.setAccessibleName(accessible)
    return combo


class ImportResponsesDialog(QDialog):
    def __init__(self, env, activity_id: int, parent=None, path: str | Path | None = None):
        super().__init__(parent)
        self.env, self.activity_id = env, activity_id
        self.path: Path | None = None
        self.layout_: Layout | None = None
        self.mapped = False                     # the user changed the mapping: import it as shown
        self.result: ResponsesImport | None = None
        self.setWindowTitle("Import responses")
        self.setAccessibleName("Import responses")
        self._build()
        self.resize(900, 620)
        if path is not None:
            self.load(Path(path))

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.file = QLineEdit()
        self.file.setReadOnly(True)
        self.file.setAccessibleName("File to import")
        self.file.setPlaceholderText("A .csv or .xlsx export from Microsoft Forms, SmartSurvey, SurveyMonkey, "
                                     "Google Forms or any survey")
        caption = QLabel("&File:")
        caption.setBuddy(self.file)
        self.choose = button("C&hoose file…", "Choose file", self.choose_file)
        row.addWidget(caption)
        row.addWidget(self.file, 1)
        row.addWidget(self.choose)
        self.sheet = QComboBox()
        self.sheet.setAccessibleName("Sheet")
        self.sheet_caption = QLabel("Shee&t:")
        self.sheet_caption.setBuddy(self.sheet)
        self.sheet.activated.connect(lambda _i: self.load(self.path, self.sheet.currentText()))
        row.addWidget(self.sheet_caption)
        row.addWidget(self.sheet)
        layout.addLayout(row)
        self.recognised = QLabel("Choose the file the survey tool exported.")
        self.recognised.setWordWrap(True)
        self.recognised.setAccessibleName("How the file was recognised")
        layout.addWidget(self.recognised)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("Column mapping")
        self.table.setTabKeyNavigation(False)             # Tab goes through its drop-downs, then on
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((230, 130, 130, 150)):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table, 3)
        self.keep = QCheckBox("&Keep names and email addresses on the responses (on purpose; IP addresses never)")
        self.keep.setAccessibleName("Keep names and email addresses")
        self.match = QCheckBox("&Match respondents to people in the register by email (recorded as their "
                               "interaction)")
        self.match.setAccessibleName("Match respondents to people by email")
        layout.addWidget(self.keep)
        layout.addWidget(self.match)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setAccessibleName("What the import did")
        self.report.setPlaceholderText("Check shows what would be imported; nothing is changed until Import.")
        layout.addWidget(self.report, 1)
        buttons = QHBoxLayout()
        self.check_button = button("&Check", "Check without importing", lambda: self.run(dry_run=True))
        self.import_button = button("&Import", "Import the responses", lambda: self.run(dry_run=False))
        self.close_button = button("C&lose", "Close", self.reject)
        buttons.addStretch(1)
        for widget in (self.check_button, self.import_button, self.close_button):
            buttons.addWidget(widget)
        layout.addLayout(buttons)
        self._enable()

    # --- the file ---------------------------------------------------------------------------------------
    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Choose the survey export", str(Path.home()),
                                              "Survey exports (*.csv *.xlsx *.txt);;All files (*)")
        if name:
            self.load(Path(name))

    def load(self, path: Path | None, sheet: str | None = None) -> None:
        if path is None:
            return
        self.path = path
        self.file.setText(str(path))
        self.env.jobs.run(lambda _progress: preview_file(path, sheet), label=f"Reading {path.name}",
                          on_done=self._previewed, on_error=self._failed)

    def _previewed(self, preview: FilePreview) -> None:
        self.layout_, self.mapped, self.result = preview.layout, False, None
        self.sheet.clear()
        self.sheet.addItems(preview.sheets)
        self.sheet.setCurrentIndex(max(0, self.sheet.findText(preview.sheet)))
        for widget in (self.sheet, self.sheet_caption):
            widget.setVisible(len(preview.sheets) > 1)
        kept = ", ".join(self.layout_.dropped())
        self.recognised.setText(
            f"Recognised: {preview.layout.tool_name} ({preview.describe}, about {preview.estimated_rows:,} rows"
            f"{', two header rows' if preview.layout.header_rows == 2 else ''}). "
            + (f"Identifying columns not kept unless you choose to: {kept}. " if kept else "")
            + "Change what a column is used for below if it is wrong.")
        self.samples = preview.rows
        self._fill_table()
        self.report.setPlainText("")
        self._enable()

    def _failed(self, exc: BaseException) -> None:
        self.report.setPlainText(describe_error(exc))
        self._enable()

    # --- the mapping ------------------------------------------------------------------------------------
    def _fill_table(self) -> None:
        layout = self.layout_
        self.table.setRowCount(len(layout.headers))
        first_of = {q.columns[0]: q for q in layout.questions}
        part_of = {c for q in layout.questions for c in q.columns[1:]}
        for i, header in enumerate(layout.headers):
            item = QTableWidgetItem(header or f"Column {i + 1}")
            self.table.setItem(i, 0, item)
            role = _combo(ROLE_NAMES, layout.roles[i], f"Column {i + 1} used as")
            role.activated.connect(lambda _n, i=i, combo=role: self._set_role(i, combo.currentData()))
            self.table.setCellWidget(i, 1, role)
            for column in (2, 3):
                self.table.removeCellWidget(i, column)
                self.table.setItem(i, column, QTableWidgetItem(""))
            if question := first_of.get(i):
                kind = _combo(KIND_NAMES, question.kind, f"Kind of question in column {i + 1}")
                kind.activated.connect(lambda _n, q=question, combo=kind: self._set(q, "kind", combo.currentData()))
                purpose = _combo(PURPOSE_NAMES, question.purpose, f"Purpose of the question in column {i + 1}")
                purpose.activated.connect(
                    lambda _n, q=question, combo=purpose: self._set(q, "purpose", combo.currentData()))
                self.table.setCellWidget(i, 2, kind)
                self.table.setCellWidget(i, 3, purpose)
            elif i in part_of:
                self.table.setItem(i, 2, QTableWidgetItem("(a choice of the question above)"))
            elif layout.roles[i] in IDENTIFYING:
                self.table.setItem(i, 2, QTableWidgetItem("dropped unless kept"))
            sample = next((r[i] for r in getattr(self, "samples", []) if i < len(r) and r[i].strip()), "")
            self.table.setItem(i, 4, QTableWidgetItem(" ".join(sample.split())[:200]))

    def _set_role(self, index: int, role: str) -> None:
        if role not in ROLES or self.layout_ is None:
            return
        self.layout_.set_role(index, role)
        self.mapped = True
        self._fill_table()

    def _set(self, question, attribute: str, value: str) -> None:
        setattr(question, attribute, value)
        if attribute == "purpose":
            question.equality_field = guess_purpose(question.text)[1] if value == "equality" else None
        self.mapped = True

    # --- importing --------------------------------------------------------------------------------------
    def options(self, dry_run: bool) -> ResponsesImportOptions:
        return ResponsesImportOptions(dry_run=dry_run, match_people=self.match.isChecked(),
                                      keep_identity=self.keep.isChecked(),
                                      sheet=self.sheet.currentText() or None,
                                      layout=self.layout_ if self.mapped else None)

    def run(self, dry_run: bool) -> None:
        if self.path is None:
            return
        ctx, path, activity_id, options = self.env.ctx, self.path, self.activity_id, self.options(dry_run)
        verb = "Checking" if dry_run else "Importing"
        self.report.setPlainText(f"{verb} {path.name}…")
        self.env.jobs.run(lambda progress: import_responses(ctx, path, activity_id, options, progress),
                          label=f"{verb} {path.name}", on_done=self._done, on_error=self._failed,
                          on_cancelled=lambda: self.report.setPlainText("Cancelled: nothing was imported."))

    def _done(self, result: ResponsesImport) -> None:
        self.result = result
        lines = result.lines()
        if result.batch_id is not None:
            lines[-1] = "Undo it with Edit → Undo, or from File → Import history."
            # Edit → Undo runs the batch's undo in the background, asking first if coding would be lost.
            push_import_undo(self.env, self.parentWidget().window() if self.parentWidget() else self, result)
            self.env.announce(Change.CONSULTATION)
            if result.matched:
                self.env.announce(Change.INTERACTION)
        self.report.setPlainText("\n".join(lines))
        self._enable()

    def _enable(self) -> None:
        ready = self.layout_ is not None
        self.check_button.setEnabled(ready)
        self.import_button.setEnabled(ready)
