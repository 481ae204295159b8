"""Mailings: who is written to and how, who is left out, all-or-nothing output, records."""

from __future__ import annotations

import os
import re
import shutil

import pytest
from docx import Document
from sqlalchemy import select

from helpers import make_org, make_person
from letter_docs import simple_letter
from sdm_desktop.db.models import Letter, LetterRun, LetterTemplate
from sdm_desktop.errors import UserError
from sdm_desktop.progress import JobCancelled, Progress
from sdm_desktop.services.letters import runs as letter_runs
from sdm_desktop.services.letters.history import letters_for, letters_table, list_runs, run_letters
from sdm_desktop.services.letters.recipients import (
    RecipientRequest,
    load_selection,
    save_selection,
    saved_selections,
    select_recipients,
)
from sdm_desktop.services.letters.runs import LetterRequest, preview, write_letters
from sdm_desktop.services.letters.templates import bundled_dir, save_sender_details
from sdm_desktop.services.register.search import RegisterFilter

ADDRESS = {"address_line1": "1 High Street", "town": "Fernbridge", "postcode": "EX1 1AA"}


def texts(path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


def people_request(tmp_path, **kw) -> LetterRequest:
    return LetterRequest(simple_letter(tmp_path / "t.docx"), tmp_path / "out", RecipientRequest("people"), **kw)


def test_people_who_may_not_be_contacted_are_left_out_with_reasons_and_not_written(ctx, tmp_path):
    make_person(ctx, "Okafor", "Sam", title="Dr", **ADDRESS)
    make_person(ctx, "Nocontact", "Ann", do_not_contact=True, **ADDRESS)
    make_person(ctx, "Noconsent", "Bob", consent_contact=False, **ADDRESS)
    make_person(ctx, "Nowhere", "Cy")
    request = people_request(tmp_path)
    recipients, excluded = preview(ctx, request)
    assert [r.name for r in recipients] == ["Dr Sam Okafor"]
    assert {e.name: e.reason for e in excluded} == {
        "Ann Nocontact": "marked do not contact", "Bob Noconsent": "no consent to be contacted",
        "Cy Nowhere": "no postal address (first line and postcode are needed)"}
    result = write_letters(ctx, request)
    assert [p.name for p in result.files] == ["001 Dr Sam Okafor.docx"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["001 Dr Sam Okafor.docx",
                                                                    "All letters - t.docx"]
    assert "Dear Dr Okafor," in texts(result.files[0])
    with ctx.session() as s:
        assert s.scalars(select(Letter.person_id)).all() == [recipients[0].person_id]
        run = s.scalars(select(LetterRun)).one()
        assert (run.recipient_count, run.excluded_count) == (1, 3)


def test_group_is_addressed_to_its_chair_else_to_the_chair_by_role(ctx):
    named = make_org(ctx, "Riverside PPG", **ADDRESS)
    make_person(ctx, "Hawthorn", "Priya", title="Mrs", orgs=[(named, "chair")])
    blocked = make_org(ctx, "Hilltop Carers", org_type="Carers' group", **ADDRESS)
    make_person(ctx, "Private", "Pat", orgs=[(blocked, "chair")], do_not_contact=True)
    by_role = make_org(ctx, "Quiet Group", org_type="Other", addressee_role="The Secretary", **ADDRESS)
    recipients, excluded = select_recipients(ctx, RecipientRequest("organisations"))
    values = {r.name: r.values for r in recipients}
    assert values["Riverside PPG"]["address_lines"] == ["Mrs Priya Hawthorn", "Chair", "Riverside PPG",
                                                        "1 High Street", "FERNBRIDGE", "EX1 1AA"]
    assert values["Riverside PPG"]["salutation"] == "Dear Mrs Hawthorn"
    assert values["Hilltop Carers"]["address_lines"][:2] == ["The Chair", "Hilltop Carers"]
    assert values["Hilltop Carers"]["sign_off"] == "Yours faithfully"
    assert "Pat" not in str(values["Hilltop Carers"])
    assert values["Quiet Group"]["salutation"] == "Dear Secretary"
    assert excluded == [] and by_role


def test_gp_practice_letter_goes_to_its_ppg_at_the_practice_address(ctx):
    make_org(ctx, "Fernbridge Health Centre", org_type="GP practice", ods_code="Y99001", **ADDRESS)
    [recipient], _ = select_recipients(ctx, RecipientRequest("organisations"))
    assert recipient.values["address_lines"][:3] == ["The Chair", "Patient Participation Group",
                                                     "Fernbridge Health Centre"]
    assert recipient.values["is_gp_practice"] is True
    assert recipient.values["salutation"] == "Dear Chair"


def test_an_imported_practice_addressed_to_its_ppg_via_the_practice_manager_names_the_ppg_once(ctx):
    from sdm_desktop.services.importing.layouts import PRACTICE_ADDRESSEE
    make_org(ctx, "Riverside Surgery", org_type="GP practice", ods_code="Y99002", addressee_role=PRACTICE_ADDRESSEE,
             **ADDRESS)
    [recipient], _ = select_recipients(ctx, RecipientRequest("organisations"))
    assert recipient.values["address_lines"][:2] == ["Patient Participation Group, c/o the Practice Manager",
                                                     "Riverside Surgery"]
    assert recipient.values["salutation"] == "Dear colleagues"


def test_inactive_groups_and_groups_without_address_are_listed_as_left_out(ctx):
    make_org(ctx, "Sleeping Group", active=False, **ADDRESS)
    make_org(ctx, "Homeless Group")
    recipients, excluded = select_recipients(ctx, RecipientRequest("organisations"))
    assert recipients == []
    assert {e.name: e.reason for e in excluded} == {
        "Sleeping Group": "the group is marked inactive",
        "Homeless Group": "no postal address (first line and postcode are needed)"}


def test_filters_by_type_and_tag_choose_the_recipients(ctx):
    make_org(ctx, "A PPG", tags=["north"], **ADDRESS)
    make_org(ctx, "B Carers", org_type="Carers' group", tags=["north"], **ADDRESS)
    make_org(ctx, "C PPG", tags=["south"], **ADDRESS)

    def pick(**f):
        return [r.name for r in select_recipients(ctx, RecipientRequest("organisations", RegisterFilter(**f)))[0]]

    assert pick(tag="north") == ["A PPG", "B Carers"]
    assert pick(org_type="Patient Participation Group (PPG)", tag="north") == ["A PPG"]


def test_certificate_template_does_not_need_a_postal_address(ctx, tmp_path):
    make_person(ctx, "Nowhere", "Cy")
    request = LetterRequest(bundled_dir() / "certificate_generic.docx", tmp_path / "certs",
                            RecipientRequest("people"), run_fields={"course_name": "SDM Train the Trainer"})
    result = write_letters(ctx, request)
    assert result.written == 1 and result.excluded == []
    assert "Cy Nowhere" in texts(result.files[0])


def test_large_print_copy_for_people_who_asked_for_it(ctx, tmp_path):
    make_person(ctx, "Big", "Bea", needs_large_print=True, **ADDRESS)
    make_person(ctx, "Small", "Sid", **ADDRESS)
    result = write_letters(ctx, people_request(tmp_path))
    assert [p.name for p in result.files] == ["001 Bea Big (large print).docx", "002 Sid Small.docx"]
    assert sorted(p.name for p in result.combined) == ["All letters - t (large print).docx", "All letters - t.docx"]
    with ctx.session() as s:
        assert sorted(s.scalars(select(Letter.purpose))) == ["large print", "letter"]


class CancelAfter(Progress):
    def __init__(self, steps: int):
        super().__init__()
        self.limit = steps

    def step(self, n: int = 1) -> None:
        super().step(n)
        if self.done >= self.limit:
            raise JobCancelled()


def _nothing_left(ctx, tmp_path) -> None:
    assert not (tmp_path / "out").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    with ctx.session() as s:
        assert s.scalars(select(Letter)).all() == [] and s.scalars(select(LetterRun)).all() == []


def test_cancelled_run_leaves_no_files_and_no_records(ctx, tmp_path):
    for n in range(5):
        make_person(ctx, f"Person{n}", **ADDRESS)
    with pytest.raises(JobCancelled):
        write_letters(ctx, people_request(tmp_path), CancelAfter(3))
    _nothing_left(ctx, tmp_path)


def test_failed_run_leaves_no_files_and_no_records(ctx, tmp_path, monkeypatch):
    make_person(ctx, "Okafor", **ADDRESS)

    def broken(*_a, **_k):
        raise OSError("disk full")
    monkeypatch.setattr(letter_runs, "_move_into_place", broken)
    with pytest.raises(UserError, match="disk full. Nothing was written"):
        write_letters(ctx, people_request(tmp_path))
    _nothing_left(ctx, tmp_path)


def test_folder_already_holding_letters_is_refused_and_left_alone(ctx, tmp_path):
    make_person(ctx, "Okafor", "Sam", **ADDRESS)
    out = tmp_path / "out"
    out.mkdir()
    (out / "001 Sam Okafor.docx").write_bytes(b"keep me")
    with pytest.raises(UserError, match="choose an empty folder"):
        write_letters(ctx, people_request(tmp_path))
    assert sorted(p.name for p in out.iterdir()) == ["001 Sam Okafor.docx"]
    assert (out / "001 Sam Okafor.docx").read_bytes() == b"keep me"


def test_an_existing_empty_folder_is_written_into_and_kept_as_it_was(ctx, tmp_path):
    make_person(ctx, "Okafor", "Sam", **ADDRESS)
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o750)
    before = out.stat()
    result = write_letters(ctx, people_request(tmp_path))
    after = out.stat()
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)      # the same folder, not a new one
    assert sorted(p.name for p in out.iterdir()) == ["001 Sam Okafor.docx", "All letters - t.docx"]
    assert result.files == [out / "001 Sam Okafor.docx"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_new_output_folder_gets_the_usual_permissions_not_owner_only(ctx, tmp_path):
    make_person(ctx, "Okafor", "Sam", **ADDRESS)
    umask = os.umask(0o022)
    try:
        write_letters(ctx, people_request(tmp_path))
    finally:
        os.umask(umask)
    assert (tmp_path / "out").stat().st_mode & 0o777 == 0o755


def test_an_output_path_that_is_a_file_is_refused_before_anything_is_written(ctx, tmp_path):
    make_person(ctx, "Okafor", **ADDRESS)
    (tmp_path / "out").write_bytes(b"a file")
    with pytest.raises(UserError, match="it is a file, not a folder"):
        write_letters(ctx, people_request(tmp_path))
    assert (tmp_path / "out").read_bytes() == b"a file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "out", "t.docx"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write into read-only folders")
