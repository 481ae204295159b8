"""Coding tab of the Consultation view: read one answer at a time and code it from the keyboard (number keys or a
few typed letters apply themes, Enter moves to the next uncoded answer, a selected phrase becomes a quote,
+ − ~ = mark the sentiment), with the coded/uncoded progress always in sight."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from sdm_desktop.db.models.consultation import SENTIMENTS
from sdm_desktop.services.consultation.codebook import coding
from sdm_desktop.services.consultation.codebook.coding import AnswerToCode, CodingQueue
from sdm_desktop.services.consultation.codebook.themes import Theme, add_theme, codebook
from sdm_desktop.services.core.changes import Change
from sdm_desktop.ui import prompts
from sdm_desktop.ui.common.accessible import buddy_label, named
from sdm_desktop.ui.common.tables.table_helpers import button
from sdm_desktop.ui.consultation.coding_widgets import AnswerReader, CodebookList

SENTIMENT_LABELS = {"positive": "Positive (+)", "negative": "Negative (−)", "mixed": "Mixed (~)",
                    "neutral": "Neutral (=)"}


class CodingPanel(QWidget):
    """Codes the answers of one activity; the view calls show_activity when the activity changes."""

    codebook_changed = Signal()       # a theme was added here: the Themes tab reloads

    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.activity_id: int | None = None
        self.queue = CodingQueue([])
        self.index = -1
        self.answer: AnswerToCode | None = None
        self.themes: list[Theme] = []
        layout = QVBoxLayout(self)
        layout.addLayout(self._choices())
        layout.addLayout(self._progress_row())
        body = QHBoxLayout()
        body.addLayout(self._reading(), 3)
        body.addLayout(self._codebook(), 2)
        layout.addLayout(body, 1)

    # --- building ---------------------------------------------------------------------------
    def _choices(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.question = named(QComboBox(), "Question to code")
        self.question.currentIndexChanged.connect(lambda _i: self.load_queue())
        self.coder = named(QLineEdit(coding.default_coder()), "Coder",
                           "Who is coding: two people can code the same answers and be compared")
        self.coder.setMaximumWidth(self.coder.fontMetrics().averageCharWidth() * 24)
        self.coder.editingFinished.connect(self._coder_changed)
        for widget in (buddy_label("&Question:", self.question), self.question,
                       buddy_label("C&oder:", self.coder), self.coder):
            row.addWidget(widget)
        row.setStretchFactor(self.question, 1)
        return row

    def _progress_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.progress = named(QProgressBar(), "Coding progress")
        self.progress.setTextVisible(False)
        self.progress_words = QLabel()
        self.progress_words.setAccessibleName("Coded and uncoded answers")
        row.addWidget(self.progress, 1)
        row.addWidget(self.progress_words)
        return row

    def _reading(self) -> QVBoxLayout:
        column = QVBoxLayout()
        self.where = QLabel()
        self.where.setWordWrap(True)
        self.where.setAccessibleName("Which response and question")
        self.reader = AnswerReader()
        self.reader.theme_key.connect(self._number_key)
        self.reader.letter_typed.connect(self._start_finding)
        self.reader.next_uncoded.connect(self.next_uncoded)
        self.reader.step.connect(self.step)
        self.reader.sentiment_key.connect(self._sentiment_key)
        column.addWidget(self.where)
        column.addWidget(buddy_label("Ans&wer (select a phrase, then a theme's number, to keep a quote):",
                                     self.reader))
        column.addWidget(self.reader, 1)
        self.quotes = named(QListWidget(), "Quotes kept from this answer", "Delete removes the quote chosen")
        QShortcut(QKeySequence.StandardKey.Delete, self.quotes, self.remove_quote,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.quotes.setMaximumHeight(self.quotes.fontMetrics().height() * 4)
        column.addWidget(QLabel("Quotes kept from this answer:"))
        column.addWidget(self.quotes)
        buttons = QHBoxLayout()
        self.previous_button = button("Previo&us", "Previous answer (Page Up in the answer)", lambda: self.step(-1))
        self.next_button = button("Ne&xt uncoded", "Next uncoded answer (Enter in the answer)", self.next_uncoded)
        self.quote_button = button("Keep as quo&te", "Keep the selected phrase as a quote under the theme chosen",
                                   self.keep_quote_under_current)
        self.sentiment = named(QComboBox(), "Sentiment", "Keys in the answer: + positive, − negative, ~ mixed, "
                                                        "= neutral, 0 none")
        self.sentiment.addItem("None marked", None)
        for value in SENTIMENTS:
            self.sentiment.addItem(SENTIMENT_LABELS[value], value)
        self.sentiment.activated.connect(lambda _i: self._set_sentiment(self.sentiment.currentData()))
        for widget in (self.previous_button, self.next_button, self.quote_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        buttons.addWidget(buddy_label("&Sentiment:", self.sentiment))
        buttons.addWidget(self.sentiment)
        column.addLayout(buttons)
        return column

    def _codebook(self) -> QVBoxLayout:
        column = QVBoxLayout()
        self.find = named(QLineEdit(), "Find a theme",
                          "Type a few letters of a theme; Enter applies it, or adds it as a new theme; Escape returns")
        self.find.setPlaceholderText("Type to find a theme; Enter applies it")
        self.find.textChanged.connect(self._finding)
        self.find.returnPressed.connect(self._apply_found)
        self.find.installEventFilter(self)
        self.list = CodebookList()
        self.list.toggled.connect(self._ticked)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setAccessibleName("What Enter does in the theme finder")
        column.addWidget(buddy_label("Fin&d a theme:", self.find))
        column.addWidget(self.find)
        column.addWidget(self.list, 1)
        column.addWidget(self.hint)
        keys = QLabel("In the answer: <b>1–9</b> apply a theme (a phrase selected: keep it as a quote) · "
                      "<b>letters</b> find a theme · <b>Enter</b> next uncoded · <b>Page Down/Up</b> next/previous · "
                      "<b>+ − ~ =</b> sentiment, <b>0</b> none · <b>Ctrl+Z</b> undo · <b>Ctrl+N</b>, <b>F2</b>, "
                      "<b>Ctrl+M</b> add, rename, merge a theme")
        keys.setWordWrap(True)
        keys.setAccessibleName("Coding keys")
        column.addWidget(keys)
        return column

    # --- showing ----------------------------------------------------------------------------
    def show_activity(self, activity_id: int | None) -> None:
        self.activity_id = activity_id
        self.question.blockSignals(True)
        self.question.clear()
        questions = coding.free_text_questions(self.env.ctx, activity_id) if activity_id else []
        if len(questions) != 1:
            self.question.addItem("All free-text questions", None)
        for q in questions:
            self.question.addItem(f"{q.position}. {q.text}", q.id)
        self.question.blockSignals(False)
        self.reload_codebook()
        self.load_queue()

    def reload_codebook(self) -> None:
        self.themes = codebook(self.env.ctx, self.activity_id) if self.activity_id else []
        self.list.set_themes(self.themes)
        self._finding(self.find.text())
        if self.answer is not None:
            self.list.show_applied(self.answer.theme_ids)

    def load_queue(self, keep: int | None = None) -> None:
        """The answers to code, read in the background (50,000 of them take a moment), then the first uncoded
        (or the answer ``keep``)."""
        self.queue, self.answer = CodingQueue([]), None
        if self.activity_id is None:
            self._go(-1)
            return
        self.where.setText("Reading the answers…")
        wanted = (self.activity_id, self.question.currentData(), self.coder_name())
        self.env.jobs.run(lambda _p: coding.coding_queue(self.env.ctx, *wanted), label="Reading the answers",
                          on_done=lambda queue: self._queue_read(wanted, queue, keep), show_progress=False)

    def _queue_read(self, wanted: tuple, queue: CodingQueue, keep: int | None) -> None:
        if wanted != (self.activity_id, self.question.currentData(), self.coder_name()):
            return                      # the choice changed meanwhile: its own read follows
        self.queue = queue
        start = queue.answer_ids.index(keep) if keep in queue.answer_ids else queue.next_uncoded()
        self._go(start if start is not None else (0 if queue.answer_ids else -1))

    def refresh(self) -> None:
        """After an undo: the codebook and what is coded read again, on the same answer."""
        self.reload_codebook()
        self.load_queue(keep=self.answer.id if self.answer else None)

    def coder_name(self) -> str:
        return coding.checked_coder(self.coder.text())

    def _coder_changed(self) -> None:
        try:
            self.coder_name()
        except Exception as exc:  # noqa: BLE001 - a bad name: say so, keep coding as before
            prompts.warn(self, f"Coder: {prompts.describe_error(exc)}")
            self.coder.setText(coding.default_coder())
        self.load_queue()

    def _go(self, index: int) -> None:
        """Show the answer at ``index`` of the queue (or none)."""
        self.index = index
        if not 0 <= index < len(self.queue.answer_ids):
            self.answer = None
            self.reader.show_answer("")
            self.where.setText("No answers to free-text questions to code yet: import or type the responses "
                               "on the Responses tab." if self.activity_id else "Choose an activity.")
            self.list.show_applied(frozenset())
            self.quotes.clear()
        else:
            self.answer = coding.answer_to_code(self.env.ctx, self.queue.answer_ids[index], self.coder_name())
            self._show_answer()
        self._show_progress()

    def _show_where(self) -> None:
        a = self.answer
        when = f" · submitted {a.submitted_at:%d/%m/%Y %H:%M}" if a.submitted_at else ""
        state = "coded by you" if a.coded else "not coded yet"
        self.where.setText(f"<b>Answer {self.index + 1} of {len(self.queue.answer_ids)}</b> · response "
                           f"{a.response_id}{when} · {state}<br>{a.question}")

    def _show_answer(self) -> None:
        a = self.answer
        self._show_where()
        self.reader.show_answer(a.text)
        self.list.show_applied(a.theme_ids)
        self.sentiment.setCurrentIndex(max(self.sentiment.findData(a.sentiment), 0))
        names = {t.id: t.name for t in self.themes}
        self.quotes.clear()
        for quote in a.quotes:
            item = QListWidgetItem(f"“{quote.text}” — {names.get(quote.theme_id, 'no theme')}")
            item.setData(Qt.ItemDataRole.UserRole, quote.id)
            self.quotes.addItem(item)

    def _show_progress(self) -> None:
        total, coded = len(self.queue.answer_ids), len(self.queue.coded)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(coded)
        words = f"{coded} of {total} coded, {total - coded} to go" if total else "Nothing to code"
        self.progress_words.setText(words)
        self.progress.setAccessibleDescription(words)

    # --- coding -----------------------------------------------------------------------------
    def _reread(self) -> None:
        if self.answer is not None:
            self.answer = coding.answer_to_code(self.env.ctx, self.answer.id, self.coder_name())
            self.queue.coded.add(self.answer.id)
            self._show_answer()
            self._show_progress()

    def _act(self, what, *args) -> bool:
        try:
            what(*args)
        except Exception as exc:  # noqa: BLE001 - one transaction: nothing changed, say why
            prompts.error(self, f"Not changed: {prompts.describe_error(exc)}")
            return False
        self.env.announce(Change.CONSULTATION)
        return True

    def _number_key(self, number: int) -> None:
        theme = self.list.theme_at(number)
        if theme is None or self.answer is None:
            return
        if self.reader.selected_phrase():
            self.keep_quote(theme)
        else:
            self.toggle(theme.id)

    def toggle(self, theme_id: int) -> None:
        if self.answer is not None:
            self._ticked(theme_id, theme_id not in self.answer.theme_ids)

    def _ticked(self, theme_id: int, applied: bool) -> None:
        if self.answer is not None and self._act(coding.set_theme, self.env.ctx, self.answer.id, theme_id,
                                                 self.coder_name(), applied):
            themes = self.answer.theme_ids | {theme_id} if applied else self.answer.theme_ids - {theme_id}
            self._coded(replace(self.answer, theme_ids=frozenset(themes), coded=True))

    def _coded(self, answer: AnswerToCode) -> None:
        """What this coder just did, shown without reading the answer again (every key counts)."""
        self.answer = answer
        self.list.show_applied(answer.theme_ids)
        self.sentiment.setCurrentIndex(max(self.sentiment.findData(answer.sentiment), 0))
        if answer.id not in self.queue.coded:
            self.queue.coded.add(answer.id)
            self._show_where()
            self._show_progress()

    def keep_quote(self, theme: Theme | None) -> None:
        phrase = self.reader.selected_phrase()
        if self.answer is None:
            return
        if not phrase:
            prompts.info(self, "Select a phrase of the answer first (Shift+arrow keys or the mouse).")
            return
        if self._act(coding.keep_quote, self.env.ctx, self.answer.id, theme and theme.id, phrase,
                     self.coder_name()):
            self._reread()
            self.reader.setFocus()

    def remove_quote(self) -> None:
        item = self.quotes.currentItem()
        if item is not None and self._act(coding.remove_quote, self.env.ctx, item.data(Qt.ItemDataRole.UserRole)):
            self._reread()

    def keep_quote_under_current(self) -> None:
        self.keep_quote(self.list.current_theme())

    def _sentiment_key(self, sentiment: str | None) -> None:
        self._set_sentiment(sentiment)

    def _set_sentiment(self, sentiment: str | None) -> None:
        if self.answer is not None and self._act(coding.set_sentiment, self.env.ctx, self.answer.id,
                                                 self.coder_name(), sentiment):
            self._coded(replace(self.answer, sentiment=sentiment, coded=True))

    def next_uncoded(self) -> None:
        """Enter: the answer shown counts as coded (no theme is a decision too), then the next uncoded one."""
        if self.answer is None:
            return
        if not self.answer.coded and not self._act(coding.mark_coded, self.env.ctx, self.answer.id,
                                                   self.coder_name()):
            return
        self.queue.coded.add(self.answer.id)
        following = self.queue.next_uncoded(self.index)
        if following is None:
            self._go(self.index)
            prompts.info(self, "Every answer here is coded. Compare coders… checks agreement with a colleague.")
        else:
            self._go(following)
        self.reader.setFocus()

    def step(self, by: int) -> None:
        if self.queue.answer_ids:
            self._go((self.index + by) % len(self.queue.answer_ids))

    # --- finding a theme by typing ----------------------------------------------------------
    def _start_finding(self, letter: str) -> None:
        self.find.setFocus()
        self.find.setText(letter)

    def _finding(self, words: str) -> None:
        best = self.list.filter(words)
        if not words.strip():
            self.hint.setText("Type in the answer to find a theme.")
        elif best is not None:
            self.hint.setText(f"Enter applies “{best.name}”.")
        else:
            self.hint.setText(f"No theme has “{words.strip()}”: Enter adds it as a new theme.")

    def _apply_found(self) -> None:
        words = self.find.text().strip()
        best = self.list.filter(words) if words else None
        if words and best is None and self.activity_id is not None and self._act(
                add_theme, self.env.ctx, self.activity_id, words):
            self.reload_codebook()
            self.codebook_changed.emit()
            best = next((t for t in self.themes if t.name.casefold() == " ".join(words.split()).casefold()), None)
        if best is not None:
            if self.reader.selected_phrase():
                self.keep_quote(best)
            elif best.id not in (self.answer.theme_ids if self.answer else ()):
                self.toggle(best.id)
        self._stop_finding()

    def _stop_finding(self) -> None:
        self.find.clear()
        self.reader.setFocus()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if watched is self.find and event.type() == event.Type.KeyPress:
            if event.key() == Qt.Key.Key_Escape:
                self._stop_finding()
                return True
            if event.key() == Qt.Key.Key_Down:
                self.list.setFocus()
                return True
        return super().eventFilter(watched, event)
