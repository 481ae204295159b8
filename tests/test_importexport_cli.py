"""`sdm-desktop import`: report, dry run, exit codes, --map, --list and --undo."""

from __future__ import annotations

import pytest

from importexport_files import EPRACCUR_ROWS, PEOPLE_HEADERS, write_csv
from sdm_desktop.cli import main
from test_importexport_reading import stored_counts


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_import_prints_the_report_and_can_be_undone_by_batch_id(data_dir, tmp_path, capsys):
    path = write_csv(tmp_path / "epraccur.csv", EPRACCUR_ROWS)
    code, out, _ = run(capsys, "--data-dir", data_dir, "import", path)
    assert code == 0
    assert "ODS list of GP practices (epraccur), headerless" in out
    assert "4 rows read: 2 created, 0 updated, 2 skipped, 0 rejected." in out
    assert "sdm-desktop import --undo 1" in out
    code, out, _ = run(capsys, "--data-dir", data_dir, "import", "--list")
    assert code == 0 and "organisations created 2, updated 0, rejected 0; 2 of 2 created rows still present" in out
    assert str(path) in out                                  # where the file was, whatever the working folder
    code, out, _ = run(capsys, "--data-dir", data_dir, "import", "--undo", "1")
    assert code == 0 and "Import batch 1 undone: 2 created records removed, 0 updated records restored." in out
    assert stored_counts(data_dir)[0] == 0
    code, _, err = run(capsys, "--data-dir", data_dir, "import", "--undo", "1")
    assert code == 1 and "already undone" in err and "Traceback" not in err


def test_dry_run_prints_rejected_lines_and_writes_nothing(data_dir, tmp_path, capsys):
    path = write_csv(tmp_path / "people.csv", [
        PEOPLE_HEADERS, ["", "Ada", "Lovelace", "", "", "", "yes", ""], ["", "No", "", "", "", "", "", ""]])
    code, out, _ = run(capsys, "--data-dir", data_dir, "import", path, "--kind", "people", "--dry-run")
    assert code == 0
    assert "1 would be created" in out and "Rejected line 3: last_name: is required" in out
    assert "Dry run: nothing was written." in out
    assert stored_counts(data_dir) == (0, 0, 0, 0)


def test_a_bad_file_is_one_clear_line_and_exit_1(data_dir, tmp_path, capsys):
    path = tmp_path / "logo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50)
    code, out, err = run(capsys, "--data-dir", data_dir, "import", path)
    assert code == 1 and out == ""
    assert err.strip() == "sdm-desktop: error: logo.csv is a PNG image, not a CSV file; nothing was imported."


def test_map_option_maps_columns_by_header_or_number(data_dir, tmp_path, capsys):
    path = write_csv(tmp_path / "odd.csv", [["Nom", "Courriel", "CP"], ["Groupe A", "a@example.org", "LS1 4AP"]])
    code, _, err = run(capsys, "--data-dir", data_dir, "import", path)
    assert code == 1 and "No column is mapped to the required field(s): name" in err
    code, out, _ = run(capsys, "--data-dir", data_dir, "import", path, "--kind", "organisations",
                       "--map", "name=Nom", "--map", "email=2", "--map", "postcode=cp")
    assert code == 0 and "1 created" in out
    code, _, err = run(capsys, "--data-dir", data_dir, "import", path, "--map", "name=Missing")
    assert code == 1 and "no column 'Missing'" in err


def test_import_without_a_file_is_a_usage_error(data_dir, capsys):
    code, _, err = run(capsys, "--data-dir", data_dir, "import")
    assert code == 2 and "give a FILE" in err
    with pytest.raises(SystemExit) as exit_:
        main(["import", "x.csv", "--on-duplicate", "merge"])
    assert exit_.value.code == 2


def test_fields_lists_what_columns_can_be_mapped_to(capsys):
    code, out, _ = run(capsys, "import", "--fields")
    assert code == 0 and "last_name" in out and "(required)" in out and "ods_code" in out


def test_a_file_without_a_header_row_is_mapped_by_column_number(data_dir, tmp_path, capsys):
    path = write_csv(tmp_path / "plain.csv", [["Ada", "Lovelace", "yes"], ["Grace", "Hopper", "no"]])
    code, out, _ = run(capsys, "--data-dir", data_dir, "import", path, "--no-header", "--kind", "people",
                       "--map", "first_name=1", "--map", "last_name=2", "--map", "consent_contact=3")
    assert code == 0 and "2 rows read: 2 created" in out
    assert stored_counts(data_dir)[1] == 2


@pytest.mark.parametrize("kind", ["organisations", "people", "assessments", "activities", "interactions",
                                  "training", "letters"])