def test_a_read_only_output_folder_is_refused_in_one_line_and_left_alone(ctx, tmp_path):
    make_person(ctx, "Okafor", **ADDRESS)
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        with pytest.raises(UserError, match=r"Cannot write letters in .*out: Permission denied"):
            write_letters(ctx, people_request(tmp_path))
        assert list(out.iterdir()) == [] and out.stat().st_mode & 0o777 == 0o555
    finally:
        out.chmod(0o755)
    with ctx.session() as s:
        assert s.scalars(select(LetterRun)).all() == []


def test_unusable_template_or_missing_pdf_converter_stops_before_writing(ctx, tmp_path, monkeypatch):
    make_person(ctx, "Okafor", **ADDRESS)
    request = people_request(tmp_path)
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"")
    with pytest.raises(UserError, match="cannot be used: this is not a usable Word template"):
        write_letters(ctx, LetterRequest(broken, tmp_path / "out", RecipientRequest("people")))
    monkeypatch.setattr(letter_runs, "pdf_converter", lambda: None)
    with pytest.raises(UserError, match="neither LibreOffice nor Microsoft Word"):
        write_letters(ctx, LetterRequest(request.template, tmp_path / "out", RecipientRequest("people"), pdf=True))
    _nothing_left(ctx, tmp_path)


