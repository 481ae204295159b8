"""sdm-desktop letters check / render / fields / templates / runs, and export letters."""

from __future__ import annotations

import csv
import os

from helpers import make_org, make_person
from letter_docs import make_template, renamed_zip, repackaged, simple_letter
from sdm_desktop.cli import main
from sdm_desktop.services.opening import open_context

ADDRESS = {"address_line1": "1 High Street", "town": "Fernbridge", "postcode": "EX1 1AA"}


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_check_exits_0_for_a_usable_template_and_lists_fields(capsys, tmp_path):
    code, out, err = run(capsys, "letters", "check", simple_letter(tmp_path / "good.docx"))
    assert code == 0, err
    assert "Fields used (" in out and "salutation" in out
    assert "Result: usable." in out


def test_check_exits_1_for_broken_files_without_a_traceback(capsys, tmp_path):
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    garbage = tmp_path / "garbage.docx"
    garbage.write_bytes(os.urandom(3000))
    pk_garbage = tmp_path / "pk.docx"
    pk_garbage.write_bytes(b"PK\x03\x04" + os.urandom(3000))
    unknown = make_template(tmp_path / "unknown.docx", "{{ nmae }}")
    for path in (empty, garbage, pk_garbage, renamed_zip(tmp_path / "zip.docx"), unknown, tmp_path / "missing.docx"):
        code, out, err = run(capsys, "letters", "check", path)
        assert code == 1, path
        assert "Traceback" not in out + err
        assert "Result: NOT usable" in out


def test_check_reports_curly_quotes_and_split_tags_with_where_they_are_and_exits_0(capsys, tmp_path):
    path = make_template(tmp_path / "t.docx", "Intro", ["Dear {{ recipi", "ent_name }},"],
                         "{% if organisation_type == “GP practice” %}PPG{% endif %}")
    code, out, err = run(capsys, "letters", "check", path)
    assert code == 0, out + err
    assert "warning paragraph 2 (“Dear {{ recipient_name }},”): the tag {{ recipient_name }} is split" in out
    assert "warning paragraph 3 (“{% if organisation_type" in out and "curly quotes" in out
    assert "Result: usable, with 2 warnings" in out


def test_check_counts_fields_given_with_set_as_known(capsys, tmp_path):
    path = make_template(tmp_path / "t.docx", "{{ room }}")
    assert run(capsys, "letters", "check", path)[0] == 1
    assert run(capsys, "letters", "check", path, "--set", "room=Hall 2")[0] == 0


def test_render_writes_letters_and_lists_those_left_out_on_stderr(capsys, tmp_path, data_dir):
    ctx = open_context(data_dir)
    try:
        org = make_org(ctx, "Riverside & Co PPG", **ADDRESS)
        make_person(ctx, "Hawthorn", "Priya", orgs=[(org, "chair")])
        make_org(ctx, "No Address Group")
        make_org(ctx, "Carers", org_type="Carers' group", **ADDRESS)
    finally:
        ctx.close()
    out_dir = tmp_path / "letters"
    code, out, err = run(capsys, "--data-dir", data_dir, "letters", "render", "letter_group_invitation.docx",
                         "-o", out_dir, "--type", "Patient Participation Group (PPG)", "--combined",
                         "--set", "event_name=a welcome evening")
    assert code == 0, err
    assert "left out: No Address Group: no postal address" in err
    assert "Wrote 1 letter " in out
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "001 Riverside & Co PPG.docx", "All letters - Invitation to a patient and public group.docx"]
    code, out, _ = run(capsys, "--data-dir", data_dir, "letters", "runs")
    assert code == 0 and "1 letters" in out
    export = tmp_path / "letters.csv"
    assert run(capsys, "--data-dir", data_dir, "export", "letters", "-o", export)[0] == 0
    with open(export, encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["recipient"], r["organisation"]) for r in rows] == [("Priya Hawthorn", "Riverside & Co PPG")]


def test_render_refuses_an_unusable_template_with_one_line(capsys, tmp_path, data_dir):
    bad = make_template(tmp_path / "bad.docx", "{% if x %}")
    code, out, err = run(capsys, "--data-dir", data_dir, "letters", "render", bad, "-o", tmp_path / "o")
    assert code == 1
    assert err.startswith("sdm-desktop: error: The template bad.docx cannot be used: paragraph 1:")
    assert not (tmp_path / "o").exists()


