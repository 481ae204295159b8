"""Analysis tab of the Consultation view: one activity's responses in figures — choice charts (or their tables),
theme counts per question, themes by respondent group, the quote bank and "you said, we did" per theme — narrowed
by a filter (an answer, a theme, some text); Suggest themes… and Report… (a Word report, written in the
background). Everything is counted by a job beside the window, never on the GUI thread."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sdm_desktop.services.consultation.analysis import (
    AnalysisFilter,
    ConsultationAnalysis,
    GroupTable,
    analyse,
    group_questions,
    theme_list,
    themes_by_group,
)
from sdm_desktop.services.consultation.analysis_export import analysis_table
from sdm_desktop.services.consultation.feedback import ThemeLoop, closing_the_loop
from sdm_desktop.services.consultation.quotes import QuoteBank, quote_bank
from sdm_desktop.services.consultation.report import write_consultation_report
from sdm_desktop.services.core.changes import Change
from sdm_desktop.ui import prompts
from sdm_desktop.ui.common.accessible import buddy_label, named
from sdm_desktop.ui.common.charts import TABLES_KEY, chart_png, toggle_all_tables
from sdm_desktop.ui.common.tables.table_helpers import ask_and_export, button
from sdm_desktop.ui.consultation.analysis_dialogs import SuggestThemesDialog, link_theme, record_for_theme, unlink_theme
from sdm_desktop.ui.consultation.analysis_pages import ChoicesPage, GroupPage, LoopPage, QuotesPage, ThemesPage

SHOWN_AFTER = {Change.CONSULTATION, Change.INTERACTION, Change.IMPORT, Change.UNDO, Change.ALL}
ANYONE = "Any answer"


@dataclass
class Loaded:
    analysis: ConsultationAnalysis
    groups: list[tuple[int, str, str]]
    group: GroupTable | None
    bank: QuoteBank
    loops: list[ThemeLoop]
    themes: list[tuple[int, str]]


def load(ctx, activity_id: int, flt: AnalysisFilter, group_id: int | None) -> Loaded:
    """Everything the tab shows, counted in one go (in a worker)."""
    groups = group_questions(ctx, activity_id)
    if group_id not in {g[0] for g in groups}:
        group_id = groups[0][0] if groups else None
    group = themes_by_group(ctx, activity_id, group_id, flt) if group_id is not None else None
    analysis = analyse(ctx, activity_id, flt)
    raised = None if flt.active else {t.theme_id: t.people for t in analysis.overall}   # the loop counts everyone
    return Loaded(analysis, groups, group, quote_bank(ctx, activity_id), closing_the_loop(ctx, activity_id, raised),
                  theme_list(ctx, activity_id))


class AnalysisPanel(QWidget):
    """Shows one activity's consultation analysis; the view calls show_activity when the activity changes."""

    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.activity_id: int | None = None
        self.loaded: Loaded | None = None
        self._generation = 0
        self._stale = False
        layout = QVBoxLayout(self)
        layout.addLayout(self._filter_row())
        layout.addLayout(self._action_row())
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Analysis pages")
        self.tabs.setToolTip("Ctrl+Tab and Ctrl+Shift+Tab move between the pages")
        self.choices = ChoicesPage()
        self.themes = ThemesPage()
        self.by_group = GroupPage()
        self.quotes = QuotesPage(env)
        self.loop = LoopPage()
        for page, title in ((self.choices, "Charts"), (self.themes, "Theme counts"), (self.by_group, "By group"),
                            (self.quotes, "Quote bank"), (self.loop, "You said, we did")):
            self.tabs.addTab(page, title)
        layout.addWidget(self.tabs, 1)
        self.by_group.group_chosen.connect(lambda _id: self.refresh())
        self.loop.link_requested.connect(self._link)
        self.loop.record_requested.connect(self._record)
        self.loop.unlink_requested.connect(self._unlink)
        env.bus.changed.connect(self._changed)
        QShortcut(QKeySequence(TABLES_KEY), self, lambda: toggle_all_tables(self.choices))
        self._enable(False)

    def _filter_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.filter_question = QComboBox()
        self.filter_question.setMinimumContentsLength(18)
        self.filter_question.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.filter_answer = named(QComboBox(), "Only respondents who gave this answer")
        self.filter_answer.setMinimumContentsLength(12)
        self.filter_answer.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.filter_theme = QComboBox()
        self.filter_theme.setMinimumContentsLength(14)
        self.filter_theme.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.filter_text = QLineEdit()
        self.filter_text.setPlaceholderText("words, then Enter")
        self.filter_text.setToolTip("Only respondents whose answers hold all these words (press Enter to count)")
        self.filter_text.returnPressed.connect(self.refresh)
        self.filter_question.currentIndexChanged.connect(lambda _n: self._fill_answers())
        self.filter_answer.activated.connect(lambda _n: self.refresh())
        self.filter_theme.activated.connect(lambda _n: self.refresh())
        row.addWidget(buddy_label("Only who an&swered", self.filter_question))
        row.addWidget(self.filter_question, 2)
        row.addWidget(self.filter_answer, 1)
        row.addWidget(buddy_label("&Theme", self.filter_theme))
        row.addWidget(self.filter_theme, 1)
        row.addWidget(buddy_label("Co&ntaining", self.filter_text))
        row.addWidget(self.filter_text, 1)
        self.clear = named(QPushButton("Cle&ar filter"), "Clear the filter: count every response")
        self.clear.clicked.connect(self.clear_filter)
        row.addWidget(self.clear)
        return row

    def _action_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.summary = QLabel("Choose an activity to see its analysis.")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Analysis summary")
        row.addWidget(self.summary, 1)
        self.suggest = named(QPushButton("Su&ggest themes…"), "Suggest themes from frequent words and phrases")
        self.suggest.clicked.connect(self.suggest_themes)
        self.report = named(QPushButton("Rep&ort…"), "Save the consultation report as a Word document")
        self.report.clicked.connect(self.save_report)
        self.export = button("E&xport analysis…", "Export the analysis", self.export_analysis,
                             "Every count, theme, quote and you-said-we-did entry shown, as CSV or Excel")
        row.addWidget(self.suggest)
        row.addWidget(self.report)
        row.addWidget(self.export)
        return row

    def export_analysis(self) -> None:
        if self.loaded is not None:
            loaded = self.loaded
            ask_and_export(self, self.env, "Export the analysis", "consultation-analysis.csv",
                           lambda: analysis_table(loaded.analysis, loaded.group, loaded.bank, loaded.loops))

    def _enable(self, on: bool) -> None:
        for widget in (self.filter_question, self.filter_answer, self.filter_theme, self.filter_text, self.clear,
                       self.suggest, self.report, self.export):
            widget.setEnabled(on)
        self.tabs.setVisible(on)                    # no activity: nothing stale left on show

    # --- loading --------------------------------------------------------------------------------------
    def show_activity(self, activity_id: int | None) -> None:
        changed = activity_id != self.activity_id
        self.activity_id = activity_id
        if changed:
            self._reset_filter()
        self._enable(activity_id is not None)
        if activity_id is None:
            self.summary.setText("Choose an activity to see its analysis.")
            return
        self.refresh()

    def _changed(self, what) -> None:
        if what in SHOWN_AFTER and self.activity_id is not None:
            self._stale = True
            if self.isVisible():
                self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale and self.activity_id is not None:
            self.refresh()

    def current_filter(self) -> AnalysisFilter:
        question, answer = self.filter_question.currentData(), self.filter_answer.currentData()
        return AnalysisFilter(question if answer else None, answer or None, self.filter_theme.currentData(),
                              self.filter_text.text().strip())

    def refresh(self) -> None:
        if self.activity_id is None:
            return
        self._stale = False
        self._generation += 1
        generation, ctx, activity_id = self._generation, self.env.ctx, self.activity_id
        flt, group_id = self.current_filter(), self.by_group.question.currentData()
        self.summary.setText("Counting…")
        self.env.jobs.run(lambda progress: load(ctx, activity_id, flt, group_id), label="Counting the answers",
                          show_progress=False, on_error=self._failed,
                          on_done=lambda loaded: generation == self._generation and self._show(loaded))

    def _failed(self, exc: BaseException) -> None:
        self.summary.setText(f"Could not count the answers: {html.escape(prompts.describe_error(exc))}")

    def _show(self, loaded: Loaded) -> None:
        self.loaded = loaded
        a = loaded.analysis
        self._fill_filters(loaded)
        shown = f"{a.responses:,} of {a.total:,} responses (filtered)" if a.filter.active else f"{a.total:,} responses"
        coded = sum(q.coded for q in a.questions)
        answered = sum(q.answered for q in a.questions)
        self.summary.setText(f"<b>{html.escape(a.title)}</b>: {shown}; {coded:,} of {answered:,} free-text answers "
                             f"coded; {len(a.overall)} themes used.")
        self.choices.show_analysis(a)
        self.themes.show_analysis(a)
        self.by_group.set_questions(loaded.groups, loaded.group.question_id if loaded.group else None)
        self.by_group.show_table(loaded.group)
        self.quotes.show_bank(loaded.bank)
        self.loop.show_loops(loaded.loops)

    # --- the filter -----------------------------------------------------------------------------------
    def _fill_filters(self, loaded: Loaded) -> None:
        question, theme = self.filter_question.currentData(), self.filter_theme.currentData()
        self.filter_question.blockSignals(True)
        self.filter_question.clear()
        self.filter_question.addItem("Anyone", None)
        for q in loaded.analysis.choices:
            if q.purpose != "equality":             # equality answers stay anonymous counts, never a filter
                self.filter_question.addItem(q.text, q.question_id)
        self.filter_question.setCurrentIndex(max(0, self.filter_question.findData(question)))
        self.filter_question.blockSignals(False)
        self._fill_answers(keep=True)
        self.filter_theme.clear()
        self.filter_theme.addItem("Any theme", None)
        for theme_id, name in loaded.themes:
            self.filter_theme.addItem(name, theme_id)
        self.filter_theme.setCurrentIndex(max(0, self.filter_theme.findData(theme)))

    def _fill_answers(self, keep: bool = False) -> None:
        answer = self.filter_answer.currentData() if keep else None
        self.filter_answer.clear()
        self.filter_answer.addItem(ANYONE, None)
        question_id = self.filter_question.currentData()
        if self.loaded is not None and question_id is not None:
            question = next((q for q in self.loaded.analysis.choices if q.question_id == question_id), None)
            for row in question.rows if question else []:
                self.filter_answer.addItem(row.choice, row.choice)
        self.filter_answer.setCurrentIndex(max(0, self.filter_answer.findData(answer)))
        if not keep and self.current_filter() != (self.loaded.analysis.filter if self.loaded else None):
            self.refresh()

    def _reset_filter(self) -> None:
        self.loaded = None
        for combo in (self.filter_question, self.filter_answer, self.filter_theme):
            combo.blockSignals(True)
            combo.clear()
            combo.blockSignals(False)
        self.filter_text.clear()

    def clear_filter(self) -> None:
        self.filter_question.setCurrentIndex(0)
        self.filter_answer.setCurrentIndex(0)
        self.filter_theme.setCurrentIndex(0)
        self.filter_text.clear()
        self.refresh()

    # --- actions --------------------------------------------------------------------------------------
    def suggest_themes(self) -> None:
        if self.activity_id is not None:
            SuggestThemesDialog(self.env, self.activity_id, self).exec()

    def _loop_of(self, theme_id: int) -> ThemeLoop | None:
        return next((x for x in self.loaded.loops if x.theme_id == theme_id), None) if self.loaded else None

    def _link(self, theme_id: int) -> None:
        loop = self._loop_of(theme_id)
        if loop is not None:
            link_theme(self.env, self, self.activity_id, theme_id, loop.theme)

    def _record(self, theme_id: int) -> None:
        loop = self._loop_of(theme_id)
        if loop is not None:
            record_for_theme(self.env, self, self.activity_id, theme_id, loop.theme, loop.people)

    def _unlink(self, theme_id: int, interaction_id: int) -> None:
        unlink_theme(self.env, self, theme_id, interaction_id)

    def save_report(self) -> None:
        if self.activity_id is None:
            return
        default = str(self.env.ctx.data_dir / "exports" / f"consultation-{self.activity_id}.docx")
        target, _ = QFileDialog.getSaveFileName(self, "Save the consultation report", default,
                                                "Word document (*.docx)")
        if target:
            self.write_report(Path(target))

    def write_report(self, target: Path) -> None:
        ctx, activity_id = self.env.ctx, self.activity_id
        if target.suffix.lower() != ".docx":
            target = target.with_suffix(".docx")
        self.env.jobs.run(lambda progress: write_consultation_report(ctx, activity_id, target, chart_png,
                                                                     progress=progress),
                          label="Writing the consultation report",
                          on_done=lambda _context: self.summary.setText(
                              self.summary.text() + f"<br><b>Report saved to {html.escape(str(target))}</b>"))
