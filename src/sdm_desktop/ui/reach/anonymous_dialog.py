"""Anonymous counts for an event where there are no names: pick the activity or training session, say how many
attended and how many of them were in each category (e.g. 40 attended: 12 aged 65 to 74)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from sdm_desktop.services.core.changes import Change
from sdm_desktop.services.core.validation import ValidationError
from sdm_desktop.services.equality.anonymous import (
    MAX_ATTENDED,
    AnonymousInput,
    event_choices,
    get_anonymous,
    save_anonymous,
)
from sdm_desktop.services.equality.dimensions import all_dimensions
from sdm_desktop.services.equality.plus_groups import plus_groups
from sdm_desktop.ui import prompts


class AnonymousCountsDialog(QDialog):
    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.setWindowTitle("Anonymous monitoring counts")
        layout = QVBoxLayout(self)
        intro = QLabel("For an activity or training session where names were not taken: how many attended, and "
                       "how many of them in each group. Leave a count at 0 if not known.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.event = QComboBox()
        self.event.setAccessibleName("Activity or training session")
        self.choices = event_choices(env.ctx)
        for choice in self.choices:
            self.event.addItem(choice.label + ("  ✓ counted" if choice.counted else ""), choice)
        self.event.currentIndexChanged.connect(self.load)
        form.addRow("&Event", self.event)
        self.attended = QSpinBox()
        self.attended.setRange(0, MAX_ATTENDED)
        self.attended.setAccessibleName("How many attended")
        form.addRow("&Attended", self.attended)
        layout.addLayout(form)
        self.table = QTableWidget(0, 3)
        self.table.setTabKeyNavigation(False)        # one Tab stop: arrows move inside, F2 or typing edits
        self.table.setHorizontalHeaderLabels(["Dimension", "Group", "How many"])
        self.table.setAccessibleName("How many attended in each group (type a number in the last column)")
        self.table.verticalHeader().hide()
        self.keys: list[tuple[str, str]] = []
        for dimension in all_dimensions(plus_groups(env.ctx)):
            for category in dimension.categories:
                row = self.table.rowCount()
                self.table.insertRow(row)
                for column, text in enumerate((dimension.label, category)):
                    item = QTableWidgetItem(text)
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    self.table.setItem(row, column, item)
                count = QTableWidgetItem()
                count.setData(Qt.ItemDataRole.EditRole, 0)
                self.table.setItem(row, 2, count)
                self.keys.append((dimension.key, category))
        self.table.resizeColumnsToContents()
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout.addWidget(buttons)
        if not self.choices:
            layout.insertWidget(1, QLabel("There are no activities or training sessions yet."))
            self.save_button.setEnabled(False)
        self.resize(560, 640)
        self.load()

    def load(self) -> None:
        choice = self.event.currentData()
        data = get_anonymous(self.env.ctx, choice.kind, choice.event_id) if choice else AnonymousInput()
        self.attended.setValue(data.attended)
        for row, key in enumerate(self.keys):
            self.table.item(row, 2).setData(Qt.ItemDataRole.EditRole, data.counts.get(key, 0))

    def count(self, key: tuple[str, str]) -> int:
        value = self.table.item(self.keys.index(key), 2).data(Qt.ItemDataRole.EditRole)
        return int(value or 0)

    def set_count(self, key: tuple[str, str], value: int) -> None:
        self.table.item(self.keys.index(key), 2).setData(Qt.ItemDataRole.EditRole, value)

    def value(self) -> AnonymousInput:
        return AnonymousInput(self.attended.value(), {k: self.count(k) for k in self.keys if self.count(k)})

    def save(self) -> None:
        choice = self.event.currentData()
        try:
            save_anonymous(self.env.ctx, choice.kind, choice.event_id, self.value())
        except ValidationError as exc:
            prompts.warn(self, f"Not saved: {exc}")
            return
        self.env.announce(Change.ACTIVITY)
        self.accept()