def test_render_to_people_with_no_one_contactable_is_an_error(capsys, tmp_path, data_dir):
    ctx = open_context(data_dir)
    try:
        make_person(ctx, "Private", do_not_contact=True, **ADDRESS)
    finally:
        ctx.close()
    code, _, err = run(capsys, "--data-dir", data_dir, "letters", "render", "letter_thank_you.docx",
                       "-o", tmp_path / "o", "--to", "people")
    assert code == 1                     # one line: who was left out and why is in it
    assert err == ("sdm-desktop: error: No letters to write: the only recipient was left out "
                   "(Ada Private: marked do not contact).\n")


def test_fields_and_templates_are_listed(capsys, data_dir):
    code, out, _ = run(capsys, "--data-dir", data_dir, "letters", "fields")
    assert code == 0 and "{{ salutation }}" in out and "{{ address_lines }}" in out
    code, out, _ = run(capsys, "--data-dir", data_dir, "letters", "templates")
    assert code == 0 and "letter_rep_ttt_invitation.docx" in out and "certificate_generic.docx" in out


def test_add_copies_a_template_into_the_data_folder_and_refuses_a_non_word_file(capsys, tmp_path, data_dir):
    code, out, err = run(capsys, "--data-dir", data_dir, "letters", "add", simple_letter(tmp_path / "Mine.docx"),
                         "--title", "Our invitation")
    assert code == 0, err
    assert (data_dir / "templates" / "Our invitation.docx").is_file()
    code, out, _ = run(capsys, "--data-dir", data_dir, "letters", "templates")
    assert "yours    Our invitation.docx" in out
    text = tmp_path / "notes.docx"
    text.write_text("just some notes")
    code, _, err = run(capsys, "--data-dir", data_dir, "letters", "add", text)
    assert code == 1 and "Cannot add notes.docx" in err and "Traceback" not in err
    docm = repackaged(simple_letter(tmp_path / "macros.docx"), tmp_path / "Macros.docx",
                      extra={"word/vbaProject.bin": b"\0" * 100})
    code, _, err = run(capsys, "--data-dir", data_dir, "letters", "add", docm)
    assert code == 1 and "holds macros" in err and len(err.strip().splitlines()) == 1
    assert sorted(p.name for p in (data_dir / "templates").glob("*.docx")) == ["Our invitation.docx"]


def test_render_filters_by_tag_level_and_saved_selection_and_can_write_only_the_combined_document(
        capsys, tmp_path, data_dir):
    from sdm_desktop.services.letters.recipients import save_selection
    from sdm_desktop.services.register.search import RegisterFilter
    ctx = open_context(data_dir)
    try:
        make_org(ctx, "North Group", tags=["north"], **ADDRESS)
        make_org(ctx, "Service Group", ppe_service=True, **ADDRESS)
        make_org(ctx, "Other Group", **ADDRESS)
        save_selection(ctx, "Northern groups", "organisations", RegisterFilter(tag="north"))
    finally:
        ctx.close()

    def written(*options):
        out_dir = tmp_path / f"o{len(list(tmp_path.iterdir()))}"
        code, out, err = run(capsys, "--data-dir", data_dir, "letters", "render", "letter_thank_you.docx",
                             "-o", out_dir, *options)
        assert code == 0, err
        return sorted(p.name for p in out_dir.iterdir())
    assert written("--tag", "north", "--combined") == ["001 North Group.docx",
                                                       "All letters - Thank you after an event.docx"]
    assert written("--ppe-level", "service") == ["001 Service Group.docx"]
    assert written("--ppe-level", "service", "--combined-only") == ["All letters - Thank you after an event.docx"]
    assert written("--selection", "Northern groups") == ["001 North Group.docx"]
    code, _, err = run(capsys, "--data-dir", data_dir, "letters", "render", "letter_thank_you.docx",
                       "-o", tmp_path / "x", "--selection", "Nobody")
    assert code == 1 and "no saved selection called 'Nobody'" in err


