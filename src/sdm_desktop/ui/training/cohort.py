"""The Cohort tab: details (dates, venue or online, facilitators, capacity, trainer) and sessions."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sdm_desktop.errors import UserError
from sdm_desktop.services.core.changes import PEOPLE, Change
from sdm_desktop.services.core.dates import DateTextError
from sdm_desktop.services.core.validation import ValidationError
from sdm_desktop.services.core.versions import RecordChanged
from sdm_desktop.services.training import cohorts as training
from sdm_desktop.services.training import sessions as training_sessions
from sdm_desktop.services.training.cascade import trainer_choices
from sdm_desktop.ui import prompts
from sdm_desktop.ui.calendar.actions import calendar_button, cohort_invitations
from sdm_desktop.ui.common.date_field import DateTimeField
from sdm_desktop.ui.common.form import FormFields
from sdm_desktop.ui.common.tables.rows_table import RowColumn, RowsModel
from sdm_desktop.ui.common.tables.table_helpers import FOCUSED, ask_and_export, button, prepare_table, shortcut
from sdm_desktop.ui.common.versioned_editor import VersionedEditor
from sdm_desktop.ui.training.trainer_choices import TrainerChoices
from sdm_desktop.ui.unsaved import shown_values

SESSION_COLUMNS = [
    RowColumn("Date and time", lambda s: f"{s.starts_at:%a %d %b %Y, %H:%M}", 190),
    RowColumn("Minutes", lambda s: s.duration_minutes, 70),
    RowColumn("Topic", lambda s: s.topic, 300),
]


def next_session_at(cohort) -> datetime:
    """A likely time for the next session: a week after the last one, else the cohort's first day at 10:00
    (today when the cohort has no dates), so it falls within the cohort's dates."""
    sessions = getattr(cohort, "sessions", None) or []
    if sessions:
        return sessions[-1].starts_at + timedelta(days=7)
    return datetime.combine(cohort.start_date or date.today(), time(10, 0))


