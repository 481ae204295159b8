"""Resources: the library of SDM resources, their offline copies or links, and who they were shared with."""

from __future__ import annotations

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
    QVBoxLayout,
    QWidget,
)

from sdm_desktop.errors import UserError
from sdm_desktop.services.core.changes import Change
from sdm_desktop.services.core.text import counted
from sdm_desktop.services.core.versions import RecordChanged
from sdm_desktop.services.exporting.tables import write_table
from sdm_desktop.services.resources import library as res
from sdm_desktop.services.resources.pack import missing_pack_entries
from sdm_desktop.ui import prompts
from sdm_desktop.ui.common.tables.column_fit import ColumnFit
from sdm_desktop.ui.common.tables.lazy_table import Column, LazyTableModel
from sdm_desktop.ui.common.tables.table_helpers import (
    FOCUSED,
    button,
    debounce_timer,
    down_to_results,
    filter_combo,
    prepare_table,
    search_field,
    shortcut,
)
from sdm_desktop.ui.common.view_base import View
from sdm_desktop.ui.resources.offline_copy import OfflineCopyPanel
from sdm_desktop.ui.resources.pack_banner import PackBanner
from sdm_desktop.ui.resources.resource_form import ResourceForm
from sdm_desktop.ui.resources.share_dialog import ShareDialog
from sdm_desktop.ui.resources.share_log import ShareLog

# Title, audience, copy or link and tags give way on a narrow window so every column stays on screen.
COLUMNS = [Column("title", "Title", 300, 150), Column("kind_text", "Kind", 105), Column("shares", "Shared", 55),
           Column("last_shared", "Last shared", 85), Column("audience_text", "Audience", 125, 90),
           Column("source", "Offline copy or link", 260, 100), Column("tags", "Tags", 140, 60)]
WIDTHS_KEY = "resources/column-widths"    # saved once the user sets them (see StakeholdersView)
SEARCH_DELAY_MS = 120
# Shares name groups and people, so their changes show in the share counts and the log.
REFRESH_ON = frozenset({Change.RESOURCE, Change.UNDO, Change.ALL, Change.ORGANISATION, Change.PERSON})


def _missing_pack_count(ctx) -> int:
    """How many starter-pack entries the library lacks (none, when the pack itself cannot be read)."""
    try:
        return len(missing_pack_entries(ctx))
    except UserError:
        return 0


