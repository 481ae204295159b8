"""The audit trail: who changed what, when. Filtered and sorted in SQL, in the background (200,000 events
take a few hundred ms); the newest search wins. Rows load a page at a time."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
)

from sdm_desktop.services.privacy.audit_trail import AuditFilter, audit_table, load_audit_rows, search_audit_ids
from sdm_desktop.ui.common.accessible import buddy_label, named
from sdm_desktop.ui.common.date_field import DateField
from sdm_desktop.ui.common.tables.column_fit import ColumnFit
from sdm_desktop.ui.common.tables.lazy_table import Column, LazyTableModel
from sdm_desktop.ui.common.tables.table_helpers import (
    ask_and_export,
    button,
    debounce_timer,
    prepare_table,
    search_field,
)

COLUMNS = [Column("when", "When", 135), Column("actor", "Who", 90), Column("action", "Action", 170),
           Column("record", "Record", 150), Column("about", "About", 200), Column("detail", "Detail", 400)]
SEARCH_DELAY_MS = 200


class _Shown:
    """An audit row as the table shows it."""

    def __init__(self, row):
        self.when = f"{row.at:%d/%m/%Y %H:%M:%S}"
        self.actor, self.action, self.about, self.detail = row.actor, row.action, row.about, row.detail
        entity = row.entity.replace("_", " ")
        self.record = f"{entity} {row.entity_id}" if row.entity_id else entity


def _date_edit(name: str) -> DateField:
    return named(DateField(blank="any", words_beside=False), name)


class AuditTrailDialog(QDialog):
    def __init__(self, env, parent=None, person_id: int | None = None, organisation_id: int | None = None):
        super().__init__(parent)
        self.env = env
        self.person_id, self.organisation_id = person_id, organisation_id
        self.sort = ("when", True)
        self._ready = False
        self._generation = 0          # only the newest search is shown
        self.setWindowTitle("Audit trail")
        self.setAccessibleName("Audit trail")
        self.model = LazyTableModel(COLUMNS, self._load, self._sorted, self)
        self.date_from = _date_edit("From date")
        self.date_to = _date_edit("To date")
        self._timer = debounce_timer(self, SEARCH_DELAY_MS, self.run_search)
        self.text = search_field("Search the audit trail", "Action, record, user or detail…", self._timer,
                                 self.run_search)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(lambda _d: self.run_search())
        filters = QHBoxLayout()
        filters.addWidget(buddy_label("&From:", self.date_from))
        filters.addWidget(self.date_from)
        filters.addWidget(buddy_label("&To:", self.date_to))
        filters.addWidget(self.date_to)
        filters.addWidget(buddy_label("&Search:", self.text))
        filters.addWidget(self.text, 1)
        self.subject = QLabel()
        self.all_button = button("Show &everyone", "Show events about everyone", self.show_everyone,
                                 "Remove the filter on one person or group")
        subject_row = QHBoxLayout()
        subject_row.addWidget(self.subject, 1)
        subject_row.addWidget(self.all_button)
        self.table = prepare_table(QTableView(), self.model, "Audit events", striped=True,
                                   sort=(0, Qt.SortOrder.DescendingOrder))
        for i, column in enumerate(COLUMNS):
            self.table.setColumnWidth(i, column.width)
        ColumnFit.menus_only(self.table)            # Sort by and Columns from the keyboard (Menu key)
        self.status = named(QLabel(), "How many events are shown")
        export = button("E&xport shown…", "Export the events shown", self.export,
                        "Save the events shown as CSV or XLSX")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        for widget in (self.all_button, export, close.button(QDialogButtonBox.StandardButton.Close)):
            widget.setAutoDefault(False)     # Enter in the search searches; it pressed "Show everyone"
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(export)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(subject_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.resize(1160, 600)
        self._show_subject()
        self._ready = True
        self.run_search()
        self.text.setFocus()

    def _show_subject(self) -> None:
        about = ""
        if self.person_id is not None:
            about = f"Events about person {self.person_id}"
        elif self.organisation_id is not None:
            about = f"Events about group {self.organisation_id}"
        self.subject.setText(about + (" (their record, interactions, assessments, training and shares)"
                                      if self.person_id is not None else ""))
        self.subject.setVisible(bool(about))
        self.all_button.setVisible(bool(about))

    def show_everyone(self) -> None:
        self.person_id = self.organisation_id = None
        self._show_subject()
        self.run_search()

    def current_filter(self) -> AuditFilter:
        def day(edit: DateField):
            return None if edit.problem() else edit.value()
        return AuditFilter(person_id=self.person_id, organisation_id=self.organisation_id,
                           date_from=day(self.date_from), date_to=day(self.date_to), text=self.text.text())

    def run_search(self) -> None:
        self._timer.stop()
        if not self._ready:
            return
        flt = self.current_filter()
        self._generation += 1
        generation = self._generation
        if self.date_from.problem() or self.date_to.problem():
            self.model.set_ids([])
            self.status.setText("A date above is not one: see beside it.")
            return
        if flt.date_from and flt.date_to and flt.date_to < flt.date_from:
            self.model.set_ids([])
            self.status.setText("The period ends before it starts.")
            return
        ctx, sort = self.env.ctx, self.sort
        self.env.jobs.run(lambda _p: search_audit_ids(ctx, flt, *sort), label="Searching the audit trail",
                          show_progress=False,
                          on_done=lambda ids: generation == self._generation and self._show(ids))

    def done(self, result: int) -> None:
        """Closed: let go of the events found (up to 200,000) and ignore a search still on its way."""
        self._generation += 1
        self.model.set_ids([])
        super().done(result)

    def _show(self, ids: list[int]) -> None:
        self.model.set_ids(ids)
        self.status.setText(f"{len(ids):,} event{'s' if len(ids) != 1 else ''} shown")

    def _load(self, ids: list[int]) -> dict:
        return {i: _Shown(row) for i, row in load_audit_rows(self.env.ctx, ids).items()}

    def _sorted(self, key: str, descending: bool) -> None:
        self.sort = (key, descending)
        self.run_search()

    def export(self) -> None:
        ids = self.model.ids()
        ask_and_export(self, self.env, "Export the audit trail", "audit-trail.xlsx",
                       lambda: audit_table(self.env.ctx, self.current_filter(), ids))