class CohortPanel(VersionedEditor, QWidget):
    """Edit one cohort (or a new one for the chosen programme) and its sessions. A colleague's save of the
    cohort since it was opened shows the field-by-field merge (versioned_editor)."""

    saved = Signal(int)
    table, noun = "cohort", "cohort"

    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.programme_id: int | None = None
        self._trainer_names: dict[int, str] = {}
        self._trainers_stale = True
        env.bus.changed.connect(self._on_changed)
        layout = QVBoxLayout(self)
        self.details = details = QGroupBox("Cohort details")
        form = QFormLayout(details)
        self.f = FormFields(form)
        self.f.line("name", "Na&me", 200, "e.g. Train-the-trainer — Spring 2026")
        self.f.date("start_date", "&Starts")
        self.f.date("end_date", "E&nds")
        self.f.line("venue", "Ven&ue", 300, "Hall, room, or the video link's name")
        self.f.check("online", "Online", "Held online (video call)")       # its letters went to the buttons
        self.f.line("facilitators", "Facilitators", 300)
        capacity = QSpinBox()
        capacity.setRange(1, training.MAX_CAPACITY)
        self.f.add("capacity", "Capacity (max places)", capacity)
        self.trainer = QComboBox()
        self.trainer_choices = TrainerChoices(self)
        self.trainer.setModel(self.trainer_choices)
        self.trainer.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.trainer.setMinimumContentsLength(24)      # never measure thousands of names
        self.trainer.view().setUniformItemSizes(True)
        self.trainer.setToolTip("A cascade cohort is run by someone who completed a train-the-trainer programme; "
                                "its participants are recorded as trained by them.")
        self.f.add("trainer_person_id", "Run &by trainer", self.trainer)
        self.save_button = button("Save coho&rt", "Save cohort", self.save, name_as_tip=True)
        form.addRow("", self.save_button)
        layout.addWidget(details)
        layout.addWidget(self._sessions_box(), 1)
        self.setEnabled(False)
        self._shown = self._showing()

    # --- unsaved changes --------------------------------------------------------------------
    def _showing(self) -> tuple:
        """What the details hold now, as text (a date typed wrongly still counts as a change); the trainer by
        its id, as its place in the list moves when the list of trainers arrives."""
        return shown_values(self.details, ignore=(self.trainer,)), self.trainer.currentData()

    @property
    def dirty(self) -> bool:
        """True when the details differ from what was opened or last saved."""
        return self.isEnabled() and self._showing() != self._shown

    def forget_changes(self) -> None:
        self._shown = self._showing()

    def _sessions_box(self) -> QGroupBox:
        box = QGroupBox("Sessions")
        layout = QVBoxLayout(box)
        self.sessions = RowsModel(SESSION_COLUMNS, self)
        self.session_table = prepare_table(QTableView(), self.sessions, "Sessions")
        for i, column in enumerate(SESSION_COLUMNS):
            self.session_table.setColumnWidth(i, column.width)
        self.session_table.selectionModel().currentRowChanged.connect(lambda cur, _p: self._session_chosen(cur.row()))
        layout.addWidget(self.session_table, 1)
        row = QHBoxLayout()
        self.when = DateTimeField(datetime.combine(date.today(), time(10, 0)))
        self.when.setAccessibleName("New session")
        self.minutes = QSpinBox()
        self.minutes.setRange(10, 24 * 60)
        self.minutes.setSingleStep(15)
        self.minutes.setValue(120)
        self.minutes.setSuffix(" min")
        self.minutes.setAccessibleName("New session length in minutes")
        self.topic = QLineEdit()
        self.topic.setPlaceholderText("Topic")
        self.topic.setAccessibleName("New session topic")
        self.topic.setMinimumWidth(160)
        self.topic.returnPressed.connect(self.add_session)
        label = QLabel("New session:")
        label.setBuddy(self.when)
        for widget in (label, self.when, self.minutes):
            row.addWidget(widget)
        row.addWidget(self.topic, 1)
        layout.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(button("A&dd session", "Add session", self.add_session, name_as_tip=True))
        row.addWidget(button("Update sess&ion", "Update selected session with these values", self.update_session,
                             name_as_tip=True))
        row.addWidget(button("Remove session", "Remove selected session", self.remove_session,
                             "Remove the selected session (Delete)"))
        shortcut(QKeySequence.StandardKey.Delete, self.session_table, self.remove_session, FOCUSED)
        row.addStretch(1)
        self.calendar_button = calendar_button(self, self.calendar_invitations)
        row.addWidget(self.calendar_button)
        row.addWidget(button("E&xport sessions…", "Export the sessions shown",
                             lambda: ask_and_export(self, self.env, "Export the sessions shown", "sessions.xlsx",
                                                    lambda: self.sessions.as_table("Sessions")),
                             name_as_tip=True))
        layout.addLayout(row)
        return box

    # --- loading ----------------------------------------------------------------------------
    def _fill_trainers(self, current: int | None, current_name: str = "") -> None:
        """Choose the cohort's trainer. The list of trainers (thousands in a large cascade) is loaded off the
        GUI thread once, and again after changes; meanwhile the cohort's own trainer is always in the list."""
        self.trainer.setCurrentIndex(self.trainer_choices.ensure(current, current_name))
        if self._trainers_stale:
            self._trainers_stale = False
            ctx = self.env.ctx
            self.env.jobs.run(lambda _progress: trainer_choices(ctx), label="Loading trainers", show_progress=False,
                              on_done=self._trainers_loaded)

    def _trainers_loaded(self, choices: list[tuple[int, str]]) -> None:
        chosen, chosen_name = self.trainer.currentData(), self.trainer.currentText()
        self.trainer.blockSignals(True)
        self.trainer_choices.set_choices(choices)
        self.trainer.setCurrentIndex(self.trainer_choices.ensure(chosen, chosen_name))   # kept if no longer a trainer
        self.trainer.blockSignals(False)

    def _on_changed(self, what: Change) -> None:
        if what in PEOPLE or what is Change.TRAINING:
            self._trainers_stale = True        # someone may have completed, or a name changed

    @property
    def cohort_id(self) -> int | None:
        return self.record_id

    @cohort_id.setter
    def cohort_id(self, value: int | None) -> None:
        self.record_id = value

    def load(self, record_id: int) -> training.CohortInput:
        """The cohort's details now (its sessions and counts are shown apart from the form)."""
        self._row = row = training.get_cohort(self.env.ctx, record_id)
        self._trainer_names[row.trainer_person_id] = row.trainer_name
        return training.CohortInput(row.programme_id, row.name, row.start_date, row.end_date, row.venue, row.online,
                                    row.facilitators, row.capacity, row.trainer_person_id)

    def show_values(self, data: training.CohortInput) -> None:
        for name in ("name", "start_date", "end_date", "venue", "online", "facilitators"):
            self.f.set(name, getattr(data, name))
        self.f.widgets["capacity"].setValue(data.capacity)
        self._fill_trainers(data.trainer_person_id, self._trainer_names.get(data.trainer_person_id, ""))

    def shown_as(self, name: str, value) -> str:
        if name == "trainer_person_id":
            return self._trainer_names.get(value) or ("(none)" if value is None else f"person {value}")
        return super().shown_as(name, value)

    def edit(self, cohort_id: int | None, programme_id: int | None) -> None:
        self.programme_id = programme_id
        self.setEnabled(programme_id is not None)
        self._row = None
        loaded = self.open_record(cohort_id)
        data = self._row or training.CohortInput(programme_id)
        self.show_values(loaded or data)
        self.f.show_errors({})
        self.sessions.set_rows(data.sessions if cohort_id else [])
        self.when.set_value(next_session_at(data))
        for widget in (self.when, self.minutes, self.topic, self.session_table):
            widget.setEnabled(cohort_id is not None)
        self.forget_changes()

    def value(self) -> training.CohortInput:
        return training.CohortInput(
            self.programme_id, self.f.get("name") or "", self.f.get("start_date"), self.f.get("end_date"),
            self.f.get("venue"), self.f.get("online"), self.f.get("facilitators"),
            self.f.widgets["capacity"].value(), self.trainer.currentData())

    def save(self) -> bool:
        ctx = self.env.ctx
        try:
            if self.cohort_id:
                training.update_cohort(ctx, self.cohort_id, self.value(), expected_version=self.loaded_version)
            else:
                self.cohort_id = training.create_cohort(ctx, self.value())
        except RecordChanged as exc:
            return self.settle_conflict(exc, self.save)
        except ValidationError as exc:
            self.f.show_errors(exc.errors)
            return False
        except UserError as exc:
            prompts.warn(self, str(exc), "Cohort not saved")
            return False
        self.f.show_errors({})
        self.forget_changes()
        # The next save from this form starts from the version this one left (exact, from the undo step)
        self.loaded = self.value()
        self.loaded_version = (self.env.ctx.undo.version_written(self.cohort_id, "cohort")
                               or self.version(self.cohort_id))
        self.env.announce(Change.TRAINING)
        prompts.saved(self, "cohort")
        self.saved.emit(self.cohort_id)
        return True

    def add_session(self) -> None:
        if not self.cohort_id:
            return
        try:
            when = self.when.value()
            training_sessions.add_session(self.env.ctx, self.cohort_id,
                                 training.SessionInput(when.replace(second=0, microsecond=0), self.minutes.value(),
                                                       self.topic.text()))
        except (ValidationError, UserError, DateTextError) as exc:
            prompts.warn(self, str(exc), "Session not added")
            return
        self.topic.clear()
        self.when.set_value(when + timedelta(days=7))
        self._reload_sessions()
        self.env.announce(Change.TRAINING)

    def _session_chosen(self, row: int) -> None:
        session = self.sessions.row(row)
        if session is not None:
            self.when.set_value(session.starts_at)
            self.minutes.setValue(session.duration_minutes)
            self.topic.setText(session.topic or "")

    def update_session(self) -> None:
        row = self.sessions.row(self.session_table.currentIndex().row())
        if row is None:
            prompts.info(self, "Select the session to change, edit its date, length or topic, then press Update.")
            return
        try:
            when = self.when.value()
            training_sessions.update_session(self.env.ctx, row.id, training.SessionInput(
                when.replace(second=0, microsecond=0), self.minutes.value(), self.topic.text()),
                expected_version=row.row_version)
        except (ValidationError, UserError, DateTextError) as exc:       # RecordChanged too: the list then shows theirs
            prompts.warn(self, str(exc), "Session not changed")
            self._reload_sessions()
            return
        self._reload_sessions()
        self.env.announce(Change.TRAINING)

    def remove_session(self) -> None:
        row = self.sessions.row(self.session_table.currentIndex().row())
        if row is None:
            return
        if not prompts.confirm(self, f"Remove the session on {row.starts_at:%d %b %Y} and its attendance ticks?",
                               "Remove session", yes="Remove", no="Keep"):
            return
        try:
            training_sessions.delete_session(self.env.ctx, row.id, expected_version=row.row_version)
        except RecordChanged as exc:
            prompts.warn(self, str(exc), "Session not removed")
        self._reload_sessions()
        self.env.announce(Change.TRAINING)

    def _reload_sessions(self) -> None:
        self.sessions.set_rows(training.get_cohort(self.env.ctx, self.cohort_id).sessions)

    def calendar_invitations(self) -> None:
        """The cohort's sessions as .ics files, and an invitation for each participant."""
        name = training.get_cohort(self.env.ctx, self.cohort_id).name if self.cohort_id else None
        cohort_invitations(self, self.env, name)
