"""The People tab of the Stakeholders view: their table, sort and editor."""

from __future__ import annotations

from sdm_desktop.services.register import people as people_service
from sdm_desktop.services.register.export import ExportOptions, no_contact_count, people_table
from sdm_desktop.services.register.search import FoundIds, RegisterFilter, SortKey, find_person_ids, load_person_rows
from sdm_desktop.ui import prompts
from sdm_desktop.ui.common.tables.lazy_table import Column
from sdm_desktop.ui.register.person_form import PersonForm
from sdm_desktop.ui.register.register_pane import RegisterPane

# Names, roles, groups and emails give way when the window is narrow (see ColumnFit).
PERSON_COLUMNS = [Column("name", "Name", 190, 140), Column("role", "Role", 150, 90),
                  Column("organisations", "Groups", 260, 120), Column("email", "Email", 200, 120),
                  Column("phone", "Phone", 100), Column("postcode", "Postcode", 80),
                  Column("contact", "Contact", 100)]


class PeoplePane(RegisterPane):
    """The people in the register."""

    columns = PERSON_COLUMNS
    table_name = "People"
    shown_nouns = ("person", "people")
    record_nouns = ("person", "people")
    pronoun_for_one = "them"
    export_file = "people.xlsx"
    widths_key = "stakeholders/person-column-widths"
    patient_reps = True

    def make_form(self) -> PersonForm:
        return PersonForm(self.env)

    def load_rows(self, ids: list[int]) -> dict:
        return load_person_rows(self.env.ctx, ids)

    def search(self, ctx, flt: RegisterFilter, sort: SortKey, first_page: int | None = None) -> FoundIds:
        return find_person_ids(ctx, flt, sort, first_page)

    def timeline_subject(self, row_id: int | None) -> tuple[int | None, int | None]:
        return None, row_id

    def delete_records(self, ids: list[int]) -> None:
        people_service.delete_people(self.env.ctx, ids, expected=self.seen_versions(ids))

    def set_archived(self, ids: list[int], archived: bool) -> None:
        people_service.set_archived(self.env.ctx, ids, archived)

    def export_table(self, ctx, options: ExportOptions):
        return people_table(ctx, options)[0]

    def complete_export_options(self, options: ExportOptions) -> None:
        options.include_no_contact = self._include_no_contact(options)

    def _include_no_contact(self, options: ExportOptions) -> bool:
        """Whether to include the people who may not be contacted (the user is asked when there are some)."""
        left_out = no_contact_count(self.env.ctx, options)
        if not left_out:
            return False
        return prompts.confirm(
            self, f"{left_out} of these people are marked do not contact or have not consented to be "
                  "contacted. Leave them out of the file?", "Consent", yes="Leave them out", no="Include them") is False
