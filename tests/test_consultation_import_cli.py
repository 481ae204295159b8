"""The command line: responses import / list, export responses."""

from __future__ import annotations

import csv

from openpyxl import load_workbook

from consultation_cimport_helpers import forms_xlsx, make_survey_activity, surveymonkey_csv
from helpers import make_person
from sdm_desktop.cli import main


def run(capsys, data_dir, *argv):
    code = main(["--data-dir", str(data_dir), *[str(a) for a in argv]])
    out, err = capsys.readouterr()
    return code, out, err


def test_import_dry_run_then_import_then_again(ctx, data_dir, tmp_path, capsys):
    activity = make_survey_activity(ctx)
    ctx.close()                       # the command takes the data folder's lock
    path = surveymonkey_csv(tmp_path)
    code, out, _ = run(capsys, data_dir, "responses", "import", path, "--activity", activity, "--dry-run")
    assert code == 0 and "would add 4" in out and "SurveyMonkey" in out
    code, out, _ = run(capsys, data_dir, "responses", "list", "--activity", activity)
    assert out.splitlines()[1:] == []
    code, out, _ = run(capsys, data_dir, "responses", "import", path, "--activity", activity)
    assert code == 0 and "added 4" in out and "import --undo" in out
    code, out, _ = run(capsys, data_dir, "responses", "import", path, "--activity", activity)
    assert "added 0, 4 already imported" in out
    code, out, err = run(capsys, data_dir, "responses", "list", "--activity", activity, "--uncoded")
    lines = out.splitlines()
    assert lines[0] == "Id\tSubmitted\tRespondent\tThemes\tAnswer" and len(lines) == 5
    assert "Nothing, it is fine" in out and err.strip() == "4 responses"


def test_import_errors_are_one_line(ctx, data_dir, tmp_path, capsys):
    activity = make_survey_activity(ctx)
    ctx.close()
    code, _, err = run(capsys, data_dir, "responses", "import", tmp_path / "missing.csv", "--activity", activity)
    assert code == 1 and err.count("\n") == 1 and "does not exist" in err
    code, _, err = run(capsys, data_dir, "responses", "import", forms_xlsx(tmp_path), "--activity", 999)
    assert code == 1 and "no activity 999" in err
    code, _, err = run(capsys, data_dir, "responses", "list", "--activity", activity, "--theme", "Nope")
    assert code == 1 and "no theme 'Nope'" in err


def test_match_people_from_the_command_line(ctx, data_dir, tmp_path, capsys):
    make_person(ctx, "Sample", "Ada", email="ada.sample@example.org")
    activity = make_survey_activity(ctx)
    ctx.close()
    code, out, _ = run(capsys, data_dir, "responses", "import", forms_xlsx(tmp_path), "--activity", activity,
                       "--match-people")
    assert code == 0 and "1 matched to people" in out
    code, out, _ = run(capsys, data_dir, "responses", "list", "--activity", activity)
    assert "Ada Sample" in out and out.count("anonymous") == 3


def test_export_responses_csv_neutralises_formulas_and_withholds_names(ctx, data_dir, tmp_path, capsys):
    make_person(ctx, "Sample", "Ada", email="ada.sample@example.org")
    activity = make_survey_activity(ctx)
    ctx.close()
    run(capsys, data_dir, "responses", "import", forms_xlsx(tmp_path), "--activity", activity, "--match-people")
    target = tmp_path / "out.csv"
    code, out, err = run(capsys, data_dir, "export", "responses", "--activity", activity, "-o", target)
    assert code == 0 and "Exported 4 responses rows" in out and "Equality monitoring answers" in err
    rows = list(csv.reader(target.open(encoding="utf-8-sig")))
    header = rows[0]
    assert header[:5] == ["Response", "Submitted", "Source", "Respondent", "May quote"]
    assert "What is your age?" not in header                      # equality answers: counts only
    assert "Themes: What matters most to you about the new service?" in header
    by_id = {r[0]: r for r in rows[1:]}
    assert by_id["1"][3] == "(name withheld)" and by_id["2"][3] == "anonymous"
    assert by_id["3"][5] == "'@reception parking is awful"
    code, _, _ = run(capsys, data_dir, "export", "responses", "--activity", activity, "--include-names", "-o", target)
    by_id = {r[0]: r for r in list(csv.reader(target.open(encoding="utf-8-sig")))[1:]}
    assert by_id["1"][3] == "Ada Sample"


def test_export_responses_xlsx_and_bad_activity(ctx, data_dir, tmp_path, capsys):
    activity = make_survey_activity(ctx)
    ctx.close()
    run(capsys, data_dir, "responses", "import", forms_xlsx(tmp_path), "--activity", activity)
    target = tmp_path / "out.xlsx"
    assert run(capsys, data_dir, "export", "responses", "--activity", activity, "-o", target)[0] == 0
    sheet = load_workbook(target).active
    assert sheet.max_row == 5 and sheet.cell(1, 6).value == "What matters most to you about the new service?"
    code, _, err = run(capsys, data_dir, "export", "responses", "--activity", "abc", "-o", target)
    assert code == 1 and "not an activity id" in err
    code, _, err = run(capsys, data_dir, "export", "people", "--activity", activity, "-o", tmp_path / "p.csv")
    assert code == 1 and "does not apply" in err


def test_import_list_and_undo_of_a_responses_batch(ctx, data_dir, tmp_path, capsys):
    activity = make_survey_activity(ctx)
    ctx.close()
    run(capsys, data_dir, "responses", "import", forms_xlsx(tmp_path), "--activity", activity)
    code, out, _ = run(capsys, data_dir, "import", "--list")
    assert code == 0 and "responses" in out and "created 4" in out
    code, out, _ = run(capsys, data_dir, "import", "--undo", 1, "--dry-run")
    assert code == 0 and "would remove 4" in out
    code, out, _ = run(capsys, data_dir, "import", "--undo", 1)
    assert code == 0 and "4 created records removed" in out
    code, out, err = run(capsys, data_dir, "responses", "list", "--activity", activity)
    assert err.strip() == "0 responses"


def test_a_file_from_another_tool_mapped_on_the_command_line(ctx, data_dir, tmp_path, capsys):
    from importexport_files import write_csv

    activity = make_survey_activity(ctx)
    ctx.close()
    path = write_csv(tmp_path / "paper.csv", [["Ref", "When", "Comment", "Rating", "Postcode"],
                                              ["P1", "01/03/2026", "More clinics in Lowmoor", "4", "TR7 1LG"],
                                              ["P2", "02/03/2026", "Parking", "2", "TR7 1LH"]])
    code, out, _ = run(capsys, data_dir, "responses", "import", path, "--activity", activity, "--use", "Ref=id",
                       "--use", "2=submitted", "--use", "postcode=ignore")
    assert code == 0 and "added 2" in out and "2 new questions" in out
    code, out, _ = run(capsys, data_dir, "responses", "list", "--activity", activity)
    assert "2026-03-02 00:00\tanonymous\t\tParking" in out
    code, out, _ = run(capsys, data_dir, "responses", "import", path, "--activity", activity, "--use", "Ref=id",
                       "--use", "2=submitted", "--use", "postcode=ignore")
    assert "added 0, 2 already imported" in out
    code, _, err = run(capsys, data_dir, "responses", "import", path, "--activity", activity, "--use", "Nope=id")
    assert code == 1 and "no column 'Nope'" in err
    code, _, err = run(capsys, data_dir, "responses", "import", path, "--activity", activity, "--use", "Ref=colour")
    assert code == 1 and "must look like COLUMN=ROLE" in err
