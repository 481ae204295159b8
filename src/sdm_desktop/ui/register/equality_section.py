"""The person editor's "Equality monitoring" section: hidden until asked for (a button shows it, and only then
are the answers read), and its answers open only once explicit consent (date and how) is recorded. Saved
apart from the person's record by services/equality/monitoring.py, which refuses answers without consent."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from sdm_desktop.services.core.validation import ValidationError
from sdm_desktop.services.equality.categories import QUESTIONS
from sdm_desktop.services.equality.monitoring import (
    MonitoringInput,
    get_monitoring,
    save_monitoring,
    validate_monitoring,
)
from sdm_desktop.ui.common.form import FormFields

NOT_ANSWERED = [("", "— not answered —")]
ERROR_FIELDS = {"equality_consent": "consent_how", "equality_consent_date": "consent_date",
                "equality_consent_how": "consent_how"}


class EqualitySection(QGroupBox):
    def __init__(self, env, on_edit, parent: QWidget | None = None):
        super().__init__("Equality monitoring", parent)
        self.env = env
        self.person_id: int | None = None
        self.revealed = False
        self.changed = False
        self._loading = False
        self._on_edit = on_edit
        column = QVBoxLayout(self)
        note = QLabel("Special category data: recorded only with the person's explicit consent for equality "
                      "monitoring. Not shown in the register or in contact exports.")
        note.setWordWrap(True)
        column.addWidget(note)
        self.show_button = QPushButton("Show equality &monitoring")
        self.show_button.setAccessibleName("Show equality monitoring answers")
        self.show_button.clicked.connect(self.reveal)
        column.addWidget(self.show_button)
        self.body = QWidget()
        self.fields = FormFields(QFormLayout(self.body))
        self.fields.date("consent_date", "Consent given on")
        self.fields.line("consent_how", "How consent was given", 120, "e.g. signed monitoring form")
        for q in QUESTIONS:
            self.fields.combo(q.field, q.label, NOT_ANSWERED + q.choices)
        self.fields.on_edit = self._edited
        self.body.setVisible(False)
        column.addWidget(self.body)

    def _edited(self) -> None:
        if self._loading:
            return
        self.changed = True
        self._gate()
        self._on_edit()

    def _gate(self) -> None:
        """The answers open once consent has a date and a how."""
        consent = self.fields.get("consent_date") is not None and bool(self.fields.get("consent_how"))
        for q in QUESTIONS:
            self.fields.widgets[q.field].setEnabled(consent)

    def edit(self, person_id: int | None) -> None:
        """Another person: hidden again, nothing of theirs read until asked."""
        self.person_id, self.revealed, self.changed = person_id, False, False
        self.body.setVisible(False)
        self.show_button.setVisible(True)
        self.fields.show_errors({})

    def reveal(self) -> None:
        data = get_monitoring(self.env.ctx, self.person_id) if self.person_id else MonitoringInput()
        self._loading = True
        for name in self.fields.widgets:
            self.fields.set(name, getattr(data, name))
        self._loading = False
        self.revealed, self.changed = True, False
        self._gate()
        self.show_button.setVisible(False)
        self.body.setVisible(True)
        self.fields.widgets["consent_date"].setFocus()

    def value(self) -> MonitoringInput:
        return MonitoringInput(**{name: self.fields.get(name) or None for name in self.fields.widgets})

    def check(self) -> None:
        """Raises ValidationError (shown beside the fields) when the answers cannot be saved."""
        if not (self.revealed and self.changed):
            return
        try:
            validate_monitoring(self.value())
        except ValidationError as exc:
            self.fields.show_errors({ERROR_FIELDS.get(k, k): v for k, v in exc.errors.items()})
            raise
        self.fields.show_errors({})

    def save(self, person_id: int) -> None:
        if self.revealed and self.changed:
            save_monitoring(self.env.ctx, person_id, self.value())
            self.person_id, self.changed = person_id, False
