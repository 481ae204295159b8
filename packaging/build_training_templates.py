"""Build the bundled training templates with python-docx, reproducibly.

    .venv/bin/python packaging/build_training_templates.py

writes templates/training_certificate.docx (A4 landscape), training_invitation.docx and
training_reminder.docx (A4 portrait). The fields are docxtpl (Jinja2) tags filled in by
``sdm_desktop.services.training.documents``; see FIELDS there for what each template gets.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

NHS_BLUE = RGBColor(0x00, 0x5E, 0xB8)
DARK = RGBColor(0x23, 0x1F, 0x20)
GREY = RGBColor(0x42, 0x55, 0x63)
OUT = Path(__file__).resolve().parents[1] / "templates"


def _fix_core_properties(doc: Document, title: str) -> None:
    """Fixed metadata so the file is the same every time it is built (apart from zip timestamps)."""
    from datetime import datetime
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = title, "SDM Desktop", "SDM Desktop"
    props.created = props.modified = datetime(2026, 1, 1)
    props.revision = 1


def _page(doc: Document, landscape: bool) -> None:
    section = doc.sections[0]
    width, height = Cm(21.0), Cm(29.7)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    margin = Cm(1.6) if landscape else Cm(2.2)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = margin
    style = doc.styles["Normal"]
    style.font.name, style.font.size, style.font.color.rgb = "Arial", Pt(11), DARK
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Arial")


def _page_border(doc: Document) -> None:
    """A double blue border around the page, drawn by Word itself (w:pgBorders)."""
    sect_pr = doc.sections[0]._sectPr
    borders = OxmlElement("w:pgBorders")
    borders.set(qn("w:offsetFrom"), "page")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "double")
        edge.set(qn("w:sz"), "24")
        edge.set(qn("w:space"), "24")
        edge.set(qn("w:color"), "005EB8")
        borders.append(edge)
    sect_pr.append(borders)


def _para(doc: Document, text: str = "", *, size: float = 11, bold: bool = False, italic: bool = False,
          color: RGBColor = DARK, align=WD_ALIGN_PARAGRAPH.LEFT, before: float = 0, after: float = 6):
    p = doc.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_before, p.paragraph_format.space_after = Pt(before), Pt(after)
    if text:
        run = p.add_run(text)
        run.font.size, run.font.bold, run.font.italic, run.font.color.rgb = Pt(size), bold, italic, color
    return p


def _signature_table(doc: Document) -> None:
    table = doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    cells = [("{{ facilitators }}", "Facilitator(s)"), ("{{ issued_on }}", "Date of issue")]
    for col, (value, caption) in enumerate(cells):
        top, bottom = table.cell(0, col), table.cell(1, col)
        top.width = bottom.width = Cm(11)
        p = top.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(value)
        run.font.size = Pt(13)
        p.paragraph_format.space_before = Pt(18)
        line = bottom.paragraphs[0]
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        caption_run = line.add_run("______________________________\n" + caption)
        caption_run.font.size, caption_run.font.color.rgb = Pt(10), GREY


def build_certificate(path: Path) -> None:
    doc = Document()
    _page(doc, landscape=True)
    _page_border(doc)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, "{{ organisation }}", size=12, bold=True, color=NHS_BLUE, align=centre, before=6, after=2)
    _para(doc, "Shared Decision Making programme", size=10, color=GREY, align=centre, after=14)
    _para(doc, "Certificate of Completion", size=36, bold=True, color=NHS_BLUE, align=centre, after=10)
    _para(doc, "This is to certify that", size=13, italic=True, color=GREY, align=centre, after=6)
    _para(doc, "{{ name }}", size=30, bold=True, align=centre, after=6)
    _para(doc, "has successfully completed", size=13, italic=True, color=GREY, align=centre, after=6)
    _para(doc, "{{ programme }}", size=20, bold=True, color=NHS_BLUE, align=centre, after=4)
    _para(doc, "{{ cohort }} · completed on {{ completed_on }}{% if trainer %} · trained by {{ trainer }}{% endif %}",
          size=11, color=GREY, align=centre, after=10)
    _para(doc, "{%p if learning_outcomes %}", align=centre, after=0)
    _para(doc, "Learning outcomes achieved", size=11, bold=True, align=centre, after=2)
    _para(doc, "{%p for outcome in learning_outcomes %}", align=centre, after=0)
    _para(doc, "✓ {{ outcome }}", size=10.5, align=centre, after=1)
    _para(doc, "{%p endfor %}", align=centre, after=0)
    _para(doc, "{%p endif %}", align=centre, after=0)
    _signature_table(doc)
    _para(doc, "Certificate number {{ certificate_number }}", size=8, color=GREY, align=centre, before=10, after=0)
    _fix_core_properties(doc, "Certificate of completion")
    doc.save(path)


def _letter_head(doc: Document) -> None:
    _para(doc, "{{ organisation }}", size=14, bold=True, color=NHS_BLUE, align=WD_ALIGN_PARAGRAPH.RIGHT, after=0)
    _para(doc, "Shared Decision Making programme", size=10, color=GREY, align=WD_ALIGN_PARAGRAPH.RIGHT, after=18)
    _para(doc, "{{ name }}", after=0)
    _para(doc, "{%p for line in address %}", after=0)
    _para(doc, "{{ line }}", after=0)
    _para(doc, "{%p endfor %}", after=0)
    _para(doc, "{{ today }}", align=WD_ALIGN_PARAGRAPH.RIGHT, before=12, after=12)
    _para(doc, "Dear {{ salutation }},", after=10)


def _sessions_block(doc: Document) -> None:
    _para(doc, "{{ where }}", bold=True, after=6)
    _para(doc, "{%p for s in sessions %}", after=0)
    _para(doc, "•  {{ s.date }}, {{ s.time }} ({{ s.duration }}){% if s.topic %}: {{ s.topic }}{% endif %}", after=2)
    _para(doc, "{%p endfor %}", after=0)


def _letter_end(doc: Document) -> None:
    _para(doc, "{%p if access_needs %}", after=0)
    _para(doc, "You told us about these access needs, and we have planned for them: {{ access_needs }}. "
               "Please tell us if anything has changed.", before=6)
    _para(doc, "{%p endif %}", after=0)
    _para(doc, "Yours sincerely,", before=12, after=30)
    _para(doc, "{{ facilitators }}", bold=True, after=0)
    _para(doc, "{{ organisation }}", color=GREY)


def build_invitation(path: Path) -> None:
    doc = Document()
    _page(doc, landscape=False)
    _letter_head(doc)
    _para(doc, "Invitation: {{ programme }}", size=14, bold=True, color=NHS_BLUE, after=8)
    _para(doc, "We would like to invite you to join {{ cohort }}, part of {{ programme }}.")
    _para(doc, "{{ description }}")
    _para(doc, "To complete the course you need to attend {{ sessions_required }} of the sessions below.")
    _sessions_block(doc)
    _para(doc, "Please let us know by reply whether you can take part. Places are limited; if the course "
               "is full we will keep you on the waiting list and contact you when a place comes free.",
          before=8)
    _letter_end(doc)
    _fix_core_properties(doc, "Training invitation")
    doc.save(path)


def build_reminder(path: Path) -> None:
    doc = Document()
    _page(doc, landscape=False)
    _letter_head(doc)
    _para(doc, "Reminder: {{ cohort }}", size=14, bold=True, color=NHS_BLUE, after=8)
    _para(doc, "This is a friendly reminder that you are enrolled on {{ cohort }} ({{ programme }}).")
    _para(doc, "{%p if upcoming %}", after=0)
    _para(doc, "The next sessions are:", after=4)
    _para(doc, "{%p endif %}", after=0)
    _sessions_block(doc)
    _para(doc, "So far you have attended {{ attended }} of the {{ sessions_required }} sessions needed to "
               "complete the course. If you can no longer come, please let us know so that we can offer your "
               "place to someone on the waiting list.", before=8)
    _letter_end(doc)
    _fix_core_properties(doc, "Training reminder")
    doc.save(path)


def _fix_zip_times(path: Path) -> None:
    """Rewrite the .docx with fixed entry times so a rebuild gives byte-identical files."""
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    temp = path.with_suffix(".tmp")
    with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)
    temp.replace(path)


def main(out: Path = OUT) -> int:
    out.mkdir(parents=True, exist_ok=True)
    for name, build in (("training_certificate.docx", build_certificate),
                        ("training_invitation.docx", build_invitation),
                        ("training_reminder.docx", build_reminder)):
        build(out / name)
        _fix_zip_times(out / name)
    print(f"Wrote the training templates to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
