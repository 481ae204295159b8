"""Certificates and letters for a cohort, the training export and the training commands."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from sqlalchemy import select

from helpers import make_person
from sdm_desktop.cli import main
from sdm_desktop.db.models import Letter
from sdm_desktop.errors import UserError
from sdm_desktop.services.training import enrolment
from sdm_desktop.services.training.documents import write_documents
from training_helpers import make_cohort, make_programme, train


def all_text(path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def letters(ctx):
    with ctx.session() as s:
        return [(letter.person_id, letter.purpose, letter.file_path)
                for letter in s.scalars(select(Letter).order_by(Letter.id))]


@pytest.fixture
def cohort(ctx):
    programme = make_programme(ctx, "SDM train-the-trainer", sessions_required=1,
                               learning_outcomes="Explain BRAN\n- Use a decision aid")
    cohort_id = make_cohort(ctx, programme, "Spring <2026> & co", sessions=2)
    return cohort_id


def test_certificate_is_rendered_for_each_completer_and_recorded_on_their_timeline(ctx, cohort, tmp_path):
    done = make_person(ctx, "O'Brien & Sons", first_name="Mae", participant_type="patient_rep")
    pending = make_person(ctx, "Pending")
    train(ctx, cohort, done)
    enrolment.enrol(ctx, cohort, pending)
    report = write_documents(ctx, cohort, "certificate", tmp_path / "out", today=date(2026, 4, 1))
    assert len(report.written) == 1
    doc = Document(str(report.written[0]))
    section = doc.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
    text = all_text(report.written[0])
    assert "Certificate of Completion" in text
    assert "Mae O'Brien & Sons" in text
    assert "SDM train-the-trainer" in text and "Spring <2026> & co" in text
    assert "Explain BRAN" in text and "Use a decision aid" in text
    assert "completed on 2 March 2026" in text and "1 April 2026" in text
    assert "{{" not in text and "{%" not in text
    assert letters(ctx) == [(done, "certificate", str(report.written[0]))]
    from sdm_desktop.services.register.timeline import stakeholder_timeline
    shown = [(e.kind, e.title, e.detail) for e in stakeholder_timeline(ctx, person_id=done) if e.kind == "letter"]
    assert [(kind, title) for kind, title, _ in shown] == [("letter", "Letter: training_certificate.docx")]
    assert "certificate" in shown[0][2] and report.written[0].name in shown[0][2]
    issued = {r.person_id: r.certificate_issued_on for r in enrolment.list_enrolments(ctx, cohort)}
    assert issued == {done: date(2026, 4, 1), pending: None}
    assert not list((tmp_path / "out").glob(".staging-*"))


def test_invitations_leave_out_people_who_may_not_be_contacted(ctx, cohort, tmp_path):
    yes = make_person(ctx, "Willing", address_line1="1 High Street", postcode="EX1 1AA", title="Ms")
    no = make_person(ctx, "Private", do_not_contact=True)
    unconsented = make_person(ctx, "Unasked", consent_contact=False)
    for person in (yes, no, unconsented):
        enrolment.enrol(ctx, cohort, person)
    report = write_documents(ctx, cohort, "invitation", tmp_path)
    assert [p.name.split("-")[-1] for p in report.written] == [f"{yes}.docx"]
    assert sorted(reason for _n, reason in report.excluded) == ["marked do not contact", "no consent to be contacted"]
    text = all_text(report.written[0])
    assert "Dear Ms Willing" in text and "EX1 1AA" in text and "Fernbridge Hall" in text
    assert [row[:2] for row in letters(ctx)] == [(yes, "invitation")]


def test_a_broken_template_writes_nothing_and_records_nothing(ctx, cohort, tmp_path):
    from docx import Document as New
    broken = New()
    broken.add_paragraph("Hello {{ name ")
    broken.save(tmp_path / "broken.docx")
    train(ctx, cohort, make_person(ctx, "Done"))
    with pytest.raises(UserError, match="Cannot fill in the template broken.docx"):
        write_documents(ctx, cohort, "certificate", tmp_path / "out", template=tmp_path / "broken.docx")
    assert letters(ctx) == []
    assert list((tmp_path / "out").iterdir()) == []


def test_a_failure_while_moving_files_into_place_leaves_no_file_and_no_record(ctx, cohort, tmp_path, monkeypatch):
    import os

    from sdm_desktop.services.training import documents as training_documents
    for name in ("First", "Second"):
        train(ctx, cohort, make_person(ctx, name))
    real_replace, calls = os.replace, []

    def replace_then_fail(src, dst):            # the second file moved into the output folder fails
        calls.extend([dst] if Path(dst).parent == tmp_path / "out" else [])
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)
    monkeypatch.setattr(training_documents.os, "replace", replace_then_fail)
    with pytest.raises(UserError, match="No space left on device; nothing was written"):
        write_documents(ctx, cohort, "certificate", tmp_path / "out")
    assert list((tmp_path / "out").iterdir()) == []
    assert letters(ctx) == []
    assert {r.certificate_issued_on for r in enrolment.list_enrolments(ctx, cohort)} == {None}


def test_an_output_folder_that_cannot_be_written_gives_one_clear_error(ctx, cohort, tmp_path, monkeypatch):
    from sdm_desktop.letters import render
    train(ctx, cohort, make_person(ctx, "Done"))

    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(render.tempfile, "mkstemp", refuse)
    with pytest.raises(UserError, match="Cannot write in .*: Permission denied; nothing was written"):
        write_documents(ctx, cohort, "certificate", tmp_path / "out")
    assert letters(ctx) == [] and list((tmp_path / "out").iterdir()) == []


def test_cli_refuses_a_person_id_too_large_for_the_database_without_a_traceback(data_dir, tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--data-dir", str(data_dir), "training", "certificates", "--cohort", "Any", "-o", str(tmp_path / "o"),
              "--person", "99999999999999999999999"])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and "is not a person id" in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_cli_writes_certificates_and_exports_training(ctx, data_dir, cohort, tmp_path, capsys):
    person = make_person(ctx, "Graduate")
    train(ctx, cohort, person)
    ctx.close()
    code = main(["--data-dir", str(data_dir), "training", "certificates", "--cohort", "spring <2026> & CO",
                 "-o", str(tmp_path / "certs")])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "1 certificate written" in out
    assert len(list((tmp_path / "certs").glob("certificate-*.docx"))) == 1
    code = main(["--data-dir", str(data_dir), "export", "training", "-o", str(tmp_path / "t.csv")])
    assert code == 0
    with open(tmp_path / "t.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["Cohort"], r["Status"], r["Sessions attended"], r["Completed on"]) for r in rows] == [
        ("Spring <2026> & co", "Completed", "2", "2026-03-02")]


def test_export_training_shows_no_shows_of_a_finished_cohort_as_did_not_attend(ctx, data_dir, tmp_path):
    from datetime import datetime
    finished = make_cohort(ctx, make_programme(ctx, "Old course"), "Long ago", sessions=1,
                           start=datetime(2020, 1, 6, 10))
    enrolment.enrol(ctx, finished, make_person(ctx, "Absent"))
    ctx.close()
    assert main(["--data-dir", str(data_dir), "export", "training", "-o", str(tmp_path / "t.csv")]) == 0
    with open(tmp_path / "t.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["Name"], r["Status"]) for r in rows] == [("Ada Absent", "Did not attend")]


def test_cli_refuses_an_unknown_cohort_with_one_line(data_dir, tmp_path, capsys):
    code = main(["--data-dir", str(data_dir), "training", "certificates", "--cohort", "Nope", "-o", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 1 and "no cohort called 'Nope'" in err and "Traceback" not in err


def test_cli_reach_prints_each_trainer(ctx, data_dir, capsys):
    programme = make_programme(ctx, "TtT", sessions_required=1)
    original = make_cohort(ctx, programme, "Original", sessions=1)
    trainer = make_person(ctx, "Trainer")
    train(ctx, original, trainer)
    cascade_cohort = make_cohort(ctx, programme, "Cascade", sessions=1, trainer=trainer)
    train(ctx, cascade_cohort, make_person(ctx, "Learner", participant_type="carer"))
    ctx.close()
    assert main(["--data-dir", str(data_dir), "training", "reach", "--programme", "ttt"]) == 0
    out = capsys.readouterr().out
    assert "2 generations" in out
    assert "Ada Trainer\t1\t1\t0\t1\t0\t0\t0" in out


def test_bundled_templates_are_exactly_what_the_packaging_script_builds(tmp_path):
    import importlib.util

    from sdm_desktop import paths
    script = paths.app_root() / "packaging" / "build_training_templates.py"
    spec = importlib.util.spec_from_file_location("build_training_templates", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(tmp_path)
    for name in ("training_certificate.docx", "training_invitation.docx", "training_reminder.docx"):
        assert (tmp_path / name).read_bytes() == (paths.templates_dir() / name).read_bytes(), name


def test_reminders_list_only_sessions_to_come_and_are_refused_when_none_are_left(ctx, cohort, tmp_path):
    person = make_person(ctx, "Reminded")
    enrolment.enrol(ctx, cohort, person)
    report = write_documents(ctx, cohort, "reminder", tmp_path, today=date(2026, 3, 5))
    text = all_text(report.written[0])
    assert "Monday 9 March 2026" in text and "Monday 2 March 2026" not in text
    with pytest.raises(UserError, match="no sessions still to come"):
        write_documents(ctx, cohort, "reminder", tmp_path, today=date(2026, 4, 1))


def test_cli_manages_places_waiting_list_and_attendance(ctx, data_dir, capsys):
    make_cohort(ctx, make_programme(ctx, "CLI course", sessions_required=1), "Evening", capacity=1, sessions=2)
    first, second = make_person(ctx, "First"), make_person(ctx, "Second", participant_type="carer")
    ctx.close()

    def run(*words):
        code = main(["--data-dir", str(data_dir), "training", *words])
        out, err = capsys.readouterr()
        return code, out + err
    code, text = run("enrol", "--cohort", "evening", "--person", str(first))
    assert code == 0 and text.startswith(f"Ada First (person {first}) is on Evening: enrolled\n")
    assert "Warning: Evening ended on" in text           # the sample cohort is in the past: enrolled all the same
    assert "is on Evening: waiting list no. 1\n" in run("enrol", "--cohort", "Evening", "--person", str(second))[1]
    code, text = run("enrol", "--cohort", "Evening", "--person", str(second))
    assert code == 1 and "already on Evening" in text
    code, text = run("attend", "--cohort", "Evening", "--person", str(first), "--session", "3")
    assert code == 1 and "--session must be from 1 to 2" in text
    assert run("attend", "--cohort", "Evening", "--person", str(first), "--session", "2")[1].endswith("now completed\n")
    code, text = run("withdraw", "--cohort", "Evening", "--person", str(first))
    assert code == 0 and "Ada Second moved up from the waiting list" in text
    code, text = run("cohorts", "--programme", "cli course")
    assert code == 0 and "Evening\tCLI course\t2026-03-02\t1\t1\t0\t2\t1 carer" in text
    code, text = run("attend", "--cohort", "Evening", "--person", "424242", "--session", "1")
    assert code == 1 and text.strip() == "sdm-desktop: error: Person 424242 is not on Evening."


def test_cli_evaluation_adds_a_dated_note_and_prints_scores_and_notes(ctx, data_dir, cohort, capsys):
    row = enrolment.enrol(ctx, cohort, make_person(ctx, "Scored")).enrolment_id
    enrolment.set_scores(ctx, row, reaction_score=4, confidence_before=3, confidence_after=8)
    ctx.close()
    base = ["--data-dir", str(data_dir), "training", "evaluation", "--cohort", "Spring <2026> & co"]
    assert main(base + ["--add-note", "results", "Fewer  complaints\nabout consent", "--on", "2026-06-30"]) == 0
    out = capsys.readouterr().out
    assert "Reaction: 4.0 / 5 from 1 responses" in out and "Confidence before 3.0 → after 8.0" in out
    assert "2026-06-30\t4 Results\tFewer complaints about consent" in out
    assert main(base + ["--add-note", "vibes", "x"]) == 1
    assert "Choose a level" in capsys.readouterr().err
    assert main(base) == 0
    assert capsys.readouterr().out.count("\t") == 2 * 1        # one note: the refused one was not added


def test_export_training_withholds_names_of_people_who_may_not_be_contacted_unless_asked(ctx, data_dir, cohort,
                                                                                         tmp_path, capsys):
    enrolment.enrol(ctx, cohort, make_person(ctx, "Willing"))
    enrolment.enrol(ctx, cohort, make_person(ctx, "Private", do_not_contact=True))
    ctx.close()

    def export(*extra):
        code = main(["--data-dir", str(data_dir), "export", "training", "-o", str(tmp_path / "t.csv"), *extra])
        assert code == 0
        with open(tmp_path / "t.csv", encoding="utf-8-sig") as handle:
            rows = [(r["Person id"], r["Name"], r["May be contacted"]) for r in csv.DictReader(handle)]
        return sorted(rows, key=lambda r: r[1]), capsys.readouterr().err

    rows, note = export()
    assert [r[1:] for r in rows] == [("(name withheld: no consent to contact)", "no"), ("Ada Willing", "yes")]
    assert rows[0][0] == ""                                   # nor their id
    assert "1 name of a person who is marked do not contact or has not consented was withheld" in note
    rows, note = export("--include-no-contact")
    assert [r[1] for r in rows] == ["Ada Private", "Ada Willing"]
    assert note.startswith("Warning: this file includes people who are marked do not contact")


def test_exporting_a_cohorts_participants_from_the_window_withholds_and_says_so(window, ctx, cohort, tmp_path, qtbot):
    enrolment.enrol(ctx, cohort, make_person(ctx, "Private", do_not_contact=True))
    view = window.show_view("training")
    view.participants.cohort_id = cohort
    view.participants.export_to(tmp_path / "p.csv")
    qtbot.waitUntil(lambda: "Exported" in view.participants.counts.text())
    assert "(1 name withheld: no consent to contact)" in view.participants.counts.text()
    with open(tmp_path / "p.csv", encoding="utf-8-sig") as handle:
        assert [r["Name"] for r in csv.DictReader(handle)] == ["(name withheld: no consent to contact)"]


def test_a_template_of_another_kind_is_refused_once_in_plain_words(ctx, cohort, tmp_path):
    from sdm_desktop import paths

    train(ctx, cohort, make_person(ctx, "Done"))
    with pytest.raises(UserError) as caught:
        write_documents(ctx, cohort, "certificate", tmp_path / "out",
                        template=paths.templates_dir() / "engagement_report.docx")
    assert str(caught.value) == ("Cannot fill in the template engagement_report.docx: "
                                 "the document (near paragraph 6): 'totals' is undefined")
    assert letters(ctx) == []


def test_a_certificate_for_someone_who_may_not_be_contacted_carries_no_postal_address(ctx, cohort, tmp_path):
    from letter_docs import make_template

    template = make_template(tmp_path / "mine.docx", "{{ name }} at {{ address|join(', ') }}.")
    willing = make_person(ctx, "Willing", address_line1="1 High Street", postcode="EX1 1AA")
    private = make_person(ctx, "Private", address_line1="9 Quiet Lane", postcode="EX2 2BB", do_not_contact=True)
    train(ctx, cohort, willing)
    train(ctx, cohort, private)
    report = write_documents(ctx, cohort, "certificate", tmp_path / "out", template=template, today=date(2026, 4, 1))
    texts = sorted(all_text(path) for path in report.written)
    assert texts == ["Ada Private at .", "Ada Willing at 1 High Street, EX1 1AA."]
    assert report.unaddressed == ["Ada Private"]
    assert "without a postal address, to hand over rather than post (may not be contacted): Ada Private" in \
        report.summary()
