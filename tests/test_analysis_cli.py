"""The analysis commands: export assessments, save the grid, record assessments, coverage and gaps."""

from __future__ import annotations

import csv
import re
from datetime import date

import pytest
from openpyxl import load_workbook

from helpers import make_org
from sdm_desktop.cli import main
from sdm_desktop.services.analysis import assessments as svc
from sdm_desktop.services.analysis.assessments import ORGANISATION, PERSON, AssessmentInput, Subject
from sdm_desktop.services.opening import open_context


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def seed(data_dir) -> int:
    ctx = open_context(data_dir)
    try:
        svc.create_round(ctx, "Baseline", date(2026, 3, 1))
        svc.create_round(ctx, "Review", date(2026, 9, 1))
        org = Subject(ORGANISATION, make_org(ctx, "=Riverside PPG"))
        other = Subject(ORGANISATION, make_org(ctx, "Hilltop Carers", org_type="Carers' group"))
        svc.create_assessments(ctx, [
            AssessmentInput(org, 2, 2, date(2026, 3, 2), "Baseline", involvement_current="inform",
                            involvement_target="involve"),
            AssessmentInput(org, 4, 5, date(2026, 9, 2), "Review"),
            AssessmentInput(other, 3, 3, date(2026, 3, 2), "Baseline"),
            AssessmentInput(other, 3, 3, date(2026, 9, 2), "Review"),
        ])
        return org.id
    finally:
        ctx.close()


def test_export_assessments_to_csv_and_xlsx(data_dir, tmp_path, capsys):
    seed(data_dir)
    code, out, _ = run(capsys, "--data-dir", data_dir, "export", "assessments", "-o", tmp_path / "a.csv")
    assert code == 0 and "Exported 4 assessments rows" in out
    with open(tmp_path / "a.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["stakeholder"], r["round"], r["quadrant"]) for r in rows if r["stakeholder"].endswith("PPG")] == [
        ("'=Riverside PPG", "Baseline", "Monitor"), ("'=Riverside PPG", "Review", "Manage closely")]
    code, _, _ = run(capsys, "--data-dir", data_dir, "export", "assessments", "-o", tmp_path / "a.xlsx")
    sheet = load_workbook(tmp_path / "a.xlsx").active
    assert sheet.max_row == 5 and sheet["A1"].value == "id"


def test_grid_pdf_with_comparison_has_one_page(data_dir, tmp_path, capsys):
    seed(data_dir)
    target = tmp_path / "grid.pdf"
    code, out, err = run(capsys, "--data-dir", data_dir, "analysis", "grid", "-o", target,
                         "--round", "Review", "--compare", "Baseline")
    assert code == 0, err
    assert "Grid of 2 stakeholders, 1 moved (1 drawn as arrows)" in out
    content = target.read_bytes()
    assert re.findall(rb"/Count (\d+)", content) == [b"1"]
    assert re.search(rb"/MediaBox \[0 0 84[12][.0-9]* 595[.0-9]*\]", content)       # A4 landscape


def test_grid_png_with_a_filter(data_dir, tmp_path, capsys):
    seed(data_dir)
    code, out, _ = run(capsys, "--data-dir", data_dir, "analysis", "grid", "-o", tmp_path / "grid.png",
                       "--type", "Carers' group")
    assert code == 0 and "Grid of 1 stakeholder written to" in out
    assert (tmp_path / "grid.png").read_bytes()[:4] == b"\x89PNG"


def test_grid_refuses_unknown_round_and_wrong_suffix_without_writing(data_dir, tmp_path, capsys):
    seed(data_dir)
    code, _, err = run(capsys, "--data-dir", data_dir, "analysis", "grid", "-o", tmp_path / "g.pdf", "--round", "Nope")
    assert code == 1 and "no analysis round called 'Nope'" in err and "Traceback" not in err
    code, _, err = run(capsys, "--data-dir", data_dir, "analysis", "grid", "-o", tmp_path / "g.jpg")
    assert code == 1 and ".png or .pdf" in err
    assert not any(p.name.startswith(("g.", ".grid")) for p in tmp_path.iterdir())