def test_render_pdf_without_libreoffice_or_word_says_so_and_writes_nothing(capsys, tmp_path, data_dir,
                                                                          monkeypatch):
    from sdm_desktop.services.letters import runs as letter_runs
    ctx = open_context(data_dir)
    try:
        make_org(ctx, "North Group", **ADDRESS)
    finally:
        ctx.close()
    monkeypatch.setattr(letter_runs, "pdf_converter", lambda: None)
    code, _, err = run(capsys, "--data-dir", data_dir, "letters", "render", "letter_thank_you.docx",
                       "-o", tmp_path / "o", "--pdf")
    assert code == 1 and "LibreOffice" in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_print_of_a_mailing_that_does_not_exist_is_one_clear_line(capsys, data_dir):
    code, _, err = run(capsys, "--data-dir", data_dir, "letters", "print", "7")
    assert code == 1 and "There is no mailing number 7" in err and "Traceback" not in err


def test_render_with_a_misspelt_type_or_tag_names_the_mistake_not_an_empty_selection(capsys, tmp_path, data_dir):
    ctx = open_context(data_dir)
    try:
        make_org(ctx, "Riverside PPG", tags=["north"], **ADDRESS)
    finally:
        ctx.close()
    for option, value, words in (("--type", "gp practice", "There is no organisation type called 'gp practice' "
                                                           "(types: Patient Participation Group (PPG), "),
                                 ("--tag", "nroth", "There is no tag called 'nroth'")):
        code, _, err = run(capsys, "--data-dir", data_dir, "letters", "render", "letter_thank_you.docx",
                           "-o", tmp_path / "o", option, value)
        assert code == 1
        assert err.startswith(f"sdm-desktop: error: {words}"), err
        assert "or Person" not in err
        assert not (tmp_path / "o").exists()


def test_set_of_a_field_filled_in_for_each_recipient_is_refused_not_silently_ignored(capsys, tmp_path, data_dir):
    ctx = open_context(data_dir)
    try:
        make_person(ctx, "Okafor", "Sam", title="Dr", **ADDRESS)
    finally:
        ctx.close()
    code, _, err = run(capsys, "--data-dir", data_dir, "letters", "render", "letter_thank_you.docx",
                       "-o", tmp_path / "o", "--to", "people", "--set", "salutation=Dear friend")
    assert code == 1
    assert "salutation" in err and "each recipient" in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()
    code, _, err = run(capsys, "--data-dir", data_dir, "letters", "render", "letter_thank_you.docx",
                       "-o", tmp_path / "o", "--to", "people", "--set", "sender_name=Jo Bloggs")
    assert code == 0, err


def test_sender_details_are_shown_and_set_from_the_command_line_and_sign_the_letters(capsys, tmp_path, data_dir):
    from docx import Document

    ctx = open_context(data_dir)
    try:
        make_org(ctx, "Riverside PPG", **ADDRESS)
    finally:
        ctx.close()
    code, out, err = run(capsys, "--data-dir", data_dir, "letters", "render", "letter_group_invitation.docx",
                         "-o", tmp_path / "unsigned")
    assert code == 0, err
    assert "Warning: the sender details are empty, so the letters are not signed" in err
    code, out, err = run(capsys, "--data-dir", data_dir, "letters", "sender", "--set", "sender_name=Dr Sam Okafor",
                         "--set", r"sender_address=Vale House\n1 Quay Street")
    assert code == 0, err
    assert "Signed by:                   Dr Sam Okafor" in out
    assert "Vale House / 1 Quay Street" in out
    code, out, err = run(capsys, "--data-dir", data_dir, "letters", "sender", "--set", "sender_nmae=Typo")
    assert code == 1 and "sender_nmae is not a sender detail" in err and "nothing was saved" in err
    code, out, err = run(capsys, "--data-dir", data_dir, "letters", "render", "letter_group_invitation.docx",
                         "-o", tmp_path / "signed")
    assert code == 0 and "Warning" not in err
    [letter] = (tmp_path / "signed").glob("*.docx")
    text = "\n".join(p.text for p in Document(str(letter)).paragraphs)
    assert "Dr Sam Okafor" in text and "Vale House" in text
