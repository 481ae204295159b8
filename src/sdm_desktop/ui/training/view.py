"""Training: programmes, cohorts and sessions, participants, attendance, evaluation and the cascade."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sdm_desktop.services.core.changes import PEOPLE, Change
from sdm_desktop.services.core.text import counted
from sdm_desktop.services.core.versions import RecordChanged
from sdm_desktop.services.training import cohorts
from sdm_desktop.services.training import programmes as training
from sdm_desktop.services.training.enrolment import settle_past_cohorts
from sdm_desktop.ui import prompts
from sdm_desktop.ui.common.tables.column_fit import ColumnFit
from sdm_desktop.ui.common.tables.rows_table import RowColumn, RowsModel
from sdm_desktop.ui.common.tables.table_helpers import (
    FOCUSED,
    SINGLE,
    ask_export_path,
    button,
    menu_button,
    prepare_table,
    run_export,
    shortcut,
)
from sdm_desktop.ui.common.view_base import View
from sdm_desktop.ui.training.attendance import AttendancePanel
from sdm_desktop.ui.training.cascade import CascadePanel
from sdm_desktop.ui.training.cohort import CohortPanel
from sdm_desktop.ui.training.dialogs import ProgrammeDialog
from sdm_desktop.ui.training.evaluation import EvaluationPanel
from sdm_desktop.ui.training.participants import ParticipantsPanel

COHORT_COLUMNS = [
    RowColumn("Cohort", lambda c: c.name, 195, shrink_to=150,
              tooltip=lambda c: c.name + (f"; run by trainer {c.trainer_name}" if c.trainer_name else "")),
    RowColumn("Starts", lambda c: c.start_date, 78),
    RowColumn("Places", lambda c: f"{c.places_taken}/{c.capacity}" + (f" +{c.waiting}" if c.waiting else ""), 66,
              tooltip=lambda c: f"{c.places_taken} of {c.capacity} places taken; {c.waiting} on the waiting list. "
                                f"{c.types_text}"),
    RowColumn("Trainer", lambda c: c.trainer_name, 130, shrink_to=90),
    RowColumn("Participants by type", lambda c: c.types_text, 200, drop_order=1),   # also the Places tooltip
]
COHORT, PARTICIPANTS, ATTENDANCE, EVALUATION, CASCADE = range(5)


class TrainingView(View):
    title = "Training"

    def __init__(self, env, parent=None):
        super().__init__(env, parent)
        layout = QVBoxLayout(self)
        layout.addLayout(self._programme_bar())
        self.programme_info = QLabel()
        self.programme_info.setWordWrap(True)
        self.programme_info.setAccessibleName("About the programme")
        layout.addWidget(self.programme_info)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("training-splitter")
        self.splitter.addWidget(self._cohort_list())
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Cohort pages")
        self.cohort_panel = CohortPanel(env)
        self.participants = ParticipantsPanel(env)
        self.attendance = AttendancePanel(env)
        self.evaluation = EvaluationPanel(env)
        self.cascade = CascadePanel(env)
        for widget, text in ((self.cohort_panel, "&Cohort"), (self.participants, "&Participants"),
                             (self.attendance, "A&ttendance"), (self.evaluation, "Eva&luation"),
                             (self.cascade, "C&ascade")):
            self.tabs.addTab(widget, text)
        self.tabs.currentChanged.connect(lambda _i: self._refresh_tab())
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([420, 840])
        layout.addWidget(self.splitter, 1)
        self._cohort_load = 0
        self._select_after_save: int | None = None
        self.cohort_panel.saved.connect(self._cohort_saved)
        env.bus.changed.connect(self._on_changed)
        self._restore_layout()
        self.reload_programmes()

    # --- building ---------------------------------------------------------------------------
    def _programme_bar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        label = QLabel("Pro&gramme:")
        self.programme = QComboBox()
        self.programme.setAccessibleName("Programme")
        self.programme.setMinimumContentsLength(28)
        self.programme.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        label.setBuddy(self.programme)
        self.programme.currentIndexChanged.connect(lambda _i: self._programme_chosen())
        row.addWidget(label)
        row.addWidget(self.programme)
        row.addWidget(menu_button("Pr&ogramme", "Programme actions", [
            ("&New programme…", self.new_programme), ("&Edit programme…", self.edit_programme),
            ("&Delete programme", self.delete_programme), ("-", None),
            ("E&xport the cohorts shown…", self.export_cohorts)],
            "New, edit or delete a programme; export the cohorts listed as CSV or XLSX"))
        row.addStretch(1)
        return row

    def _cohort_list(self) -> QWidget:
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        self.cohorts = RowsModel(COHORT_COLUMNS, self)
        self.cohort_table = prepare_table(QTableView(), self.cohorts, "Cohorts of the programme", selection=SINGLE)
        self.cohort_table.setWordWrap(True)          # whole cohort names: they often differ only at the end
        self.cohort_table.setMinimumWidth(300)
        # Two lines per row (not ResizeToContents, which measures every row: a cascade has thousands).
        self.cohort_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.cohort_table.verticalHeader().setDefaultSectionSize(2 * self.cohort_table.fontMetrics().lineSpacing() + 8)
        self.cohort_table.column_fit = ColumnFit.of_columns(self.cohort_table, COHORT_COLUMNS)
        self.cohort_table.selectionModel().currentRowChanged.connect(lambda cur, _p: self._cohort_picked(cur.row()))
        box.addWidget(self.cohort_table, 1)
        row = QHBoxLayout()
        row.addWidget(button("Ne&w cohort", "New cohort", self.new_cohort, name_as_tip=True))
        row.addWidget(button("Delete cohort", "Delete selected cohort", self.delete_cohort,
                             "Delete the selected cohort (Delete)"))
        shortcut(QKeySequence.StandardKey.Delete, self.cohort_table, self.delete_cohort, FOCUSED)
        row.addStretch(1)
        box.addLayout(row)
        return holder

    # --- programmes -------------------------------------------------------------------------
    def programme_id(self) -> int | None:
        return self.programme.currentData()

    def reload_programmes(self, select: int | None = None) -> None:
        keep = select or self.programme_id()
        self.programme.blockSignals(True)
        self.programme.clear()
        for p in training.list_programmes(self.env.ctx):
            self.programme.addItem(p.name + (" (train-the-trainer)" if p.is_train_the_trainer else ""), p.id)
        self.programme.setCurrentIndex(max(0, self.programme.findData(keep)))
        self.programme.blockSignals(False)
        self._programme_changed()

    def _programme_chosen(self) -> None:
        """The user picked another programme: the cohort being edited is settled first (Cancel stays)."""
        if not self.unsaved_changes_settled():
            self.programme.blockSignals(True)
            self.programme.setCurrentIndex(max(0, self.programme.findData(self.cohort_panel.programme_id)))
            self.programme.blockSignals(False)
            return
        self._programme_changed()

    def _programme_changed(self) -> None:
        pid = self.programme_id()
        if pid is None:
            self.programme_info.setText("No programmes yet: press New programme… to add one.")
            self.programme_info.setToolTip("")
        else:
            p = training.get_programme(self.env.ctx, pid)
            kind = "Train-the-trainer: completing it makes a person a trainer. " if p.is_train_the_trainer else ""
            outcomes = p.outcomes_list
            listed = "Learning outcomes:\n" + "\n".join(f"• {o}" for o in outcomes) if outcomes else ""
            self.programme_info.setText(f"{kind}{p.sessions_required} session{'s' if p.sessions_required != 1 else ''} "
                                        f"needed to complete. {p.description or ''}"
                                        + (f" {len(outcomes)} learning outcome{'s' if len(outcomes) != 1 else ''} "
                                           "(point here to read them)." if outcomes else ""))
            self.programme_info.setToolTip(listed)
            self.programme_info.setAccessibleDescription(listed)
        self.reload_cohorts()
        self.cascade.show_programme(pid)

    def new_programme(self) -> None:
        dialog = ProgrammeDialog(self.env, parent=self)
        if dialog.exec() and dialog.saved_id:
            self.reload_programmes(dialog.saved_id)
            self.env.announce(Change.TRAINING)

    def edit_programme(self) -> None:
        pid = self.programme_id()
        if pid is None:
            return
        dialog = ProgrammeDialog(self.env, pid, self)
        if dialog.exec():
            self.reload_programmes(pid)
            self.env.announce(Change.TRAINING)

    def delete_programme(self) -> None:
        pid = self.programme_id()
        if pid is None:
            return
        p = training.get_programme(self.env.ctx, pid)
        if prompts.confirm(self, f"Delete {p.name} with its {counted(p.cohort_count, 'cohort')}, their enrolments and "
                                 "attendance?\n\nCtrl+Z undoes this until you close SDM Desktop.",
                           "Delete programme", yes="Delete", no="Keep"):
            try:
                training.delete_programme(self.env.ctx, pid, expected_version=p.row_version)
            except RecordChanged as exc:
                prompts.warn(self, str(exc), "Programme not deleted")
            self.reload_programmes()
            self.env.announce(Change.TRAINING)

    # --- cohorts ----------------------------------------------------------------------------
    def reload_cohorts(self, select: int | None = None) -> None:
        """Load the programme's cohorts off the GUI thread (a large cascade has thousands); the newest
        load wins. Cohorts that have finished are settled first, so no-shows read "Did not attend"."""
        keep = select or self.cohort_id()
        ctx, programme_id = self.env.ctx, self.programme_id()
        self._cohort_load += 1
        load = self._cohort_load

        def job(_progress):
            settle_past_cohorts(ctx)
            return cohorts.list_cohorts(ctx, programme_id) if programme_id else []
        self.env.jobs.run(job, label="Loading cohorts", show_progress=False,
                          on_done=lambda rows: self._show_cohorts(rows, keep) if load == self._cohort_load else None)

    def _show_cohorts(self, rows: list, keep: int | None) -> None:
        panel = self.cohort_panel
        if panel.dirty and panel.programme_id == self.programme_id():
            # a refresh (the view shown again, a change elsewhere) never throws away what is being typed
            self.cohort_table.selectionModel().blockSignals(True)
            self.cohorts.set_rows(rows)
            self.cohort_table.selectionModel().blockSignals(False)
            self._select_quietly(panel.cohort_id)
            return
        self.cohorts.set_rows(rows)
        row = next((i for i, c in enumerate(rows) if c.id == keep), 0 if rows else -1)
        if row >= 0:
            self.cohort_table.setCurrentIndex(self.cohorts.index(row, 0))
            self.cohort_table.selectRow(row)
        self._cohort_chosen(row)

    def _select_quietly(self, cohort_id: int | None) -> None:
        """Show ``cohort_id`` as the chosen cohort (none: a new one) without opening it again."""
        row = next((i for i, c in enumerate(self.cohorts.rows) if c.id == cohort_id), -1) if cohort_id else -1
        selection = self.cohort_table.selectionModel()
        selection.blockSignals(True)
        self.cohort_table.clearSelection()
        self.cohort_table.setCurrentIndex(self.cohorts.index(row, 0) if row >= 0 else self.cohorts.index(-1, -1))
        if row >= 0:
            self.cohort_table.selectRow(row)
        selection.blockSignals(False)
        self.cohort_table.viewport().update()       # with its signals blocked the table did not repaint

    def cohort_id(self) -> int | None:
        row = self.cohorts.row(self.cohort_table.currentIndex().row())
        return row.id if row else None

    def _cohort_picked(self, row: int) -> None:
        """The user moved to another cohort in the list: the one being edited is settled first."""
        cohort = self.cohorts.row(row)
        chosen = cohort.id if cohort else None
        if chosen == self.cohort_panel.cohort_id and self.cohort_panel.dirty:
            return
        if chosen != self.cohort_panel.cohort_id and not self.unsaved_changes_settled(then_show=chosen):
            editing = self.cohort_panel.cohort_id
            QTimer.singleShot(0, lambda: self._select_quietly(editing))     # once the table has moved on
            return
        self._cohort_chosen(row)

    def unsaved_changes_settled(self, then_show: int | None = None) -> bool:
        """Offer to save the cohort's details before they are replaced. False: the user chose Cancel."""
        panel = self.cohort_panel
        if not panel.dirty:
            return True
        answer = prompts.save_discard_cancel(self, "You have unsaved changes to the cohort. Save them?")
        if answer == "save":
            self._select_after_save = then_show
            try:
                return panel.save()
            finally:
                self._select_after_save = None
        if answer == "discard":
            panel.forget_changes()
        return answer == "discard"

    def _cohort_chosen(self, row: int) -> None:
        cohort = self.cohorts.row(row)
        self.cohort_panel.edit(cohort.id if cohort else None, self.programme_id())
        self.participants.show_cohort(cohort.id if cohort else None, cohort.name if cohort else "")
        self._refresh_tab()

    def _refresh_tab(self) -> None:
        cohort_id = self.cohort_id()
        page = self.tabs.currentIndex()
        if page == ATTENDANCE:
            self.attendance.show_cohort(cohort_id)
        elif page == EVALUATION:
            self.evaluation.show_cohort(cohort_id)
        elif page == PARTICIPANTS:
            self.participants.show_cohort(cohort_id, self.participants.cohort_name)
        elif page == CASCADE:
            self.cascade.reload_if_needed()       # worked out again only when the scope or the data changed

    def new_cohort(self) -> None:
        if self.programme_id() is None:
            prompts.info(self, "Add a programme first.")
            return
        if not self.unsaved_changes_settled():
            return
        self._select_quietly(None)
        self.cohort_panel.edit(None, self.programme_id())
        self.tabs.setCurrentIndex(COHORT)
        self.cohort_panel.f.widgets["name"].setFocus()

    def _cohort_saved(self, cohort_id: int) -> None:
        self.reload_cohorts(self._select_after_save or cohort_id)

    def export_cohorts(self) -> None:
        target = ask_export_path(self, self.env, "Export the cohorts shown", "cohorts.xlsx")
        if target:
            self.export_cohorts_to(target)

    def export_cohorts_to(self, target) -> None:
        table = self.cohorts.as_table("Cohorts")          # taken now: exactly what the list shows
        run_export(self.env, target, lambda: table,
                   lambda n: self.programme_info.setText(f"Exported {counted(n, 'cohort')} to {target}"))

    def delete_cohort(self) -> None:
        cohort = self.cohorts.row(self.cohort_table.currentIndex().row())
        if cohort is None:
            return
        people = cohort.places_taken + cohort.waiting
        sessions = len(cohort.sessions)
        if prompts.confirm(self, f"Delete {cohort.name} with its {sessions} session{'s' if sessions != 1 else ''}, "
                                 f"{people} {'person' if people == 1 else 'people'} holding a place or waiting, "
                                 "their attendance and the evaluation?"
                                 "\n\nCtrl+Z undoes this until you close SDM Desktop.",
                           "Delete cohort", yes="Delete", no="Keep"):
            try:
                cohorts.delete_cohort(self.env.ctx, cohort.id, expected_version=cohort.row_version)
            except RecordChanged as exc:
                prompts.warn(self, str(exc), "Cohort not deleted")
            self.reload_cohorts()
            self.env.announce(Change.TRAINING)

    # --- refresh and layout -----------------------------------------------------------------
    def _on_changed(self, what: Change) -> None:
        if what in PEOPLE or what is Change.TRAINING:
            self.cascade.mark_stale()
        if not self.isVisible():          # activated() reloads the programmes and cohorts when it is shown
            return
        if what in PEOPLE:
            self.reload_programmes()
        elif what is Change.TRAINING:
            self._update_cohort_counts()

    def _update_cohort_counts(self) -> None:
        """Something in the chosen cohort changed: refresh its line only (a programme may have thousands)."""
        row = self.cohort_table.currentIndex().row()
        current = self.cohorts.row(row)
        if current is None:
            return
        try:
            self.cohorts.rows[row] = cohorts.get_cohort(self.env.ctx, current.id)
        except LookupError:
            self.reload_cohorts()
            return
        self.cohorts.dataChanged.emit(self.cohorts.index(row, 0), self.cohorts.index(row, len(COHORT_COLUMNS) - 1))

    def activated(self) -> None:
        self.reload_programmes()

    def save_layout(self) -> None:
        self.env.settings.setValue("training/splitter", self.splitter.saveState())

    def _restore_layout(self) -> None:
        state = self.env.settings.value("training/splitter")
        if isinstance(state, QByteArray):
            self.splitter.restoreState(state)

    def nav_badge(self) -> str:
        return ""