def test_assess_command_records_an_assessment_and_refuses_a_missing_one(data_dir, capsys):
    org_id = seed(data_dir)
    code, out, _ = run(capsys, "--data-dir", data_dir, "analysis", "assess", "--organisation", org_id,
                       "--influence", 5, "--interest", 4, "--attitude", "champion", "--round", "Review",
                       "--date", "2026-10-01")
    assert code == 0 and "recorded" in out
    ctx = open_context(data_dir)
    try:
        latest = svc.history(ctx, Subject(ORGANISATION, org_id))[0]
    finally:
        ctx.close()
    assert (latest.influence, latest.interest, latest.attitude, latest.assessed_on) == (
        5, 4, "champion", date(2026, 10, 1))
    code, _, err = run(capsys, "--data-dir", data_dir, "analysis", "assess", "--organisation", 999,
                       "--influence", 3, "--interest", 3)
    assert code == 1 and "organisation 999 does not exist" in err


def test_rounds_coverage_and_gaps_print_readable_lines(data_dir, capsys):
    seed(data_dir)
    code, out, _ = run(capsys, "--data-dir", data_dir, "analysis", "rounds")
    assert code == 0 and "Baseline\t2026-03-01\t2 assessments" in out
    code, out, _ = run(capsys, "--data-dir", data_dir, "analysis", "coverage",
                       "--from", "2026-01-01", "--to", "2026-06-30")
    assert code == 0 and "Patient Participation Group (PPG)" in out
    assert re.search(r"Healthwatch +! none can contribute", out)      # the same words as on screen
    code, out, _ = run(capsys, "--data-dir", data_dir, "analysis", "gaps", "--round", "Baseline")
    assert code == 0 and "1. =Riverside PPG" in out and "gap 2" in out


def _export_names(capsys, data_dir, tmp_path, *options):
    target = tmp_path / "filtered.csv"
    code, out, err = run(capsys, "--data-dir", data_dir, "export", "assessments", "-o", target, *options)
    assert code == 0, err
    with open(target, encoding="utf-8-sig") as handle:
        return sorted({(r["stakeholder"], r["type"]) for r in csv.DictReader(handle)}), out


def test_export_assessments_honours_type_tag_level_and_active(data_dir, tmp_path, capsys):
    from helpers import make_person
    seed(data_dir)
    ctx = open_context(data_dir)
    try:
        tagged = Subject(ORGANISATION, make_org(ctx, "Tagged Forum", org_type="Patient & public group",
                                                tags=["north"], ppe_community=True, active=False))
        rep = Subject(PERSON, make_person(ctx, "Rep", tags=["north"]))
        svc.create_assessments(ctx, [AssessmentInput(tagged, 3, 3), AssessmentInput(rep, 2, 4)])
    finally:
        ctx.close()
    names, out = _export_names(capsys, data_dir, tmp_path, "--type", "Carers' group")
    assert names == [("Hilltop Carers", "Carers' group")] and "Exported 2 assessments rows" in out
    names, _ = _export_names(capsys, data_dir, tmp_path, "--type", "Person")
    assert names == [("Ada Rep", "Person")]
    names, _ = _export_names(capsys, data_dir, tmp_path, "--tag", "north")
    assert names == [("Ada Rep", "Person"), ("Tagged Forum", "Patient & public group")]
    names, _ = _export_names(capsys, data_dir, tmp_path, "--ppe-level", "community")
    assert names == [("Tagged Forum", "Patient & public group")]
    names, _ = _export_names(capsys, data_dir, tmp_path, "--active", "no")
    assert names == [("Tagged Forum", "Patient & public group")]
    names, _ = _export_names(capsys, data_dir, tmp_path, "--active", "yes", "--tag", "north")
    assert names == [("Ada Rep", "Person")]


def test_unknown_type_or_tag_is_refused_without_writing(data_dir, tmp_path, capsys):
    seed(data_dir)
    for argv in (["export", "assessments", "-o", tmp_path / "a.csv", "--type", "Nope"],
                 ["analysis", "grid", "-o", tmp_path / "g.png", "--type", "Nope"],
                 ["analysis", "gaps", "-o", tmp_path / "g.csv", "--tag", "nowhere"]):
        code, _, err = run(capsys, "--data-dir", data_dir, *argv)
        assert code == 1 and err.count("\n") == 1 and ("no organisation type called 'Nope'" in err
                                                        or "no tag called 'nowhere'" in err), err
    assert not any(p.suffix in (".csv", ".png") for p in tmp_path.iterdir())


