"""The editor for one organisation or group."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget,
)

from sdm_desktop.services import organisations as org_service
from sdm_desktop.services.duplicates import find_similar_organisations
from sdm_desktop.services.organisations import OrganisationInput
from sdm_desktop.services.validation import ValidationError
from sdm_desktop.services.vocab import PPE_LEVEL_LONG
from sdm_desktop.ui import prompts
from sdm_desktop.ui.env import UiEnv
from sdm_desktop.ui.widgets.form import FormFields


class OrganisationForm(QWidget):
    saved = Signal(int)

    def __init__(self, env: UiEnv, parent=None):
        super().__init__(parent)
        self.env = env
        self.org_id: int | None = None
        self.dirty = False
        self._loading = False
        outer = QVBoxLayout(self)
        self.heading = QLabel()
        outer.addWidget(self.heading)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        form = QFormLayout(inner)
        self.f = FormFields(form)
        self._build_fields()
        scroll.setWidget(inner)
        outer.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("&Save")
        self.save_button.setAccessibleName("Save organisation")
        self.save_button.setToolTip("Save (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("&Revert")
        self.revert_button.setAccessibleName("Revert changes")
        self.revert_button.clicked.connect(lambda: self.edit(self.org_id))
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        outer.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self.f.on_edit = self._mark_dirty

    def _mark_dirty(self) -> None:
        if not self._loading:
            self.dirty = True

    def _build_fields(self) -> None:
        f = self.f
        f.line("name", "&Name", 300)
        f.combo("org_type", "&Type", [])
        f.line("ods_code", "&ODS code", 12, "e.g. A81001")
        f.line("address_line1", "Address line &1", 200)
        f.line("address_line2", "Address line 2", 200)
        f.line("address_line3", "Address line 3", 200)
        f.line("town", "To&wn", 120)
        f.line("county", "County", 120)
        f.line("postcode", "&Postcode", 10, "e.g. LS1 4AP")
        f.line("phone", "P&hone", 40)
        f.line("email", "&Email", 254)
        f.line("website", "&Website", 300)
        f.check("ppe_individual", "Can contribute to", "Individual care")
        f.check("ppe_service", "", "Service design and evaluation")
        f.check("ppe_community", "", "Community prioritisation and planning")
        for code in ("individual", "service", "community"):
            f.widgets[f"ppe_{code}"].setToolTip(PPE_LEVEL_LONG[code])
        f.line("addressee_role", "Letters addressed &to", 80, "e.g. The Chair")
        f.line("tags", "Ta&gs", 500, "comma-separated, e.g. carers, seldom heard")
        f.text("notes", "N&otes")
        f.check("active", "Status", "Active")

    def edit(self, org_id: int | None) -> None:
        self.org_id = org_id
        data = org_service.get_organisation(self.env.ctx, org_id) if org_id else OrganisationInput()
        self.heading.setText(f"<h3>{'Edit' if org_id else 'New'} organisation or group</h3>")
        self._loading = True
        self._reload_types()
        for name in self.f.widgets:
            value = getattr(data, name)
            self.f.set(name, ", ".join(value) if name == "tags" else value)
        self._loading = False
        self.dirty = False
        self.f.show_errors({})
        self.f.widgets["name"].setFocus()

    def _reload_types(self) -> None:
        combo = self.f.widgets["org_type"]
        combo.clear()
        for name in org_service.organisation_types(self.env.ctx):
            combo.addItem(name, name)

    def value(self) -> OrganisationInput:
        values = {name: self.f.get(name) for name in self.f.widgets}
        values["tags"] = [t.strip() for t in (values["tags"] or "").split(",") if t.strip()]
        values["name"] = values["name"] or ""
        return OrganisationInput(**values)

    def save(self) -> bool:
        data = self.value()
        try:
            checked = org_service.validate_organisation(data, org_service.organisation_types(self.env.ctx))
        except ValidationError as exc:
            self.f.show_errors(exc.errors)
            return False
        self.f.show_errors({})
        if not self._duplicates_accepted(checked):
            return False
        try:
            if self.org_id is None:
                self.org_id = org_service.create_organisation(self.env.ctx, checked)
            else:
                org_service.update_organisation(self.env.ctx, self.org_id, checked)
        except ValidationError as exc:
            self.f.show_errors(exc.errors)
            return False
        self.dirty = False
        self.heading.setText("<h3>Edit organisation or group</h3>")
        self.env.announce("organisation")
        self.saved.emit(self.org_id)
        return True

    def _duplicates_accepted(self, data: OrganisationInput) -> bool:
        matches = find_similar_organisations(self.env.ctx, data.name, data.postcode, data.ods_code,
                                             data.email, exclude_id=self.org_id)
        if not matches:
            return True
        listing = "\n".join(f"• {m.name} ({m.reason})" for m in matches[:5])
        return prompts.confirm(self, f"This looks like an existing record:\n{listing}\n\nSave anyway?",
                               "Possible duplicate", yes="Save anyway", no="Go back")
