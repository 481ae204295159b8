"""Themes tab of the Consultation view: the codebook as a tree (themes and their sub-themes, how many answers
have each), and the chosen theme's name, description, example and whether the plan shares it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sdm_desktop.services.consultation.codebook import themes as theme_service
from sdm_desktop.services.consultation.codebook.themes import Theme
from sdm_desktop.services.core.changes import Change
from sdm_desktop.ui import prompts
from sdm_desktop.ui.common.accessible import buddy_label, named
from sdm_desktop.ui.common.tables.table_helpers import ask_and_export, button

COLUMNS = ("Theme", "Answers", "Description")


class ThemesPanel(QWidget):
    """One activity's codebook; the view calls show_activity when the activity changes."""

    codebook_changed = Signal()

    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.activity_id: int | None = None
        self.themes: list[Theme] = []
        layout = QVBoxLayout(self)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._tree())
        splitter.addWidget(self._editor())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence.StandardKey.Delete, self.tree, self.delete,
                  context=Qt.ShortcutContext.WidgetShortcut)

    def _tree(self) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        self.tree = named(QTreeWidget(), "Codebook", "The activity's themes; Delete deletes the one chosen")
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.currentItemChanged.connect(lambda *_: self._show(self.current_theme()))
        self.summary = QLabel()
        self.summary.setAccessibleName("Codebook summary")
        column.addWidget(buddy_label("Code&book:", self.tree))
        column.addWidget(self.tree, 1)
        below = QHBoxLayout()
        below.addWidget(self.summary, 1)
        below.addWidget(button("Export codeboo&k…", "Export the codebook", self.export, name_as_tip=True))
        column.addLayout(below)
        return box

    def _editor(self) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        form = QFormLayout()
        column.addLayout(form)
        self.name = named(QLineEdit(), "Theme name")
        self.description = named(QPlainTextEdit(), "Theme description", "What the theme covers")
        self.example = named(QPlainTextEdit(), "Example of the theme", "An answer, or part of one, that has it")
        for field in (self.description, self.example):
            field.setTabChangesFocus(True)
            field.setMaximumHeight(field.fontMetrics().height() * 6)
        self.shared = QCheckBox("Share &with the plan's other activities")
        self.shared.setAccessibleName("Shared by every activity of the plan")
        self.parent_words = QLabel()
        self.parent_words.setAccessibleName("Where the theme sits")
        form.addRow(buddy_label("&Name", self.name), self.name)
        form.addRow(buddy_label("&Description", self.description), self.description)
        form.addRow(buddy_label("E&xample", self.example), self.example)
        form.addRow("", self.shared)
        form.addRow("", self.parent_words)
        buttons = QHBoxLayout()
        buttons.addWidget(button("Save theme", "Save the theme's changes (Ctrl+S)", self.save, name_as_tip=True))
        buttons.addWidget(button("Add s&ub-theme…", "Add a sub-theme under the theme chosen", self.add_sub_theme))
        buttons.addWidget(button("Delete theme", "Delete the theme chosen (Delete)", self.delete, name_as_tip=True))
        buttons.addStretch(1)
        form.addRow("", buttons)
        column.addStretch(1)
        return box

    # --- showing ----------------------------------------------------------------------------
    def show_activity(self, activity_id: int | None) -> None:
        self.activity_id = activity_id
        self.reload()

    def reload(self, keep: int | None = None) -> None:
        chosen = keep if keep is not None else (self.current_theme().id if self.current_theme() else None)
        self.themes = (theme_service.codebook(self.env.ctx, self.activity_id, with_counts=True)
                       if self.activity_id else [])
        self.tree.blockSignals(True)
        self.tree.clear()
        items: dict[int, QTreeWidgetItem] = {}
        for theme in self.themes:
            parent = items.get(theme.parent_id)
            name = theme.name + ("  (shared by the plan)" if theme.shared and parent is None else "")
            item = QTreeWidgetItem([name, str(theme.answers), theme.description.replace("\n", " ")])
            item.setData(0, Qt.ItemDataRole.UserRole, theme.id)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if parent is None:
                self.tree.addTopLevelItem(item)
            else:
                parent.addChild(item)
            items[theme.id] = item
        self.tree.expandAll()
        self.tree.blockSignals(False)
        if chosen in items:
            self.tree.setCurrentItem(items[chosen])
        elif items:
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        self._show(self.current_theme())
        subs = sum(t.is_sub_theme for t in self.themes)
        self.summary.setText(f"{len(self.themes) - subs} themes, {subs} sub-themes" if self.themes else
                             "No themes yet: Add theme… starts the codebook (or type a new name while coding).")

    def current_theme(self) -> Theme | None:
        item = self.tree.currentItem()
        wanted = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        return next((t for t in self.themes if t.id == wanted), None)

    def _show(self, theme: Theme | None) -> None:
        for field in (self.name, self.description, self.example, self.shared):
            field.setEnabled(theme is not None)
        self.name.setText(theme.name if theme else "")
        self.description.setPlainText(theme.description if theme else "")
        self.example.setPlainText(theme.example if theme else "")
        self.shared.setChecked(bool(theme and theme.shared))
        self.shared.setEnabled(bool(theme and not theme.is_sub_theme))
        parent = next((t.name for t in self.themes if theme and t.id == theme.parent_id), None)
        self.parent_words.setText(f"A sub-theme of {parent}." if parent else "")

    # --- acting -----------------------------------------------------------------------------
    def _done(self, what, *args, keep: int | None = None) -> bool:
        try:
            what(*args)
        except Exception as exc:  # noqa: BLE001 - one transaction: nothing changed, say why
            prompts.error(self, f"Not changed: {prompts.describe_error(exc)}")
            return False
        self.env.announce(Change.CONSULTATION)
        self.reload(keep)
        self.codebook_changed.emit()
        return True

    def save(self) -> None:
        theme = self.current_theme()
        if theme is None:
            return
        changed = (self.name.text().strip(), self.description.toPlainText().strip(),
                   self.example.toPlainText().strip())
        if changed != (theme.name, theme.description, theme.example) and not self._done(
                lambda: theme_service.edit_theme(self.env.ctx, theme.id, *changed, expected_version=theme.row_version),
                keep=theme.id):
            return
        if self.shared.isChecked() != theme.shared and not theme.is_sub_theme:
            self._done(theme_service.set_shared, self.env.ctx, theme.id, self.activity_id, self.shared.isChecked(),
                       keep=theme.id)

    def export(self) -> None:
        if self.activity_id is not None:
            activity_id = self.activity_id
            ask_and_export(self, self.env, "Export the codebook", "codebook.xlsx",
                           lambda: theme_service.codebook_table(self.env.ctx, activity_id))

    def add_sub_theme(self) -> None:
        theme = self.current_theme()
        if theme is None or self.activity_id is None:
            prompts.info(self, "Choose the main theme to add a sub-theme under.")
            return
        main = theme if not theme.is_sub_theme else next(t for t in self.themes if t.id == theme.parent_id)
        name = prompts.ask_text(self, f"Name of the sub-theme under {main.name}:", "Add a sub-theme")
        if name:
            self._done(lambda: theme_service.add_theme(self.env.ctx, self.activity_id, name, parent_id=main.id))

    def delete(self) -> None:
        theme = self.current_theme()
        if theme is None:
            return
        question = (f"Delete the theme {theme.name!r}? It comes off the {theme.answers} answers that have it "
                    "(Edit → Undo puts it back).")
        if prompts.confirm(self, question, "Delete theme", yes="Delete"):
            self._done(lambda: theme_service.delete_theme(self.env.ctx, theme.id, expected_version=theme.row_version))
