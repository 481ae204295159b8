"""Retention review: who is due for a decision, and keep / archive / erase / export them.

The list is built by a worker (100,000 people do not block the window), and a click on a column
heading sorts a copy of the rows in a worker too (40,000 rows by "Why" take a second in Python); the
sorted rows then replace the shown ones in one step that keeps the selection.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTableView,
    QVBoxLayout,
)

from sdm_desktop.services.core.changes import Change
from sdm_desktop.services.privacy.retention import (
    DEFAULT_MONTHS,
    DUE,
    ReviewRow,
    keep_for_another_year,
    retention_review,
    review_table,
)
from sdm_desktop.services.register import people as people_service
from sdm_desktop.ui import prompts
from sdm_desktop.ui.common.accessible import buddy_label, named
from sdm_desktop.ui.common.tables.column_fit import ColumnFit
from sdm_desktop.ui.common.tables.table_helpers import ask_and_export, button, prepare_table
from sdm_desktop.ui.privacy.erasing import erase

COLUMNS = [("Name", 180, lambda r: r.name), ("Why", 440, lambda r: r.why),
           ("Review on", 90, lambda r: r.review_on), ("Last activity", 95, lambda r: r.last_activity),
           ("Lawful basis", 120, lambda r: r.lawful_basis), ("Archived", 60, lambda r: r.archived)]


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return str(value)


class ReviewModel(QAbstractTableModel):
    """``on_sort(column, order)``, if given, sorts elsewhere and hands the result to ``reorder``."""

    def __init__(self, parent=None, on_sort: Callable[[int, Qt.SortOrder], None] | None = None):
        super().__init__(parent)
        self.rows: list[ReviewRow] = []
        self._on_sort = on_sort

    def set_rows(self, rows: list[ReviewRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row(self, index: int) -> ReviewRow | None:
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return _shown(COLUMNS[index.column()][2](self.rows[index.row()])) or None
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(COLUMNS)):
            return COLUMNS[section][0]
        return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        if self._on_sort is not None:
            self._on_sort(column, order)
        else:
            self.reorder(sort_rows(list(self.rows), column, order))

    def reorder(self, rows: list[ReviewRow]) -> None:
        """Show the same rows in a new order; selected rows stay selected (persistent indexes follow)."""
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        held = {id(self.rows[i.row()]) for i in old}
        position = {id(r): n for n, r in enumerate(rows) if id(r) in held}
        moved = [self.index(position[id(self.rows[i.row()])], i.column()) if id(self.rows[i.row()]) in position
                 else QModelIndex() for i in old]
        self.rows = rows
        self.changePersistentIndexList(old, moved)
        self.layoutChanged.emit()


def sort_rows(rows: list[ReviewRow], column: int, order=Qt.SortOrder.AscendingOrder) -> list[ReviewRow]:
    """Sort in place by a column (blanks last), then in name order; the worker uses it too.
    The service lists people in name order (last name, first name) already. Each key is one string
    (untracked by the garbage collector, compared in C): tuples made 40,000 young objects whose
    collection in the worker held the GIL for 30-60 ms."""
    descending = order == Qt.SortOrder.DescendingOrder
    if column == 0:
        rows.sort(key=lambda r: r.order, reverse=descending)
        return rows
    value = COLUMNS[column][2]

    def key(r: ReviewRow) -> str:
        v = value(r)
        if v is None:
            return f"\x01\x00{r.order:010d}"
        if isinstance(v, bool):
            v = "1" if v else "0"
        elif isinstance(v, date):
            v = v.isoformat()
        return f"\x00{v.lower()}\x00{r.order:010d}"
    rows.sort(key=key, reverse=descending)
    return rows


class RetentionReviewDialog(QDialog):
    def __init__(self, env, parent=None, due_only: bool = False):
        super().__init__(parent)
        self.env = env
        self.setWindowTitle("Retention review")
        self.setAccessibleName("Retention review")
        intro = QLabel("People whose review date has come, who have had nothing recorded for the chosen time, or "
                       "whose lawful basis is consent without a recorded consent to hold their data. Decide for "
                       "each: keep for another year, archive, or erase.")
        intro.setWordWrap(True)
        self.months = named(QSpinBox(), "Months without activity", "List people with nothing recorded for this long")
        self.months.setRange(1, 240)
        self.months.setValue(DEFAULT_MONTHS)
        self.months.setSuffix(" months")
        self.refresh_button = button("&Refresh", "Refresh the list", self.refresh)
        top = QHBoxLayout()
        top.addWidget(buddy_label("No activity &for:", self.months))
        top.addWidget(self.months)
        top.addWidget(self.refresh_button)
        self.due_only = named(QCheckBox("Only those whose review &date has come"), "Only people whose review date "
                              "has come", "Leave out people listed only for no activity or no recorded consent")
        self.due_only.setChecked(due_only)
        self.due_only.toggled.connect(lambda _on: self.refresh())
        top.addWidget(self.due_only)
        top.addStretch(1)
        self._sort_generation = 0        # only the newest sort (or list) is shown
        self._sorting: tuple[int, Qt.SortOrder] | None = None     # the sort running in the background
        self.model = ReviewModel(self, on_sort=self._sort_in_background)
        self.table = prepare_table(QTableView(), self.model, "People to review", striped=True,
                                   sort=(0, Qt.SortOrder.AscendingOrder))
        for column, (_h, width, _v) in enumerate(COLUMNS):
            self.table.setColumnWidth(column, width)
        ColumnFit.menus_only(self.table)            # Sort by and Columns from the keyboard (Menu key)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.status = named(QLabel(), "How many people are listed")
        self._note = ""                 # what the last action did, shown once the list is back
        self.keep_button = button("&Keep for another year", "Keep the selected people for another year",
                                  self.keep_selected,
                                  "Set their review date a year from today (Edit → Undo puts it back)")
        self.archive_button = button("&Archive", "Archive the selected people", self.archive_selected,
                                     "Hide them from the register, keeping their data (Edit → Undo puts it back)")
        self.erase_button = button("&Erase…", "Erase the selected people", self.erase_selected,
                                   "Remove their personal data for good, keeping the figures")
        self.export_button = button("E&xport…", "Export the list", self.export,
                                    "Save the list shown as CSV or XLSX")
        actions = QHBoxLayout()
        for widget in (self.keep_button, self.archive_button, self.erase_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        actions.addWidget(self.export_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        actions.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(actions)
        self.resize(1040, 560)
        self._update_buttons()
        self.refresh()

    # --- loading ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        ctx, months, due_only = self.env.ctx, self.months.value(), self.due_only.isChecked()
        header = self.table.horizontalHeader()
        column, order = max(0, header.sortIndicatorSection()), header.sortIndicatorOrder()
        self.status.setText("Reviewing…")
        self.refresh_button.setEnabled(False)
        self._sort_generation += 1          # a sort still running is of the old list
        self._sorting = None
        generation = self._sort_generation

        def job(progress):
            rows = retention_review(ctx, months, progress=progress)
            rows = [r for r in rows if DUE in r.reasons] if due_only else rows
            return rows if (column, order) == (0, Qt.SortOrder.AscendingOrder) else sort_rows(rows, column, order)
        self.env.jobs.run(job, label="Reviewing retention",
                          on_done=lambda rows: generation == self._sort_generation and self._loaded(rows),
                          on_error=lambda exc: generation == self._sort_generation and self._failed(exc))

    def done(self, result: int) -> None:
        """Closed: let go of the list (tens of thousands of rows, which every full garbage collection
        would otherwise walk for as long as the window is open) and ignore any answer still on its way."""
        self._sort_generation += 1
        self._sorting = None
        self.model.set_rows([])
        super().done(result)

    def _sort_in_background(self, column: int, order: Qt.SortOrder) -> None:
        rows = list(self.model.rows)
        if not rows or self._sorting == (column, order):   # a list being built comes sorted by the heading;
            return                                           # one click asks twice (header and view)
        self._sorting = (column, order)
        self._sort_generation += 1
        generation = self._sort_generation
        self.env.jobs.run(lambda _p: sort_rows(rows, column, order), label="Sorting the review", show_progress=False,
                          on_done=lambda done: self._sorted(generation, done))

    def _sorted(self, generation: int, rows: list[ReviewRow]) -> None:
        if generation == self._sort_generation:
            self._sorting = None
            self.model.reorder(rows)

    def _loaded(self, rows: list[ReviewRow]) -> None:
        self.model.set_rows(rows)           # already sorted by the worker: nothing heavy on the GUI thread
        self.refresh_button.setEnabled(True)
        noun = "person" if len(rows) == 1 else "people"
        text = f"{len(rows):,} {noun} to review." if rows else "No one is due for a retention review."
        self.status.setText(f"{self._note} {text}" if self._note else text)
        self._note = ""
        self._update_buttons()

    def _failed(self, exc: BaseException) -> None:
        self.refresh_button.setEnabled(True)
        self.status.setText("The review could not be made.")
        prompts.error(self, prompts.describe_error(exc))

    # --- actions --------------------------------------------------------------------------------------
    def selected(self) -> list[ReviewRow]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.row(r) for r in rows if self.model.row(r) is not None]

    def _update_buttons(self) -> None:
        chosen = bool(self.selected())
        for widget in (self.keep_button, self.archive_button, self.erase_button):
            widget.setEnabled(chosen)
        self.export_button.setEnabled(self.model.rowCount() > 0)

    def keep_selected(self) -> None:
        ids = [r.id for r in self.selected()]
        if ids:
            new = keep_for_another_year(self.env.ctx, ids)
            self._note = f"Kept {len(ids)} until {new:%d/%m/%Y} (Edit → Undo puts it back)."
            self.env.announce(Change.PERSON)
            self.refresh()

    def archive_selected(self) -> None:
        ids = [r.id for r in self.selected() if not r.archived]
        if ids:
            people_service.set_archived(self.env.ctx, ids, True)
            self._note = f"Archived {len(ids)} (Edit → Undo puts it back)."
            self.env.announce(Change.PERSON)
            self.refresh()

    def erase_selected(self) -> None:
        ids = [r.id for r in self.selected()]
        erase(self.env, self, ids, on_done=self.refresh)

    def export(self) -> None:
        ask_and_export(self, self.env, "Export the retention review", "retention-review.xlsx",
                       lambda: review_table(self.model.rows))