def test_template_versions_follow_its_content(ctx, tmp_path):
    make_person(ctx, "Okafor", **ADDRESS)
    template = simple_letter(tmp_path / "mine.docx")
    for n in (1, 2):
        write_letters(ctx, LetterRequest(template, tmp_path / f"run{n}", RecipientRequest("people")))
    shutil.copyfile(bundled_dir() / "letter_thank_you.docx", template)
    write_letters(ctx, LetterRequest(template, tmp_path / "run3", RecipientRequest("people")))
    with ctx.session() as s:
        rows = s.scalars(select(LetterTemplate).order_by(LetterTemplate.version)).all()
        assert [(r.name, r.version) for r in rows] == [("mine", 1), ("mine", 2)]
        assert all((ctx.data_dir / r.file_name).is_file() for r in rows)
        assert sorted(s.scalars(select(Letter.template_version))) == [1, 1, 2]


def test_history_lists_runs_letters_per_recipient_and_exports(ctx, tmp_path):
    person = make_person(ctx, "Okafor", "Sam", **ADDRESS)
    save_sender_details(ctx, {"sender_name": "Dr Lee", "programme_name": "Vale SDM"})
    result = write_letters(ctx, people_request(tmp_path, run_fields={"event_name": "x"}))
    [run] = list_runs(ctx)
    assert (run.id, run.recipient_count, run.combined_path) == (result.run_id, 1, str(result.combined[0]))
    assert [letter.recipient for letter in run_letters(ctx, run.id)] == ["Sam Okafor"]
    assert [letter.template_name for letter in letters_for(ctx, person_id=person)] == ["t"]
    table, _withheld = letters_table(ctx)
    assert table.total == 1 and list(table.rows)[0][4] == "Sam Okafor"
    assert "Dr Lee" in texts(result.files[0])



