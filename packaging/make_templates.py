"""Build the bundled letter templates in templates/ with python-docx (reproducible).

    .venv/bin/python packaging/make_templates.py

Each letter is an A4 page: a letterhead (sender organisation, programme, address, contact),
the recipient's address block, date and reference, salutation, subject, body and sign-off,
and a footer offering other formats. Fields are docxtpl/Jinja tags typed in single runs.
"""

from __future__ import annotations

import sys
import zipfile
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

NHS_BLUE = RGBColor(0x00, 0x5E, 0xB8)
GREY = RGBColor(0x42, 0x55, 0x63)
ROOT = Path(__file__).resolve().parents[1]


def new_document(landscape: bool = False) -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = (Cm(29.7), Cm(21.0)) if landscape else (Cm(21.0), Cm(29.7))
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin, section.bottom_margin = Cm(1.6), Cm(1.8)
    section.header_distance, section.footer_distance = Cm(0.8), Cm(0.8)
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Arial")
    normal.paragraph_format.space_after = Pt(8)
    normal.paragraph_format.line_spacing = 1.12
    props = doc.core_properties
    props.created = props.modified = datetime(2026, 1, 1)
    props.author, props.comments = "SDM Desktop", "Bundled template; copy it in SDM Desktop to change it."
    return doc


def para(doc, text: str = "", *, size: float | None = None, bold: bool = False, color=None,
         align=None, after: float | None = None, before: float | None = None, italic: bool = False):
    paragraph = doc.add_paragraph()
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
        if color is not None:
            run.font.color.rgb = color
    if align is not None:
        paragraph.alignment = align
    if after is not None:
        paragraph.paragraph_format.space_after = Pt(after)
    if before is not None:
        paragraph.paragraph_format.space_before = Pt(before)
    return paragraph


def rule_below(paragraph, color: str = "005EB8", size: int = 12) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "4"), ("w:color", color)):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def letterhead(doc) -> None:
    right = WD_ALIGN_PARAGRAPH.RIGHT
    para(doc, "{{ sender_organisation }}", size=15, bold=True, color=NHS_BLUE, align=right, after=0)
    para(doc, "{{ programme_name }}", size=10.5, color=NHS_BLUE, align=right, after=2)
    para(doc, "{{ sender_address }}", size=9, color=GREY, align=right, after=0)
    contact = para(doc, "{% if sender_phone %}Telephone {{ sender_phone }}{% endif %}"
                        "{% if sender_phone and sender_email %}  ·  {% endif %}"
                        "{% if sender_email %}{{ sender_email }}{% endif %}",
                   size=9, color=GREY, align=right, after=18)
    rule_below(contact)


def address_and_date(doc) -> None:
    para(doc, "{%p for line in address_lines %}", after=0)
    para(doc, "{{ line }}", after=0)
    para(doc, "{%p endfor %}", after=0)
    para(doc, "{{ today }}", align=WD_ALIGN_PARAGRAPH.RIGHT, before=18, after=0)
    para(doc, "Our reference: {{ letter_reference }}", size=9, color=GREY, align=WD_ALIGN_PARAGRAPH.RIGHT,
         after=14)


def opening(doc, subject: str) -> None:
    para(doc, "{{ salutation }},", after=10)
    para(doc, subject, bold=True, color=NHS_BLUE, after=10)


def body(doc, *paragraphs: str) -> None:
    for text in paragraphs:
        para(doc, text)


def bullets(doc, *items: str) -> None:
    for text in items:
        paragraph = doc.add_paragraph(text, style="List Bullet")
        paragraph.paragraph_format.space_after = Pt(3)
    doc.paragraphs[-1].paragraph_format.space_after = Pt(8)


def sign_off(doc) -> None:
    para(doc, "{{ sign_off }},", before=4, after=30)
    para(doc, "{{ sender_name }}", bold=True, after=0)
    para(doc, "{{ sender_role }}", after=0)
    para(doc, "{{ sender_organisation }}", after=0)


def footer(doc, text: str | None = None) -> None:
    paragraph = doc.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text or "{% if large_print %}This is the large-print copy. For easy read or another "
                                    "language{% else %}If you would like this letter in large print, easy read or "
                                    "another language{% endif %}, please contact us{% if sender_phone %} on "
                                    "{{ sender_phone }}{% endif %}.")
    run.font.size = Pt(8.5)
    run.font.color.rgb = GREY


def group_invitation() -> Document:
    doc = new_document()
    letterhead(doc)
    address_and_date(doc)
    opening(doc, "Invitation to help shape shared decision making in our area")
    body(doc,
         "I am writing to invite {% if is_gp_practice %}your Patient Participation Group{% else %}"
         "{{ organisation_name }}{% endif %} to take part in the {{ programme_name }}.",
         "Shared decision making means that people are supported to make decisions about their care "
         "that are right for them. It brings together what matters most to the person with the "
         "clinician's knowledge of the options, their benefits, risks and consequences, as the NICE "
         "guideline on shared decision making (NG197) describes.",
         "We would like patients, carers and local communities to work with us at three levels:")
    bullets(doc,
            "in individual care, so that every conversation about treatment is a shared one;",
            "in the design and evaluation of services, by helping us test decision aids, leaflets "
            "and films of consultations;",
            "in setting priorities and planning across our communities.")
    body(doc,
         "{% if event_name %}We are holding {{ event_name }}{% if event_date %} on {{ event_date }}"
         "{% endif %}{% if event_venue %} at {{ event_venue }}{% endif %}, and we would be delighted if "
         "one or two members could join us. {% endif %}We can also come to one of your meetings to talk "
         "about the programme, and we are looking for members who would like to be trained to run "
         "sessions themselves. Expenses are paid and the venues are accessible.",
         "Please let us know whether you would like to take part{% if reply_by %} by {{ reply_by }}"
         "{% endif %}{% if sender_email %}, by email to {{ sender_email }}{% endif %}"
         "{% if sender_phone %} or by telephone on {{ sender_phone }}{% endif %}. "
         "I would be happy to answer any questions.")
    sign_off(doc)
    footer(doc)
    return doc


