"""Build templates/assurance_report.docx, the bundled statutory assurance report template.

Run from the checkout:  .venv/bin/python packaging/make_assurance_template.py
Plain docxtpl (Jinja2) text inside a Word document: a team can restyle it in Word and keep the {{ fields }};
`sdm-desktop report assurance` fills it in.
"""

from __future__ import annotations

import sys
from pathlib import Path

from make_engagement_template import loop_table, report_document

OUTPUT = Path(__file__).resolve().parents[1] / "templates" / "assurance_report.docx"


def build(path: Path = OUTPUT) -> Path:
    doc = report_document()
    doc.add_heading("{{ title }}", level=0)
    doc.add_paragraph("Framework: {{ framework }}.")
    doc.add_paragraph("Period: {{ period_from }} to {{ period_to }}. Prepared on {{ generated_on }}.")
    doc.add_paragraph("{{ summary }}")

    doc.add_paragraph("{%p for p in principles %}")
    doc.add_heading("{{ p.number }}. {{ p.title }}", level=1)
    doc.add_paragraph("{%p if p.description %}")
    doc.add_paragraph("{{ p.description }}")
    doc.add_paragraph("{%p endif %}")
    rating = doc.add_paragraph()
    rating.add_run("Self-assessment: ").bold = True
    rating.add_run("{{ p.rating }}")
    doc.add_paragraph("{{ p.narrative }}")
    doc.add_paragraph("{%p if p.has_evidence %}")
    doc.add_paragraph("{{ p.evidence_sentence }}")
    loop_table(doc, ["Date", "Activity", "Level", "Status", "Outcome", "Reached"], "p.activities",
               ["{{ row.date }}", "{{ row.title }}", "{{ row.level }}", "{{ row.status }}", "{{ row.outcome }}",
                "{{ row.reached }}"], [2.2, 4.0, 3.2, 1.9, 3.4, 2.3])
    doc.add_paragraph("{{ p.more_activities }}")
    doc.add_paragraph("{%p else %}")
    gap = doc.add_paragraph()
    gap.add_run("Gap: no activity in the period evidences this principle.").bold = True
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if p.you_said %}")
    doc.add_heading("You said, we did", level=2)
    loop_table(doc, ["You said", "We did"], "p.you_said", ["{{ row.said }}", "{{ row.did }}"], [8.5, 8.5])
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if p.evidence %}")
    doc.add_paragraph("Further evidence:")
    doc.add_paragraph("{%p for line in p.evidence %}")
    doc.add_paragraph("{{ line }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endfor %}")

    doc.add_heading("Gaps", level=1)
    doc.add_paragraph("{%p if gaps %}")
    doc.add_paragraph("These principles have no evidence in the period:")
    doc.add_paragraph("{%p for gap in gaps %}")
    doc.add_paragraph("{{ gap }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("Every principle has evidence in the period.")
    doc.add_paragraph("{%p endif %}")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path


if __name__ == "__main__":
    made = build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT)
    print(f"Wrote {made}")
