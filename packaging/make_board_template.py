"""Build templates/board_summary.docx, the bundled board summary template.

Run from the checkout:  .venv/bin/python packaging/make_board_template.py
Plain docxtpl (Jinja2) text inside a Word document: a team can restyle it in Word and keep the {{ fields }};
`sdm-desktop report board -o FILE.docx` fills it in. The paragraph holding only {{ chart }} becomes the chart.
Kept short (narrow margins, small type) so that it fits one page on most data; the PDF always does.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.shared import Cm, Pt
from make_engagement_template import loop_table

OUTPUT = Path(__file__).resolve().parents[1] / "templates" / "board_summary.docx"


def _tight(paragraph, after: float = 2) -> None:
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.space_before = Pt(0)


def build(path: Path = OUTPUT) -> Path:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(1.5)
    section.top_margin = section.bottom_margin = Cm(1.2)
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(9)
    for name, size in (("Title", 16), ("Heading 1", 11)):
        doc.styles[name].font.size = Pt(size)
    _tight(doc.add_heading("{{ programme }}", level=0))
    _tight(doc.add_paragraph("Board summary: {{ period }}. Changes are against the period before, "
                             "{{ previous_period }}. Prepared on {{ generated_on }}."), 6)

    _tight(doc.add_heading("Key figures", level=1))
    loop_table(doc, ["Figure", "This period", "Period before", "Change"], "figures",
               ["{{ row.name }}", "{{ row.now }}", "{{ row.before }}", "{{ row.change }}"], [6, 3, 3, 6])

    _tight(doc.add_heading("Activity by level", level=1))
    doc.add_paragraph("{%p if chart %}")
    doc.add_paragraph("{{ chart }}")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("{{ chart_text }}")
    doc.add_paragraph("{%p endif %}")

    _tight(doc.add_heading("Analysis grid", level=1))
    _tight(doc.add_paragraph("Latest assessment of each of {{ quadrant_total }} stakeholders: "
                             "{% for q in quadrants %}{{ q.name }} {{ q.count }}{% if not loop.last %}; "
                             "{% endif %}{% endfor %}."))

    _tight(doc.add_heading("You said, we did", level=1))
    doc.add_paragraph("{%p for y in you_said %}")
    _tight(doc.add_paragraph("{{ y.on }}: you said “{{ y.said }}”; we did: {{ y.did }}", style="List Bullet"))
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p if not you_said %}")
    doc.add_paragraph("No feedback in the period is recorded with the change it led to.")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if you_said_more %}")
    doc.add_paragraph("{{ you_said_more }}")
    doc.add_paragraph("{%p endif %}")

    _tight(doc.add_heading("Training reach", level=1))
    _tight(doc.add_paragraph("{{ training }}"))

    _tight(doc.add_heading("Who was reached, by deprivation (IMD quintile)", level=1))
    _tight(doc.add_paragraph("{% for q in quintiles %}{{ q.quintile }}: {{ q.count }}{% if not loop.last %}; "
                             "{% endif %}{% endfor %}. {{ suppression_note }}"))

    _tight(doc.add_heading("Risks", level=1))
    _tight(doc.add_paragraph("{{ overdue }} {{ gaps_text }}"))
    doc.add_paragraph("{%p for g in gaps %}")
    _tight(doc.add_paragraph("{{ g }}", style="List Bullet"), 0)
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p if gaps_more %}")
    doc.add_paragraph("{{ gaps_more }}")
    doc.add_paragraph("{%p endif %}")

    _tight(doc.add_heading("Data protection", level=1))
    _tight(doc.add_paragraph("{{ data_protection }}"))
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path


if __name__ == "__main__":
    made = build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT)
    print(f"Wrote {made}")
