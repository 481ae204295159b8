"""The choices the import wizard offers: what a file holds, duplicates, closed rows, and for ODS lists
which prescribing settings to bring in and whether to keep the published capitals."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from sdm_desktop.services.importing import ImportOptions
from sdm_desktop.services.importing.prescribing import (
    DEFAULT_SETTINGS,
    PRESCRIBING_SETTINGS,
    SETTING_TYPES,
    setting_label,
)
from sdm_desktop.ui.common.accessible import buddy_label, named

KIND_CHOICES = [("Work it out from the file", "auto"), ("Organisations and groups", "organisations"),
                ("People", "people")]
DUPLICATE_CHOICES = [("Skip them (keep what is stored)", "skip"), ("Update the stored record", "update"),
                     ("Create a new record anyway", "create")]
CLOSED_CHOICES = [("Skip closed, dormant and proposed ones", "skip"), ("Import them marked inactive", "inactive")]


def combo(name: str, choices: list[tuple[str, str]]) -> QComboBox:
    box = QComboBox()
    named(box, name)
    for text, value in choices:
        box.addItem(text, value)
    return box


class OdsChoices(QWidget):
    """For an ODS list: the prescribing settings to bring in (GP practices ticked) and the case of names."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.settings = named(QListWidget(), "Prescribing settings to bring in",
                              "Only GP practices (setting 4) have a Patient Participation Group")
        for code in PRESCRIBING_SETTINGS:
            item = QListWidgetItem(f"{setting_label(code)}  →  type {SETTING_TYPES[code]}")
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if code in DEFAULT_SETTINGS else Qt.CheckState.Unchecked)
            self.settings.addItem(item)
        self.settings.setMaximumHeight(120)
        self.published_case = named(QCheckBox("&Keep names and addresses in capitals, as published"),
                                    "Keep the published capitals",
                                    "Unticked: THE DENSHAM SURGERY becomes The Densham Surgery, keeping GP, NHS, PCN …")
        self.settings_label = buddy_label("&Bring in these prescribing settings (epraccur):", self.settings)
        self.epraccur = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.settings_label)
        layout.addWidget(self.settings)
        layout.addWidget(self.published_case)

    def show_for(self, layout_name: str | None) -> None:
        """Shown for an ODS list; the settings only for epraccur (trusts have none)."""
        self.epraccur = layout_name == "epraccur"
        self.setVisible(layout_name is not None)
        for widget in (self.settings_label, self.settings):
            widget.setVisible(layout_name == "epraccur")

    def chosen_settings(self) -> frozenset[int] | None:
        """The ticked settings; None when every one is ticked."""
        items = [self.settings.item(row) for row in range(self.settings.count())]
        ticked = frozenset(i.data(Qt.ItemDataRole.UserRole) for i in items
                           if i.checkState() == Qt.CheckState.Checked)
        return None if len(ticked) == len(items) else ticked

    def set_chosen(self, codes: frozenset[int]) -> None:
        for row in range(self.settings.count()):
            item = self.settings.item(row)
            wanted = item.data(Qt.ItemDataRole.UserRole) in codes
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)

    def apply(self, options: ImportOptions) -> str:
        """Put the choices into ``options``; a problem to tell the user ('' when there is none)."""
        chosen = self.chosen_settings()
        if self.epraccur and chosen == frozenset():
            return "Tick at least one prescribing setting to bring in (4 is GP practices)."
        options.prescribing_settings = chosen if self.epraccur else DEFAULT_SETTINGS
        options.published_case = self.published_case.isChecked()
        return ""

