"""The template check: fields used, and problems in plain words with where they are."""

from __future__ import annotations

import pytest

from letter_docs import make_template, renamed_zip, repackaged, simple_letter
from sdm_desktop.letters.check import check_template
from sdm_desktop.letters.compiled import CompiledTemplate, LetterRenderError
from sdm_desktop.letters.merge_values import sample_context
from sdm_desktop.services.letters.templates import bundled_templates


def messages(report, severity=None):
    return [p.where + ": " + p.message for p in report.problems if severity in (None, p.severity)]


def test_good_template_lists_its_fields_as_known_and_is_usable(tmp_path):
    report = check_template(simple_letter(tmp_path / "good.docx"))
    assert report.usable
    assert report.unknown == []
    assert {"address_lines", "salutation", "organisation_name", "sender_name"} <= set(report.fields_used)
    assert report.known == report.fields_used
    assert report.needs_address
    assert report.lines()[-1] == "Result: usable."


@pytest.mark.parametrize("info", bundled_templates(), ids=lambda i: i.path.name)
def test_every_bundled_template_passes_the_check(info):
    report = check_template(info.path)
    assert report.usable, report.lines()
    assert report.problems == []


def test_unknown_field_is_an_error_naming_the_paragraph_and_a_suggestion(tmp_path):
    path = make_template(tmp_path / "t.docx", "Hello", "Dear {{ salutaton }},")
    report = check_template(path)
    assert not report.usable
    assert report.unknown == ["salutaton"]
    assert messages(report, "error") == ["paragraph 2: unknown field 'salutaton' (did you mean 'salutation'?)"]


def test_fields_given_for_the_mailing_count_as_known(tmp_path):
    path = make_template(tmp_path / "t.docx", "Room {{ meeting_room }}")
    assert not check_template(path).usable
    assert check_template(path, {"meeting_room"}).usable


def test_tag_split_across_runs_is_reported_but_still_usable(tmp_path):
    path = make_template(tmp_path / "t.docx", "Intro", ["Dear {{ recipi", "ent_name }},"])
    report = check_template(path)
    assert report.usable
    assert report.fields_used == ["recipient_name"]
    [warning] = messages(report, "warning")
    assert warning.startswith("paragraph 2: the tag {{ recipient_name }} is split across")


def test_smart_quotes_in_a_tag_are_reported_and_straightened(tmp_path):
    path = make_template(tmp_path / "t.docx", "{% if organisation_type == “GP practice” %}PPG{% endif %}")
    report = check_template(path)
    assert report.usable
    assert any("curly quotes" in m and m.startswith("paragraph 1") for m in messages(report, "warning"))
    letter = CompiledTemplate(path).render({**sample_context(), "organisation_type": "GP practice"})
    assert "PPG" in letter.body


def test_syntax_error_names_the_paragraph(tmp_path):
    path = make_template(tmp_path / "t.docx", "One", "Two", "{{ recipient_name | }}")
    report = check_template(path)
    assert not report.usable
    assert any(m.startswith("paragraph 3: {{ recipient_name | }} cannot be read") for m in messages(report, "error"))


def test_unclosed_if_and_stray_endif_are_reported_where_they_are(tmp_path):
    path = make_template(tmp_path / "t.docx", "{% if large_print %}", "Big", "Text")
    assert messages(check_template(path), "error") == [
        "paragraph 1: {% if large_print %} is never closed: add {% endif %} after it"]
    stray = make_template(tmp_path / "s.docx", "Text", "{% endif %}")
    assert "paragraph 2: {% endif %} has no matching {% if … %} before it" in messages(check_template(stray))


def test_tag_not_closed_in_its_paragraph_is_reported(tmp_path):
    path = make_template(tmp_path / "t.docx", "Dear {{ recipient_name", "}}")
    report = check_template(path)
    assert not report.usable
    assert messages(report, "error")[0].startswith("paragraph 1: a tag starts here")


