"""The editor for one organisation or group."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from sdm_desktop.services import organisations as org_service
from sdm_desktop.services.duplicates import find_similar_organisations
from sdm_desktop.services.organisations import OrganisationInput
from sdm_desktop.services.vocab import PPE_LEVEL_LONG
from sdm_desktop.ui.widgets.record_form import RecordForm


class OrganisationForm(RecordForm):
    noun = "organisation or group"
    first_field = "name"
    changed_what = "organisation"

    def build(self, column: QVBoxLayout) -> None:
        column.addLayout(self.f.layout)
        f = self.f
        f.line("name", "&Name", 300)
        f.combo("org_type", "Type", [])
        f.line("ods_code", "ODS code", 12, "e.g. A81001")
        f.line("address_line1", "Address line 1", 200)
        f.line("address_line2", "Address line 2", 200)
        f.line("address_line3", "Address line 3", 200)
        f.line("town", "Town", 120)
        f.line("county", "County", 120)
        f.line("postcode", "Postcode", 10, "e.g. LS1 4AP")
        f.line("phone", "Phone", 40)
        f.line("email", "Email", 254)
        f.line("website", "Website", 300)
        f.check("ppe_individual", "Can contribute to", "Individual care")
        f.check("ppe_service", "", "Service design and evaluation")
        f.check("ppe_community", "", "Community prioritisation and planning")
        for code in ("individual", "service", "community"):
            f.widgets[f"ppe_{code}"].setToolTip(PPE_LEVEL_LONG[code])
        f.line("addressee_role", "Letters addressed to", 80, "e.g. The Chair")
        f.line("tags", "Tags", 500, "comma-separated, e.g. carers, seldom heard")
        f.text("notes", "Notes")
        f.check("active", "Status", "Active")

    @property
    def org_id(self) -> int | None:
        return self.record_id

    def load(self, record_id: int | None) -> OrganisationInput:
        self._reload_types()
        return org_service.get_organisation(self.env.ctx, record_id) if record_id else OrganisationInput()

    def _reload_types(self) -> None:
        combo = self.f.widgets["org_type"]
        combo.blockSignals(True)
        combo.clear()
        for name in org_service.organisation_types(self.env.ctx):
            combo.addItem(name, name)
        combo.blockSignals(False)

    def value(self) -> OrganisationInput:
        values = self.form_values()
        values["name"] = values["name"] or ""
        return OrganisationInput(**values)

    def validate(self, data: OrganisationInput) -> OrganisationInput:
        return org_service.validate_organisation(data, org_service.organisation_types(self.env.ctx))

    def duplicates(self, data: OrganisationInput) -> list:
        return find_similar_organisations(self.env.ctx, data.name, data.postcode, data.ods_code, data.email,
                                          exclude_id=self.record_id)

    def create(self, data: OrganisationInput) -> int:
        return org_service.create_organisation(self.env.ctx, data)

    def update(self, record_id: int, data: OrganisationInput) -> None:
        org_service.update_organisation(self.env.ctx, record_id, data)