def test_every_export_kind_writes_csv_with_bom_and_xlsx_with_frozen_filtered_header(data_dir, tmp_path, capsys,
                                                                                      kind):
    from openpyxl import load_workbook

    code, out, err = run(capsys, "--data-dir", data_dir, "export", kind, "-o", tmp_path / "out.csv")
    assert code == 0, err
    assert (tmp_path / "out.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    code, out, err = run(capsys, "--data-dir", data_dir, "export", kind, "-o", tmp_path / "out.xlsx")
    assert code == 0, err
    sheet = load_workbook(tmp_path / "out.xlsx").active
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref and sheet["A1"].font.b


@pytest.mark.parametrize("kind, option", [
    ("training", ["--type", "GP practice"]), ("letters", ["--tag", "north"]), ("assessments", ["--from", "2026-01-01"]),
    ("organisations", ["--include-no-contact"]), ("people", ["--from", "2026-01-01"]),
    ("activities", ["--tag", "north"])])
def test_a_filter_that_does_not_apply_to_the_kind_is_refused_and_nothing_is_written(data_dir, tmp_path, capsys,
                                                                                    kind, option):
    target = tmp_path / "out.csv"
    code, out, err = run(capsys, "--data-dir", data_dir, "export", kind, "-o", target, *option)
    assert code == 1 and out == "" and "Traceback" not in err
    assert f"{option[0]} does not apply to an export of {kind}" in err
    assert not target.exists()


def test_filters_that_apply_are_accepted(data_dir, tmp_path, capsys):
    from helpers import make_person
    from sdm_desktop.services.opening import open_context

    ctx = open_context(data_dir, take_lock=False)
    make_person(ctx, "Lovelace", tags=["x"])                 # a tag nobody has is refused
    ctx.close()
    for kind, option in (("people", ["--active", "yes", "--tag", "x", "--include-no-contact"]),
                         ("interactions", ["--from", "2026-01-01", "--to", "2026-12-31", "--include-no-contact"])):
        code, _out, err = run(capsys, "--data-dir", data_dir, "export", kind, "-o", tmp_path / f"{kind}.csv", *option)
        assert code == 0, err


def test_practices_can_be_exported_for_one_commissioner_code_with_search(data_dir, tmp_path, capsys):
    import csv

    assert run(capsys, "--data-dir", data_dir, "import", write_csv(tmp_path / "epraccur.csv", EPRACCUR_ROWS),
               "--closed", "inactive")[0] == 0
    target = tmp_path / "mine.csv"
    code, out, err = run(capsys, "--data-dir", data_dir, "export", "organisations", "-o", target,
                         "--search", "16C", "--active", "yes")
    assert code == 0, err
    with open(target, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["ods_code"], r["commissioner_code"], r["active"]) for r in rows] == [("A81002", "16C", "yes")]


def test_unmapped_first_sheet_names_its_columns_and_the_other_sheets(data_dir, tmp_path, capsys):
    from importexport_files import write_xlsx

    path = write_xlsx(tmp_path / "book.xlsx", {"Notes": [["just", "notes"], ["a", "b"]],
                                               "Groups": [["Name", "Postcode"], ["Hilltop Carers", "LS1 4AP"]]})
    code, out, err = run(capsys, "--data-dir", data_dir, "import", path)
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "required field(s): name" in err and "sheet 'Notes'" in err and "columns 'just', 'notes'" in err
    assert "--sheet (Groups)" in err
    assert stored_counts(data_dir) == (0, 0, 0, 0)
    code, out, _ = run(capsys, "--data-dir", data_dir, "import", path, "--sheet", "Groups")
    assert code == 0 and "1 created" in out


def test_the_report_names_the_columns_that_were_not_imported(data_dir, tmp_path, capsys):
    path = write_csv(tmp_path / "people.csv", [["First name", "Last name", "Mobile No", "Shoe size"],
                                               ["Ada", "Lovelace", "07700 900123", "5"]])
    code, out, _ = run(capsys, "--data-dir", data_dir, "import", path, "--dry-run")
    assert code == 0
    assert "Columns not imported: 'Mobile No', 'Shoe size'" in out


def test_map_adds_to_the_guessed_mapping_instead_of_replacing_it(data_dir, tmp_path, capsys):
    """Mapping one odd column by hand must not silently drop the columns the app recognised itself."""
    path = write_csv(tmp_path / "people.csv", [["First name", "Last name", "Email", "Mobile No"],
                                               ["Ada", "Lovelace", "ada@example.org", "07700 900123"]])
    code, out, err = run(capsys, "--data-dir", data_dir, "import", path, "--map", "phone=Mobile No")
    assert code == 0, err
    assert "1 created" in out and "not imported" not in out
    code, _, err = run(capsys, "--data-dir", data_dir, "export", "people", "--include-no-contact",
                       "-o", tmp_path / "out.csv")
    text = (tmp_path / "out.csv").read_text(encoding="utf-8-sig")
    assert "Ada,Lovelace" in text and "ada@example.org" in text and "07700 900123" in text


def test_map_moves_a_column_away_from_the_field_it_was_guessed_for(data_dir, tmp_path, capsys):
    path = write_csv(tmp_path / "people.csv", [["First name", "Last name", "Notes"],
                                               ["Ada", "Lovelace", "Countess"]])
    code, out, err = run(capsys, "--data-dir", data_dir, "import", path, "--map", "role=Notes")
    assert code == 0, err
    run(capsys, "--data-dir", data_dir, "export", "people", "--include-no-contact", "-o", tmp_path / "out.csv")
    text = (tmp_path / "out.csv").read_text(encoding="utf-8-sig")
    assert ",Ada,Lovelace,Countess," in text


@pytest.mark.parametrize("kind, option, message", [
    ("organisations", ["--type", "GP Practise"], "There is no organisation type called 'GP Practise'"),
    ("people", ["--type", "gp practice"], "There is no organisation type called 'gp practice'"),
    ("organisations", ["--tag", "nosuchtag"], "There is no tag called 'nosuchtag'"),
    ("people", ["--tag", "nosuchtag"], "There is no tag called 'nosuchtag'"),
    ("organisations", ["--type", "Person"], "There is no organisation type called 'Person'"),
])
def test_a_misspelt_type_or_tag_is_refused_not_an_empty_export(data_dir, tmp_path, capsys, kind, option, message):
    """As for assessments and the analysis: a typo must not look like "nobody of that type"."""
    target = tmp_path / "out.csv"
    code, out, err = run(capsys, "--data-dir", data_dir, "export", kind, "-o", target, *option)
    assert code == 1 and out == "" and message in err and "Traceback" not in err
    assert not target.exists()
