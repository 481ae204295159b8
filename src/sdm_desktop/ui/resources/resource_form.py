"""The editor for one resource in the library."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from sdm_desktop.services.core.changes import Change
from sdm_desktop.services.resources import library as res
from sdm_desktop.services.resources.library import ResourceInput
from sdm_desktop.ui.common.record_form import RecordForm


class ResourceForm(RecordForm):
    noun = "resource"
    first_field = "title"
    changed_what = Change.RESOURCE
    entity = "resource"

    def build(self, column: QVBoxLayout) -> None:
        column.addLayout(self.f.layout)
        f = self.f
        f.line("title", "&Title", 300)
        f.combo("kind", "&Kind", res.KINDS)
        f.combo("audience", "A&udience", res.AUDIENCES)
        f.line("url", "L&ink", 2000, "https://…")
        f.text("description", "Desc&ription")
        f.line("tags", "Ta&gs", 300, "comma-separated, e.g. BRAN, training")

    def load(self, record_id: int | None) -> ResourceInput:
        return res.get_resource(self.env.ctx, record_id) if record_id else ResourceInput()

    def show_values(self, data: ResourceInput) -> None:
        super().show_values(data)
        self.f.set("audience", data.audience or "")
        for name in ("title", "url"):
            self.f.widgets[name].setCursorPosition(0)

    def value(self) -> ResourceInput:
        values = self.form_values()
        values["title"] = values["title"] or ""
        return ResourceInput(**values)

    def validate(self, data: ResourceInput) -> ResourceInput:
        return res.validate_resource(data)

    def create(self, data: ResourceInput) -> int:
        return res.create_resource(self.env.ctx, data)

    def update(self, record_id: int, data: ResourceInput) -> None:
        res.update_resource(self.env.ctx, record_id, data, expected_version=self.loaded_version)

    def version(self, record_id: int) -> int | None:
        return res.get_resource_version(self.env.ctx, record_id)
