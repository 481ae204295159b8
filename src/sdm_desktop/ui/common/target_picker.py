"""Pick groups and people by search: whom an activity targets, or whom a resource is shared with."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from sdm_desktop.services.engagement.activities import TargetRef, person_choices
from sdm_desktop.services.register.search import organisation_choices
from sdm_desktop.ui.common.search_picker import SearchPicker


class TargetPicker(QWidget):
    def __init__(self, ctx, parent=None, person_search=None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setAccessibleName("Target groups and people")
        self.list.setMaximumHeight(110)
        self.list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        layout.addWidget(self.list)
        self.group = SearchPicker(lambda text, n: organisation_choices(ctx, text, n), "Group to target",
                                  "Type to find a group…")
        self.person = SearchPicker(person_search or (lambda text, n: person_choices(ctx, text, n)), "Person to target",
                                   "Type to find a person…")
        for picker, kind in ((self.group, "organisation"), (self.person, "person")):
            row = QHBoxLayout()
            add = QPushButton("&Add group" if kind == "organisation" else "Add per&son")
            add.setAccessibleName(add.text().replace("&", ""))
            add.clicked.connect(lambda _=False, p=picker, k=kind: self.add_from(p, k))
            picker.returnPressed.connect(lambda p=picker, k=kind: self.add_from(p, k))
            row.addWidget(picker, 1)
            row.addWidget(add)
            layout.addLayout(row)
        remove = QPushButton("Remo&ve selected")
        remove.setAccessibleName("Remove selected targets")
        remove.clicked.connect(self.remove_selected)
        layout.addWidget(remove, 0, Qt.AlignmentFlag.AlignLeft)

    def set_targets(self, targets: list[TargetRef]) -> None:
        self.list.clear()
        for t in targets:
            self._append(t)

    def targets(self) -> list[TargetRef]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def _append(self, target: TargetRef) -> None:
        icon = "Group" if target.kind == "organisation" else "Person"
        item = QListWidgetItem(f"{icon}: {target.label}")
        item.setData(Qt.ItemDataRole.UserRole, target)
        self.list.addItem(item)

    def add(self, kind: str, target_id: int, name: str) -> None:
        if any(t.kind == kind and t.id == target_id for t in self.targets()):
            return
        self._append(TargetRef(kind, target_id, name))

    def add_from(self, picker: SearchPicker, kind: str) -> None:
        target_id = picker.value()
        if target_id is not None:
            self.add(kind, target_id, picker.text())
            picker.set_value(None)

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))
