"""Everything the Analysis tab shows, as one table for a spreadsheet: choice counts, themes overall and per
question, themes by group, the quote bank (names already taken out) and "you said, we did" per theme."""

from __future__ import annotations

from sdm_desktop.services.consultation.analysis import ConsultationAnalysis, GroupTable
from sdm_desktop.services.consultation.feedback import ThemeLoop
from sdm_desktop.services.consultation.quotes import QuoteBank
from sdm_desktop.services.exporting.tables import Table

HEADERS = ["Section", "Question or group", "Item", "Count", "Per cent"]


def _choices(a: ConsultationAnalysis) -> list[list[object]]:
    return [["Answers to a choice question", q.text, row.choice, row.count_text, row.percent_text]
            for q in a.choices for row in q.rows]


def _themes(a: ConsultationAnalysis) -> list[list[object]]:
    rows = [["Themes, people who raised each", "All questions", t.name, f"{t.people:,}", f"{t.percent:.1f}%"]
            for t in a.overall]
    rows += [["Themes per question, answers coded with each", q.text, t.name, f"{t.answers:,}", f"{t.percent:.1f}%"]
             for q in a.questions for t in q.themes]
    return rows


def _by_group(group: GroupTable | None) -> list[list[object]]:
    if group is None:
        return []
    return [["Themes by group", f"{group.text}: {name}", theme, group.cell(values[n]), ""]
            for theme, values in group.rows for n, name in enumerate(group.groups)]


def analysis_table(a: ConsultationAnalysis, group: GroupTable | None, bank: QuoteBank,
                   loops: list[ThemeLoop]) -> Table:
    rows = _choices(a) + _themes(a) + _by_group(group)
    rows += [["Quote bank", q.theme, q.text, "", ""] for q in bank.quotes]
    rows += [["You said, we did", loop.theme, loop.changed or "(nothing recorded yet)", f"{loop.people:,}", ""]
             for loop in loops]
    return Table(HEADERS, rows, len(rows), "Analysis")
