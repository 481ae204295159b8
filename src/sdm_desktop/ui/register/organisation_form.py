"""The editor for one organisation or group."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout

from sdm_desktop.services.core.changes import Change
from sdm_desktop.services.core.validation import FieldErrors, ValidationError
from sdm_desktop.services.core.vocab import PPE_LEVEL_LONG
from sdm_desktop.services.register import organisations as org_service
from sdm_desktop.services.register.duplicates import find_similar_organisations
from sdm_desktop.services.register.organisations import OrganisationInput
from sdm_desktop.services.register.search import organisation_choices
from sdm_desktop.ui.common.record_form import RecordForm
from sdm_desktop.ui.common.search_picker import SearchPicker

PPG_HINT = ("For a PPG: the GP practice whose patients it represents. Letters to the practice then go to "
            "this group, and it is written to at the practice when it has no address of its own.")
OTHER_HINT = "Optional: the organisation it is contacted through; letters use its address when this group has none."


def is_ppg_type(name: str | None) -> bool:
    text = (name or "").casefold()
    return "patient participation" in text or "ppg" in text


class OrganisationForm(RecordForm):
    noun = "organisation or group"
    first_field = "name"
    changed_what = Change.ORGANISATION
    entity = "organisation"

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
        f.check("ppe_individual", "Engagement levels", "Individual care")
        f.check("ppe_service", "", "Service design and evaluation")
        f.check("ppe_community", "", "Community prioritisation and planning")
        f.check("seldom_heard", "Reach", "Reaches people who are seldom heard")
        f.widgets["seldom_heard"].setToolTip("A group that reaches people the NHS hears from least (the reach report "
                                             "counts these groups in each neighbourhood)")
        f.explain("ppe_individual", "Engagement levels")
        for code in ("individual", "service", "community"):
            tip = f.widgets[f"ppe_{code}"].toolTip()
            f.widgets[f"ppe_{code}"].setToolTip(f"{PPE_LEVEL_LONG[code]}. {tip}" if tip else PPE_LEVEL_LONG[code])
        f.line("addressee_role", "Letters addressed to", 80, "e.g. The Chair")
        ctx = self.env.ctx
        # Found by a search in SQL as you type, like a membership's group: any organisation can be chosen.
        self.reached_through = SearchPicker(self._choices, "Reached through", "Type part of its name…",
                                            describe=lambda org_id: org_service.organisation_name(ctx, org_id))
        f.add("reached_through_id", "Reached thro&ugh", self.reached_through)
        self.reached_hint = QLabel()
        self.reached_hint.setWordWrap(True)
        self.reached_hint.setAccessibleName("About reached through")
        self._reached_by: list[tuple[int, str]] = []
        f.layout.addRow("", self.reached_hint)
        f.widgets["org_type"].currentIndexChanged.connect(lambda _i: self._show_reached_hint())
        f.line("tags", "Tags", 500, "comma-separated, e.g. carers, seldom heard")
        f.text("notes", "Notes")
        f.check("active", "Status", "Active")

    @property
    def org_id(self) -> int | None:
        return self.record_id

    def load(self, record_id: int | None) -> OrganisationInput:
        self._reload_types()
        self._reached_by = org_service.reached_through_it(self.env.ctx, record_id) if record_id else []
        return org_service.get_organisation(self.env.ctx, record_id) if record_id else OrganisationInput()

    def show_values(self, data: OrganisationInput) -> None:
        super().show_values(data)
        self._show_reached_hint()

    def _choices(self, text: str, limit: int) -> list[tuple[int, str]]:
        found = organisation_choices(self.env.ctx, text, limit + 1)
        return [(org_id, name) for org_id, name in found if org_id != self.record_id][:limit]

    def _show_reached_hint(self) -> None:
        """What the link is for (a PPG's practice), and which groups are reached through this one."""
        text = PPG_HINT if is_ppg_type(self.f.get("org_type")) else OTHER_HINT
        if self._reached_by:
            text += "\nReached through it: " + ", ".join(name for _id, name in self._reached_by) + "."
        self.reached_hint.setText(text)

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
        typed = self.reached_through.text().strip()
        picked = {} if not typed or data.reached_through_id is not None else {
            "reached_through_id": f"must be picked from the names offered as you type (no organisation is "
                                  f"called “{typed}”)"}
        try:
            checked = org_service.validate_organisation(data, org_service.organisation_types(self.env.ctx))
        except ValidationError as exc:
            raise ValidationError(FieldErrors({**exc.errors, **picked})) from exc
        if picked:
            raise ValidationError(FieldErrors(picked))
        return checked

    def duplicates(self, data: OrganisationInput) -> list:
        return find_similar_organisations(self.env.ctx, data.name, data.postcode, data.ods_code, data.email,
                                          exclude_id=self.record_id)

    def create(self, data: OrganisationInput) -> int:
        return org_service.create_organisation(self.env.ctx, data)

    def update(self, record_id: int, data: OrganisationInput) -> None:
        org_service.update_organisation(self.env.ctx, record_id, data, expected_version=self.loaded_version)

    def version(self, record_id: int) -> int | None:
        return org_service.get_organisation_version(self.env.ctx, record_id)
