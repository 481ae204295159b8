"""Edit the list of organisation types: add, rename, remove unused, reorder."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from sdm_desktop.errors import UserError
from sdm_desktop.services.register import organisation_types as types
from sdm_desktop.ui import prompts
from sdm_desktop.ui.env import UiEnv


class OrganisationTypesDialog(QDialog):
    def __init__(self, env: UiEnv, parent=None):
        super().__init__(parent)
        self.env = env
        self.changed = False
        self.setWindowTitle("Organisation types")
        self.setAccessibleName("Organisation types")
        layout = QHBoxLayout(self)
        self.list = QListWidget()
        self.list.setAccessibleName("Organisation types and how many organisations use each")
        layout.addWidget(self.list, 1)
        column = QVBoxLayout()
        for text, slot in (("&Add…", self.add), ("&Rename…", self.rename), ("Re&move", self.remove),
                           ("Move &up", lambda: self.move(-1)), ("Move &down", lambda: self.move(1))):
            button = QPushButton(text)
            button.setAccessibleName(text.replace("&", "").rstrip("…"))
            button.clicked.connect(slot)
            button.setAutoDefault(False)             # Enter in the list closes; it asked for a new type
            column.addWidget(button)
        column.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        column.addWidget(close)
        layout.addLayout(column)
        self.resize(520, 380)
        self.reload()

    @classmethod
    def edit(cls, env: UiEnv, parent=None) -> bool:
        """Show the dialog; True if anything changed."""
        dialog = cls(env, parent)
        dialog.exec()
        return dialog.changed

    def reload(self, select: str | None = None) -> None:
        self.list.clear()
        for usage in types.list_types(self.env.ctx):
            item = QListWidgetItem(f"{usage.name}  ({usage.organisations})")
            item.setData(256, usage.name)
            item.setData(257, usage.row_version)        # as listed: a colleague's change since is refused
            self.list.addItem(item)
            if usage.name == select:
                self.list.setCurrentItem(item)

    def selected(self) -> str | None:
        item = self.list.currentItem()
        return item.data(256) if item else None

    def selected_version(self) -> int | None:
        item = self.list.currentItem()
        return item.data(257) if item else None

    def _apply(self, action, select: str | None) -> None:
        try:
            action()
        except UserError as exc:          # RecordChanged too: the list then shows the colleague's change
            prompts.warn(self, str(exc))
            self.reload(self.selected())
            return
        self.changed = True
        self.reload(select)

    def add(self) -> None:
        name = prompts.ask_text(self, "Name of the new type:")
        if name:
            self._apply(lambda: types.add_type(self.env.ctx, name), name)

    def rename(self) -> None:
        old = self.selected()
        if not old:
            return
        new = prompts.ask_text(self, f"New name for {old!r}:", text=old)
        if new and new != old:
            version = self.selected_version()
            self._apply(lambda: types.rename_type(self.env.ctx, old, new, expected_version=version), new)

    def remove(self) -> None:
        name = self.selected()
        if name and prompts.confirm(self, f"Remove the type {name!r}?", yes="Remove", no="Keep"):
            version = self.selected_version()
            self._apply(lambda: types.remove_type(self.env.ctx, name, expected_version=version), None)

    def move(self, step: int) -> None:
        name = self.selected()
        if name:
            self._apply(lambda: types.move_type(self.env.ctx, name, step), name)