def test_saved_selection_round_trip(ctx):
    save_selection(ctx, "Northern PPGs", "organisations", RegisterFilter(tag="north", ppe_level="service"))
    assert saved_selections(ctx) == ["Northern PPGs"]
    to, flt = load_selection(ctx, "Northern PPGs")
    assert (to, flt.tag, flt.ppe_level) == ("organisations", "north", "service")
    with pytest.raises(UserError):
        load_selection(ctx, "missing")


@pytest.mark.slow
def test_combined_pdf_has_one_page_per_letter(ctx, tmp_path):
    from sdm_desktop.letters.pdf import find_libreoffice
    if not find_libreoffice():
        pytest.skip("LibreOffice is not installed")
    import subprocess
    for n in range(3):
        make_person(ctx, f"Person{n}", **ADDRESS)
    result = write_letters(ctx, LetterRequest(bundled_dir() / "letter_thank_you.docx", tmp_path / "out",
                                              RecipientRequest("people"), pdf=True))
    [pdf] = result.pdfs
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "Pages:          3" in info or "Pages: 3" in " ".join(info.split())


def test_each_letter_has_a_reference_from_its_run_and_number(ctx, tmp_path):
    make_person(ctx, "Okafor", "Sam", **ADDRESS)
    make_person(ctx, "Patel", "Dev", **ADDRESS)
    result = write_letters(ctx, LetterRequest(bundled_dir() / "letter_thank_you.docx", tmp_path / "out",
                                              RecipientRequest("people")))
    assert f"Our reference: SDM/{result.run_id}/001" in texts(result.files[0])
    assert f"Our reference: SDM/{result.run_id}/002" in texts(result.files[1])
    from sdm_desktop.letters.fields import FIELDS  # the field list says what the reference is made of
    [field] = [f for f in FIELDS if f.name == "letter_reference"]
    assert "mailing's number" in field.description and re.fullmatch(r"SDM/\d+/\d{3}", field.example)


