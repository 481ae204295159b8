"""Choose the period of the engagement report."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout

from sdm_desktop.ui import prompts
from sdm_desktop.ui.common.date_field import DateField


class ReportPeriodDialog(QDialog):
    def __init__(self, parent=None, start: date | None = None, end: date | None = None):
        super().__init__(parent)
        self.setWindowTitle("Engagement report")
        self.setAccessibleName("Engagement report period")
        layout = QVBoxLayout(self)
        intro = QLabel("The report lists activities by level of engagement, stakeholders reached, "
                       "feedback and what was done about it, and open actions.")
        intro.setWordWrap(True)          # one long line made the dialog 800 pixels wide
        intro.setMinimumWidth(intro.fontMetrics().averageCharWidth() * 60)
        layout.addWidget(intro)
        form = QFormLayout()
        end = end or date.today()
        start = start or (end - timedelta(days=90))
        self.start, self.end = self._date(start, "First day of the period"), self._date(end, "Last day of the period")
        form.addRow("&From", self.start)
        form.addRow("&To", self.end)
        for field in (self.start, self.end):
            form.labelForField(field).setBuddy(field)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Choose file and write…")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @staticmethod
    def _date(value: date, name: str) -> DateField:
        edit = DateField(value, required=True)
        edit.setAccessibleName(name)
        return edit

    def period(self) -> tuple[date, date]:
        """Raises DateTextError while a date is not one (the field says why beside it)."""
        return self.start.value(), self.end.value()

    def _accept(self) -> None:
        if self.start.problem() or self.end.problem():
            return                      # each field says what is wrong beside it
        first, last = self.period()
        if last < first:
            prompts.warn(self, "The period ends before it starts.")
            return
        self.accept()

    @classmethod
    def ask(cls, parent=None) -> tuple[date, date] | None:
        dialog = cls(parent)
        return dialog.period() if dialog.exec() else None
