"""Choose the period of the engagement report."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout

from sdm_desktop.ui import prompts


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
    def _date(value: date, name: str) -> QDateEdit:
        edit = QDateEdit(QDate(value))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd/MM/yyyy")
        edit.setAccessibleName(name)
        return edit

    def period(self) -> tuple[date, date]:
        return self.start.date().toPython(), self.end.date().toPython()

    def _accept(self) -> None:
        first, last = self.period()
        if last < first:
            prompts.warn(self, "The period ends before it starts.")
            return
        self.accept()

    @classmethod
    def ask(cls, parent=None) -> tuple[date, date] | None:
        dialog = cls(parent)
        return dialog.period() if dialog.exec() else None
