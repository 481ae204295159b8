"""Build templates/engagement_report.docx, the bundled engagement report template.

Run from the checkout:  .venv/bin/python packaging/make_engagement_template.py
The template is plain docxtpl (Jinja2) text inside a Word document, so a team can open it in
Word, restyle it and keep the {{ fields }}; `sdm-desktop report engagement` fills it in.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

OUTPUT = Path(__file__).resolve().parents[1] / "templates" / "engagement_report.docx"


def loop_table(doc, headers: list[str], loop: str, cells: list[str], widths: list[float] | None = None):
    """A table whose middle row repeats once per item (docxtpl's {%tr %} rows)."""
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = "Light Grid Accent 1"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for n, text in enumerate(headers):
        table.cell(0, n).text = text
        table.cell(0, n).paragraphs[0].paragraph_format.keep_with_next = True
    repeat_as_header(table.rows[0])
    table.cell(1, 0).text = f"{{%tr for row in {loop} %}}"
    for n, text in enumerate(cells):
        table.cell(2, n).text = text
    table.cell(3, 0).text = "{%tr endfor %}"
    if widths:
        table.autofit = False
        for n, width in enumerate(widths):
            table.columns[n].width = Cm(width)
        for row in table.rows:
            for n, width in enumerate(widths):
                row.cells[n].width = Cm(width)
    return table


def repeat_as_header(row) -> None:
    """The column headings repeat at the top of every page the table runs onto, and stay with its first row."""
    properties = row._tr.get_or_add_trPr()
    for tag in ("w:tblHeader", "w:cantSplit"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), "true")
        properties.append(element)


def optional_table(doc, loop: str, when_empty: str | None, *table_args) -> None:
    """The loop table only when ``loop`` has rows (never bare headings), else the line ``when_empty``."""
    doc.add_paragraph(f"{{%p if {loop} %}}")
    loop_table(doc, *table_args)
    if when_empty:
        doc.add_paragraph("{%p else %}")
        doc.add_paragraph(when_empty)
    doc.add_paragraph("{%p endif %}")


def figure_table(doc, pairs: list[tuple[str, str]]):
    table = doc.add_table(rows=len(pairs), cols=2)
    table.style = "Table Grid"
    for n, (name, field) in enumerate(pairs):
        table.cell(n, 0).text = name
        table.cell(n, 1).text = field
    return table


def report_document():
    """A new A4 report: 2 cm side margins, Arial 10.5 pt (the look every bundled report shares)."""
    doc = Document()
    section = doc.sections[0]
    section.left_margin = section.right_margin = Cm(2)
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(10.5)
    return doc


def build(path: Path = OUTPUT) -> Path:
    doc = report_document()
    doc.add_heading("{{ title }}", level=0)
    doc.add_paragraph("Period: {{ period_from }} to {{ period_to }}. Prepared on {{ generated_on }}.")
    doc.add_paragraph("{{ programme_summary }}")

    doc.add_heading("Summary", level=1)
    figure_table(doc, [
        ("Activities in the period", "{{ totals.activities }}"),
        ("Activities done", "{{ totals.done }}"),
        ("Activities cancelled", "{{ totals.cancelled }}"),
        ("Interactions logged", "{{ totals.interactions }}"),
        ("Stakeholders reached", "{{ totals.stakeholders_reached }} ({{ totals.organisations_reached }} groups, "
                                 "{{ totals.people_reached }} people)"),
        ("Feedback received", "{{ totals.feedback }} ({{ totals.feedback_closed }} with the loop closed)"),
        ("Open follow-up actions", "{{ totals.open_actions }} ({{ totals.overdue_actions }} overdue)"),
    ])

    doc.add_heading("Activities by level of patient and public engagement", level=1)
    loop_table(doc, ["Level", "Activities", "Done", "Interactions", "Spent"], "levels",
               ["{{ row.name }}", "{{ row.activities }}", "{{ row.done }}", "{{ row.interactions }}",
                "{{ row.spent }}"], [7, 2.5, 2, 2.5, 3])
    doc.add_heading("Activities in the period", level=2)
    optional_table(doc, "activities", "No activities were planned in this period.",
                   ["Date", "Activity", "Level", "Method", "IAP2", "Status", "Spent"], "activities",
                   ["{{ row.date }}", "{{ row.title }}", "{{ row.level }}", "{{ row.method }}", "{{ row.iap2 }}",
                    "{{ row.status }}", "{{ row.spent }}"], [2.3, 5, 2.5, 2.5, 2, 2, 2])

    doc.add_heading("Money", level=1)
    figure_table(doc, [
        ("Budget", "{{ costs.budget }}"), ("Costs", "{{ costs.cost }}"),
        ("Involvement payments to patient representatives", "{{ costs.involvement_payments }}"),
        ("Expenses to patient representatives", "{{ costs.expenses }}"),
        ("Total spent", "{{ costs.spent }}"), ("Budget remaining", "{{ costs.remaining }}"),
    ])

    doc.add_heading("Stakeholders reached", level=1)
    doc.add_paragraph("{{ totals.organisations_reached }} groups and organisations and {{ totals.people_reached }} "
                      "individual people were reached through activities or interactions in the period.")
    optional_table(doc, "organisations", None,
                   ["Group or organisation", "Contacts in the period"], "organisations",
                   ["{{ row.name }}", "{{ row.contacts }}"], [12, 4])

    doc.add_heading("You said, we did", level=1)
    optional_table(doc, "feedback", "No feedback was logged in this period.",
                   ["Date", "From", "You said", "We did", "We told you"], "feedback",
                   ["{{ row.date }}", "{{ row.who }}", "{{ row.said }}", "{{ row.did }}", "{{ row.told }}"],
                   [2.3, 3.5, 4.2, 4.2, 3])

    doc.add_heading("Open actions", level=1)
    doc.add_paragraph("{{ actions_note }}")
    optional_table(doc, "actions", None,
                   ["Due", "Action", "Owner", "With", "State"], "actions",
                   ["{{ row.due }}", "{{ row.action }}", "{{ row.owner }}", "{{ row.who }}", "{{ row.state }}"],
                   [2.3, 6, 3, 4, 2])
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path


if __name__ == "__main__":
    made = build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT)
    print(f"Wrote {made}")
