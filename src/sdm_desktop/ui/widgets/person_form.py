"""The editor for one person: contact details, memberships, access needs, consent."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget,
)

from sdm_desktop.services import people as people_service
from sdm_desktop.services.duplicates import find_similar_people
from sdm_desktop.services.people import PersonInput
from sdm_desktop.services.validation import ValidationError
from sdm_desktop.services.vocab import CONTACT_CHANNELS, LAWFUL_BASES, PARTICIPANT_TYPES, TITLES
from sdm_desktop.ui import prompts
from sdm_desktop.ui.env import UiEnv
from sdm_desktop.ui.widgets.form import FormFields
from sdm_desktop.ui.widgets.memberships import MembershipEditor

NONE = [("", "—")]


class PersonForm(QWidget):
    saved = Signal(int)

    def __init__(self, env: UiEnv, parent=None):
        super().__init__(parent)
        self.env = env
        self.person_id: int | None = None
        self.dirty = False
        self._loading = False
        outer = QVBoxLayout(self)
        self.heading = QLabel()
        outer.addWidget(self.heading)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        column = QVBoxLayout(inner)
        self.f = FormFields(QFormLayout())
        self.members = MembershipEditor(env)
        self.members.on_edit = self._mark_dirty
        self._build(column)
        scroll.setWidget(inner)
        outer.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("&Save")
        self.save_button.setAccessibleName("Save person")
        self.save_button.setToolTip("Save (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        revert = QPushButton("&Revert")
        revert.setAccessibleName("Revert changes")
        revert.clicked.connect(lambda: self.edit(self.person_id))
        buttons.addStretch(1)
        buttons.addWidget(revert)
        buttons.addWidget(self.save_button)
        outer.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self.f.on_edit = self._mark_dirty

    def _mark_dirty(self) -> None:
        if not self._loading:
            self.dirty = True

    def _group(self, column: QVBoxLayout, title: str) -> FormFields:
        box = QGroupBox(title)
        layout = QFormLayout(box)
        column.addWidget(box)
        self.f.layout = layout
        return self.f

    def _build(self, column: QVBoxLayout) -> None:
        f = self._group(column, "Name and role")
        f.combo("title", "T&itle", [(t, t or "—") for t in TITLES])
        f.widgets["title"].setEditable(True)
        f.line("first_name", "&First name", 120)
        f.line("last_name", "&Last name", 120)
        f.line("role", "R&ole", 200, "e.g. PPG chair, GP partner")
        f.check("is_patient_rep", "", "Patient representative")
        f.combo("participant_type", "Participant type", NONE + PARTICIPANT_TYPES)
        f.line("profession", "Profession", 120, "for clinicians")
        box = QGroupBox("Groups they belong to")
        QVBoxLayout(box).addWidget(self.members)
        column.addWidget(box)
        f = self._group(column, "Contact details")
        f.line("email", "&Email", 254)
        f.line("phone", "P&hone", 40)
        f.line("address_line1", "Address line &1", 200)
        f.line("address_line2", "Address line 2", 200)
        f.line("address_line3", "Address line 3", 200)
        f.line("town", "To&wn", 120)
        f.line("county", "County", 120)
        f.line("postcode", "&Postcode", 10, "e.g. LS1 4AP")
        f.combo("preferred_channel", "Preferred channel", NONE + CONTACT_CHANNELS)
        f = self._group(column, "Access needs")
        f.check("needs_large_print", "", "Large print")
        f.check("needs_easy_read", "", "Easy read")
        f.check("needs_interpreter", "", "Interpreter")
        f.line("interpreter_language", "Language", 80)
        f.line("access_needs_other", "Other needs", 300)
        f = self._group(column, "Consent and privacy")
        f.check("do_not_contact", "", "Do not contact")
        f.check("consent_contact", "", "Consents to be contacted")
        f.date("consent_contact_date", "Contact consent date")
        f.line("consent_contact_how", "How it was given", 120, "e.g. signed form, email")
        f.check("consent_data", "", "Consents to us holding their data")
        f.date("consent_data_date", "Data consent date")
        f.line("consent_data_how", "How it was given ", 120)
        f.combo("lawful_basis", "Lawful basis", NONE + LAWFUL_BASES)
        f = self._group(column, "Other")
        f.line("tags", "Ta&gs", 500, "comma-separated")
        f.text("notes", "N&otes")
        f.check("active", "Status", "Active")

    def edit(self, person_id: int | None) -> None:
        self.person_id = person_id
        data = people_service.get_person(self.env.ctx, person_id) if person_id else PersonInput()
        self.heading.setText(f"<h3>{'Edit' if person_id else 'New'} person</h3>")
        self._loading = True
        for name in self.f.widgets:
            value = getattr(data, name)
            self.f.set(name, ", ".join(value) if name == "tags" else value)
        self.members.reload_choices()
        self.members.set_memberships(data.memberships)
        self._loading = False
        self.dirty = False
        self.f.show_errors({})
        self.f.widgets["first_name"].setFocus()

    def value(self) -> PersonInput:
        values = {name: self.f.get(name) for name in self.f.widgets}
        values["tags"] = [t.strip() for t in (values["tags"] or "").split(",") if t.strip()]
        values["last_name"] = values["last_name"] or ""
        for key in ("title", "participant_type", "preferred_channel", "lawful_basis"):
            values[key] = values[key] or None
        return PersonInput(memberships=self.members.memberships(), **values)

    def save(self) -> bool:
        try:
            checked = people_service.validate_person(self.value())
        except ValidationError as exc:
            self.f.show_errors(exc.errors)
            return False
        self.f.show_errors({})
        if not self._duplicates_accepted(checked):
            return False
        try:
            if self.person_id is None:
                self.person_id = people_service.create_person(self.env.ctx, checked)
            else:
                people_service.update_person(self.env.ctx, self.person_id, checked)
        except ValidationError as exc:
            self.f.show_errors(exc.errors)
            return False
        self.dirty = False
        self.heading.setText("<h3>Edit person</h3>")
        self.env.announce("person")
        self.saved.emit(self.person_id)
        return True

    def _duplicates_accepted(self, data: PersonInput) -> bool:
        matches = find_similar_people(self.env.ctx, data.first_name, data.last_name, data.postcode,
                                      data.email, exclude_id=self.person_id)
        if not matches:
            return True
        listing = "\n".join(f"• {m.name} ({m.reason})" for m in matches[:5])
        return prompts.confirm(self, f"This looks like an existing person:\n{listing}\n\nSave anyway?",
                               "Possible duplicate", yes="Save anyway", no="Go back")
