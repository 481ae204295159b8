"""Choose the PLUS groups: which of the register's tags the reach report counts people by."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout

from sdm_desktop.services.core.validation import ValidationError
from sdm_desktop.services.equality.plus_groups import plus_groups, set_plus_groups, tag_names
from sdm_desktop.ui import prompts


class PlusGroupsDialog(QDialog):
    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.setWindowTitle("PLUS groups")
        layout = QVBoxLayout(self)
        intro = QLabel("Tick the tags that mark your PLUS groups (e.g. learning disability and autism, inclusion "
                       "health, coastal community). A person is counted in one when they, or a group they belong "
                       "to, carry the tag. Add tags to people and groups in Stakeholders.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setAccessibleName("Tags: ticked ones are PLUS groups")
        chosen = set(plus_groups(env.ctx))
        for name in sorted(set(tag_names(env.ctx)) | chosen, key=str.casefold):
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in chosen else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        if not self.list.count():
            layout.addWidget(QLabel("There are no tags in the register yet."))
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(420, 420)

    def chosen(self) -> list[str]:
        return [self.list.item(n).text() for n in range(self.list.count())
                if self.list.item(n).checkState() == Qt.CheckState.Checked]

    def save(self) -> None:
        try:
            set_plus_groups(self.env.ctx, self.chosen())
        except ValidationError as exc:
            prompts.warn(self, f"Not saved: {exc}")
            return
        self.accept()
