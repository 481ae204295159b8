"""The Reach view's bar of choices: the period, a plan, an activity type, a level and the margin."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QHBoxLayout, QLabel, QPushButton, QWidget

from sdm_desktop.services.core.vocab import PPE_LEVELS
from sdm_desktop.services.engagement.plans import METHODS
from sdm_desktop.services.reach.assemble import DEFAULT_MARGIN
from sdm_desktop.services.reach.engaged import ReachFilter, plan_titles
from sdm_desktop.ui.common.accessible import focus_target
from sdm_desktop.ui.common.date_field import DateField


class ReachFilterBar(QWidget):
    changed = Signal()

    def __init__(self, env, parent: QWidget | None = None):
        super().__init__(parent)
        self.env = env
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        today = date.today()
        self.date_from = self._date(row, "Fro&m", today - timedelta(days=364))
        self.date_to = self._date(row, "T&o", today)
        self.plan = self._combo(row, "Pla&n", [("", "All plans")])
        self.activity_type = self._combo(row, "&Type", [("", "All types"), *METHODS])
        self.level = self._combo(row, "&Level", [("", "All levels"), *PPE_LEVELS])
        self.margin = QDoubleSpinBox()
        self.margin.setRange(0, 100)
        self.margin.setDecimals(1)
        self.margin.setValue(DEFAULT_MARGIN)
        self.margin.setSuffix(" points")
        self.margin.setAccessibleName("Under-represented by more than this many percentage points")
        self.margin.setToolTip("Flag a group whose share is this many percentage points or more below the "
                               "population's")
        label = QLabel("Mar&gin")
        label.setBuddy(self.margin)
        row.addWidget(label)
        row.addWidget(self.margin)
        self.show_button = QPushButton("&Show")
        self.show_button.setAccessibleName("Show the reach for these choices")
        self.show_button.clicked.connect(self.changed)
        row.addWidget(self.show_button)
        row.addStretch(1)

    def _date(self, row: QHBoxLayout, text: str, value: date) -> DateField:
        edit = DateField(value, required=True, words_beside=False)
        edit.setAccessibleName(text.replace("&", "") + " date")
        label = QLabel(text)
        label.setBuddy(focus_target(edit))
        row.addWidget(label)
        row.addWidget(edit)
        return edit

    def _combo(self, row: QHBoxLayout, text: str, choices: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        for code, name in choices:
            combo.addItem(name, code)
        combo.setAccessibleName(text.replace("&", ""))
        label = QLabel(text)
        label.setBuddy(combo)
        row.addWidget(label)
        row.addWidget(combo)
        return combo

    def refresh_plans(self) -> None:
        current = self.plan.currentData()
        with self.env.ctx.session() as s:
            titles = plan_titles(s)
        self.plan.blockSignals(True)
        self.plan.clear()
        self.plan.addItem("All plans", "")
        for title in titles:
            self.plan.addItem(title, title)
        self.plan.setCurrentIndex(max(0, self.plan.findData(current)))
        self.plan.blockSignals(False)

    def value(self) -> ReachFilter:
        """The choices; DateTextError (said beside the field) while a date is not one."""
        return ReachFilter(self.date_from.value(), self.date_to.value(),
                           self.plan.currentData() or None, self.level.currentData() or None,
                           self.activity_type.currentData() or None)
