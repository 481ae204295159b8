"""Responses tab of the Consultation view: an activity's responses, filtered by words, theme, answer or "not coded
yet", with the whole of the chosen response below; import a survey export, type responses in, export them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sdm_desktop.services.consultation.export import responses_table
from sdm_desktop.services.consultation.privacy import delete_responses_due, responses_due
from sdm_desktop.services.consultation.responses import (
    SOURCE_NAMES,
    QuestionInfo,
    ResponseFilter,
    counts,
    list_questions,
    list_responses,
    theme_names,
)
from sdm_desktop.services.core.changes import Change
from sdm_desktop.services.core.text import counted
from sdm_desktop.ui.common.tables.rows_table import RowColumn, RowsModel
from sdm_desktop.ui.common.tables.table_helpers import (
    ask_export_path,
    button,
    debounce_timer,
    filter_combo,
    prepare_table,
    run_export,
    search_field,
)
from sdm_desktop.ui.prompts import confirm

LOOK_AGAIN = {Change.CONSULTATION, Change.IMPORT, Change.UNDO, Change.ALL}
ANY = "Any"
QUOTE = {True: "yes", False: "no"}


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


class ResponsesPanel(QWidget):
    """Shows one activity's consultation responses; the view calls show_activity when the activity changes."""

    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.activity_id: int | None = None
        self.questions: list[QuestionInfo] = []
        self._stale = False
        self._build()
        env.bus.changed.connect(self._changed)

    # --- building ---------------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        actions = QHBoxLayout()
        self.summary = QLabel("Choose an activity to see its responses.")
        self.summary.setAccessibleName("Responses summary")
        self.import_button = button("Imp&ort responses…", "Import responses", self.import_responses,
                                    "Import a Microsoft Forms, SmartSurvey, SurveyMonkey or Google Forms export")
        self.type_button = button("&Type responses…", "Type responses", self.type_responses,
                                  "Type or paste responses from paper forms or meeting notes, one after another")
        self.export_button = button("E&xport…", "Export responses", self.export_responses,
                                    "Save the responses shown, with their themes, as Excel or CSV")
        self.due_button = button("&Delete responses past review…", "Delete responses past review",
                                 self.delete_due, "Delete the responses whose retention review date has passed")
        self.due_button.hide()
        actions.addWidget(self.summary, 1)
        for widget in (self.due_button, self.import_button, self.type_button, self.export_button):
            actions.addWidget(widget)
        layout.addLayout(actions)
        layout.addLayout(self._filters())
        self.model = RowsModel([])
        self.table = prepare_table(QTableView(), self.model, "Responses", object_name="Responses", striped=True)
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.selectionModel().currentRowChanged.connect(lambda _c, _p: self._show_current())
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.detail.setAccessibleName("Chosen response")
        self.detail.setPlaceholderText("Choose a response to read all its answers here.")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout.addWidget(split, 1)
        self._enable()

    def _filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.timer = debounce_timer(self, 300, self.refresh)
        self.search = search_field("Search answers", "Search the answers…", self.timer, self.refresh)
        self.theme = filter_combo("Theme", self.refresh)
        self.question = filter_combo("Question to filter by", self._question_chosen, 16)
        self.answer = filter_combo("Answer", self.refresh)
        self.uncoded = QCheckBox("&Not coded yet")
        self.uncoded.setAccessibleName("Only responses not coded yet")
        self.uncoded.toggled.connect(lambda _on: self.refresh())
        for label, widget in (("&Search:", self.search), ("&With theme:", self.theme), ("&Question:", self.question),
                              ("&Answer:", self.answer)):
            caption = QLabel(label)
            caption.setBuddy(widget)
            row.addWidget(caption)
            row.addWidget(widget, 2 if widget is self.search else 1)
        row.addWidget(self.uncoded)
        return row

    # --- showing ----------------------------------------------------------------------------------------
    def show_activity(self, activity_id: int | None) -> None:
        self.activity_id = activity_id
        self._load_choices()
        self.refresh()

    def show_theme(self, theme: str | None) -> None:
        """Only the responses coded with this theme (None: any), with the other filters cleared."""
        self.search.clear()
        self.uncoded.setChecked(False)
        self.question.setCurrentIndex(0)
        self.theme.setCurrentIndex(max(0, self.theme.findText(theme)) if theme else 0)
        self.refresh()

    def _changed(self, what: Change) -> None:
        if what not in LOOK_AGAIN or self.activity_id is None:
            return
        if not self.isVisible():
            self._stale = True
            return
        self._load_choices()
        self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self._load_choices()
            self.refresh()

    def _load_choices(self) -> None:
        """The questions (columns and the question filter) and the codebook's themes for the activity."""
        self.questions = list_questions(self.env.ctx, self.activity_id) if self.activity_id else []
        themes = self._theme_names()
        for combo, items in ((self.theme, themes),
                             (self.question, [q.text for q in self.questions if q.choices])):
            chosen = combo.currentText()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(ANY)
            combo.addItems(items)
            combo.setCurrentIndex(max(0, combo.findText(chosen)))
            combo.blockSignals(False)
        self._question_chosen(refresh=False)
        self.model.columns = self._columns()
        self.model.set_rows([])
        self._fit_columns()
        self._enable()

    def _theme_names(self) -> list[str]:
        return theme_names(self.env.ctx, self.activity_id) if self.activity_id is not None else []

    def _question_chosen(self, refresh: bool = True) -> None:
        question = self._chosen_question()
        self.answer.blockSignals(True)
        self.answer.clear()
        self.answer.addItem(ANY)
        if question is not None:
            self.answer.addItems(question.choices)
        self.answer.setEnabled(question is not None)
        self.answer.blockSignals(False)
        if refresh:
            self.refresh()

    def _chosen_question(self) -> QuestionInfo | None:
        return next((q for q in self.questions if q.text == self.question.currentText()), None)

    def _columns(self) -> list[RowColumn]:
        columns = [RowColumn("Submitted", lambda r: r.submitted_at, 125),
                   RowColumn("Respondent", lambda r: r.respondent, 100),
                   RowColumn("Source", lambda r: SOURCE_NAMES.get(r.source, r.source), 115),
                   RowColumn("May quote", lambda r: QUOTE.get(r.quote_consent, ""), 80),
                   RowColumn("Themes", lambda r: "; ".join(r.themes), 140)]
        for q in self.questions:
            if q.purpose == "question" or q.purpose == "group":      # consent is "May quote"; equality: counts only
                width = 280 if q.kind == "free_text" else 130
                columns.append(RowColumn(_short(q.text, 60), lambda r, qid=q.id: _short(r.answer(qid)), width,
                                         tooltip=lambda r, qid=q.id: r.answer(qid)[:2000] or None))
        return columns

    def _fit_columns(self) -> None:
        for index, column in enumerate(self.model.columns):
            self.table.setColumnWidth(index, column.width)

    def current_filter(self) -> ResponseFilter:
        question = self._chosen_question()
        answer = self.answer.currentText() if question is not None and self.answer.currentIndex() > 0 else None
        theme = self.theme.currentText() if self.theme.currentIndex() > 0 else None
        return ResponseFilter(theme=theme, uncoded=self.uncoded.isChecked(), text=self.search.text() or None,
                              question_id=question.id if answer else None, answer=answer)

    def refresh(self) -> None:
        """Read the responses in the background (10,000 take about a second) and show them."""
        if self.activity_id is None:
            self.model.set_rows([])
            self.summary.setText("Choose an activity to see its responses.")
            return
        ctx, activity_id, wanted = self.env.ctx, self.activity_id, self.current_filter()

        def job(_progress):
            return (list_responses(ctx, activity_id, wanted), counts(ctx, activity_id),
                    responses_due(ctx, activity_id=activity_id))
        self.env.jobs.run(job, label="Reading responses", on_done=self._show, show_progress=False)

    def _show(self, result) -> None:
        rows, (total, unthemed), due = result
        self.model.set_rows(rows)
        text = counted(total, "response")
        if total:
            text += f", {unthemed:,} without a theme"
        if len(rows) != total:
            text = f"{len(rows):,} shown of {text}"
        self.summary.setText(text)
        self.due_button.setVisible(bool(due))
        if due:
            self.due_button.setToolTip(due[0].line())
        if rows:
            self.table.selectRow(0)
        self._show_current()
        self._enable()

    def _show_current(self) -> None:
        row = self.model.row(self.table.currentIndex().row())
        if row is None:
            self.detail.setPlainText("")
            return
        lines = [f"Response {row.id} — {row.respondent}"
                 + (f", {row.submitted_at:%d/%m/%Y %H:%M}" if row.submitted_at else "")]
        if row.themes:
            lines.append("Themes: " + "; ".join(row.themes))
        for q in self.questions:
            if (answer := row.answer(q.id)) and q.purpose != "equality":
                lines += ["", q.text, answer]
        self.detail.setPlainText("\n".join(lines))

    def _enable(self) -> None:
        has_activity = self.activity_id is not None
        for widget in (self.import_button, self.type_button):
            widget.setEnabled(has_activity)
        self.export_button.setEnabled(has_activity and self.model.rowCount() > 0)

    # --- actions ----------------------------------------------------------------------------------------
    def import_responses(self) -> None:
        from sdm_desktop.ui.consultation.import_dialog import ImportResponsesDialog
        if self.activity_id is not None:
            ImportResponsesDialog(self.env, self.activity_id, self).open()

    def type_responses(self) -> None:
        from sdm_desktop.ui.consultation.typing_dialog import TypeResponsesDialog
        if self.activity_id is not None:
            TypeResponsesDialog(self.env, self.activity_id, self).open()

    def export_responses(self) -> None:
        if self.activity_id is None:
            return
        target = ask_export_path(self, self.env, "Export responses", f"responses-activity-{self.activity_id}.xlsx")
        if target is None:
            return
        ctx, activity_id, wanted = self.env.ctx, self.activity_id, self.current_filter()
        run_export(self.env, target, lambda: responses_table(ctx, activity_id, wanted=wanted),
                   lambda n: self.summary.setText(f"Exported {counted(n, 'response')} to {target} "
                                                  "(names withheld; equality answers left out)"))

    def delete_due(self) -> None:
        if self.activity_id is None or not confirm(
                self, "Delete this activity's responses whose retention review date has passed? "
                "This cannot be undone.", "Delete responses past review"):
            return
        count = delete_responses_due(self.env.ctx, self.activity_id)
        self.summary.setText(f"Deleted {counted(count, 'response')} past their review date.")
        self.env.announce(Change.CONSULTATION)
