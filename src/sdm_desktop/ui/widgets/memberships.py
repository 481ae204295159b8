"""The list of groups a person belongs to, with their role in each."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QCompleter, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget,
)

from sdm_desktop.services.people import MembershipInput
from sdm_desktop.services.register import organisation_choices
from sdm_desktop.services.vocab import MEMBERSHIP_ROLES
from sdm_desktop.ui.env import UiEnv


class MembershipEditor(QWidget):
    def __init__(self, env: UiEnv, parent=None):
        super().__init__(parent)
        self.env = env
        self.on_edit = lambda: None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setAccessibleName("Memberships")
        self.list.setMaximumHeight(90)
        layout.addWidget(self.list)
        layout.addWidget(QLabel("Add to a group:"))
        row = QHBoxLayout()
        self.organisation = QComboBox()
        self.organisation.setEditable(True)
        self.organisation.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.organisation.setAccessibleName("Organisation to add")
        self.organisation.lineEdit().setPlaceholderText("Type to find a group…")
        self.organisation.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.organisation.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.role = QComboBox()
        self.role.setEditable(True)
        self.role.addItems(MEMBERSHIP_ROLES)
        self.role.setCurrentText("member")
        self.role.setAccessibleName("Role in the group")
        add = QPushButton("Add")
        add.setAccessibleName("Add membership")
        add.clicked.connect(self.add_selected)
        remove = QPushButton("Remove")
        remove.setAccessibleName("Remove selected membership")
        remove.clicked.connect(self.remove_selected)
        layout.addWidget(self.organisation)
        row.addWidget(self.role, 1)
        row.addWidget(add)
        row.addWidget(remove)
        layout.addLayout(row)

    def reload_choices(self) -> None:
        self.organisation.clear()
        for org_id, name in organisation_choices(self.env.ctx, limit=5000):
            self.organisation.addItem(name, org_id)
        self.organisation.setCurrentIndex(-1)

    def set_memberships(self, memberships: list[MembershipInput]) -> None:
        self.list.clear()
        for m in memberships:
            self._append(m)

    def _append(self, m: MembershipInput) -> None:
        item = QListWidgetItem(f"{m.organisation_name} — {m.role}")
        item.setData(Qt.ItemDataRole.UserRole, m)
        self.list.addItem(item)

    def memberships(self) -> list[MembershipInput]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def add_selected(self) -> None:
        index = self.organisation.findText(self.organisation.currentText())
        if index < 0:
            return
        org_id = self.organisation.itemData(index)
        role = self.role.currentText().strip().lower() or "member"
        if any(m.organisation_id == org_id and m.role == role for m in self.memberships()):
            return
        self._append(MembershipInput(org_id, role, self.organisation.itemText(index)))
        self.on_edit()

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))
            self.on_edit()