def test_every_letter_shows_on_its_recipients_timeline_with_template_version_and_file(ctx, tmp_path):
    from sdm_desktop.services.register.timeline import stakeholder_timeline

    group = make_org(ctx, "Riverside PPG", **ADDRESS)
    chair = make_person(ctx, "Hawthorn", "Priya", title="Mrs", orgs=[(group, "chair")], **ADDRESS)
    template = simple_letter(tmp_path / "Welcome.docx")
    write_letters(ctx, LetterRequest(template, tmp_path / "groups", RecipientRequest("organisations")))
    write_letters(ctx, LetterRequest(template, tmp_path / "people", RecipientRequest("people")))
    letters = [e for e in stakeholder_timeline(ctx, organisation_id=group) if e.kind == "letter"]
    assert [e.title for e in letters] == ["Letter: Welcome"] * 2
    assert {e.detail for e in letters} == {
        "version 1 · mailing 1 · 001 Riverside PPG.docx",
        "to Mrs Priya Hawthorn · version 1 · mailing 2 · 001 Mrs Priya Hawthorn.docx"}
    entries = [e for e in stakeholder_timeline(ctx, person_id=chair) if e.kind == "letter"]
    assert {e.detail for e in entries} == {
        "to Riverside PPG, addressed to them · version 1 · mailing 1 · 001 Riverside PPG.docx",
        "version 1 · mailing 2 · 001 Mrs Priya Hawthorn.docx"}
    assert all(e.on is not None and e.when for e in letters + entries)


def test_a_group_letter_without_a_named_contact_is_listed_as_to_its_addressee_role(ctx, tmp_path):
    make_org(ctx, "Hilltop Carers", addressee_role="The Secretary", **ADDRESS)
    write_letters(ctx, LetterRequest(simple_letter(tmp_path / "t.docx"), tmp_path / "out", RecipientRequest()))
    table, _withheld = letters_table(ctx)
    assert [row[table.headers.index("recipient")] for row in table.rows] == ["The Secretary"]


def test_a_past_mailing_prints_its_pdf_else_its_combined_document(ctx, tmp_path, monkeypatch):
    from sdm_desktop.letters import printing
    from sdm_desktop.services.letters.history import print_run
    make_person(ctx, "Okafor", "Sam", **ADDRESS)
    result = write_letters(ctx, people_request(tmp_path))
    commands = []
    monkeypatch.setattr(printing, "_wait", lambda command, *_a: commands.append(command))
    monkeypatch.setattr(printing.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(printing, "find_libreoffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(printing.os, "name", "posix")
    assert print_run(ctx, result.run_id) == result.combined[0]
    assert commands[-1][0] == "/usr/bin/soffice" and commands[-1][-2:] == ["-p", str(result.combined[0])]
    pdf = result.combined[0].with_suffix(".pdf")
    pdf.write_bytes(b"%PDF-1.4")
    with ctx.session() as s:
        s.get(LetterRun, result.run_id).pdf_path = str(pdf)
    assert print_run(ctx, result.run_id) == pdf
    assert commands[-1] == ["/usr/bin/lp", "--", str(pdf)]
    monkeypatch.setattr(printing, "find_libreoffice", lambda: None)
    monkeypatch.setattr(printing.shutil, "which", lambda name: None)
    with pytest.raises(UserError, match="no printing program was found"):
        print_run(ctx, result.run_id)
    pdf.unlink()
    result.combined[0].unlink()
    with pytest.raises(UserError, match="was moved or deleted"):
        print_run(ctx, result.run_id)
    with pytest.raises(UserError, match="no mailing number 99"):
        print_run(ctx, 99)


def test_people_marked_inactive_are_left_out_as_inactive_groups_and_contacts_are(ctx, tmp_path):
    make_person(ctx, "Current", "Cat", **ADDRESS)
    make_person(ctx, "Former", "Fay", active=False, **ADDRESS)
    recipients, excluded = select_recipients(ctx, RecipientRequest("people"))
    assert [r.name for r in recipients] == ["Cat Current"]
    assert {e.name: e.reason for e in excluded} == {"Fay Former": "marked inactive"}


def test_with_only_the_combined_documents_each_letter_is_recorded_against_the_one_it_is_in(ctx, tmp_path):
    make_person(ctx, "Big", "Bea", needs_large_print=True, **ADDRESS)
    make_person(ctx, "Small", "Sid", **ADDRESS)
    result = write_letters(ctx, people_request(tmp_path, individual=False, combined=True))
    assert result.files == []
    with ctx.session() as s:
        recorded = {purpose: os.path.basename(path) for purpose, path in s.execute(
            select(Letter.purpose, Letter.file_path))}
    assert recorded == {"large print": "All letters - t (large print).docx", "letter": "All letters - t.docx"}
