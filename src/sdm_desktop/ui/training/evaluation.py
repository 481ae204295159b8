"""The Evaluation tab (Kirkpatrick): reaction and confidence scores per participant, notes per level."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sdm_desktop.errors import UserError
from sdm_desktop.services.core.dates import DateTextError
from sdm_desktop.services.core.versions import RecordChanged
from sdm_desktop.services.training import enrolment, evaluation
from sdm_desktop.ui import prompts
from sdm_desktop.ui.common.date_field import DateField
from sdm_desktop.ui.common.tables.rows_table import RowColumn, RowsModel
from sdm_desktop.ui.common.tables.table_helpers import ask_and_export, button, prepare_table

LEVELS = dict(evaluation.KIRKPATRICK_LEVELS)


class EvaluationPanel(QWidget):
    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.cohort_id: int | None = None
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setAccessibleName("Evaluation summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        scores = QGroupBox("Reaction (1–5) and learning: confidence before and after (1–10); 0 clears a score")
        box = QVBoxLayout(scores)
        self.scores = RowsModel([
            RowColumn("Participant", lambda r: r.name, 200),
            RowColumn("Reaction", lambda r: r.reaction_score, 90, edit=self._setter("reaction_score")),
            RowColumn("Confidence before", lambda r: r.confidence_before, 130, edit=self._setter("confidence_before")),
            RowColumn("Confidence after", lambda r: r.confidence_after, 130, edit=self._setter("confidence_after")),
        ], self, on_error=lambda m: prompts.warn(self, m, "Score not saved"))
        self.score_table = prepare_table(QTableView(), self.scores, "Evaluation scores", whole_rows=False,
                                         edit_triggers=QAbstractItemView.EditTrigger.AllEditTriggers)
        for i, column in enumerate(self.scores.columns):
            self.score_table.setColumnWidth(i, column.width)
        box.addWidget(self.score_table)
        box.addWidget(button("E&xport scores…", "Export the scores shown",
                             lambda: ask_and_export(self, self.env, "Export the scores shown", "evaluation.xlsx",
                                                    lambda: self.scores.as_table("Scores")),
                             name_as_tip=True))
        layout.addWidget(scores, 3)
        layout.addWidget(self._notes_box(), 2)

    def _notes_box(self) -> QGroupBox:
        group = QGroupBox("Notes: behaviour and results (and anything on reaction or learning), with dates")
        box = QVBoxLayout(group)
        self.notes = RowsModel([
            RowColumn("Level", lambda n: LEVELS.get(n.level, n.level).split(":")[0], 110),
            RowColumn("Date", lambda n: n.recorded_on, 90),
            RowColumn("Notes", lambda n: n.notes, 500, tooltip=lambda n: n.notes),
        ], self)
        self.note_table = prepare_table(QTableView(), self.notes, "Evaluation notes")
        for i, column in enumerate(self.notes.columns):
            self.note_table.setColumnWidth(i, column.width)
        box.addWidget(self.note_table, 1)
        row = QHBoxLayout()
        self.level = QComboBox()
        self.level.setAccessibleName("Kirkpatrick level")
        for code, text in evaluation.KIRKPATRICK_LEVELS:
            self.level.addItem(text.split(":")[0], code)
            self.level.setItemData(self.level.count() - 1, text, 3)   # tooltip role
        self.level.setCurrentIndex(2)
        self.when = DateField(date.today(), required=True, words_beside=False)
        self.when.setAccessibleName("Date of the note")
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(3 * self.text.fontMetrics().lineSpacing() + 12)
        self.text.setPlaceholderText("New note: what changed, for whom, and how you know")
        self.text.setAccessibleName("Evaluation note")
        box.addWidget(self.text)                  # the note gets the panel's whole width
        row.addWidget(self.level)
        row.addWidget(self.when)
        row.addStretch(1)
        row.addWidget(button("Add &note", "Add evaluation note", self.add_note, name_as_tip=True))
        row.addWidget(button("&Delete note", "Delete selected evaluation note", self.delete_note, name_as_tip=True))
        row.addWidget(button("Export note&s…", "Export the notes shown",
                             lambda: ask_and_export(self, self.env, "Export the notes shown", "evaluation-notes.xlsx",
                                                    lambda: self.notes.as_table("Notes")),
                             name_as_tip=True))
        box.addLayout(row)
        return group

    def _setter(self, name: str):
        def store(row, value) -> None:
            number = int(value) if value not in (None, "") else 0
            try:
                row.row_version = enrolment.set_scores(self.env.ctx, row.id, expected_version=row.row_version,
                                                       **{name: number or None})
            except RecordChanged as exc:          # a colleague changed this participant: show theirs
                prompts.warn(self, str(exc), "Score not saved")
                self.reload()
                return
            setattr(row, name, number or None)
            self._show_summary()
        return store

    def show_cohort(self, cohort_id: int | None) -> None:
        self.cohort_id = cohort_id
        self.setEnabled(cohort_id is not None)
        self.reload()

    def reload(self) -> None:
        if not self.cohort_id:
            self.scores.set_rows([])
            self.notes.set_rows([])
            self.summary.setText("")
            return
        rows = [r for r in enrolment.list_enrolments(self.env.ctx, self.cohort_id)
                if r.status in ("enrolled", "attended", "completed", "did_not_attend")]
        self.scores.set_rows(rows)
        self.notes.set_rows(evaluation.list_notes(self.env.ctx, self.cohort_id))
        self._show_summary()

    def _show_summary(self) -> None:
        self.summary.setText(evaluation.summary(self.env.ctx, self.cohort_id).text())

    def add_note(self) -> None:
        try:
            evaluation.add_note(self.env.ctx, self.cohort_id, self.level.currentData(), self.when.value(),
                                self.text.toPlainText())
        except (UserError, DateTextError) as exc:
            prompts.warn(self, str(exc), "Note not added")
            return
        self.text.clear()
        self.reload()

    def delete_note(self) -> None:
        note = self.notes.row(self.note_table.currentIndex().row())
        if note is not None and prompts.confirm(self, "Delete this evaluation note?", "Delete note",
                                                yes="Delete", no="Keep"):
            try:
                evaluation.delete_note(self.env.ctx, note.id, expected_version=note.row_version)
            except RecordChanged as exc:
                prompts.warn(self, str(exc), "Note not deleted")
            self.reload()