def rep_ttt_invitation() -> Document:
    doc = new_document()
    letterhead(doc)
    address_and_date(doc)
    opening(doc, "Invitation to train as a shared decision making trainer")
    body(doc,
         "Thank you for everything you already do as a patient representative"
         "{% if organisation_name %} with {{ organisation_name }}{% endif %}. I am writing to invite you "
         "to join our train-the-trainer course{% if course_name %}, {{ course_name }}{% endif %}.",
         "The course prepares patient representatives and clinicians to teach shared decision making "
         "together. You will learn how to use decision aids and the BRAN questions (Benefits, Risks, "
         "Alternatives, and what if I do Nothing?), watch and discuss films of consultations, and "
         "practise running a short session with support from our trainers.")
    bullets(doc,
            "When: {% if event_date %}{{ event_date }}{% else %}dates to be confirmed{% endif %}",
            "Where: {% if event_venue %}{{ event_venue }}{% else %}to be confirmed{% endif %}",
            "An involvement payment and your travel and care expenses are paid, in line with our "
            "patient and public voice partner policy.")
    body(doc,
         "After the course you would co-deliver sessions for local groups and practices, at times that "
         "suit you, with one of our clinical trainers.",
         "If you would like a place, or would like to talk it over first, please contact us"
         "{% if reply_by %} by {{ reply_by }}{% endif %}{% if sender_phone %} on {{ sender_phone }}"
         "{% endif %}{% if sender_email %} or at {{ sender_email }}{% endif %}. Please tell us about "
         "anything that would make it easier for you to take part.")
    sign_off(doc)
    footer(doc)
    return doc


def thank_you() -> Document:
    doc = new_document()
    letterhead(doc)
    address_and_date(doc)
    opening(doc, "Thank you for taking part{% if event_name %} in {{ event_name }}{% endif %}")
    body(doc,
         "Thank you{% if organisation_name and not is_gp_practice %}, and everyone at "
         "{{ organisation_name }},{% endif %} for taking part{% if event_name %} in {{ event_name }}"
         "{% endif %}{% if event_date %} on {{ event_date }}{% endif %}. Your time and your experience "
         "made a real difference to the discussion.",
         "We are writing up what we heard and what we will do about it. We will send you a short "
         "'you said, we did' summary, so that you can see how your views have shaped the "
         "{{ programme_name }}.",
         "If you think of anything else you would like us to know, or would like to stay involved, "
         "please get in touch{% if sender_email %} at {{ sender_email }}{% endif %}"
         "{% if sender_phone %} or on {{ sender_phone }}{% endif %}.",
         "With thanks again for your support.")
    sign_off(doc)
    footer(doc)
    return doc


def certificate() -> Document:
    doc = new_document(landscape=True)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    top = para(doc, "{{ sender_organisation }}", size=14, bold=True, color=NHS_BLUE, align=centre, after=2)
    top.paragraph_format.space_before = Pt(10)
    rule_below(para(doc, "{{ programme_name }}", size=11, color=NHS_BLUE, align=centre, after=34))
    para(doc, "Certificate of completion", size=34, bold=True, color=NHS_BLUE, align=centre, after=22)
    para(doc, "This is to certify that", size=14, color=GREY, align=centre, after=12)
    para(doc, "{% if recipient_first_name %}{{ recipient_first_name }} {{ recipient_last_name }}"
              "{% else %}{{ recipient_name }}{% endif %}", size=28, bold=True, align=centre, after=12)
    para(doc, "has completed", size=14, color=GREY, align=centre, after=10)
    para(doc, "{{ course_name }}", size=20, bold=True, color=NHS_BLUE, align=centre, after=10)
    para(doc, "{% if completion_date %}on {{ completion_date }}{% else %}{{ today }}{% endif %}", size=14,
         color=GREY, align=centre, after=48)
    para(doc, "______________________________", align=centre, after=2)
    para(doc, "{{ sender_name }}", bold=True, align=centre, after=0)
    para(doc, "{{ sender_role }}", size=10, color=GREY, align=centre, after=0)
    footer(doc, "Certificate reference {{ letter_reference }}")
    return doc


TEMPLATES = {
    "letter_group_invitation.docx": group_invitation,
    "letter_rep_ttt_invitation.docx": rep_ttt_invitation,
    "letter_thank_you.docx": thank_you,
    "certificate_generic.docx": certificate,
}


def fix_timestamps(path: Path) -> None:
    """Same input, same bytes: give every part in the ZIP one fixed date."""
    with zipfile.ZipFile(path) as archive:
        parts = [(info.filename, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts:
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data,
                             compress_type=zipfile.ZIP_DEFLATED)


def main(target: Path = ROOT / "templates") -> int:
    target.mkdir(parents=True, exist_ok=True)
    for name, build in TEMPLATES.items():
        doc = build()
        doc.core_properties.title = name.removesuffix(".docx").replace("_", " ")
        doc.save(target / name)
        fix_timestamps(target / name)
        print(f"wrote {target / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "templates"))
