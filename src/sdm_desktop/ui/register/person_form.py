"""The editor for one person: contact details, memberships, access needs, consent."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QVBoxLayout

from sdm_desktop.services.core.changes import Change
from sdm_desktop.services.core.vocab import CONTACT_CHANNELS, LAWFUL_BASES, PARTICIPANT_TYPES, TITLES
from sdm_desktop.services.register import people as people_service
from sdm_desktop.services.register.duplicates import find_similar_people
from sdm_desktop.services.register.people import PersonInput
from sdm_desktop.ui.common.form import FormFields
from sdm_desktop.ui.common.record_form import RecordForm
from sdm_desktop.ui.register.equality_section import EqualitySection
from sdm_desktop.ui.register.memberships import MembershipEditor

NONE = [("", "—")]


class PersonForm(RecordForm):
    noun = "person"
    first_field = "first_name"
    changed_what = Change.PERSON
    entity = "person"

    def _group(self, column: QVBoxLayout, title: str) -> FormFields:
        box = QGroupBox(title)
        layout = QFormLayout(box)
        column.addWidget(box)
        self.f.layout = layout
        return self.f

    def build(self, column: QVBoxLayout) -> None:
        self.members = MembershipEditor(self.env)
        self.members.on_edit = self.mark_dirty
        f = self._group(column, "Name and role")
        f.combo("title", "Title", [(t, t or "—") for t in TITLES])
        f.widgets["title"].setEditable(True)
        f.line("first_name", "First &name", 120)
        f.line("last_name", "Last name", 120)
        f.line("role", "Role", 200, "e.g. PPG chair, GP partner")
        f.check("is_patient_rep", "", "Patient representative")
        f.combo("participant_type", "Participant type", NONE + PARTICIPANT_TYPES)
        f.line("profession", "Profession", 120, "for clinicians")
        box = QGroupBox("Groups they belong to")
        QVBoxLayout(box).addWidget(self.members)
        column.addWidget(box)
        f = self._group(column, "Contact details")
        f.line("email", "Email", 254)
        f.line("phone", "Phone", 40)
        f.line("address_line1", "Address line 1", 200)
        f.line("address_line2", "Address line 2", 200)
        f.line("address_line3", "Address line 3", 200)
        f.line("town", "Town", 120)
        f.line("county", "County", 120)
        f.line("postcode", "Postcode", 10, "e.g. LS1 4AP")
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
        f.explain("lawful_basis", "Lawful basis")
        f.check("special_category_consent", "Special category", "Explicit consent")
        f.widgets["special_category_consent"].setAccessibleName("Special category data: explicit consent")
        f.explain("special_category_consent", "Special category data")
        f.date("retention_review_on", "Review retention on")
        f.widgets["retention_review_on"].setToolTip("The date by which to decide whether to keep their data "
                                                    "(Privacy → Retention review…)")
        self.equality = EqualitySection(self.env, self.mark_dirty)
        column.addWidget(self.equality)
        f = self._group(column, "Other")
        f.line("tags", "Tags", 500, "comma-separated")
        f.text("notes", "Notes")
        f.check("active", "Status", "Active")

    @property
    def person_id(self) -> int | None:
        return self.record_id

    def load(self, record_id: int | None) -> PersonInput:
        return people_service.get_person(self.env.ctx, record_id) if record_id else PersonInput()

    def show_values(self, data: PersonInput) -> None:
        super().show_values(data)
        self.equality.edit(self.record_id)
        self.members.clear_entry()
        self.members.set_memberships(data.memberships)

    def value(self) -> PersonInput:
        values = self.form_values()
        values["last_name"] = values["last_name"] or ""
        for key in ("title", "participant_type", "preferred_channel", "lawful_basis"):
            values[key] = values[key] or None
        return PersonInput(memberships=self.members.memberships(), **values)

    def validate(self, data: PersonInput) -> PersonInput:
        checked = people_service.validate_person(data)
        self.equality.check()
        return checked

    def duplicates(self, data: PersonInput) -> list:
        return find_similar_people(self.env.ctx, data.first_name, data.last_name, data.postcode, data.email,
                                   exclude_id=self.record_id)

    def create(self, data: PersonInput) -> int:
        new_id = people_service.create_person(self.env.ctx, data)
        self.equality.save(new_id)
        return new_id

    def update(self, record_id: int, data: PersonInput) -> None:
        people_service.update_person(self.env.ctx, record_id, data, expected_version=self.loaded_version)
        self.equality.save(record_id)

    def version(self, record_id: int) -> int | None:
        return people_service.get_person_version(self.env.ctx, record_id)
