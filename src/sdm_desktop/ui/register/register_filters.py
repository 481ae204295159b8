"""The search box and filters over both tabs of the Stakeholders view, and the RegisterFilter they make."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QCheckBox, QHBoxLayout

from sdm_desktop.services.core.vocab import PPE_LEVELS
from sdm_desktop.services.register import organisations as org_service
from sdm_desktop.services.register.search import RegisterFilter, tag_names
from sdm_desktop.ui.common.tables.filter_note import FilterNote, blocked_signals
from sdm_desktop.ui.common.tables.table_helpers import filter_combo, search_field


class RegisterFilters:
    """The search box, the type, level, tag and status drop-downs, and the archived and patient-rep boxes.

    The view lays them out: the search box and drop-downs in one row (``search_row``), the two boxes
    among its buttons. Any change calls ``on_change``; typing restarts ``timer`` first."""

    def __init__(self, env, timer: QTimer, on_change: Callable[[], None]):
        self.env = env
        self.search = search_field("Search stakeholders", "Search every field… (Ctrl+F)", timer, on_change)
        self.type_filter = filter_combo("Filter by type", on_change, 10)
        self.ppe_filter = filter_combo("Filter by level of engagement", on_change, 10)
        self.tag_filter = filter_combo("Filter by tag", on_change, 10)
        self.active_filter = filter_combo("Filter by active", on_change, 10)
        for text, value in (("Any status", None), ("Active", True), ("Inactive", False)):
            self.active_filter.addItem(text, value)
        self.archived = QCheckBox("Sho&w archived")
        self.archived.setAccessibleName("Show archived records")
        self.archived.toggled.connect(lambda _c: on_change())
        self.reps_only = QCheckBox("Patient reps only")
        self.reps_only.setAccessibleName("Show patient representatives only")
        self.reps_only.toggled.connect(lambda _c: on_change())
        self.trained_note = FilterNote("People shown by their training", on_change)   # set by Home's links

    def search_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(self.search, 4)
        for widget in (self.type_filter, self.ppe_filter, self.tag_filter, self.active_filter):
            row.addWidget(widget, 0)
        return row

    def reload(self) -> list[str]:
        """Refill the type, level and tag choices, keeping what is chosen; the organisation types."""
        keep = (self.type_filter.currentData(), self.ppe_filter.currentData(), self.tag_filter.currentData())
        for combo in (self.type_filter, self.ppe_filter, self.tag_filter):
            combo.blockSignals(True)
            combo.clear()
        self.type_filter.addItem("All types", None)
        types = org_service.organisation_types(self.env.ctx)
        for name in types:
            self.type_filter.addItem(name, name)
        self.ppe_filter.addItem("All levels", None)
        for code, text in PPE_LEVELS:
            self.ppe_filter.addItem(text, code)
        self.tag_filter.addItem("All tags", None)
        for name in tag_names(self.env.ctx):
            self.tag_filter.addItem(name, name)
        for combo, value in zip((self.type_filter, self.ppe_filter, self.tag_filter), keep, strict=False):
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.blockSignals(False)
        return types

    def current(self) -> RegisterFilter:
        return RegisterFilter(
            text=self.search.text(), org_type=self.type_filter.currentData(),
            ppe_level=self.ppe_filter.currentData(), tag=self.tag_filter.currentData(),
            active=self.active_filter.currentData(), include_archived=self.archived.isChecked(),
            patient_reps_only=self.reps_only.isChecked(),
            trained_between=self.trained_note.value and self.trained_note.value[:2],
            trained_by_cascade=self.trained_note.value and self.trained_note.value[2])

    def show_everything(self) -> None:
        """Clear the search and the filters and show archived records too, without calling ``on_change``."""
        widgets = (self.search, self.type_filter, self.ppe_filter, self.tag_filter, self.active_filter, self.archived)
        for widget in widgets:
            widget.blockSignals(True)
        self.search.clear()
        for combo in (self.type_filter, self.ppe_filter, self.tag_filter, self.active_filter):
            combo.setCurrentIndex(0)
        self.archived.setChecked(True)
        for widget in widgets:
            widget.blockSignals(False)
        self.trained_note.reset()

    def show_only(self, org_type: str | None = None, ppe_level: str | None = None,
                  patient_reps_only: bool = False, trained: tuple[date, date, bool | None] | None = None) -> None:
        """Clear the search and the filters (archived records hidden, as the register counts them), then choose
        this type and level, without calling ``on_change``."""
        widgets = (self.search, self.type_filter, self.ppe_filter, self.tag_filter, self.active_filter, self.archived,
                   self.reps_only)
        with blocked_signals(*widgets):
            self.search.clear()
            for combo in (self.tag_filter, self.active_filter):
                combo.setCurrentIndex(0)
            self.type_filter.setCurrentIndex(max(0, self.type_filter.findData(org_type)))
            self.ppe_filter.setCurrentIndex(max(0, self.ppe_filter.findData(ppe_level)))
            self.archived.setChecked(trained is not None)     # as Home counts the trained: archived or not
            self.reps_only.setChecked(patient_reps_only)
        if trained is None:
            self.trained_note.reset()
            return
        first, last, by_cascade = trained
        how = {None: "", True: " by the cascade", False: " by the programme's own trainers"}[by_cascade]
        self.trained_note.show_only(trained, f"people trained{how} from {first:%d %b %Y} to {last:%d %b %Y}")
