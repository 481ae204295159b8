"""Pick the groups and people an activity targets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QCompleter, QHBoxLayout, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget,
)

from sdm_desktop.services.activities import TargetRef, person_choices
from sdm_desktop.services.register import organisation_choices


def searchable_combo(name: str, placeholder: str) -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.setAccessibleName(name)
    combo.lineEdit().setPlaceholderText(placeholder)
    combo.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    combo.completer().setFilterMode(Qt.MatchFlag.MatchContains)
    combo.setMinimumContentsLength(18)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    return combo


def chosen_id(combo: QComboBox) -> int | None:
    index = combo.findText(combo.currentText())
    return combo.itemData(index) if index >= 0 and combo.currentText() else None


class TargetPicker(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setAccessibleName("Target groups and people")
        self.list.setMaximumHeight(110)
        self.list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        layout.addWidget(self.list)
        self.group = searchable_combo("Group to target", "Type to find a group…")
        self.person = searchable_combo("Person to target", "Type to find a person…")
        for combo, kind in ((self.group, "organisation"), (self.person, "person")):
            row = QHBoxLayout()
            add = QPushButton("Add group" if kind == "organisation" else "Add person")
            add.setAccessibleName(add.text())
            add.clicked.connect(lambda _=False, c=combo, k=kind: self.add_from(c, k))
            row.addWidget(combo, 1)
            row.addWidget(add)
            layout.addLayout(row)
        remove = QPushButton("Remove selected")
        remove.setAccessibleName("Remove selected targets")
        remove.clicked.connect(self.remove_selected)
        layout.addWidget(remove, 0, Qt.AlignmentFlag.AlignLeft)
        for org_id, name in organisation_choices(ctx, limit=5000):
            self.group.addItem(name, org_id)
        for person_id, name in person_choices(ctx):
            self.person.addItem(name, person_id)
        self.group.setCurrentIndex(-1)
        self.person.setCurrentIndex(-1)

    def set_targets(self, targets: list[TargetRef]) -> None:
        self.list.clear()
        for t in targets:
            self._append(t)

    def targets(self) -> list[TargetRef]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def _append(self, target: TargetRef) -> None:
        icon = "Group" if target.kind == "organisation" else "Person"
        item = QListWidgetItem(f"{icon}: {target.name}")
        item.setData(Qt.ItemDataRole.UserRole, target)
        self.list.addItem(item)

    def add(self, kind: str, target_id: int, name: str) -> None:
        if any(t.kind == kind and t.id == target_id for t in self.targets()):
            return
        self._append(TargetRef(kind, target_id, name))

    def add_from(self, combo: QComboBox, kind: str) -> None:
        target_id = chosen_id(combo)
        if target_id is not None:
            self.add(kind, target_id, combo.currentText())
            combo.setCurrentIndex(-1)

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))