def test_out_of_range_or_wordy_scores_are_one_line_exit_1_and_store_nothing(data_dir, capsys):
    org_id = seed(data_dir)
    for influence, interest in (("7", "3"), ("high", "0")):
        code, _, err = run(capsys, "--data-dir", data_dir, "analysis", "assess", "--organisation", org_id,
                           "--influence", influence, "--interest", interest)
        assert code == 1 and err.count("\n") == 1 and "must be a whole number from 1 to 5" in err, err
    code, _, err = run(capsys, "--data-dir", data_dir, "analysis", "assess", "--organisation", org_id,
                       "--influence", 1, "--interest", 1, "--date", "2062-03-01")
    assert code == 1 and err.count("\n") == 1 and "01 March 2062 is in the future" in err, err
    ctx = open_context(data_dir)
    try:
        assert len(svc.history(ctx, Subject(ORGANISATION, org_id))) == 2
    finally:
        ctx.close()


def test_writing_over_a_folder_is_one_clear_line_and_leaves_no_temporary_file(data_dir, tmp_path, capsys):
    seed(data_dir)
    for name, argv in (("grid.pdf", ["analysis", "grid"]), ("grid.png", ["analysis", "grid"]),
                       ("all.csv", ["export", "assessments"])):
        (tmp_path / name).mkdir()
        code, _, err = run(capsys, "--data-dir", data_dir, *argv, "-o", tmp_path / name)
        assert code == 1 and err.count("\n") == 1 and str(tmp_path / name) in err and "unexpected" not in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["all.csv", "data", "grid.pdf", "grid.png"]


def test_unknown_compare_round_missing_folder_and_upper_case_pdf_name(data_dir, tmp_path, capsys):
    seed(data_dir)
    code, _, err = run(capsys, "--data-dir", data_dir, "analysis", "grid", "-o", tmp_path / "g.pdf",
                       "--round", "Review", "--compare", "Basline")
    assert code == 1 and err.count("\n") == 1 and "no analysis round called 'Basline' (rounds: Baseline, Review)" in err
    for argv in (["analysis", "grid", "-o", tmp_path / "missing" / "g.png"],
                 ["export", "assessments", "-o", tmp_path / "missing" / "a.csv"]):
        code, _, err = run(capsys, "--data-dir", data_dir, *argv)
        assert code == 1 and err.count("\n") == 1 and "does not exist" in err and "Traceback" not in err, err
    code, out, err = run(capsys, "--data-dir", data_dir, "analysis", "grid", "-o", tmp_path / "BOARD.PDF",
                         "--page", "A3")
    assert code == 0, err
    content = (tmp_path / "BOARD.PDF").read_bytes()
    assert content.startswith(b"%PDF") and re.findall(rb"/Count (\d+)", content) == [b"1"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["BOARD.PDF", "data"]
    with pytest.raises(SystemExit) as exit_:
        run(capsys, "--data-dir", data_dir, "analysis", "grid", "-o", tmp_path / "g.png", "--page", "A5")
    assert exit_.value.code == 2 and "invalid choice: 'A5'" in capsys.readouterr().err


def test_exports_of_assessments_and_letters_withhold_people_who_may_not_be_contacted(data_dir, tmp_path, capsys):
    import csv

    from helpers import make_person
    from sdm_desktop.services.letters.recipients import RecipientRequest
    from sdm_desktop.services.letters.runs import LetterRequest, write_letters
    from sdm_desktop.services.letters.templates import bundled_dir
    from sdm_desktop.services.opening import open_context
    from sdm_desktop.services.register.people import get_person, update_person

    ctx = open_context(data_dir)
    try:
        person = make_person(ctx, "Private", address_line1="1 High Street", town="Fernbridge", postcode="EX1 1AA")
        svc.create_assessment(ctx, AssessmentInput(Subject(PERSON, person), influence=4, interest=5))
        write_letters(ctx, LetterRequest(bundled_dir() / "letter_thank_you.docx", tmp_path / "letters",
                                         RecipientRequest("people")))
        data = get_person(ctx, person)
        data.do_not_contact = True                       # asked us to stop, after both were recorded
        update_person(ctx, person, data)
    finally:
        ctx.close()

    def export(kind, column, *extra):
        code = main(["--data-dir", str(data_dir), "export", kind, "-o", str(tmp_path / f"{kind}.csv"), *extra])
        assert code == 0
        with open(tmp_path / f"{kind}.csv", encoding="utf-8-sig") as handle:
            return [row[column] for row in csv.DictReader(handle)], capsys.readouterr().err

    for kind, column in (("assessments", "stakeholder"), ("letters", "recipient")):
        names, note = export(kind, column)
        assert names == ["(name withheld: no consent to contact)"], kind
        assert "1 name of a person who is marked do not contact or has not consented was withheld" in note
        names, note = export(kind, column, "--include-no-contact")
        assert names == ["Ada Private"] and note.startswith("Warning:"), kind