def test_reaching_python_internals_is_refused_by_check_and_by_the_sandbox(tmp_path):
    path = make_template(tmp_path / "t.docx", "{{ ''.__class__.__mro__ }}")
    report = check_template(path)
    assert not report.usable
    assert "tries to reach inside the program" in messages(report, "error")[0]
    with pytest.raises(LetterRenderError, match="not allowed"):
        CompiledTemplate(path).render(sample_context())


@pytest.mark.parametrize("tag", ["{% include '/etc/passwd' %}", "{% import 'x' as y %}",
                                 "{% from 'x' import y %}", "{% extends 'base' %}"])
def test_reading_other_files_is_refused_with_where_it_is(tmp_path, tag):
    path = make_template(tmp_path / "t.docx", "Intro", tag)
    report = check_template(path)
    assert not report.usable
    [problem] = [p for p in report.problems if p.severity == "error"]
    assert problem.where == "paragraph 2" and "tries to read another file" in problem.message
    assert problem.excerpt == tag


def test_renamed_zip_empty_file_and_text_file_are_not_word_documents(tmp_path):
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    text = tmp_path / "text.docx"
    text.write_text("Dear {{ name }}", encoding="utf-8")
    old = tmp_path / "old.docx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    expected = {renamed_zip(tmp_path / "zip.docx"): "ZIP archive but not a Word document",
                empty: "the file is empty", text: "not a Word document", old: "Word 97-2003"}
    for path, words in expected.items():
        report = check_template(path)
        assert not report.usable
        assert words in report.problems[0].message
        assert report.lines()[-1].startswith("Result: NOT usable")


def test_damaged_zip_and_missing_file_are_explained_not_raised(tmp_path):
    good = simple_letter(tmp_path / "good.docx").read_bytes()
    damaged = tmp_path / "damaged.docx"
    damaged.write_bytes(good[: len(good) // 2])
    assert "damaged" in check_template(damaged).problems[0].message
    assert "no file" in check_template(tmp_path / "missing.docx").problems[0].message


def test_if_spanning_into_a_table_is_caught_before_a_damaged_file_is_written(tmp_path):
    from docx import Document
    doc = Document()
    doc.add_paragraph("Intro {% if large_print %}big")
    doc.add_table(rows=1, cols=1).cell(0, 0).text = "end{% endif %} done"
    path = tmp_path / "t.docx"
    doc.save(path)
    report = check_template(path)
    assert not report.usable
    assert any("would come out damaged" in m for m in messages(report, "error"))
    with pytest.raises(LetterRenderError, match="would come out damaged"):
        CompiledTemplate(path).render({"large_print": False})


MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def test_a_macro_enabled_document_renamed_docx_is_refused(tmp_path):
    good = simple_letter(tmp_path / "good.docx")
    docm = repackaged(good, tmp_path / "docm.docx", (MAIN, b"application/vnd.ms-word.document.macroEnabled.main+xml"),
                      {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 500})
    bare_macros = repackaged(good, tmp_path / "bare.docx", extra={"word/vbaProject.bin": b"\0" * 100})
    for path in (docm, bare_macros):
        report = check_template(path)
        assert not report.usable
        assert "holds macros" in report.problems[0].message and "save it as a Word Document" in \
            report.problems[0].message


def test_a_word_template_dotx_renamed_docx_is_refused_with_what_to_do(tmp_path):
    dotx = repackaged(simple_letter(tmp_path / "good.docx"), tmp_path / "dotx.docx",
                      (MAIN, b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"))
    assert "it is a Word template (.dotx)" in check_template(dotx).problems[0].message


def test_a_password_protected_document_says_so(tmp_path):
    # A password-protected .docx is an OLE compound file holding an "EncryptedPackage" stream.
    protected = tmp_path / "protected.docx"
    protected.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptionInfo".encode("utf-16-le")
                          + b"\0" * 50 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 1000)
    [problem] = check_template(protected).problems
    assert "protected with a password" in problem.message and "remove the password" in problem.message


def test_a_folder_given_as_a_template_is_explained(tmp_path):
    [problem] = check_template(tmp_path).problems
    assert problem.message.endswith("is a folder, not a Word document")
