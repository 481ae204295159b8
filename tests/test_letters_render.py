"""Rendering: values survive as written, one letter a page when combined, large print."""

from __future__ import annotations

import re
import zipfile

import pytest
from docx import Document
from docx.enum.section import WD_SECTION

from letter_docs import make_template, simple_letter
from sdm_desktop.errors import UserError
from sdm_desktop.letters.compiled import CompiledTemplate
from sdm_desktop.letters.merge_values import person_salutation, role_salutation, sample_context, uk_date
from sdm_desktop.letters.render import render_docx
from sdm_desktop.services.letters.templates import bundled_dir

AWKWARD = "Zoë O'Rowan & Sons <Ltd> \"Quoted\" Ñandú"


def document_xml(path_or_bytes) -> str:
    source = path_or_bytes if not isinstance(path_or_bytes, bytes) else __import__("io").BytesIO(path_or_bytes)
    with zipfile.ZipFile(source) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def test_awkward_names_survive_into_the_document(tmp_path):
    template = simple_letter(tmp_path / "t.docx")
    values = {**sample_context(), "organisation_name": AWKWARD, "address_lines": [AWKWARD, "1 <High> St"]}
    out = render_docx(template, values, tmp_path / "out" / "letter.docx")
    texts = [p.text for p in Document(str(out)).paragraphs]
    assert AWKWARD in texts
    assert "1 <High> St" in texts
    assert f"Writing to {AWKWARD} about {values['programme_name']}." in texts


def test_values_with_line_breaks_become_line_breaks(tmp_path):
    template = make_template(tmp_path / "t.docx", "{{ address_block }}")
    letter = CompiledTemplate(template).render({"address_block": "Line one\nLine two"})
    assert "<w:br/>" in letter.body
    assert "Line one" in letter.body and "Line two" in letter.body


def test_none_values_print_as_nothing(tmp_path):
    template = make_template(tmp_path / "t.docx", "[{{ recipient_title }}]")
    assert "[]" in CompiledTemplate(template).render({"recipient_title": None}).body


def test_output_matches_docxtpl_for_the_same_values(tmp_path):
    from docxtpl import DocxTemplate

    from sdm_desktop.letters.sandbox import sandboxed_env
    template = bundled_dir() / "letter_group_invitation.docx"
    values = {**sample_context(), "organisation_name": AWKWARD}
    reference = DocxTemplate(str(template))
    reference.render(values, jinja_env=sandboxed_env(), autoescape=True)
    reference.save(tmp_path / "docxtpl.docx")
    ours = tmp_path / "ours.docx"
    ours.write_bytes(CompiledTemplate(template).render_docx_bytes(values))
    assert [p.text for p in Document(str(ours)).paragraphs] == \
        [p.text for p in Document(str(tmp_path / "docxtpl.docx")).paragraphs]


def test_combined_document_has_one_section_break_per_letter(tmp_path):
    compiled = CompiledTemplate(bundled_dir() / "letter_thank_you.docx")
    letters = [compiled.render({**sample_context(), "recipient_name": f"Person {i}"}) for i in range(7)]
    xml = document_xml(compiled.combined_bytes(letters))
    # one section per letter, as Word's mail merge makes: 6 breaks inside paragraphs and the last section
    assert xml.count("<w:sectPr") == 7
    assert len(re.findall(r"<w:pPr>(?:(?!</w:pPr>).)*<w:sectPr", xml)) == 6
    assert xml.count('<w:pgNumType w:start="1"/>') == 7       # each letter's pages are numbered from 1
    combined = tmp_path / "all.docx"
    combined.write_bytes(compiled.combined_bytes(letters))
    document = Document(str(combined))
    assert len(document.sections) == 7
    assert all(s.start_type == WD_SECTION.NEW_PAGE for s in document.sections)
    assert sum(p.text.startswith("Dear ") for p in document.paragraphs) == 7


def test_letter_that_ends_with_a_table_still_ends_its_own_section(tmp_path):
    doc = Document()
    doc.add_table(rows=1, cols=1).cell(0, 0).text = "{{ recipient_name }}"
    doc.save(tmp_path / "t.docx")
    compiled = CompiledTemplate(tmp_path / "t.docx")
    combined = tmp_path / "all.docx"
    combined.write_bytes(compiled.combined_bytes([compiled.render(sample_context())] * 3))
    document = Document(str(combined))
    assert len(document.sections) == 3 and len(document.tables) == 3


