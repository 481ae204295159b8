"""Stakeholders: the register of groups and people, with search, filters and a detail editor."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QFileDialog, QHBoxLayout, QLabel,
    QSplitter, QStackedWidget, QTableView, QTabWidget, QVBoxLayout,
)

from sdm_desktop.services.register import organisations as org_service
from sdm_desktop.services.register import people as people_service
from sdm_desktop.services.exporting.tables import write_table
from sdm_desktop.services.register.search import (
    RegisterFilter, SortKey, load_organisation_rows, load_person_rows, search_organisation_ids,
    search_person_ids, tag_names,
)
from sdm_desktop.services.register.export import ExportOptions, no_contact_count, organisations_table, people_table
from sdm_desktop.services.core.vocab import PPE_LEVELS
from sdm_desktop.services.core.changes import Change
from sdm_desktop.ui import prompts
from sdm_desktop.ui.register.organisation_types import OrganisationTypesDialog
from sdm_desktop.ui.common.lazy_table import Column, LazyTableModel
from sdm_desktop.ui.privacy.actions import person_privacy_button
from sdm_desktop.ui.common.column_fit import ColumnFit, width_for_text
from sdm_desktop.ui.common.view_base import View
from sdm_desktop.ui.register.organisation_form import OrganisationForm
from sdm_desktop.ui.register.person_form import PersonForm
from sdm_desktop.ui.register.timeline import StakeholderTimeline
from sdm_desktop.ui.common.table_helpers import FOCUSED, button, debounce_timer, filter_combo, search_field, shortcut

# Widths fit the table (see ColumnFit): names, types, levels, tags, groups and emails give way when the
# window is narrow. The type column is as wide as the longest type name when there is room, and never
# narrower than the most common long one, "Patient Participation Group (PPG)".
ORG_COLUMNS = [Column("name", "Name", 280, 150), Column("type", "Type", 190), Column("ods_code", "ODS code", 80),
               Column("postcode", "Postcode", 80), Column("ppe", "PPE levels", 170, 75),
               Column("tags", "Tags", 160, 60), Column("active", "Active", 60)]
TYPE_COLUMN = 1
TYPE_ALWAYS_WHOLE = "Patient Participation Group (PPG)"
PERSON_COLUMNS = [Column("name", "Name", 190, 140), Column("role", "Role", 150, 90),
                  Column("organisations", "Groups", 260, 120), Column("email", "Email", 200, 120),
                  Column("phone", "Phone", 100), Column("postcode", "Postcode", 80),
                  Column("contact", "Contact", 100)]
# Column widths are saved once the user sets them. Earlier versions saved them at every close, so their
# keys hold the old defaults (a type column too narrow for its names): those are dropped, not restored.
ORG_WIDTHS_KEY, PERSON_WIDTHS_KEY = "stakeholders/org-column-widths", "stakeholders/person-column-widths"
OLD_COLUMN_KEYS = ("stakeholders/org-columns", "stakeholders/person-columns")
SEARCH_DELAY_MS = 120
ORGS, PEOPLE = 0, 1


class StakeholdersView(View):
    title = "Stakeholders"

    def __init__(self, env, parent=None):
        super().__init__(env, parent)
        self._sort = {ORGS: SortKey(), PEOPLE: SortKey()}
        self._ready = False
        self._search_generation = 0
        self._search_timer = debounce_timer(self, SEARCH_DELAY_MS, self.run_search)
        self.last_search_ms = 0.0
        self.org_model = LazyTableModel(ORG_COLUMNS, lambda ids: load_organisation_rows(env.ctx, ids),
                                        lambda key, desc: self._sorted(ORGS, key, desc), self)
        self.person_model = LazyTableModel(PERSON_COLUMNS, lambda ids: load_person_rows(env.ctx, ids),
                                           lambda key, desc: self._sorted(PEOPLE, key, desc), self)
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_filters())
        layout.addLayout(self._build_actions())
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("stakeholders-splitter")
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Organisations or people")
        self.org_table = self._table(self.org_model, "Organisations and groups")
        self.person_table = self._table(self.person_model, "People")
        self.tabs.addTab(self.org_table, "&Organisations and groups")
        self.tabs.addTab(self.person_table, "&People")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.detail = QStackedWidget()
        self.hint = QLabel("Select a row to see and edit it, or press Ctrl+N to add a new one.")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.org_form = OrganisationForm(env)
        self.person_form = PersonForm(env)
        for widget in (self.hint, self.org_form, self.person_form):
            self.detail.addWidget(widget)
        self.org_form.saved.connect(lambda i: self._after_save(ORGS, i))
        self.person_form.saved.connect(lambda i: self._after_save(PEOPLE, i))
        self.timeline = StakeholderTimeline(env)
        self.detail_splitter = QSplitter(Qt.Orientation.Vertical)
        self.detail_splitter.addWidget(self.detail)
        self.detail_splitter.addWidget(self.timeline)
        self.detail_splitter.setSizes([480, 220])
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.detail_splitter)
        self.splitter.setStretchFactor(0, 3)      # the table takes most of a wider window
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([800, 380])        # on a 1366-wide screen every column of the table fits
        layout.addWidget(self.splitter, 1)
        self.status = QLabel()
        self.status.setAccessibleName("How many rows are shown")
        layout.addWidget(self.status)
        self._shortcuts()
        self._restore_layout()
        env.bus.changed.connect(self._on_changed)
        self.reload_filters()
        self._ready = True
        self.run_search()

    # --- building ---------------------------------------------------------------------------
    def _build_filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.search = search_field("Search stakeholders", "Search every field… (Ctrl+F)",
                                   self._search_timer, self.run_search)
        self.type_filter = filter_combo("Filter by type", self.run_search, 10)
        self.ppe_filter = filter_combo("Filter by level of engagement", self.run_search, 10)
        self.tag_filter = filter_combo("Filter by tag", self.run_search, 10)
        self.active_filter = filter_combo("Filter by active", self.run_search, 10)
        for text, value in (("Any status", None), ("Active", True), ("Inactive", False)):
            self.active_filter.addItem(text, value)
        self.archived = QCheckBox("Sho&w archived")
        self.archived.setAccessibleName("Show archived records")
        self.archived.toggled.connect(lambda _c: self.run_search())
        self.reps_only = QCheckBox("Patient reps only")
        self.reps_only.setAccessibleName("Show patient representatives only")
        self.reps_only.toggled.connect(lambda _c: self.run_search())
        row.addWidget(self.search, 4)
        for widget in (self.type_filter, self.ppe_filter, self.tag_filter, self.active_filter):
            row.addWidget(widget, 0)
        return row

    def _build_actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(button("New &group", "New organisation or group", self.new_organisation,
                                   "Add an organisation or group (Ctrl+N on the first tab)"))
        row.addWidget(button("New pe&rson", "New person", self.new_person, "Add a person (Ctrl+Shift+N)"))
        self.archive_button = button("&Archive", "Archive or restore selected",
                                           self.toggle_archive_selected, "Archive the selected rows, or restore archived ones")
        self.delete_button = button("&Delete", "Delete selected", self.delete_selected,
                                          "Delete the selected rows (Delete key); Ctrl+Z undoes")
        row.addWidget(self.archive_button)
        row.addWidget(self.delete_button)
        self.privacy_button = person_privacy_button(self)     # subject access export, erase, audit trail
        row.addWidget(self.privacy_button)
        row.addWidget(button("&Types…", "Edit organisation types", self.edit_types,
                                   "Add, rename, remove or reorder the organisation types"))
        row.addStretch(1)
        row.addWidget(self.archived)
        row.addWidget(self.reps_only)
        row.addWidget(button("&Import…", "Import from a file", self.import_file,
                                   "Import organisations or people from a CSV or Excel file, or an ODS list (Ctrl+I)"))
        row.addWidget(button("E&xport shown…", "Export the rows shown", self.export_shown,
                                   "Save the rows shown, in this order, as CSV or XLSX"))
        return row

    def _table(self, model: LazyTableModel, name: str) -> QTableView:
        table = QTableView()
        table.setTabKeyNavigation(False)      # one Tab stop; the arrow keys move inside
        table.setObjectName(name)
        table.setAccessibleName(name)
        table.setModel(model)
        table.setSortingEnabled(True)
        table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        table.horizontalHeader().setStretchLastSection(True)
        table.setWordWrap(False)
        table.column_fit = ColumnFit.of_columns(table, model.columns)
        table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._row_selected(cur.row()))
        return table

    def _shortcuts(self) -> None:
        QShortcut(QKeySequence.StandardKey.New, self, self._new_for_tab)
        QShortcut(QKeySequence("Ctrl+Shift+N"), self, self.new_person)
        for table in (self.org_table, self.person_table):     # only while the table has the focus
            shortcut(QKeySequence.StandardKey.Delete, table, self.delete_selected, FOCUSED)
        shortcut(QKeySequence("Escape"), self.search, self.search.clear, FOCUSED)

    # --- filters and search -----------------------------------------------------------------
    def reload_filters(self) -> None:
        keep = (self.type_filter.currentData(), self.ppe_filter.currentData(), self.tag_filter.currentData())
        for combo in (self.type_filter, self.ppe_filter, self.tag_filter):
            combo.blockSignals(True)
            combo.clear()
        self.type_filter.addItem("All types", None)
        types = org_service.organisation_types(self.env.ctx)
        for name in types:
            self.type_filter.addItem(name, name)
        self.org_table.column_fit.set_width(TYPE_COLUMN, max(ORG_COLUMNS[TYPE_COLUMN].width,
                                                             width_for_text(self.org_table, types)),
                                            width_for_text(self.org_table, [TYPE_ALWAYS_WHOLE]))
        self.ppe_filter.addItem("All levels", None)
        for code, text in PPE_LEVELS:
            self.ppe_filter.addItem(text, code)
        self.tag_filter.addItem("All tags", None)
        for name in tag_names(self.env.ctx):
            self.tag_filter.addItem(name, name)
        for combo, value in zip((self.type_filter, self.ppe_filter, self.tag_filter), keep):
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.blockSignals(False)

    def current_filter(self) -> RegisterFilter:
        return RegisterFilter(
            text=self.search.text(), org_type=self.type_filter.currentData(),
            ppe_level=self.ppe_filter.currentData(), tag=self.tag_filter.currentData(),
            active=self.active_filter.currentData(), include_archived=self.archived.isChecked(),
            patient_reps_only=self.reps_only.isChecked())

    def run_search(self, then: Callable[[], None] | None = None) -> None:
        """Search in the background (a sort of 100,000 people by group takes longer than a frame);
        the newest search wins. ``then`` runs once its rows are in the table."""
        self._search_timer.stop()
        if not self._ready:
            return
        tab, ctx, flt, sort = self.tabs.currentIndex(), self.env.ctx, self.current_filter(), self._sort[self.tabs.currentIndex()]
        search = search_organisation_ids if tab == ORGS else search_person_ids
        started = time.perf_counter()
        self._search_generation += 1
        generation = self._search_generation
        self.reps_only.setEnabled(tab == PEOPLE)

        def found(ids: list[int]) -> None:
            if generation != self._search_generation:
                return                      # a newer search is on its way
            (self.org_model if tab == ORGS else self.person_model).set_ids(ids)
            self.last_search_ms = (time.perf_counter() - started) * 1000
            noun = "organisations and groups" if tab == ORGS else "people"
            self.status.setText(f"{len(ids):,} {noun} shown")
            if then is not None and tab == self.tabs.currentIndex():
                then()

        self.env.jobs.run(lambda _p: search(ctx, flt, sort), label="Searching the register",
                          show_progress=False, on_done=found)

    def _sorted(self, tab: int, key: str, descending: bool) -> None:
        self._sort[tab] = SortKey(key, descending)
        self.run_search()

    def _tab_changed(self, _index: int) -> None:
        self.run_search(then=lambda: self._row_selected(self.current_table().currentIndex().row()))

    # --- selection and editing --------------------------------------------------------------
    def current_table(self) -> QTableView:
        return self.org_table if self.tabs.currentIndex() == ORGS else self.person_table

    def current_model(self) -> LazyTableModel:
        return self.org_model if self.tabs.currentIndex() == ORGS else self.person_model

    def selected_ids(self) -> list[int]:
        model = self.current_model()
        rows = sorted({i.row() for i in self.current_table().selectionModel().selectedRows()})
        return [model.id_at(r) for r in rows if model.id_at(r) is not None]

    def _row_selected(self, row: int) -> None:
        if not self._unsaved_changes_settled():
            return
        row_id = self.current_model().id_at(row)
        orgs = self.tabs.currentIndex() == ORGS
        self.timeline.show_for(row_id if orgs else None, None if orgs else row_id)
        if row_id is None:
            self.detail.setCurrentWidget(self.hint)
            return
        form = self.org_form if orgs else self.person_form
        form.edit(row_id)
        self.detail.setCurrentWidget(form)

    def _unsaved_changes_settled(self) -> bool:
        """Offer to save edits before the editor shows another record. False: stay on this one."""
        form = self.detail.currentWidget()
        if form not in (self.org_form, self.person_form) or not form.dirty:
            return True
        if prompts.confirm(self, "You have unsaved changes in the editor. Save them?", "Unsaved changes",
                           yes="Save", no="Discard"):
            return form.save()
        form.dirty = False
        return True

    def _new_for_tab(self) -> None:
        self.new_organisation() if self.tabs.currentIndex() == ORGS else self.new_person()

    def new_organisation(self) -> None:
        if not self._unsaved_changes_settled():
            return
        self.tabs.setCurrentIndex(ORGS)
        self.org_table.clearSelection()
        self.org_form.edit(None)
        self.detail.setCurrentWidget(self.org_form)

    def new_person(self) -> None:
        if not self._unsaved_changes_settled():
            return
        self.tabs.setCurrentIndex(PEOPLE)
        self.person_table.clearSelection()
        self.person_form.edit(None)
        self.detail.setCurrentWidget(self.person_form)

    def _after_save(self, tab: int, row_id: int) -> None:
        self.reload_filters()
        self.run_search(then=lambda: self.select_id(tab, row_id))

    def reveal(self, tab: int, row_id: int) -> None:
        """Show one record in its table and the editor, clearing the filters if they hide it."""
        def current() -> None:
            model, table = (self.org_model, self.org_table) if tab == ORGS else (self.person_model, self.person_table)
            row = model.row_of(row_id)
            if row >= 0:
                table.setCurrentIndex(model.index(row, 0))
                table.scrollTo(model.index(row, 0))

        def select_or_widen() -> None:
            model = self.org_model if tab == ORGS else self.person_model
            if model.row_of(row_id) >= 0:
                current()
                return
            for widget in (self.search, self.type_filter, self.ppe_filter, self.tag_filter, self.active_filter,
                           self.archived):
                widget.blockSignals(True)
            self.search.clear()
            for combo in (self.type_filter, self.ppe_filter, self.tag_filter, self.active_filter):
                combo.setCurrentIndex(0)
            self.archived.setChecked(True)
            for widget in (self.search, self.type_filter, self.ppe_filter, self.tag_filter, self.active_filter,
                           self.archived):
                widget.blockSignals(False)
            self.run_search(then=current)

        self.tabs.blockSignals(True)
        self.tabs.setCurrentIndex(tab)
        self.tabs.blockSignals(False)
        self.run_search(then=select_or_widen)

    def select_id(self, tab: int, row_id: int) -> None:
        table = self.org_table if tab == ORGS else self.person_table
        model = self.org_model if tab == ORGS else self.person_model
        row = model.row_of(row_id)
        if row >= 0:
            table.selectionModel().blockSignals(True)
            table.selectRow(row)
            table.selectionModel().blockSignals(False)
            table.scrollTo(model.index(row, 0))

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        orgs = self.tabs.currentIndex() == ORGS
        noun = ("organisation" if len(ids) == 1 else "organisations") if orgs else ("person" if len(ids) == 1 else "people")
        question = (f"Delete {len(ids)} {noun} and everything recorded against "
                    f"{'it' if len(ids) == 1 and orgs else 'them'} (memberships, assessments, interactions, letters)?"
                    "\n\nYou can undo this with Ctrl+Z until you close SDM Desktop. "
                    "To keep the history, archive instead.")
        if not prompts.confirm(self, question, "Delete", yes="Delete", no="Keep"):
            return
        try:
            (org_service.delete_organisations if orgs else people_service.delete_people)(self.env.ctx, ids)
        except Exception as exc:  # noqa: BLE001 - one transaction: nothing was deleted
            prompts.error(self, f"Nothing was deleted: {prompts.describe_error(exc)}")
            return
        self.detail.setCurrentWidget(self.hint)
        self.env.announce(Change.ORGANISATION if orgs else Change.PERSON)

    def toggle_archive_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        model = self.current_model()
        rows = [model.record(model.row_of(i)) for i in ids]
        archive = not all(r.archived for r in rows if r)
        service = org_service if self.tabs.currentIndex() == ORGS else people_service
        try:
            service.set_archived(self.env.ctx, ids, archive)
        except Exception as exc:  # noqa: BLE001 - one transaction: nothing was changed
            prompts.error(self, prompts.describe_error(exc))
            return
        self.env.announce(Change.ORGANISATION if service is org_service else Change.PERSON)

    def edit_types(self) -> None:
        if OrganisationTypesDialog.edit(self.env, self):
            self.env.announce(Change.ALL)

    def import_file(self) -> None:
        from sdm_desktop.ui.importing.wizard import open_import_wizard

        open_import_wizard(self.env, self)

    def export_shown(self) -> None:
        orgs = self.tabs.currentIndex() == ORGS
        default = str(self.env.ctx.data_dir / "exports" / ("organisations.xlsx" if orgs else "people.xlsx"))
        target, _ = QFileDialog.getSaveFileName(self, "Export the rows shown", default,
                                                "Excel workbook (*.xlsx);;CSV file (*.csv)")
        if target:
            self.export_to(Path(target))

    def export_to(self, target: Path) -> None:
        orgs = self.tabs.currentIndex() == ORGS
        options = ExportOptions(self.current_filter(), ids=self.current_model().ids())
        ctx = self.env.ctx
        if not orgs:
            options.include_no_contact = self._include_no_contact(options)

        def job(progress):
            table = organisations_table(ctx, options) if orgs else people_table(ctx, options)[0]
            return write_table(table, target, progress)

        self.env.jobs.run(job, label=f"Exporting to {target.name}",
                          on_done=lambda n: self.status.setText(f"Exported {n:,} rows to {target}"))

    def _include_no_contact(self, options: ExportOptions) -> bool:
        left_out = no_contact_count(self.env.ctx, options)
        if not left_out:
            return False
        return prompts.confirm(
            self, f"{left_out} of these people are marked do not contact or have not consented to be "
                  "contacted. Leave them out of the file?", "Consent", yes="Leave them out", no="Include them") is False

    # --- refresh and layout -----------------------------------------------------------------
    def _on_changed(self, what: str) -> None:
        if what in ("organisation", "person", "undo", "all", "import"):
            tab = self.tabs.currentIndex()
            kept = self.current_model().id_at(self.current_table().currentIndex().row())
            if what in ("all", "import", "undo"):
                self.reload_filters()

            def reselect() -> None:
                if kept is not None and self.current_model().row_of(kept) >= 0:
                    self.select_id(tab, kept)
                if what == "undo":
                    self._row_selected(self.current_table().currentIndex().row())

            self.run_search(then=reselect)

    def activated(self) -> None:
        self.run_search()

    def focus_search(self) -> bool:
        self.search.setFocus()
        self.search.selectAll()
        return True

    def save_layout(self) -> None:
        s = self.env.settings
        s.setValue("stakeholders/splitter", self.splitter.saveState())
        for old in OLD_COLUMN_KEYS:
            s.remove(old)
        for key, table in ((ORG_WIDTHS_KEY, self.org_table), (PERSON_WIDTHS_KEY, self.person_table)):
            state = table.column_fit.state()         # None: still the fitted defaults, fitted again next time
            if state is None:
                s.remove(key)
            else:
                s.setValue(key, state)

    def _restore_layout(self) -> None:
        s = self.env.settings
        state = s.value("stakeholders/splitter")
        if isinstance(state, QByteArray):
            self.splitter.restoreState(state)
        self.org_table.column_fit.restore(s.value(ORG_WIDTHS_KEY))
        self.person_table.column_fit.restore(s.value(PERSON_WIDTHS_KEY))


