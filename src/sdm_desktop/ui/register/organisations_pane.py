"""The Organisations and groups tab of the Stakeholders view: their table, sort and editor."""

from __future__ import annotations

from sdm_desktop.services.register import organisations as org_service
from sdm_desktop.services.register.export import ExportOptions, organisations_table
from sdm_desktop.services.register.search import (
    FoundIds,
    RegisterFilter,
    SortKey,
    find_organisation_ids,
    load_organisation_rows,
)
from sdm_desktop.ui.common.tables.column_fit import width_for_text
from sdm_desktop.ui.common.tables.lazy_table import Column
from sdm_desktop.ui.register.organisation_form import OrganisationForm
from sdm_desktop.ui.register.register_pane import RegisterPane

# Widths fit the table (see ColumnFit): names, types, levels and tags give way when the window is narrow.
# The type column is as wide as the longest type name when there is room, and never narrower than the
# most common long one, "Patient Participation Group (PPG)".
ORG_COLUMNS = [Column("name", "Name", 280, 150), Column("type", "Type", 190), Column("ods_code", "ODS code", 80),
               Column("postcode", "Postcode", 80), Column("ppe", "Engagement levels", 170, 75),
               Column("tags", "Tags", 160, 60), Column("active", "Active", 60)]
TYPE_COLUMN = 1
TYPE_ALWAYS_WHOLE = "Patient Participation Group (PPG)"


class OrganisationsPane(RegisterPane):
    """The organisations and groups in the register."""

    columns = ORG_COLUMNS
    table_name = "Organisations and groups"
    shown_nouns = ("organisation or group", "organisations and groups")
    record_nouns = ("organisation", "organisations")
    pronoun_for_one = "it"
    export_file = "organisations.xlsx"
    widths_key = "stakeholders/org-column-widths"

    def make_form(self) -> OrganisationForm:
        return OrganisationForm(self.env)

    def load_rows(self, ids: list[int]) -> dict:
        return load_organisation_rows(self.env.ctx, ids)

    def search(self, ctx, flt: RegisterFilter, sort: SortKey, first_page: int | None = None) -> FoundIds:
        return find_organisation_ids(ctx, flt, sort, first_page)

    def timeline_subject(self, row_id: int | None) -> tuple[int | None, int | None]:
        return row_id, None

    def delete_records(self, ids: list[int]) -> None:
        org_service.delete_organisations(self.env.ctx, ids, expected=self.seen_versions(ids))

    def set_archived(self, ids: list[int], archived: bool) -> None:
        org_service.set_archived(self.env.ctx, ids, archived)

    def export_table(self, ctx, options: ExportOptions):
        return organisations_table(ctx, options)

    def fit_type_column(self, types: list[str]) -> None:
        """Widen the type column to the longest of these type names when there is room."""
        self.column_fit.set_width(TYPE_COLUMN, max(ORG_COLUMNS[TYPE_COLUMN].width,
                                                         width_for_text(self, types)),
                                        width_for_text(self, [TYPE_ALWAYS_WHOLE]))
