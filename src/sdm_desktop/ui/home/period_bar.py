"""Home's period: this quarter, the last 12 months, or from and to dates the user types."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from sdm_desktop.errors import UserError
from sdm_desktop.services.reporting.periods import CUSTOM, LAST_12_MONTHS, PERIOD_CHOICES, Period, custom, period_for
from sdm_desktop.ui.common.accessible import buddy_label
from sdm_desktop.ui.common.date_field import DateField

SETTING = "home/period"


class PeriodBar(QWidget):
    changed = Signal()

    def __init__(self, settings, parent: QWidget | None = None):
        super().__init__(parent)
        self._settings = settings
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.choice = QComboBox()
        self.choice.setAccessibleName("Period the figures cover")
        for code, text in PERIOD_CHOICES:
            self.choice.addItem(text, code)
        row.addWidget(buddy_label("&Period:", self.choice))
        row.addWidget(self.choice)
        self._custom: list[QWidget] = []      # the from and to dates: made when "Custom…" is first chosen
        self.choice.setCurrentIndex(max(0, self.choice.findData(settings.value(SETTING, LAST_12_MONTHS))))
        self._show_custom()
        self.choice.currentIndexChanged.connect(self._chosen)

    def _make_custom_dates(self) -> None:
        start = period_for(LAST_12_MONTHS, date.today())
        self.first = DateField(start.first, blank="choose a date", words_beside=False)
        self.last = DateField(start.last, blank="choose a date", words_beside=False)
        self.first.setAccessibleName("Period from")
        self.last.setAccessibleName("Period to")
        self.problem = QLabel()
        self.problem.setAccessibleName("What is wrong with the period")
        self._custom = [buddy_label("Fro&m", self.first), self.first, buddy_label("T&o", self.last), self.last,
                        self.problem]
        for widget in self._custom:
            self.layout().addWidget(widget)
        QWidget.setTabOrder(self.choice, self.first.edit)     # Tab goes on from the choice, as if made with it
        QWidget.setTabOrder(self.first.edit, self.last.edit)
        for field in (self.first, self.last):
            field.dateChanged.connect(lambda _d: self._custom_changed())

    def period(self, today: date | None = None) -> Period | None:
        """The period chosen (None: custom dates that do not make a period yet; ``problem`` says why)."""
        today = today or date.today()
        code = self.choice.currentData()
        if code != CUSTOM:
            return period_for(code, today)
        first, last = self.first.value(), self.last.value()
        if first is None or last is None:
            return None
        try:
            return custom(first, last)
        except UserError as exc:
            self.problem.setText(str(exc))
            return None

    def _chosen(self) -> None:
        self._settings.setValue(SETTING, self.choice.currentData())
        self._show_custom()
        self.changed.emit()

    def _show_custom(self) -> None:
        if self.choice.currentData() == CUSTOM and not self._custom:
            self._make_custom_dates()
        for widget in self._custom:
            widget.setVisible(self.choice.currentData() == CUSTOM)

    def _custom_changed(self) -> None:
        self.problem.clear()
        if self.period() is not None:
            self.changed.emit()