class ResourcesView(View):
    title = "Resources"

    def __init__(self, env, parent=None):
        super().__init__(env, parent)
        self._sort = ("title", False)
        self._ready = False
        self._total = -1
        self._generation = 0          # only the newest search is shown
        self._stale = False           # something changed while the view was hidden
        self._timer = debounce_timer(self, SEARCH_DELAY_MS, self.run_search)
        self.model = LazyTableModel(COLUMNS, lambda ids: res.load_resource_rows(env.ctx, ids), self._sorted, self)
        self.offline_copy = OfflineCopyPanel(env)       # shown under the editor; the buttons above act through it
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_filters())
        layout.addLayout(self._build_actions())
        self.pack_banner = PackBanner(env)
        self.pack_banner.added.connect(
            lambda n: self.status.setText(f"Added {counted(n, 'resource')} from the starter pack (Ctrl+Z undoes)"))
        layout.addWidget(self.pack_banner)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self._build_table())
        self.splitter.addWidget(self._build_detail())
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([760, 420])
        layout.addWidget(self.splitter, 1)
        self.status = QLabel()
        self.status.setAccessibleName("How many resources are shown")
        layout.addWidget(self.status)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_resource)
        shortcut(QKeySequence.StandardKey.Delete, self.table, self.delete_selected, FOCUSED)   # not in the share log
        shortcut(QKeySequence("Escape"), self.search, self.search.clear, FOCUSED)
        self._restore_layout()
        env.bus.changed.connect(self._on_changed)
        self.reload_filters()
        self._ready = True
        self.run_search()

    # --- building ---------------------------------------------------------------------------
    def _build_filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.search = search_field("Search resources", "Search titles, links, descriptions, tags… (Ctrl+F)",
                                   self._timer, self.run_search)
        down_to_results(self.search, lambda: self.table)
        row.addWidget(self.search, 4)
        self.kind_filter = filter_combo("Filter by kind", self.run_search, 12)
        self.audience_filter = filter_combo("Filter by audience", self.run_search, 12)
        self.tag_filter = filter_combo("Filter by tag", self.run_search, 12)
        for combo in (self.kind_filter, self.audience_filter, self.tag_filter):
            row.addWidget(combo)
        return row

    def _build_actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(button("&New resource", "New resource", self.new_resource, "Add a resource (Ctrl+N)"))
        self.copy_button = button("&Add offline copy…", "Add offline copy", self.offline_copy.choose,
                                        "Keep a copy of a file (film, leaflet, slides) in the data folder")
        self.open_button = button("&Open", "Open the resource", self.offline_copy.open,
                                        "Open the offline copy, or the link if there is no copy")
        self.link_button = button("Open &link", "Open the resource's link", lambda: self.offline_copy.open("link"),
                                        "Open the web link in the browser")
        self.share_button = button("Share &with…", "Share with groups or people", self.share_selected,
                                         "Record that this resource was shared with groups or people")
        self.delete_button = button("&Delete", "Delete selected resources", self.delete_selected,
                                          "Delete the selected resources and their share log (Ctrl+Z undoes)")
        for action in (self.copy_button, self.open_button, self.link_button, self.share_button, self.delete_button):
            row.addWidget(action)
        row.addStretch(1)
        row.addWidget(button("E&xport shown…", "Export the resources shown", self.export_shown,
                                   "Save the resources shown, in this order, as CSV or XLSX"))
        return row

    def _build_table(self) -> QTableView:
        table = prepare_table(QTableView(), self.model, "Resources", object_name="Resources", striped=True,
                              sort=(0, Qt.SortOrder.AscendingOrder))
        self.column_fit = ColumnFit.of_columns(table, COLUMNS)
        table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._row_selected(cur.row()))
        table.doubleClicked.connect(lambda _i: self.offline_copy.open())
        self.table = table
        return table

    def _build_detail(self) -> QWidget:
        self.detail = QStackedWidget()
        self.hint = QLabel("Select a resource to see and edit it, or press Ctrl+N to add one.")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.form = ResourceForm(self.env)
        self.form.saved.connect(self._after_save)
        self.detail.addWidget(self.hint)
        self.detail.addWidget(self.form)
        self.offline_copy.changed.connect(lambda: self.env.announce(Change.RESOURCE))
        self.offline_copy.reported.connect(lambda text: self.status.setText(text))
        self.share_log = ShareLog(self.env)
        self.share_log.changed.connect(self.run_search)
        lower = QWidget()
        box = QVBoxLayout(lower)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.offline_copy)
        box.addWidget(self.share_log, 1)
        self.detail_splitter = QSplitter(Qt.Orientation.Vertical)
        self.detail_splitter.addWidget(self.detail)
        self.detail_splitter.addWidget(lower)
        self.detail_splitter.setSizes([380, 300])
        return self.detail_splitter

    # --- filters and search -----------------------------------------------------------------
    def reload_filters(self) -> None:
        keep = [c.currentData() for c in (self.kind_filter, self.audience_filter, self.tag_filter)]
        choices = ([("All kinds", None)] + [(t, c) for c, t in res.KINDS],
                   [("All audiences", None)] + [(t if c else "No audience given", c) for c, t in res.AUDIENCES],
                   [("All tags", None)] + [(t, t) for t in res.resource_tags(self.env.ctx)])
        filters = (self.kind_filter, self.audience_filter, self.tag_filter)
        for combo, items, value in zip(filters, choices, keep, strict=False):
            combo.blockSignals(True)
            combo.clear()
            for text, data in items:
                combo.addItem(text, data)
            combo.setCurrentIndex(max(0, combo.findData(value)) if value is not None else 0)
            combo.blockSignals(False)

    def current_filter(self) -> res.ResourceFilter:
        return res.ResourceFilter(self.search.text(), self.kind_filter.currentData(),
                                  self.audience_filter.currentData(), self.tag_filter.currentData())

    def run_search(self, then: Callable[[], None] | None = None) -> None:
        """Search in the background (10,000 resources take longer than a keystroke may wait); the newest
        search wins. ``then`` runs once its rows are in the table."""
        self._timer.stop()
        if not self._ready:
            return
        ctx, flt, sort, known_total = self.env.ctx, self.current_filter(), self._sort, self._total
        self._generation += 1
        generation = self._generation

        def job(_progress):
            ids = res.search_resource_ids(ctx, flt, *sort)
            total = res.resource_count(ctx)
            missing = None if total == known_total else _missing_pack_count(ctx)
            return ids, total, missing

        self.env.jobs.run(job, label="Searching the resources", show_progress=False,
                          on_done=lambda found: generation == self._generation and self._show_found(*found, then))

    def _show_found(self, ids: list[int], total: int, missing: int | None, then) -> None:
        current = self.current_id()
        self.model.set_ids(ids)
        self.status.setText(f"{len(ids):,} of {counted(total, 'resource')} shown")
        if current is not None and self.model.row_of(current) >= 0:
            self.select_id(current)
        elif ids and self.detail.currentWidget() is self.hint:
            self.select_id(ids[0])
        else:
            self._row_selected(-1)
        if missing is not None:
            self._total = total
            self.pack_banner.refresh(total, missing)
        if then is not None:
            then()

    def _sorted(self, key: str, descending: bool) -> None:
        self._sort = (key, descending)
        self.run_search()

    # --- selection and editing --------------------------------------------------------------
    def current_id(self) -> int | None:
        return self.model.id_at(self.table.currentIndex().row())

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.id_at(r) for r in rows if self.model.id_at(r) is not None]

    def select_id(self, resource_id: int) -> None:
        row = self.model.row_of(resource_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
            self._row_selected(row)

    def _select_quietly(self, resource_id: int | None) -> None:
        row = self.model.row_of(resource_id) if resource_id is not None else -1
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        if row >= 0:
            self.table.selectRow(row)
        else:
            selection.clear()
        selection.blockSignals(False)

    def _row_selected(self, row: int) -> None:
        record = self.model.record(row) if row >= 0 else None
        for action in (self.copy_button, self.open_button, self.share_button, self.delete_button):
            action.setEnabled(record is not None)
        self.link_button.setEnabled(bool(record and record.url))
        self.offline_copy.show_for(record)
        self.share_log.show_for(record.id if record else None)
        if record is None:
            if not (self.detail.currentWidget() is self.form and self.form.record_id is None):
                self.detail.setCurrentWidget(self.hint)
            return
        if self.form.record_id != record.id or not self.form.dirty:
            if not self.unsaved_changes_settled():
                return
            self.form.edit(record.id)
        self.detail.setCurrentWidget(self.form)

    def unsaved_changes_settled(self) -> bool:
        if not self.form.dirty:
            return True
        answer = prompts.save_discard_cancel(self, "You have unsaved changes in the editor. Save them?")
        if answer == "save":
            return self.form.save()
        if answer == "cancel":
            # back on the record being edited, once the table has finished moving its selection
            QTimer.singleShot(0, lambda: self._select_quietly(self.form.record_id))
            return False
        self.form.dirty = False
        return True

    def new_resource(self) -> None:
        if not self.unsaved_changes_settled():
            return
        self.table.clearSelection()
        self.table.setCurrentIndex(self.model.index(-1, -1))
        self.form.edit(None)
        self.detail.setCurrentWidget(self.form)

    def _after_save(self, resource_id: int) -> None:
        self.reload_filters()
        self.run_search(then=lambda: self.select_id(resource_id))

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        first = self.model.record(self.model.row_of(ids[0]))
        what = f"“{first.title}”" if len(ids) == 1 else f"{len(ids)} resources"
        if not prompts.confirm(self, f"Delete {what} and its share log? Ctrl+Z undoes this.", "Delete", yes="Delete"):
            return
        listed = {i: self.model.record(self.model.row_of(i)) for i in ids}
        try:
            res.delete_resources(self.env.ctx, ids, expected={i: r.row_version for i, r in listed.items() if r})
        except RecordChanged as exc:            # a colleague changed one since the list showed it
            prompts.warn(self, str(exc), "Changed by someone else")
            self.env.announce(Change.RESOURCE)
            return
        self.form.dirty = False
        self.form.record_id = None
        self.env.announce(Change.RESOURCE)

    # --- sharing and exporting ---------------------------------------------------------------
    def share_selected(self) -> None:
        record = self.model.record(self.table.currentIndex().row())
        if record is None:
            return
        report = ShareDialog.ask(self.env, record.id, record.title, self)
        if report is None:
            return
        self.env.announce(Change.RESOURCE)
        if report.refused:
            prompts.info(self, report.summary(), "Shared, with exceptions")
        self.status.setText(report.summary())

    def export_shown(self) -> None:
        default = str(self.env.ctx.data_dir / "exports" / "resources.xlsx")
        target, _ = QFileDialog.getSaveFileName(self, "Export the resources shown", default,
                                                "Excel workbook (*.xlsx);;CSV file (*.csv)")
        if target:
            self.export_to(Path(target))

    def export_to(self, target: Path) -> None:
        ctx, ids = self.env.ctx, self.model.ids()
        self.env.jobs.run(lambda progress: write_table(res.resources_table(ctx, ids=ids)[0], target, progress),
                          label=f"Exporting to {target.name}",
                          on_done=lambda n: self.status.setText(f"Exported {counted(n, 'resource')} to {target}"))

    # --- refresh and layout -----------------------------------------------------------------
    def _on_changed(self, what: Change) -> None:
        if what in REFRESH_ON:
            self._total = -1
            if not self.isVisible():          # brought up to date when it is shown again
                self._stale = True
                return
            self.reload_filters()
            self.run_search()

    def activated(self) -> None:
        self._total = -1
        if self._stale:
            self._stale = False
            self.reload_filters()
        self.run_search()

    def focus_search(self) -> bool:
        self.search.setFocus()
        self.search.selectAll()
        return True

    def save_layout(self) -> None:
        self.env.settings.setValue("resources/splitter", self.splitter.saveState())
        state = self.column_fit.state()          # None: the fitted defaults, fitted again next time
        if state is None:
            self.env.settings.remove(WIDTHS_KEY)
        else:
            self.env.settings.setValue(WIDTHS_KEY, state)
        self.env.settings.remove("resources/columns")          # saved at every close by earlier versions

    def _restore_layout(self) -> None:
        state = self.env.settings.value("resources/splitter")
        if isinstance(state, QByteArray):
            self.splitter.restoreState(state)
        self.column_fit.restore(self.env.settings.value(WIDTHS_KEY))
