"""Dialogs of the Analysis tab: Suggest themes… (frequent words and phrases of one question, the answers that
share each, chosen ones added to the codebook), and linking a theme to a "you said, we did" entry or recording a
new one."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
)

from sdm_desktop.services.consultation.feedback import feedback_choices, link_feedback, record_feedback
from sdm_desktop.services.consultation.suggestions import (
    Suggestion,
    add_suggested_themes,
    answers_sharing,
    free_text_questions,
    suggest,
)
from sdm_desktop.services.core.changes import Change
from sdm_desktop.ui import prompts
from sdm_desktop.ui.common.accessible import buddy_label, named
from sdm_desktop.ui.consultation.analysis_pages import chosen, fill, read_only_table


class SuggestThemesDialog(QDialog):
    """Words and phrases many answers share, to seed the codebook: tick the ones that are themes."""

    def __init__(self, env, activity_id: int, parent=None):
        super().__init__(parent)
        self.env, self.activity_id = env, activity_id
        self.suggestions: list[Suggestion] = []
        self.added: list[int] = []
        self.setWindowTitle("Suggest themes")
        self.resize(900, 560)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.question = QComboBox()
        for question_id, text, answers in free_text_questions(env.ctx, activity_id):
            self.question.addItem(f"{text} ({answers:,} answers)", question_id)
        row.addWidget(buddy_label("&Question", self.question))
        row.addWidget(self.question, 1)
        layout.addLayout(row)
        layout.addWidget(QLabel("Frequent words and two- or three-word phrases (common words left out, plural and "
                                "singular counted together). Tick the ones to add as themes."))
        split = QSplitter(Qt.Orientation.Horizontal)
        self.table = read_only_table("Suggested words and phrases", ["Word or phrase", "Responses"])
        self.table.currentCellChanged.connect(lambda *_: self._show_answers())
        split.addWidget(self.table)
        self.answers = named(QPlainTextEdit(), "Answers that share the chosen phrase")
        self.answers.setReadOnly(True)
        split.addWidget(self.answers)
        split.setSizes([360, 540])
        layout.addWidget(split, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.add = named(QPushButton("&Add ticked as themes"), "Add the ticked suggestions as themes")
        self.add.clicked.connect(self.add_themes)
        buttons.addButton(self.add, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.question.currentIndexChanged.connect(lambda _n: self.load())
        if self.question.count():
            self.load()
        else:
            self.answers.setPlainText("This activity's form has no free-text questions.")
            self.add.setEnabled(False)

    def load(self) -> None:
        question_id, ctx = self.question.currentData(), self.env.ctx
        self.env.jobs.run(lambda progress: suggest(ctx, question_id), label="Finding frequent words and phrases",
                          on_done=self._show, on_error=lambda exc: prompts.error(self, prompts.describe_error(exc)))

    def _show(self, suggestions: list[Suggestion]) -> None:
        self.suggestions = suggestions
        fill(self.table, [[s.phrase, f"{s.responses:,}"] for s in suggestions], list(range(len(suggestions))))
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        if not suggestions:
            self.answers.setPlainText("No word or phrase is shared by two answers or more yet.")
        else:
            self.table.setCurrentCell(0, 0)

    def _show_answers(self) -> None:
        n = chosen(self.table)
        if n is None:
            return
        suggestion = self.suggestions[n]
        texts = answers_sharing(self.env.ctx, self.question.currentData(), suggestion.response_ids)
        more = suggestion.responses - len(texts)
        self.answers.setPlainText(f"“{suggestion.phrase}” is in {suggestion.responses:,} responses"
                                  + (f" (the first {len(texts)} shown)" if more > 0 else "") + ":\n\n"
                                  + "\n\n".join(f"• {t}" for t in texts))

    def ticked(self) -> list[Suggestion]:
        return [self.suggestions[r] for r in range(self.table.rowCount())
                if self.table.item(r, 0).checkState() == Qt.CheckState.Checked]

    def add_themes(self) -> None:
        picked = self.ticked()
        if not picked:
            prompts.info(self, "Tick the words or phrases to add as themes first (Space ticks the chosen one).")
            return
        try:
            made = add_suggested_themes(self.env.ctx, self.activity_id, picked)
        except Exception as exc:  # noqa: BLE001 - any failure is shown; nothing was written
            prompts.error(self, prompts.describe_error(exc))
            return
        self.added += made
        self.env.announce(Change.CONSULTATION)
        prompts.saved(self.parentWidget() or self, f"{len(made)} theme(s) added to the codebook")
        for r in range(self.table.rowCount()):
            self.table.item(r, 0).setCheckState(Qt.CheckState.Unchecked)


class LinkFeedbackDialog(QDialog):
    """Choose the "you said, we did" entry a theme led to."""

    def __init__(self, env, activity_id: int, theme: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"Link “{theme}” to “you said, we did”")
        self.resize(760, 420)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("This activity's entries first, then the newest others."))
        self.table = read_only_table("You said, we did entries", ["Date", "You said", "We did"])
        entries = feedback_choices(env.ctx, activity_id)
        fill(self.table, [[e.occurred_on.strftime("%d %b %Y"), e.you_said, e.we_did or "Not yet decided"]
                          for e in entries], [e.interaction_id for e in entries])
        if entries:
            self.table.setCurrentCell(0, 0)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def entry_id(self) -> int | None:
        return chosen(self.table)


class RecordFeedbackDialog(QDialog):
    """A new "you said, we did" entry on the activity, linked to the theme."""

    def __init__(self, theme: str, people: int, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"You said, we did: {theme}")
        self.resize(620, 360)
        form = QFormLayout(self)
        self.you_said = QPlainTextEdit(f"{theme} ({people:,} {'person' if people == 1 else 'people'} raised this)")
        self.you_said.setTabChangesFocus(True)
        self.we_did = QPlainTextEdit()
        self.we_did.setTabChangesFocus(True)
        form.addRow(buddy_label("&You said", self.you_said), self.you_said)
        form.addRow(buddy_label("&We did (leave empty until decided)", self.we_did), self.we_did)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


def link_theme(env, parent, activity_id: int, theme_id: int, theme: str) -> bool:
    dialog = LinkFeedbackDialog(env, activity_id, theme, parent)
    if not dialog.exec() or dialog.entry_id() is None:
        return False
    return _saved(env, parent, lambda: link_feedback(env.ctx, theme_id, dialog.entry_id()))


def record_for_theme(env, parent, activity_id: int, theme_id: int, theme: str, people: int) -> bool:
    dialog = RecordFeedbackDialog(theme, people, parent)
    if not dialog.exec():
        return False
    return _saved(env, parent, lambda: record_feedback(env.ctx, activity_id, theme_id,
                                                       dialog.you_said.toPlainText(), dialog.we_did.toPlainText(),
                                                       date.today()))


def unlink_theme(env, parent, theme_id: int, interaction_id: int) -> bool:
    return _saved(env, parent, lambda: link_feedback(env.ctx, theme_id, interaction_id, on=False))


def _saved(env, parent, write) -> bool:
    try:
        write()
    except Exception as exc:  # noqa: BLE001 - any failure is shown; the transaction rolled back
        prompts.error(parent, prompts.describe_error(exc))
        return False
    env.announce(Change.CONSULTATION)
    env.announce(Change.INTERACTION)
    return True

