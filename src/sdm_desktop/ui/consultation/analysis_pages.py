"""The pages of the Analysis tab: choice charts (each with its table toggle), theme counts per question, themes by
respondent group, the quote bank and "you said, we did" per theme. Each shows what the panel loaded; none reads the
database itself, except the quote bank's Copy (which asks the service, so consent is checked again)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sdm_desktop.errors import UserError
from sdm_desktop.services.consultation.analysis import ConsultationAnalysis, GroupTable
from sdm_desktop.services.consultation.feedback import ThemeLoop
from sdm_desktop.services.consultation.quotes import QuoteBank, usable_quote
from sdm_desktop.services.core.text import counted
from sdm_desktop.ui import prompts
from sdm_desktop.ui.common.accessible import buddy_label, named
from sdm_desktop.ui.common.charts import ChartPanel


def read_only_table(name: str, headers: list[str], stretch: bool = True) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setAccessibleName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setTabKeyNavigation(False)            # one Tab stop: arrows move inside
    table.setWordWrap(True)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(stretch)       # not for a last column of numbers
    return table


def fill(table: QTableWidget, rows: list[list[str]], data: list | None = None) -> None:
    """Rows of text; ``data`` (one value a row) is kept on the first cell for the row's actions."""
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if c == 0 and data is not None:
                item.setData(Qt.ItemDataRole.UserRole, data[r])
            if c > 0 and text[:1].isdigit() or text == "<5":
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    for c in range(table.columnCount()):
        table.setColumnWidth(c, min(table.columnWidth(c), 420))
    table.resizeRowsToContents()


def chosen(table: QTableWidget):
    item = table.item(table.currentRow(), 0) if table.currentRow() >= 0 else None
    return None if item is None else item.data(Qt.ItemDataRole.UserRole)


