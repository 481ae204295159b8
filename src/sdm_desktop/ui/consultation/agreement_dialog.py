"""Compare two coders: per theme, percentage agreement and Cohen's kappa over the answers both coded, and the
answers where their themes differ."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from sdm_desktop.services.consultation.codebook.agreement import Agreement, agreement, coders
from sdm_desktop.services.consultation.codebook.coding import free_text_questions
from sdm_desktop.ui import prompts
from sdm_desktop.ui.common.accessible import buddy_label, named

THEME_COLUMNS = ("Theme", "First coder", "Second coder", "Both", "Agreement", "Cohen's kappa")
DISAGREEMENT_COLUMNS = ("Response", "Answer", "Only the first coder gave", "Only the second coder gave")


def kappa_words(kappa: float | None) -> str:
    """Kappa with the usual reading of it (Landis and Koch)."""
    if kappa is None:
        return "n/a (one call throughout)"
    for floor, words in ((0.8, "almost perfect"), (0.6, "substantial"), (0.4, "moderate"), (0.2, "fair"),
                         (0.0, "slight")):
        if kappa > floor or (floor == 0.0 and kappa >= 0):
            return f"{kappa:.2f} ({words})"
    return f"{kappa:.2f} (worse than chance)"


class AgreementDialog(QDialog):
    def __init__(self, env, activity_id: int, parent=None):
        super().__init__(parent)
        self.env, self.activity_id = env, activity_id
        self.setWindowTitle("Compare two coders")
        self.setAccessibleName("Compare two coders")
        layout = QVBoxLayout(self)
        layout.addLayout(self._choices())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Agreement summary")
        layout.addWidget(self.summary)
        self.by_theme = self._table("Agreement by theme", THEME_COLUMNS)
        self.differing = self._table("Answers the coders disagree on", DISAGREEMENT_COLUMNS)
        for table, stretched in ((self.by_theme, 0), (self.differing, 1)):
            for column in range(table.columnCount()):
                modes = QHeaderView.ResizeMode
                mode = modes.Stretch if column == stretched else modes.ResizeToContents
                table.horizontalHeader().setSectionResizeMode(column, mode)
        layout.addWidget(buddy_label("Agreement by &theme:", self.by_theme))
        layout.addWidget(self.by_theme, 1)
        layout.addWidget(buddy_label("&Answers they disagree on:", self.differing))
        layout.addWidget(self.differing, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.resize(900, 600)
        self._load_choices()

    def _choices(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.first = named(QComboBox(), "First coder")
        self.second = named(QComboBox(), "Second coder")
        self.question = named(QComboBox(), "Question compared")
        for widget in (buddy_label("&First coder:", self.first), self.first,
                       buddy_label("&Second coder:", self.second), self.second,
                       buddy_label("&Question:", self.question), self.question):
            row.addWidget(widget)
        row.setStretchFactor(self.question, 1)
        return row

    def _table(self, name: str, columns: tuple[str, ...]) -> QTableWidget:
        table = named(QTableWidget(0, len(columns)), name)
        table.setHorizontalHeaderLabels(columns)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setTabKeyNavigation(False)
        table.verticalHeader().setVisible(False)
        table.setWordWrap(True)
        return table

    def _load_choices(self) -> None:
        found = coders(self.env.ctx, self.activity_id)
        for combo, start in ((self.first, 0), (self.second, 1)):
            for coder in found:
                combo.addItem(f"{coder.name} ({coder.answers} coded)", coder.name)
            combo.setCurrentIndex(min(start, combo.count() - 1))
        self.question.addItem("All free-text questions", None)
        for q in free_text_questions(self.env.ctx, self.activity_id):
            self.question.addItem(f"{q.position}. {q.text}", q.id)
        for combo in (self.first, self.second, self.question):
            combo.currentIndexChanged.connect(lambda _i: self.compare())
        self.compare()

    def compare(self) -> None:
        first, second = self.first.currentData(), self.second.currentData()
        if first is None or second is None or first == second:
            self.summary.setText("Two people need to have coded answers of this activity: each types their name "
                                 "as Coder on the Coding tab and codes the same answers.")
            self.by_theme.setRowCount(0)
            self.differing.setRowCount(0)
            return
        question = self.question.currentData()
        self.env.jobs.run(lambda _p: agreement(self.env.ctx, self.activity_id, first, second, question),
                          label="Comparing the coders", on_done=self.show_result,
                          on_error=lambda exc: prompts.error(self, prompts.describe_error(exc)))

    def show_result(self, result: Agreement) -> None:
        self.summary.setText(f"{result.answers} answers coded by both {result.first} and {result.second}; they "
                             f"gave different themes to {result.disagreeing}. Agreement is the share of answers "
                             "where both made the same call on a theme; kappa corrects it for chance.")
        first, second = result.first, result.second
        self.by_theme.setHorizontalHeaderLabels(("Theme", f"{first} gave it", f"{second} gave it", "Both", "Agreement",
                                                 "Cohen's kappa"))
        self.differing.setHorizontalHeaderLabels(("Response", "Answer", f"Only {first} gave", f"Only {second} gave"))
        self.by_theme.setRowCount(len(result.themes))
        for row, t in enumerate(result.themes):
            values = (t.theme, str(t.by_first), str(t.by_second), str(t.both),
                      f"{t.agreement:.0%}" if result.answers else "–", kappa_words(t.kappa) if result.answers else "–")
            for column, text in enumerate(values):
                self.by_theme.setItem(row, column, QTableWidgetItem(text))
        self.differing.setRowCount(len(result.disagreements))
        for row, d in enumerate(result.disagreements):
            values = (str(d.response_id), d.text, ", ".join(d.only_first) or "–", ", ".join(d.only_second) or "–")
            for column, text in enumerate(values):
                self.differing.setItem(row, column, QTableWidgetItem(text))
        self.by_theme.resizeRowsToContents()
        self.differing.resizeRowsToContents()
