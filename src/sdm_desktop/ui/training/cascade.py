"""The Cascade tab: who trained whom as a tree, and each trainer's reach by participant type."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from sdm_desktop.errors import UserError
from sdm_desktop.services.core.text import counted
from sdm_desktop.services.core.vocab import PARTICIPANT_TYPES, label
from sdm_desktop.services.exporting.tables import write_table
from sdm_desktop.services.training.cascade import TYPES, cascade
from sdm_desktop.ui.common.tables.column_fit import ColumnFit
from sdm_desktop.ui.common.tables.rows_table import RowColumn, RowsModel
from sdm_desktop.ui.common.tables.table_helpers import button, prepare_table
from sdm_desktop.ui.training.cascade_tree import CascadeTreeModel

SHORT_TYPES = {"patient_rep": "Patient reps", "carer": "Carers", "clinician": "Clinicians", "manager": "Managers",
               "other": "Other"}
REACH_COLUMNS = [RowColumn("Trainer", lambda n: n.name, 200, shrink_to=130),
                 RowColumn("Trained directly", lambda n: n.direct, 110),
                 RowColumn("Reach in total", lambda n: n.total, 100)] + [
    RowColumn(SHORT_TYPES.get(code, label(PARTICIPANT_TYPES, code)), lambda n, i=i: n.total_by_type[i], 80,
              tooltip=lambda n, c=code: f"{label(PARTICIPANT_TYPES, c)}s reached in total")
    for i, code in enumerate(TYPES)]


_STALE = object()          # no tree shown yet, or the data changed since
EXPANDED_ROOTS = 50
EXPAND_SLICE_MS = 20       # Expand all works in slices of this long, then lets the window breathe
EXPAND_BRANCH = 1500       # ... and lays out at most about this many people in one step


class CascadePanel(QWidget):
    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.programme_id: int | None = None
        self._shown_scope: object = _STALE
        self._load = 0
        self._expanding: list[int] = []     # trainers still to expand, in order (Expand all)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.heading = QLabel()
        self.heading.setAccessibleName("Cascade summary")
        self.heading.setWordWrap(True)
        self.every_programme = QCheckBox("All p&rogrammes together")
        self.every_programme.setAccessibleName("Show the cascade across all programmes")
        self.every_programme.toggled.connect(lambda _c: self.reload_if_needed())
        top.addWidget(self.heading, 1)
        top.addWidget(self.every_programme)
        top.addWidget(button("Expan&d all", "Expand the whole tree", self.expand_all, name_as_tip=True))
        top.addWidget(button("E&xport reach…", "Export the reach table", self.export_reach, name_as_tip=True))
        layout.addLayout(top)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.tree_model = CascadeTreeModel(self)
        self.tree = QTreeView()
        self.tree.setAccessibleName("Cascade tree: who trained whom")
        self.tree.setModel(self.tree_model)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        for i, width in enumerate((215, 100, 90, 145, 70)):       # "Trained in" gets the rest (1366 wide)
            self.tree.setColumnWidth(i, width)
        self.reach_model = RowsModel(REACH_COLUMNS, self)
        self.reach = prepare_table(QTableView(), self.reach_model, "Each trainer's reach")
        self.reach.column_fit = ColumnFit.of_columns(self.reach, REACH_COLUMNS)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.reach)
        splitter.setSizes([400, 220])
        layout.addWidget(splitter, 1)

    def show_programme(self, programme_id: int | None) -> None:
        """The programme chosen in the view; the tree is worked out when the tab is on screen."""
        if programme_id != self.programme_id:
            self.programme_id = programme_id
            self._shown_scope = _STALE
        self.reload_if_needed()

    def mark_stale(self) -> None:
        """Training data changed: work the tree out again next time it is on screen."""
        self._shown_scope = _STALE
        self.reload_if_needed()

    def reload_if_needed(self) -> None:
        if self.isVisible() and self._scope() != self._shown_scope:
            self.reload()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.reload_if_needed()

    def _scope(self) -> int | None:
        return None if self.every_programme.isChecked() else self.programme_id

    def reload(self) -> None:
        """Compute the cascade off the GUI thread (large cascades take a few hundred ms): the tree, the row
        index the view needs and the reach table are all made in the job; the newest load wins."""
        scope, ctx = self._scope(), self.env.ctx
        self._shown_scope = scope
        self._load += 1
        load = self._load

        def job(_progress):
            tree = cascade(ctx, scope)
            tree.index_rows()
            return tree, tree.trainers_by_reach()
        self.env.jobs.run(job, label="Working out the cascade", show_progress=False,
                          on_done=lambda found: self._show(*found) if load == self._load else None,
                          on_error=lambda exc: self._refused(exc) if load == self._load else None)

    @property
    def expanding(self) -> bool:
        return bool(self._expanding)

    def expand_all(self) -> None:
        """Expand the whole tree a slice at a time: QTreeView.expandAll() asks the model about every
        person in one go (0.2-0.5 s for 50,000 people, the window frozen). Expanding a row lays out every
        row below it that is already marked expanded, so: first, while only the top rows show, every
        trainer inside a branch of at most EXPAND_BRANCH people is marked expanded (no layout: cheap);
        then, from the top down, the bigger branches are opened one level at a time and each small
        branch in one step."""
        cascade = self.tree_model.cascade
        if cascade is None:
            return
        self.tree.collapseAll()

        def trainers_under(person: int) -> list[int]:
            return [c for c in cascade.children_of(person) if cascade.children_of(c)]

        shown, hidden, level = [], [], [p for p in cascade.roots if cascade.children_of(p)]
        while level:                              # top down: big branches open one level at a time
            below = []
            for person in level:
                shown.append(person)
                if cascade.reach_of(person) > EXPAND_BRANCH:
                    below.extend(trainers_under(person))
                    continue
                stack = trainers_under(person)    # a small branch: everything in it is marked beforehand
                while stack:
                    inner = stack.pop()
                    hidden.append(inner)
                    stack.extend(trainers_under(inner))
            level = below
        self._expanding = shown[::-1] + hidden   # a stack: the hidden marks come off first, then top down
        QTimer.singleShot(0, self._expand_slice)

    def _expand_slice(self) -> None:
        deadline = time.perf_counter() + EXPAND_SLICE_MS / 1000
        pending, model = self._expanding, self.tree_model
        while pending:
            self.tree.expand(model.index_of(pending.pop()))
            if time.perf_counter() >= deadline:
                break
        if pending:
            QTimer.singleShot(0, self._expand_slice)

    def _refused(self, exc: BaseException) -> None:
        self._expanding = []
        self._shown_scope = _STALE
        self.tree_model.set_cascade(None)
        self.reach_model.set_rows([])
        self.heading.setText(f"⚠ {exc}" if isinstance(exc, UserError) else f"⚠ Could not work out the cascade: {exc}")

    def _show(self, tree, trainers) -> None:
        self._expanding = []                 # an Expand all of the tree shown before stops here
        self.tree_model.set_cascade(tree)
        self.reach_model.set_rows(trainers)
        self.heading.setText(f"{counted(len(tree), 'person', 'people')} trained, "
                             f"{counted(tree.generations, 'generation')}, {counted(len(trainers), 'trainer')} who "
                             "have trained others. Reach counts everyone down the tree from that trainer.")
        for row in range(min(self.tree_model.rowCount(), EXPANDED_ROOTS)):
            self.tree.expand(self.tree_model.index(row, 0))

    def export_reach(self) -> None:
        default = str(self.env.ctx.data_dir / "exports" / "training-reach.xlsx")
        target, _ = QFileDialog.getSaveFileName(self, "Export the reach table", default,
                                                "Excel workbook (*.xlsx);;CSV file (*.csv)")
        if target:
            table = self.reach_model.as_table("Reach")
            self.env.jobs.run(lambda progress: write_table(table, Path(target), progress),
                              label="Exporting reach",
                              on_done=lambda n: self.heading.setText(f"Exported {counted(n, 'row')}"))
