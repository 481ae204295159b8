"""Choosing a letter template: bundled and your own, add, copy to edit, open in Word, check."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QLabel,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sdm_desktop.services.core.changes import Change
from sdm_desktop.services.letters import templates as letter_service
from sdm_desktop.services.letters.templates import check_template
from sdm_desktop.ui import prompts
from sdm_desktop.ui.common.tables.table_helpers import ON_SCREEN, button, shortcut

if TYPE_CHECKING:
    from sdm_desktop.letters.check import CheckReport

PATH_ROLE = Qt.ItemDataRole.UserRole + 1


class TemplatePanel(QWidget):
    """Emits ``chosen`` with the template's path and its check report when the selection changes."""

    chosen = Signal(object, object)

    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.report: CheckReport | None = None      # None while the chosen template is being checked
        self._generation = 0
        self.extra_fields: set[str] = set()       # the user's own fields, given for this mailing
        self.model = QStandardItemModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setAccessibleName("Letter templates")
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.list.selectionModel().currentChanged.connect(lambda cur, _prev: self._selected(cur))
        self.result = QPlainTextEdit()
        self.result.setReadOnly(True)
        self.result.setAccessibleName("Template check result")
        self.result.setPlaceholderText("Choose a template to check it.")
        mono = QFont("Monospace")
        mono.setStyleHint(QFont.StyleHint.TypeWriter)
        self.result.setFont(mono)
        self.result.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.result.setVisible(False)              # the field list, behind Show details
        self.summary = QLabel("Choose a template to check it.")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Template check")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details_button = QPushButton("Show details")     # every Alt letter free here is j, q, x or z
        self.details_button.setCheckable(True)
        self.details_button.setToolTip("Show or hide the fields the template uses (Ctrl+Shift+D)")
        shortcut(QKeySequence("Ctrl+Shift+D"), self, self.details_button.toggle, ON_SCREEN)
        self.details_button.setAccessibleName("Show the details of the template check")
        self.details_button.toggled.connect(self._show_details)
        buttons = QGridLayout()
        self.add_button = button("Add yo&ur own…", "Add your own Word template", self.add_template,
                                 name_as_tip=True)
        self.copy_button = button("&Copy to edit", "Copy the chosen template so you can change it",
                                  self.copy_template, name_as_tip=True)
        self.open_button = button("Open in W&ord", "Open the chosen template in Word", self.open_template,
                                  name_as_tip=True)
        self.check_button = button("Chec&k again", "Check the chosen template again", self.recheck,
                                   name_as_tip=True)
        for i, action in enumerate((self.add_button, self.copy_button, self.open_button, self.check_button)):
            buttons.addWidget(action, i // 2, i % 2)
        layout = QVBoxLayout(self)
        heading = QLabel("<b>1. Template</b>")
        layout.addWidget(heading)
        layout.addWidget(self.list, 2)
        layout.addLayout(buttons)
        layout.addWidget(self.summary)
        layout.addWidget(self.details_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.result, 3)
        layout.addStretch(0)
        self.reload()

    # --- list -------------------------------------------------------------------------------
    def reload(self, select: Path | None = None) -> None:
        keep = select or self.current_path()
        self.model.clear()
        for info in letter_service.list_templates(self.env.ctx):
            item = QStandardItem(f"{info.title}" + ("" if info.bundled else "  (yours)"))
            item.setData(str(info.path), PATH_ROLE)
            item.setToolTip(str(info.path))
            self.model.appendRow(item)
        row = next((r for r in range(self.model.rowCount())
                    if keep and self.model.item(r).data(PATH_ROLE) == str(keep)), 0)
        if self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(row, 0))

    def current_path(self) -> Path | None:
        index = self.list.currentIndex()
        value = index.data(PATH_ROLE) if index.isValid() else None
        return Path(value) if value else None

    def select_path(self, path: Path) -> None:
        self.reload(select=path)

    def _selected(self, index: QModelIndex) -> None:
        if index.isValid():
            self.recheck()

    # --- actions ----------------------------------------------------------------------------
    def recheck(self) -> None:
        """Check the chosen template in the background (a long template takes a while); an answer
        for a template no longer chosen is dropped."""
        path = self.current_path()
        if path is None:
            return
        self._generation += 1
        generation, extra = self._generation, set(self.extra_fields)
        self.report = None
        self.result.setPlainText(f"Checking {path.name}…")
        self.summary.setText(f"Checking {path.name}…")
        self.env.jobs.run(lambda _progress: check_template(path, extra), label="Checking the template",
                          on_done=lambda report: self._checked(generation, path, report), show_progress=False)

    def _checked(self, generation: int, path: Path, report: CheckReport) -> None:
        if generation != self._generation:
            return
        self.report = report
        self.result.setPlainText("\n".join(report.lines()))
        self.summary.setText(report.summary())
        self.chosen.emit(path, report)

    def _show_details(self, shown: bool) -> None:
        self.result.setVisible(shown)
        self.details_button.setText("Hide details" if shown else "Show details")

    def add_template(self) -> None:
        source, _ = QFileDialog.getOpenFileName(self, "Add a Word template", str(Path.home()),
                                                "Word documents (*.docx);;All files (*)")
        if source:
            self.add_from(Path(source))

    def add_from(self, source: Path) -> None:
        """Copy the file into the data folder in the background (it is checked first, which takes a
        while for a long template); errors come back as one message."""
        ctx = self.env.ctx
        self.env.jobs.run(lambda _progress: letter_service.add_user_template(ctx, source),
                          label=f"Adding {source.name}", on_done=lambda result: self._added(*result))

    def _added(self, info, report) -> None:
        self.reload(select=info.path)
        self.env.announce(Change.LETTER_TEMPLATE)
        if not report.usable:
            prompts.warn(self, f"{info.path.name} was added, but it needs fixing in Word before it can be "
                               "used. The check lists what is wrong and where.")

    def copy_template(self) -> None:
        path = self.current_path()
        info = next((i for i in letter_service.list_templates(self.env.ctx) if i.path == path), None)
        if info is None:
            return
        ctx = self.env.ctx
        self.env.jobs.run(lambda _progress: letter_service.copy_bundled(ctx, info), label=f"Copying {info.title}",
                          on_done=self._copied)

    def _copied(self, copied) -> None:
        self.reload(select=copied.path)
        self.env.announce(Change.LETTER_TEMPLATE)

    def open_template(self) -> None:
        path = self.current_path()
        if path is None:
            return
        if path.parent == letter_service.bundled_dir():
            prompts.info(self, "Bundled templates are kept as they are. Use 'Copy to edit' to make your own "
                               "copy, then open that in Word.")
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