def letterhead_template(path):
    """A letter as people make them in Word: the letterhead in a 'different first page' header,
    the recipient's name in the continuation header, the reference in the footers."""
    doc = Document()
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "LETTERHEAD {{ sender_organisation }}"
    section.header.paragraphs[0].text = "Continued: letter to {{ recipient_name }}"
    section.first_page_footer.paragraphs[0].text = "First page ref {{ letter_reference }}"
    section.footer.paragraphs[0].text = "Ref {{ letter_reference }}"
    doc.add_paragraph("Dear {{ recipient_name }},")
    for i in range(45):
        doc.add_paragraph(f"Line {i} of a letter long enough for two pages.")
    doc.save(path)
    return path


def test_each_letter_in_the_combined_document_keeps_its_own_headers_and_footers(tmp_path):
    compiled = CompiledTemplate(letterhead_template(tmp_path / "t.docx"))
    names = ["Ann & Co", "Bob <B>", "Cat O'Neil"]
    letters = [compiled.render({**sample_context(), "recipient_name": name, "letter_reference": f"R/{i}"})
               for i, name in enumerate(names, start=1)]
    combined = tmp_path / "all.docx"
    combined.write_bytes(compiled.combined_bytes(letters))
    sections = Document(str(combined)).sections
    assert [s.header.paragraphs[0].text for s in sections] == [f"Continued: letter to {n}" for n in names]
    assert [s.first_page_footer.paragraphs[0].text for s in sections] == [f"First page ref R/{i}" for i in (1, 2, 3)]
    assert all(s.different_first_page_header_footer for s in sections)
    assert {s.first_page_header.paragraphs[0].text for s in sections} == \
        {f"LETTERHEAD {sample_context()['sender_organisation']}"}


@pytest.mark.slow
def test_combined_pdf_shows_every_letters_letterhead_and_own_reference(tmp_path):
    from sdm_desktop.letters.pdf import find_libreoffice, to_pdf
    if not find_libreoffice():
        pytest.skip("LibreOffice is not installed")
    import subprocess
    compiled = CompiledTemplate(letterhead_template(tmp_path / "t.docx"))
    letters = [compiled.render({**sample_context(), "recipient_name": f"Person {i}", "letter_reference": f"R/{i}"})
               for i in (1, 2, 3)]
    combined = tmp_path / "all.docx"
    combined.write_bytes(compiled.combined_bytes(letters))
    pdf = to_pdf(combined)
    pages = [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True,
                            text=True).stdout for n in range(1, 7)]
    assert subprocess.run(["pdftotext", "-f", "7", "-l", "7", str(pdf), "-"], capture_output=True).returncode != 0
    for i in (1, 2, 3):
        first, second = pages[2 * i - 2], pages[2 * i - 1]
        assert "LETTERHEAD" in first and f"First page ref R/{i}" in first and f"Dear Person {i}," in first
        assert f"Continued: letter to Person {i}" in second and f"Ref R/{i}" in second


def test_large_print_raises_every_font_size_to_16_point_or_more(tmp_path):
    compiled = CompiledTemplate(bundled_dir() / "letter_group_invitation.docx")
    data = compiled.large_print().render_docx_bytes(sample_context())
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as archive:
        sizes = [int(v) for part in ("word/document.xml", "word/styles.xml", "word/footer1.xml")
                 if part in archive.namelist()
                 for v in re.findall(r'<w:sz w:val="(\d+)"', archive.read(part).decode())]
    assert sizes and min(sizes) >= 32
    normal = document_xml(compiled.render_docx_bytes(sample_context()))
    assert min(int(v) for v in re.findall(r'<w:sz w:val="(\d+)"', normal)) < 32


def test_render_docx_reports_a_bad_template_as_a_user_error_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_text("hello", encoding="utf-8")
    with pytest.raises(UserError, match="not a Word document"):
        render_docx(bad, {}, tmp_path / "out.docx")
    assert not (tmp_path / "out.docx").exists()
    assert list(tmp_path.iterdir()) == [bad]


def test_salutations_and_uk_dates():
    from datetime import date
    assert person_salutation("Dr", "Sam", "Okafor") == "Dear Dr Okafor"
    assert person_salutation("", "Sam", "Okafor") == "Dear Sam Okafor"
    assert role_salutation("The Chair") == "Dear Chair"
    assert role_salutation(None) == "Dear colleagues"
    assert uk_date(date(2027, 1, 9)) == "9 January 2027"