class ChoicesPage(QScrollArea):
    """Each choice question as a bar chart of counts (percentages beside), or as its table."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setAccessibleName("Choice answers as charts")
        self.body = QWidget()
        self.rows = QVBoxLayout(self.body)
        self.setWidget(self.body)

    def show_analysis(self, analysis: ConsultationAnalysis) -> None:
        while self.rows.count():
            widget = self.rows.takeAt(0).widget()
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        for question in analysis.choices:
            panel = ChartPanel()
            panel.set_chart(question.chart())
            self.rows.addWidget(panel)
            if question.purpose == "equality":
                self.rows.addWidget(QLabel("Equality monitoring: anonymous counts; under 5 shown as “<5”."))
        if not analysis.choices:
            self.rows.addWidget(QLabel("This activity's form has no single- or multiple-choice questions."))
        self.rows.addStretch(1)


class ThemesPage(QWidget):
    """Themes ranked by the people who raised them, with the answers coded with each per free-text question."""

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.table = read_only_table("Theme counts", ["Theme", "People", "Of responses"], stretch=False)
        layout.addWidget(self.table)

    def show_analysis(self, analysis: ConsultationAnalysis) -> None:
        questions = analysis.questions
        self.table.setColumnCount(3 + len(questions))
        self.table.setHorizontalHeaderLabels(["Theme", "People", "Of responses"]
                                             + [f"Answers to “{_short(q.text)}”" for q in questions])
        per = [{t.theme_id: t.answers for t in q.themes} for q in questions]
        rows = [[t.name, f"{t.people:,}", f"{t.percent:.0f}%"] + [f"{p.get(t.theme_id, 0):,}" for p in per]
                for t in analysis.overall]
        fill(self.table, rows, [t.theme_id for t in analysis.overall])
        coded = "; ".join(f"“{_short(q.text)}”: {q.coded:,} of {q.answered:,} answers coded" for q in questions)
        empty = "" if analysis.overall else (" No answers have a theme yet: code them in the Coding tab, or use "
                                             "Suggest themes… to start the codebook." if questions else "")
        self.note.setText(f"{analysis.responses:,} responses{' (filtered)' if analysis.filter.active else ''}. "
                          + (coded or "No free-text questions.") + empty)


def _short(text: str, longest: int = 40) -> str:
    return text if len(text) <= longest else text[:longest - 1] + "…"


class GroupPage(QWidget):
    """Themes by the answer to a group question or an equality field."""

    group_chosen = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.question = QComboBox()
        row.addWidget(buddy_label("Group respon&dents by", self.question))
        row.addWidget(self.question, 1)
        layout.addLayout(row)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.table = read_only_table("Themes by group", ["Theme"], stretch=False)
        layout.addWidget(self.table)
        self.question.activated.connect(lambda _n: self.group_chosen.emit(self.question.currentData()))

    def set_questions(self, questions: list[tuple[int, str, str]], current: int | None) -> None:
        self.question.clear()
        for question_id, text, purpose in questions:
            kind = {"group": "group", "equality": "equality field"}.get(purpose, "question")
            self.question.addItem(f"{_short(text, 60)} ({kind})", question_id)
        if current is not None and self.question.findData(current) >= 0:
            self.question.setCurrentIndex(self.question.findData(current))

    def show_table(self, table: GroupTable | None) -> None:
        if table is None:
            self.table.setRowCount(0)
            self.note.setText("The form has no question to group respondents by (a group question, an equality "
                              "field or a single choice).")
            return
        self.table.setColumnCount(1 + len(table.groups))
        self.table.setHorizontalHeaderLabels(["Theme"] + [f"{g} ({table.cell(n)})" for g, n in
                                                         zip(table.groups, table.group_sizes, strict=True)])
        fill(self.table, [[name, *(table.cell(v) for v in cells)] for name, cells in table.rows])
        self.note.setText("People in each group who raised each theme (group sizes in brackets)."
                          + (" Equality monitoring: anonymous counts, under 5 shown as “<5”."
                             if table.equality else ""))


class QuotesPage(QWidget):
    """Quotes that may be used: the respondent agreed, names already taken out."""

    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        layout = QVBoxLayout(self)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.table = read_only_table("Quote bank", ["Theme", "Quote", "Question"])
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.copy = named(QPushButton("Copy &quote"), "Copy the chosen quote",
                          "Copy the quote, names taken out, to paste into a document")
        self.copy.clicked.connect(self.copy_quote)
        row.addWidget(self.copy)
        row.addStretch(1)
        layout.addLayout(row)

    def show_bank(self, bank: QuoteBank) -> None:
        fill(self.table, [[q.theme, q.text, _short(q.question)] for q in bank.quotes],
             [q.quote_id for q in bank.quotes])
        self.table.setColumnWidth(1, 520)
        self.table.resizeRowsToContents()
        held = (f" {bank.withheld:,} kept quote{'s are' if bank.withheld != 1 else ' is'} not offered: the "
                "respondent did not agree to be quoted." if bank.withheld else "")
        self.note.setText(f"{counted(len(bank.quotes), 'quote')} may be used; names and contact details are taken out."
                          + held + " Keep quotes while coding (select a phrase, then keep it under a theme).")

    def copy_quote(self) -> None:
        quote_id = chosen(self.table)
        if quote_id is None:
            return
        try:
            QGuiApplication.clipboard().setText(usable_quote(self.env.ctx, quote_id))
        except (UserError, LookupError) as exc:          # consent withdrawn or the quote deleted meanwhile
            prompts.error(self, f"Not copied: {exc}")


class LoopPage(QWidget):
    """Per theme: how many people raised it, and the "you said, we did" entries linked to it."""

    link_requested = Signal(int)
    unlink_requested = Signal(int, int)
    record_requested = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.table = read_only_table("You said, we did by theme",
                                     ["Theme", "People who raised it", "You said", "We did", "State"])
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        for text, name, slot in (("Lin&k an entry…", "Link the theme to a you said, we did entry", self._link),
                                 ("Recor&d a new entry…", "Record a new you said, we did entry for the theme",
                                  self._record),
                                 ("&Unlink", "Unlink the chosen entry from the theme", self._unlink)):
            button = named(QPushButton(text), name)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)

    def show_loops(self, loops: list[ThemeLoop]) -> None:
        rows, data = [], []
        for loop in loops:
            for n, entry in enumerate(loop.entries or [None]):
                rows.append([loop.theme if n == 0 else "", f"{loop.people:,}" if n == 0 else "",
                             entry.you_said if entry else "", entry.we_did if entry else "",
                             loop.state if n == 0 else ""])
                data.append((loop.theme_id, entry.interaction_id if entry else None))
        fill(self.table, rows, data)

    def _current(self) -> tuple[int, int | None] | None:
        return chosen(self.table)

    def _link(self) -> None:
        current = self._current()
        if current is not None:
            self.link_requested.emit(current[0])

    def _record(self) -> None:
        current = self._current()
        if current is not None:
            self.record_requested.emit(current[0])

    def _unlink(self) -> None:
        current = self._current()
        if current is not None and current[1] is not None:
            self.unlink_requested.emit(*current)
