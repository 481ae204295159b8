"""Stakeholders: the register of groups and people, with search, filters and a detail editor."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
)

from sdm_desktop.services.core.changes import REGISTER, Change
from sdm_desktop.services.core.text import counted
from sdm_desktop.services.core.versions import RecordChanged
from sdm_desktop.services.exporting.tables import write_table
from sdm_desktop.services.register.export import ExportOptions
from sdm_desktop.services.register.search import FoundIds
from sdm_desktop.ui import prompts
from sdm_desktop.ui.common.tables.filter_note import blocked_signals
from sdm_desktop.ui.common.tables.lazy_table import PAGE, LazyTableModel
from sdm_desktop.ui.common.tables.table_helpers import FOCUSED, button, debounce_timer, down_to_results, shortcut
from sdm_desktop.ui.common.view_base import View
from sdm_desktop.ui.email_log.hooks import install_register_drops, register_button
from sdm_desktop.ui.privacy.actions import person_privacy_button
from sdm_desktop.ui.register.organisation_types import OrganisationTypesDialog
from sdm_desktop.ui.register.organisations_pane import OrganisationsPane
from sdm_desktop.ui.register.people_pane import PeoplePane
from sdm_desktop.ui.register.register_filters import RegisterFilters
from sdm_desktop.ui.register.register_pane import RegisterPane
from sdm_desktop.ui.register.timeline import StakeholderTimeline

# Column widths are saved once the user sets them. Earlier versions saved them at every close, so their
# keys hold the old defaults (a type column too narrow for its names): those are dropped, not restored.
OLD_COLUMN_KEYS = ("stakeholders/org-columns", "stakeholders/person-columns")
SEARCH_DELAY_MS = 120
FIRST_PAGE = PAGE           # a search shows this many rows first, then the rest


class StakeholdersView(View):
    """Two tabs, organisations and people, under one search and filter bar, beside one detail editor."""

    title = "Stakeholders"

    def __init__(self, env, parent=None):
        super().__init__(env, parent)
        self._ready = False
        self._search_generation = 0
        self._search_timer = debounce_timer(self, SEARCH_DELAY_MS, self.run_search)
        self.last_search_ms = 0.0
        self.filters = RegisterFilters(env, self._search_timer, self.run_search)
        self.search = self.filters.search                  # the view's search box (Ctrl+F)
        down_to_results(self.search, self.current_pane)    # Down goes to the groups or people found
        layout = QVBoxLayout(self)
        layout.addLayout(self.filters.search_row())
        layout.addWidget(self.filters.trained_note)
        layout.addLayout(self._build_actions())
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("stakeholders-splitter")
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Organisations or people")
        self.organisations, self.people = OrganisationsPane(env), PeoplePane(env)
        self.panes: list[RegisterPane] = [self.organisations, self.people]      # in the order of the tabs
        self.tabs.addTab(self.organisations, "&Organisations and groups")
        self.tabs.addTab(self.people, "&People")
        self.tabs.currentChanged.connect(self._tab_changed)
        # the tests and benchmarks reach each tab's table, model and editor by these names
        self.org_table, self.person_table = self.organisations, self.people
        self.org_model, self.person_model = self.organisations.table_model, self.people.table_model
        self.org_form, self.person_form = self.organisations.form, self.people.form
        self.detail = QStackedWidget()
        self.hint = QLabel("Select a row to see and edit it, or press Ctrl+N to add a new one.")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.addWidget(self.hint)
        for pane in self.panes:
            self.detail.addWidget(pane.form)
            pane.form.saved.connect(lambda row_id, p=pane: self._after_save(p, row_id))
            pane.sort_changed.connect(self.run_search)
            pane.row_changed.connect(self._row_selected)
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
        install_register_drops(self)
        self._restore_layout()
        env.bus.changed.connect(self._on_changed)
        self.reload_filters()
        self._ready = True
        self.run_search()

    # --- building ---------------------------------------------------------------------------
    def _build_actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(button("New &group", "New organisation or group", self.new_organisation,
                                   "Add an organisation or group (Ctrl+N on the first tab)"))
        row.addWidget(button("New pe&rson", "New person", self.new_person, "Add a person (Ctrl+Shift+N)"))
        self.archive_button = button("&Archive", "Archive or restore selected", self.toggle_archive_selected,
                                     "Archive the selected rows, or restore archived ones")
        self.delete_button = button("&Delete", "Delete selected", self.delete_selected,
                                          "Delete the selected rows (Delete key); Ctrl+Z undoes")
        row.addWidget(self.archive_button)
        row.addWidget(self.delete_button)
        self.privacy_button = person_privacy_button(self)     # subject access export, erase, audit trail
        row.addWidget(self.privacy_button)
        row.addWidget(register_button(self))
        row.addWidget(button("&Types…", "Edit organisation types", self.edit_types,
                                   "Add, rename, remove or reorder the organisation types"))
        row.addStretch(1)
        row.addWidget(self.filters.archived)
        row.addWidget(self.filters.reps_only)
        row.addWidget(button("&Import…", "Import from a file", self.import_file,
                                   "Import organisations or people from a CSV or Excel file, or an ODS list (Ctrl+I)"))
        row.addWidget(button("E&xport shown…", "Export the rows shown", self.export_shown,
                                   "Save the rows shown, in this order, as CSV or XLSX"))
        return row

    def _shortcuts(self) -> None:
        QShortcut(QKeySequence.StandardKey.New, self, self._new_for_tab)
        QShortcut(QKeySequence("Ctrl+Shift+N"), self, self.new_person)
        for pane in self.panes:                               # only while the table has the focus
            shortcut(QKeySequence.StandardKey.Delete, pane, self.delete_selected, FOCUSED)
        shortcut(QKeySequence("Escape"), self.search, self.search.clear, FOCUSED)

    # --- filters and search -----------------------------------------------------------------
    def reload_filters(self) -> None:
        self.organisations.fit_type_column(self.filters.reload())

    def run_search(self, then: Callable[[], None] | None = None) -> None:
        """Search in the background (a sort of 100,000 people by group takes longer than a frame);
        the newest search wins. ``then`` runs once its rows are in the table."""
        self._search_timer.stop()
        if not self._ready:
            return
        pane, ctx, flt = self.current_pane(), self.env.ctx, self.filters.current()
        sort = pane.sort_key
        started = time.perf_counter()
        self._search_generation += 1
        generation = self._search_generation
        self.filters.reps_only.setEnabled(pane.patient_reps)

        def finish(ids: list[int]) -> None:
            self.status.setText(pane.shown_text(len(ids)))
            if then is not None and pane is self.current_pane():
                then()

        def rest(found: FoundIds) -> None:
            if generation == self._search_generation:
                pane.table_model.extend_ids(found.ids)
                finish(found.ids)

        def first(found: FoundIds) -> None:
            if generation != self._search_generation:
                return                      # a newer search is on its way
            pane.table_model.set_ids(found.ids, same_records=not pane.records_changed)
            pane.records_changed = False
            self.last_search_ms = (time.perf_counter() - started) * 1000
            if found.complete:
                finish(found.ids)
            else:                           # the first page is shown: now every row, in the background
                self.env.jobs.run(lambda _p: pane.find_ids(ctx, flt, sort), label="Searching the register",
                                  show_progress=False, on_done=rest)

        self.env.jobs.run(lambda _p: pane.find_ids(ctx, flt, sort, first_page=FIRST_PAGE),
                          label="Searching the register", show_progress=False, on_done=first)

    def _tab_changed(self, _index: int) -> None:
        self.run_search(then=self._show_current_row)

    def _show_current_row(self) -> None:
        pane = self.current_pane()
        if self.detail.currentWidget() is pane.form and pane.form.record_id is None:
            return                       # a new record was opened meanwhile (Ctrl+Shift+N from another tab)
        self._row_selected(pane.currentIndex().row())

    # --- selection and editing --------------------------------------------------------------
    def current_pane(self) -> RegisterPane:
        return self.panes[self.tabs.currentIndex()]

    def current_table(self) -> QTableView:
        return self.current_pane()

    def current_model(self) -> LazyTableModel:
        return self.current_pane().table_model

    def selected_ids(self) -> list[int]:
        return self.current_pane().selected_ids()

    def _row_selected(self, row: int) -> None:
        if not self.unsaved_changes_settled():
            return
        pane = self.current_pane()
        row_id = pane.table_model.id_at(row)
        self.timeline.show_for(*pane.timeline_subject(row_id))
        if row_id is None:
            self.detail.setCurrentWidget(self.hint)
            return
        pane.form.edit(row_id)
        self.detail.setCurrentWidget(pane.form)

    def unsaved_changes_settled(self) -> bool:
        """Offer to save edits before the editor shows another record. False: stay on this one."""
        form = self.detail.currentWidget()
        if form not in [pane.form for pane in self.panes] or not form.dirty:
            return True
        answer = prompts.save_discard_cancel(self, "You have unsaved changes in the editor. Save them?")
        if answer == "save":
            return form.save()
        if answer == "cancel":
            pane = next(p for p in self.panes if p.form is form)
            # back on the record being edited, once the table has finished moving its selection
            QTimer.singleShot(0, lambda: pane.select_quietly(form.record_id))
            return False
        form.dirty = False
        return True

    def _new_for_tab(self) -> None:
        self._new_record(self.current_pane())

    def new_organisation(self) -> None:
        self._new_record(self.organisations)

    def new_person(self) -> None:
        self._new_record(self.people)

    def _new_record(self, pane: RegisterPane) -> None:
        if not self.unsaved_changes_settled():
            return
        self.tabs.setCurrentWidget(pane)
        pane.clearSelection()
        pane.form.edit(None)
        self.detail.setCurrentWidget(pane.form)

    def _after_save(self, pane: RegisterPane, row_id: int) -> None:
        self.forget_searches()
        self.reload_filters()
        self.run_search(then=lambda: pane.select_quietly(row_id))
        self.timeline.show_for(*pane.timeline_subject(row_id))   # a new record: Log interaction… now works

    def show_filtered(self, tab: int, org_type: str | None = None, ppe_level: str | None = None,
                      patient_reps_only: bool = False, trained: tuple | None = None) -> None:
        """One tab (0: organisations, 1: people) listing every live record of this type and level, only the
        patient representatives, or the people trained from a day to a day (``trained``: first, last and by the
        cascade True/False/None). Home's figures open these."""
        self.reload_filters()
        self.filters.show_only(org_type, ppe_level, patient_reps_only, trained)
        with blocked_signals(self.tabs):
            self.tabs.setCurrentIndex(tab)
        self.run_search(then=self._show_current_row)

    def reveal(self, tab: int, row_id: int) -> None:
        """Show one record in its table (0: organisations, 1: people) and the editor, clearing the filters
        if they hide it."""
        pane = self.panes[tab]

        def select_or_widen() -> None:
            if pane.shows(row_id):
                pane.make_current(row_id)
                return
            self.filters.show_everything()
            self.run_search(then=lambda: pane.make_current(row_id))

        self.tabs.blockSignals(True)
        self.tabs.setCurrentIndex(tab)
        self.tabs.blockSignals(False)
        self.run_search(then=select_or_widen)

    def delete_selected(self) -> None:
        pane = self.current_pane()
        ids = pane.selected_ids()
        if not ids:
            return
        if not prompts.confirm(self, pane.delete_question(len(ids)), "Delete", yes="Delete", no="Keep"):
            return
        try:
            pane.delete_records(ids)
        except RecordChanged as exc:
            prompts.error(self, f"{exc} Look at their changes, then delete again if it should still go.")
            self.env.announce(pane.form.changed_what)
            return
        except Exception as exc:  # noqa: BLE001 - one transaction, nothing was deleted: say why, whatever it was
            prompts.error(self, f"Nothing was deleted: {prompts.describe_error(exc)}")
            return
        self.detail.setCurrentWidget(self.hint)
        self.env.announce(pane.form.changed_what)

    def toggle_archive_selected(self) -> None:
        pane = self.current_pane()
        ids = pane.selected_ids()
        if not ids:
            return
        archive = not pane.all_archived(ids)
        try:
            pane.set_archived(ids, archive)
        except Exception as exc:  # noqa: BLE001 - one transaction, nothing was changed: say why, whatever it was
            prompts.error(self, prompts.describe_error(exc))
            return
        self.env.announce(pane.form.changed_what)

    def edit_types(self) -> None:
        if OrganisationTypesDialog.edit(self.env, self):
            self.env.announce(Change.ALL)

    def import_file(self) -> None:
        from sdm_desktop.ui.importing.wizard import open_import_wizard

        open_import_wizard(self.env, self)

    def export_shown(self) -> None:
        default = str(self.env.ctx.data_dir / "exports" / self.current_pane().export_file)
        target, _ = QFileDialog.getSaveFileName(self, "Export the rows shown", default,
                                                "Excel workbook (*.xlsx);;CSV file (*.csv)")
        if target:
            self.export_to(Path(target))

    def export_to(self, target: Path) -> None:
        pane, ctx = self.current_pane(), self.env.ctx
        options = ExportOptions(self.filters.current(), ids=pane.table_model.ids())
        pane.complete_export_options(options)
        self.env.jobs.run(lambda progress: write_table(pane.export_table(ctx, options), target, progress),
                          label=f"Exporting to {target.name}",
                          on_done=lambda n: self.status.setText(f"Exported {counted(n, 'row')} to {target}"))

    # --- refresh and layout -----------------------------------------------------------------
    def forget_searches(self) -> None:
        """The register changed: searches are asked of the database again, not answered from memory, and the rows
        the tables loaded are loaded again."""
        for pane in self.panes:
            pane.recent.forget()
            pane.records_changed = True

    def _on_changed(self, what: Change) -> None:
        self.forget_searches()                  # whatever changed: memory must never answer for the database
        if what in REGISTER:
            pane = self.current_pane()
            kept = pane.current_id()
            if what in (Change.ALL, Change.IMPORT, Change.UNDO):
                self.reload_filters()

            def reselect() -> None:
                if kept is not None and pane.shows(kept):
                    pane.select_quietly(kept)
                if what is Change.UNDO:
                    self._row_selected(pane.currentIndex().row())

            self.run_search(then=reselect)

    def activated(self) -> None:
        self.forget_searches()
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
        for pane in self.panes:
            pane.save_widths(s)

    def _restore_layout(self) -> None:
        s = self.env.settings
        state = s.value("stakeholders/splitter")
        if isinstance(state, QByteArray):
            self.splitter.restoreState(state)
        for pane in self.panes:
            pane.restore_widths(s)
