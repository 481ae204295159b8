"""Type responses…: paper forms and meeting notes typed in one after another without the mouse. Tab moves between
the answers, Ctrl+Enter saves the response and starts the next one; pasted comments can be saved a line each."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sdm_desktop.errors import UserError
from sdm_desktop.services.consultation.intake.typing import TypedResponse, add_question, add_typed_response
from sdm_desktop.services.consultation.responses import KIND_NAMES, QuestionInfo, activity_title, list_questions
from sdm_desktop.services.core.changes import Change
from sdm_desktop.ui.common.date_field import DateField
from sdm_desktop.ui.common.tables.table_helpers import button
from sdm_desktop.ui.prompts import describe_error


class TypeResponsesDialog(QDialog):
    def __init__(self, env, activity_id: int, parent=None):
        super().__init__(parent)
        self.env, self.activity_id = env, activity_id
        self.typed = 0
        self.fields: dict[int, QWidget] = {}
        self.questions: list[QuestionInfo] = []
        self.setWindowTitle(f"Type responses — {activity_title(env.ctx, activity_id)}")
        self.setAccessibleName("Type responses")
        self._build()
        self._load_questions()
        self.resize(760, 640)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        intro = QLabel("Type one response's answers (Tab moves on), then Ctrl+Enter to save it and start the next. "
                       "Responses typed here are anonymous.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.form_host = QWidget()
        self.form = QVBoxLayout(self.form_host)          # each question above its answer, the full width
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(self.form_host)
        layout.addWidget(scroll, 1)
        self.received = DateField(blank="today")
        self.received.setAccessibleName("Received on")
        received_caption = QLabel("&Received on:")
        received_caption.setBuddy(self.received)
        row = QHBoxLayout()
        row.addWidget(received_caption)
        row.addWidget(self.received)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addLayout(self._new_question_row())
        self.status = QLabel("No responses typed yet.")
        self.status.setAccessibleName("Typing status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        self.lines_button = button("Save each &line as a response", "Save each line as a response",
                                   self.save_lines, "Pasted comments, one a line: each line becomes a response "
                                   "to the first free-text question")
        self.save_button = button("&Save and next", "Save and next", self.save, "Save this response (Ctrl+Enter)")
        close = button("&Close", "Close", self.accept)
        for widget in (self.lines_button, self.save_button, close):
            widget.setAutoDefault(False)                 # Enter belongs to the field it is pressed in
        buttons.addWidget(self.lines_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(self.save)

    def _new_question_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.new_question = QLineEdit()
        self.new_question.setAccessibleName("New question")
        self.new_question.setPlaceholderText("A question the paper form or meeting asked")
        self.new_question.returnPressed.connect(self.add_question)
        caption = QLabel("New &question:")
        caption.setBuddy(self.new_question)
        self.new_kind = QComboBox()
        self.new_kind.setAccessibleName("Kind of the new question")
        for key, text in KIND_NAMES.items():
            self.new_kind.addItem(text, key)
        self.add_button = button("&Add question", "Add question", self.add_question)
        self.add_button.setAutoDefault(False)
        row.addWidget(caption)
        row.addWidget(self.new_question, 1)
        row.addWidget(self.new_kind)
        row.addWidget(self.add_button)
        return row

    # --- the form -----------------------------------------------------------------------------------------
    def _load_questions(self) -> None:
        while (item := self.form.takeAt(0)) is not None:
            if item.widget() is not None:
                item.widget().deleteLater()
        self.fields.clear()
        self.questions = [q for q in list_questions(self.env.ctx, self.activity_id)]
        for n, question in enumerate(self.questions, start=1):
            field = self._field(question)
            caption = QLabel(f"&{n}. {question.text}" if n <= 9 else f"{n}. {question.text}")
            caption.setWordWrap(True)
            caption.setTextFormat(Qt.TextFormat.PlainText)
            if n <= 9:
                caption.setBuddy(field)                      # Alt+1 … Alt+9 jump to an answer
            field.setAccessibleName(question.text[:100])
            self.form.addWidget(caption)
            self.form.addWidget(field)
            self.fields[question.id] = field
        if not self.questions:
            self.form.addWidget(QLabel("This activity has no questions yet: add the first one below."))
        self.form.addStretch(1)
        self.lines_button.setEnabled(any(q.kind == "free_text" for q in self.questions))
        self.save_button.setEnabled(bool(self.questions))
        self._focus_first()

    @staticmethod
    def _field(question: QuestionInfo) -> QWidget:
        if question.kind == "free_text":
            field = QPlainTextEdit()
            field.setTabChangesFocus(True)
            field.setFixedHeight(field.fontMetrics().lineSpacing() * 4 + 12)
            return field
        if question.kind == "single_choice" and question.choices:
            field = QComboBox()
            field.setEditable(True)                      # a choice the form did not list can still be typed
            field.addItems(["", *question.choices])
            return field
        field = QLineEdit()
        field.setPlaceholderText({"multiple_choice": "choices separated by ;", "number": "a number",
                                  "date": "a date"}.get(question.kind, ""))
        return field

    def _value(self, question: QuestionInfo) -> str:
        field = self.fields[question.id]
        if isinstance(field, QPlainTextEdit):
            return field.toPlainText()
        if isinstance(field, QComboBox):
            return field.currentText()
        text = field.text()
        return "\n".join(p.strip() for p in text.split(";")) if question.kind == "multiple_choice" else text

    def _clear(self) -> None:
        for field in self.fields.values():
            if isinstance(field, QPlainTextEdit):
                field.clear()
            elif isinstance(field, QComboBox):
                field.setCurrentIndex(0)
                field.setEditText("")
            else:
                field.clear()

    def _focus_first(self) -> None:
        if self.questions:
            self.fields[self.questions[0].id].setFocus()
        else:
            self.new_question.setFocus()

    # --- actions ------------------------------------------------------------------------------------------
    def save(self) -> None:
        if not self.questions:
            return
        if problem := self.received.problem():
            self.status.setText(f"Received on: {problem}")
            self.received.setFocus()
            return
        typed = TypedResponse({q.id: self._value(q) for q in self.questions}, self.received.value())
        try:
            new_id = add_typed_response(self.env.ctx, self.activity_id, typed)
        except UserError as exc:             # shown beside the form, which keeps what was typed
            self.status.setText(describe_error(exc))
            return
        self.typed += 1
        self.status.setText(f"Saved response {new_id}. {self.typed} typed in this window; type the next one.")
        self._clear()
        self._focus_first()
        self.env.announce(Change.CONSULTATION)

    def save_lines(self) -> None:
        """Each line of the first free-text answer becomes a response of its own (pasted comments)."""
        question = next((q for q in self.questions if q.kind == "free_text"), None)
        if question is None:
            return
        if problem := self.received.problem():
            self.status.setText(f"Received on: {problem}")
            return
        lines = [line.strip() for line in self._value(question).splitlines() if line.strip()]
        saved = 0
        for line in lines:
            try:
                add_typed_response(self.env.ctx, self.activity_id,
                                   TypedResponse({question.id: line}, self.received.value()))
            except UserError as exc:     # what was saved stays; the rest is left to fix
                self.status.setText(f"Saved {saved} of {len(lines)} lines; then: {describe_error(exc)}")
                break
            saved += 1
        else:
            self.status.setText(f"Saved {saved} responses, one a line.")
            self._clear()
        self.typed += saved
        if saved:
            self.env.announce(Change.CONSULTATION)
        self._focus_first()

    def add_question(self) -> None:
        text = self.new_question.text()
        try:
            add_question(self.env.ctx, self.activity_id, text, self.new_kind.currentData())
        except UserError as exc:             # shown beside the form
            self.status.setText(describe_error(exc))
            return
        self.new_question.clear()
        self._load_questions()
        self.new_question.setFocus()                     # ready for the form's next question; Alt+1 answers
        self.status.setText(f"Added the question {' '.join(text.split())!r}.")
        self.env.announce(Change.CONSULTATION)
