"""Build templates/consultation_report.docx, the bundled consultation report template.

Run from the checkout:  .venv/bin/python packaging/make_consultation_template.py
Plain docxtpl (Jinja2) text inside a Word document: a team can restyle it in Word and keep the {{ fields }};
`sdm-desktop report consultation --activity ID -o FILE.docx` fills it in. A paragraph holding only {{ q.chart }}
becomes that question's chart.
"""

from __future__ import annotations

import sys
from pathlib import Path

from make_engagement_template import loop_table, optional_table, report_document

OUTPUT = Path(__file__).resolve().parents[1] / "templates" / "consultation_report.docx"


def build(path: Path = OUTPUT) -> Path:
    doc = report_document()
    doc.add_heading("{{ title }}", level=0)
    doc.add_paragraph("Prepared on {{ generated_on }}.")

    doc.add_heading("How we asked", level=1)
    doc.add_paragraph("{{ activity }} ({{ method }}){% if plan %}, part of the engagement plan “{{ plan }}”"
                      "{% endif %}. Dates: {{ activity_dates }}.")
    doc.add_paragraph("We received {{ responses_text }}{% if first_response %}, from {{ first_response }} to "
                      "{{ last_response }}{% endif %}: {{ sources }}. {% if coders %}Answers to the free-text questions were "
                      "read and coded by theme by {{ coders }} {% if coders == 1 %}person{% else %}people{% endif %}"
                      "{% else %}The free-text answers have not been coded by theme yet{% endif %}; "
                      "{{ consented }} respondents agreed to be quoted.")
    doc.add_heading("Summary", level=1)
    doc.add_paragraph("{%p for line in summary %}")
    doc.add_paragraph("{{ line }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")

    doc.add_paragraph("{%p if choices %}")
    doc.add_heading("Answers to the choice questions", level=1)
    doc.add_paragraph("{%p for q in choices %}")
    doc.add_heading("{{ q.question }}", level=2)
    doc.add_paragraph("{%p if q.chart %}")
    doc.add_paragraph("{{ q.chart }}")
    doc.add_paragraph("{%p endif %}")
    loop_table(doc, ["Answer", "Responses", "Per cent"], "q.rows",
               ["{{ row.choice }}", "{{ row.count }}", "{{ row.percent }}"], [9, 3.5, 3.5])
    doc.add_paragraph("{{ q.answered }} people answered this question.{% if q.equality %} Equality monitoring "
                      "answers are anonymous counts; counts under 5 are shown as <5.{% endif %}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")

    doc.add_heading("What people told us", level=1)
    doc.add_paragraph("{%p if themes %}")
    doc.add_paragraph("The themes people raised in their own words, most raised first. Quotes are only from "
                      "people who agreed to be quoted, and names and contact details have been taken out.")
    doc.add_paragraph("{%p for t in themes %}")
    doc.add_heading("{{ t.rank }}. {{ t.name }}", level=2)
    doc.add_paragraph("Raised by {{ t.people }} {% if t.people == '1' %}person{% else %}people{% endif %} "
                      "({{ t.percent }} of responses).")
    doc.add_paragraph("{%p for quote in t.quotes %}")
    doc.add_paragraph("“{{ quote }}”", style="Quote")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("No answers have been coded by theme yet.")
    doc.add_paragraph("{%p endif %}")

    doc.add_paragraph("{%p for q in questions %}")
    doc.add_heading("Themes in answers to “{{ q.question }}”", level=2)
    doc.add_paragraph("{{ q.answered }} answers, {{ q.coded }} coded. Per cent of the coded answers.")
    optional_table(doc, "q.rows", "No themes applied to these answers yet.", ["Theme", "Answers", "Per cent"],
                   "q.rows", ["{{ row.theme }}", "{{ row.answers }}", "{{ row.percent }}"], [9, 3.5, 3.5])
    doc.add_paragraph("{%p endfor %}")

    doc.add_heading("You said, we did", level=1)
    optional_table(doc, "feedback", "No “you said, we did” entries are linked to these themes yet.",
                   ["Theme", "People who raised it", "You said", "We did", "Told them"], "feedback",
                   ["{{ row.theme }}", "{{ row.people }}", "{{ row.you_said }}", "{{ row.we_did }}",
                    "{{ row.told }}"], [3.2, 2.4, 4.6, 4.6, 2.2])
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path


if __name__ == "__main__":
    made = build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT)
    print(f"Wrote {made}")
