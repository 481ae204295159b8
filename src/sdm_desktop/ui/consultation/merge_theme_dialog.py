"""Merge one theme into another: choose the theme that stays."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from sdm_desktop.services.consultation.codebook.themes import Theme
from sdm_desktop.ui.common.accessible import buddy_label, named


class MergeThemeDialog(QDialog):
    def __init__(self, source: Theme, themes: list[Theme], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Merge theme")
        self.setAccessibleName("Merge theme")
        layout = QVBoxLayout(self)
        words = QLabel(f"Merge “{source.name}” into the theme chosen below: the answers coded with it, its "
                       f"quotes, sub-themes and “you said, we did” links move there, and “{source.name}” goes. "
                       "Edit → Undo puts it back.")
        words.setWordWrap(True)
        words.setMinimumWidth(words.fontMetrics().averageCharWidth() * 60)
        layout.addWidget(words)
        self.target = named(QComboBox(), "Theme to merge into")
        for theme in themes:
            if theme.id != source.id and theme.parent_id != source.id:
                self.target.addItem(("    " if theme.is_sub_theme else "") + theme.name, theme.id)
        layout.addWidget(buddy_label("&Into:", self.target))
        layout.addWidget(self.target)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Merge")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.target.count() > 0)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> int | None:
        return self.target.currentData()