def test_large_print_tightens_wide_gaps_but_not_reading_space():
    from sdm_desktop.letters.largeprint import enlarge_document
    xml = enlarge_document('<w:spacing w:after="960" w:before="120"/><w:spacing w:after="240"/>')
    assert xml == '<w:spacing w:after="600" w:before="120"/><w:spacing w:after="240"/>'


@pytest.mark.slow
@pytest.mark.parametrize("name", ["certificate_generic.docx", "letter_group_invitation.docx"])
def test_bundled_templates_in_normal_and_large_print_keep_to_their_pages(tmp_path, name):
    """A certificate is one page in large print too; a letter one page, two in large print."""
    from sdm_desktop.letters.pdf import find_libreoffice, to_pdf
    if not find_libreoffice():
        pytest.skip("LibreOffice is not installed")
    import subprocess
    compiled = CompiledTemplate(bundled_dir() / name)
    values = {**sample_context(), "course_name": "Shared Decision Making: Train the Trainer"}
    pages = {}
    for label, source in (("normal", compiled), ("large", compiled.large_print())):
        docx = tmp_path / f"{label}.docx"
        docx.write_bytes(source.render_docx_bytes(values))
        info = subprocess.run(["pdfinfo", str(to_pdf(docx))], capture_output=True, text=True).stdout
        pages[label] = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages == ({"normal": 1, "large": 1} if name.startswith("certificate") else {"normal": 1, "large": 2})


def test_control_characters_pasted_into_names_do_not_spoil_the_letter(tmp_path):
    """Word's manual line break pastes as a vertical tab, which XML cannot hold; one such name
    must not stop the whole mailing."""
    template = simple_letter(tmp_path / "t.docx")
    values = {**sample_context(), "organisation_name": "Riverside\x0bCarers\x1b Group\x00",
              "address_lines": ["12 High St\r\nFlat 2", "Fern\x07bridge"]}
    out = render_docx(template, values, tmp_path / "letter.docx")
    texts = [p.text for p in Document(str(out)).paragraphs]
    assert f"Writing to Riverside\nCarers Group about {values['programme_name']}." in texts
    assert "12 High St\nFlat 2" in texts and "Fernbridge" in texts


def test_the_section_break_goes_into_the_last_top_level_paragraph_where_word_puts_it():
    from sdm_desktop.letters.combine import ending_section, section_for_letter
    sect = '<w:sectPr><w:footerReference w:type="default" r:id="rId9"/><w:type w:val="continuous"/>' \
           '<w:pgSz w:w="11906" w:h="16838"/><w:cols w:space="720"/></w:sectPr>'
    own = section_for_letter(sect, {"rId9": "rIdSdmLetter2footer1"})
    assert own == '<w:sectPr><w:footerReference w:type="default" r:id="rIdSdmLetter2footer1"/>' \
                  '<w:pgSz w:w="11906" w:h="16838"/><w:pgNumType w:start="1"/><w:cols w:space="720"/></w:sectPr>'
    # a text box's paragraphs inside the last paragraph are not taken for it
    textbox = '<w:p><w:r><w:t>a</w:t></w:r></w:p><w:p><w:pPr><w:jc w:val="left"/></w:pPr><w:r><w:txbxContent>' \
              '<w:p><w:r><w:t>in box</w:t></w:r></w:p></w:txbxContent></w:r></w:p>'
    assert ending_section(textbox, "<S/>") == textbox.replace('<w:jc w:val="left"/></w:pPr>',
                                                              '<w:jc w:val="left"/><S/></w:pPr>', 1)
    assert ending_section("<w:p/>", "<S/>") == "<w:p><w:pPr><S/></w:pPr></w:p>"
    assert ending_section("<w:p><w:pPr/><w:r/></w:p>", "<S/>") == "<w:p><w:pPr><S/></w:pPr><w:r/></w:p>"
    assert ending_section('<w:p w14:paraId="1"><w:r/></w:p>', "<S/>") == \
        '<w:p w14:paraId="1"><w:pPr><S/></w:pPr><w:r/></w:p>'
    tracked = "<w:p><w:pPr><w:jc/><w:pPrChange><w:pPr/></w:pPrChange></w:pPr></w:p>"
    assert ending_section(tracked, "<S/>") == "<w:p><w:pPr><w:jc/><S/><w:pPrChange><w:pPr/></w:pPrChange></w:pPr></w:p>"
    table = "<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>"
    assert ending_section(table, "<S/>").startswith(table) and ending_section(table, "<S/>").endswith(
        "<S/></w:pPr></w:p>")
