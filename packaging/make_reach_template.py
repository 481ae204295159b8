"""Build templates/reach_report.docx, the bundled reach report template (an annex for an equality impact
assessment).

Run from the checkout:  .venv/bin/python packaging/make_reach_template.py
Plain docxtpl (Jinja2) text inside a Word document: a team can restyle it in Word and keep the {{ fields }};
`sdm-desktop report reach -o FILE.docx` fills it in. A paragraph holding only {{ d.chart }} becomes the chart.
"""

from __future__ import annotations

import sys
from pathlib import Path

from make_engagement_template import loop_table, optional_table, report_document

OUTPUT = Path(__file__).resolve().parents[1] / "templates" / "reach_report.docx"


def build(path: Path = OUTPUT) -> Path:
    doc = report_document()
    doc.add_heading("{{ title }}", level=0)
    doc.add_paragraph("Period: {{ period }}. Prepared on {{ generated_on }}.")
    doc.add_paragraph("This annex can be attached to an equality impact assessment. It compares the people the "
                      "programme engaged with the population it serves, and lists the places no active group "
                      "reaches.")
    doc.add_heading("Summary", level=1)
    doc.add_paragraph("{%p for line in summary %}")
    doc.add_paragraph("{{ line }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{{ suppression_note }} A group is flagged as under-represented when its share is more than "
                      "{{ margin }} percentage points below the population's.")

    doc.add_paragraph("{%p for d in dimensions %}")
    doc.add_heading("{{ d.label }}", level=1)
    doc.add_paragraph("{%p if d.chart %}")
    doc.add_paragraph("{{ d.chart }}")
    doc.add_paragraph("{%p endif %}")
    headings = ["Category", "People engaged", "Per cent", "Population per cent", "Difference", "Under-represented"]
    loop_table(doc, headings,
               "d.rows", ["{{ row.category }}", "{{ row.count }}", "{{ row.percent }}", "{{ row.population }}",
                          "{{ row.difference }}", "{{ row.flag }}"], [4.4, 2.2, 1.8, 2.6, 2.2, 3.8])
    doc.add_paragraph("{{ d.base }}.")
    doc.add_paragraph("{%p endfor %}")

    doc.add_heading("Coverage gaps by place", level=1)
    doc.add_paragraph("{%p if coverage_available %}")
    doc.add_paragraph("Neighbourhoods (LSOAs) in the area the register works in ({{ districts }}), by IMD quintile, "
                      "and how many have an active group in the register.")
    loop_table(doc, ["IMD quintile", "LSOAs", "With an active group", "Without", "Seldom-heard groups"],
               "quintiles", ["{{ row.quintile }}", "{{ row.lsoas }}", "{{ row.with_group }}",
                             "{{ row.without_group }}", "{{ row.seldom_heard }}"], [3, 2.5, 4, 3, 4.5])
    doc.add_paragraph("{{ gaps_note }}")
    optional_table(doc, "gaps", None, ["LSOA", "Name", "District", "IMD rank"], "gaps",
                   ["{{ row.code }}", "{{ row.name }}", "{{ row.district }}", "{{ row.rank }}"], [3, 5, 5, 3])
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("Coverage by place needs the postcode directory and the deprivation file: import them with "
                      "File → Import lookup files, or sdm-desktop lookups import FILE.")
    doc.add_paragraph("{%p endif %}")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path


if __name__ == "__main__":
    made = build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT)
    print(f"Wrote {made}")
