"""The list of groups a person belongs to, with their role in each."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sdm_desktop.services.core.vocab import MEMBERSHIP_ROLES
from sdm_desktop.services.register.people import MembershipInput
from sdm_desktop.services.register.search import organisation_choices
from sdm_desktop.ui.common.search_picker import SearchPicker
from sdm_desktop.ui.common.tables.table_helpers import FOCUSED, shortcut
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
        find_label = QLabel("Add to a gro&up:")
        layout.addWidget(find_label)
        row = QHBoxLayout()
        # Found by a search in SQL as you type, so every group can be chosen however big the register.
        self.organisation = SearchPicker(lambda text, limit: organisation_choices(env.ctx, text, limit),
                                         "Organisation to add", "Type part of a group's name…")
        find_label.setBuddy(self.organisation)
        self.role = QComboBox()
        self.role.setEditable(True)
        self.role.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.role.setMinimumContentsLength(10)
        self.role.addItems(MEMBERSHIP_ROLES)
        self.role.setCurrentText("member")
        self.role.setAccessibleName("Role in the group")
        self.role.lineEdit().setMaxLength(80)
        self.add_button = add = QPushButton("&Join")     # the person joins the group chosen
        add.setToolTip("Add them to the group chosen, in this role (Enter in the group field does the same)")
        add.setAccessibleName("Add membership")
        add.clicked.connect(self.add_selected)
        # Enter with a group chosen adds it; choosing or typing brings the role and Add into view
        self.organisation.returnPressed.connect(self._enter_pressed)
        self.organisation.chosen.connect(lambda _id: self._show_whole())
        self.organisation.textEdited.connect(lambda _text: self._show_whole())
        remove = QPushButton("Remove")
        remove.setAccessibleName("Remove selected membership")
        remove.setToolTip("Take them out of the selected group (Delete)")
        shortcut(QKeySequence.StandardKey.Delete, self.list, self.remove_selected, FOCUSED)
        remove.clicked.connect(self.remove_selected)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Membership problem")
        self.problem.setVisible(False)
        layout.addWidget(self.organisation)
        layout.addWidget(self.problem)
        row.addWidget(self.role, 1)
        row.addWidget(add)
        row.addWidget(remove)
        layout.addLayout(row)

    def _enter_pressed(self) -> None:
        if self.organisation.value() is not None:
            self.add_selected()
            self.organisation.setFocus()

    def _show_whole(self) -> None:
        """The editor sits low in a scrolling form: the role box and the Add button below the group field
        were out of sight while the group was being chosen."""
        scroll = self.parentWidget()
        while scroll is not None and not isinstance(scroll, QScrollArea):
            scroll = scroll.parentWidget()
        if scroll is not None:
            scroll.ensureWidgetVisible(self.add_button, 0, 10)
            scroll.ensureWidgetVisible(self.organisation, 0, 10)

    def clear_entry(self) -> None:
        self.organisation.set_value(None)
        self._say("")

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

    def _say(self, message: str) -> None:
        self.problem.setText(f"⚠ {message}" if message else "")
        self.problem.setVisible(bool(message))

    def add_selected(self) -> None:
        org_id = self.organisation.value()
        if org_id is None:
            typed = self.organisation.text().strip()
            self._say(f"No group is called “{typed}”: pick one of the names offered as you type."
                      if typed else "Type part of a group's name, then pick it from the list.")
            self.organisation.setFocus()
            return
        role = " ".join(self.role.currentText().split()).lower() or "member"
        self._say("")
        if any(m.organisation_id == org_id and m.role == role for m in self.memberships()):
            self._say("They already have this role in this group.")
            return
        self._append(MembershipInput(org_id, role, self.organisation.text().strip()))
        self.organisation.set_value(None)
        self.on_edit()

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))
            self.on_edit()
