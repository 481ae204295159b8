"""Files that try to break the import: Excel's "Unicode text", a header without data, ragged rows,
duplicate headers, formulas and merged cells in a workbook, dates as serial numbers, a workbook
without a size, an ODS list without postcodes, a database locked by another program."""

from __future__ import annotations

import sqlite3
import zipfile
from datetime import date

import pytest

from importexport_files import EPRACCUR_ROWS, ETR_HEADERS, write_csv, write_xlsx
from sdm_desktop import paths
from sdm_desktop.cli import main
from sdm_desktop.errors import UserError
from sdm_desktop.services.importing import ImportOptions, plan_import, run_import
from sdm_desktop.services.importing.sources import open_source, sheet_names
from sdm_desktop.services.register.organisations import get_organisation
from sdm_desktop.services.register.search import RegisterFilter, search_organisation_ids
from test_importexport_reading import only_person, stored_counts


def organisations(ctx) -> dict:
    return {o.name: o for o in (get_organisation(ctx, i) for i in search_organisation_ids(ctx, RegisterFilter()))}


def test_excel_unicode_text_is_read_as_utf16_with_tabs(ctx, tmp_path):
    path = tmp_path / "contacts.txt"                 # Excel: Save as "Unicode Text (*.txt)"
    path.write_bytes("First name\tSurname\tPhone\r\nZoë\tÅström\t01632 960003\r\n".encode("utf-16"))
    plan = plan_import(ctx, path, ImportOptions())
    assert plan.describe().startswith("contacts.txt: CSV, UTF-16, tab-separated; people")
    report = run_import(ctx, path, ImportOptions(), plan=plan)
    assert (report.created, report.rejected) == (1, [])
    person = only_person(ctx)
    assert (person.first_name, person.last_name, person.phone) == ("Zoë", "Åström", "01632 960003")


def test_a_header_row_without_data_rows_is_one_clear_line_and_changes_nothing(data_dir, tmp_path, capsys):
    path = write_csv(tmp_path / "empty-list.csv", [["First name", "Surname", "Email"]])
    code = main(["--data-dir", str(data_dir), "import", str(path)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.strip() == ("sdm-desktop: error: empty-list.csv has a header row ('First name', 'Surname', 'Email') "
                           "but no rows of data; there is nothing to import.")
    assert stored_counts(data_dir) == (0, 0, 0, 0)


def test_a_sheet_with_only_a_header_names_the_other_sheets(ctx, tmp_path):
    path = write_xlsx(tmp_path / "book.xlsx", {"Template": [["Name", "Postcode"]], "Groups": [["Name"], ["A"]]})
    with pytest.raises(UserError, match=r"no rows of data in sheet 'Template' \(other sheets: Groups\)"):
        plan_import(ctx, path, ImportOptions())


def test_ragged_rows_say_which_cells_were_left_out_and_short_rows_read_as_blanks(ctx, tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("Name,Postcode,Phone\r\n"
                    "Hilltop Carers,LS1 4AP,01632 960001,call after 5,\r\n"      # two more cells, one empty
                    "Valley Voices,LS2 7HY\r\n"                                  # one fewer
                    "Short\r\n", encoding="utf-8")
    report = run_import(ctx, path, ImportOptions())
    assert (report.created, report.rejected) == (3, [])
    assert [(n.line, n.reason) for n in report.warnings] == [
        (2, "1 cell(s) beyond the 3 columns of the header were not imported ('call after 5')")]
    assert "Note on line 2: 1 cell(s) beyond the 3 columns" in "\n".join(report.lines())
    stored = organisations(ctx)
    assert stored["Valley Voices"].phone is None and stored["Short"].postcode is None


def test_duplicate_header_names_map_the_first_and_a_map_by_that_name_is_refused(data_dir, tmp_path, capsys):
    path = write_csv(tmp_path / "dup.csv", [["Name", "Name", "Postcode"], ["Hilltop Carers", "HC", "LS1 4AP"]])
    code = main(["--data-dir", str(data_dir), "import", str(path), "--map", "name=name"])
    err = capsys.readouterr().err
    assert code == 1 and "the file has 2 columns called 'name' (columns 1, 2); give the column's number" in err
    assert stored_counts(data_dir) == (0, 0, 0, 0)
    assert main(["--data-dir", str(data_dir), "import", str(path), "--map", "name=2"]) == 0
    assert "1 created" in capsys.readouterr().out


def _workbook_with_saved_results(path, rows: list[str]) -> None:
    """A one-sheet workbook written as Excel does: formulas with their saved results in <v>."""
    sheet = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             '<dimension ref="A1:C9"/><sheetData>' + "".join(rows) + '</sheetData></worksheet>')
    write_xlsx(path, {"Sheet1": [["x"]]})
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)


def test_formulas_import_their_saved_results_and_never_a_silent_blank(ctx, tmp_path):
    def text(ref, value):
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
    path = tmp_path / "formulas.xlsx"
    _workbook_with_saved_results(path, [
        f'<row r="1">{text("A1", "Name")}{text("B1", "Postcode")}{text("C1", "Phone")}</row>',
        # Excel's own file: the result of each formula is saved beside it
        f'<row r="2"><c r="A2" t="str"><f>UPPER("hilltop carers")</f><v>HILLTOP CARERS</v></c>'
        f'{text("B2", "LS1 4AP")}<c r="C2" t="str"><f>"01632 "&amp;"960001"</f><v>01632 960001</v></c></row>',
        # written by a program that does not work formulas out: no result saved
        f'<row r="3">{text("A3", "Valley Voices")}{text("B3", "LS2 7HY")}<c r="C3"><f>C2</f><v></v></c></row>',
        f'<row r="4"><c r="A4"><f>A2</f></c>{text("B4", "LS2 8AB")}</row>',
        f'<row r="5">{text("A5", "Dale Forum")}<c r="B5" t="e"><f>VLOOKUP(1,Z1:Z2,2)</f><v>#N/A</v></c></row>',
        # a formula whose result is an empty text is imported as empty
        f'<row r="6">{text("A6", "Moor Group")}{text("B6", "LS3 1AA")}<c r="C6" t="str"><f>""</f><v></v></c></row>',
    ])
    report = run_import(ctx, path, ImportOptions())
    assert report.created == 2
    assert [(n.line, n.reason) for n in report.rejected] == [
        (3, "column 3 (Phone): cell C3 holds a formula (=C2) whose result was never saved; open the file in "
            "Excel and save it again"),
        (4, "column 1 (Name): cell A4 holds a formula (=A2) whose result was never saved; open the file in "
            "Excel and save it again"),
        (5, "column 2 (Postcode): cell B5 shows the error #N/A")]
    stored = organisations(ctx)
    assert stored["HILLTOP CARERS"].phone == "01632 960001" and stored["Moor Group"].phone is None


def test_merged_cells_read_as_their_first_cells_value_in_every_cell(ctx, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in (["First name", "Surname", "Groups", "Consent to contact"], ["Ada", "Lovelace", "Riverside PPG", "yes"],
                ["Grace", "Hopper", None, None], ["Alan", "Turing", None, None]):
        sheet.append(row)
    sheet.merge_cells("C2:C4")                       # one group for three people, as typed in a spreadsheet
    sheet.merge_cells("D2:D4")
    book.save(tmp_path / "merged.xlsx")
    from helpers import make_org
    make_org(ctx, "Riverside PPG")
    report = run_import(ctx, tmp_path / "merged.xlsx", ImportOptions())
    assert (report.created, report.rejected) == (3, [])
    from sdm_desktop.services.register.people import get_person
    from sdm_desktop.services.register.search import search_person_ids
    people = [get_person(ctx, i) for i in search_person_ids(ctx, RegisterFilter())]
    assert sorted((p.last_name, [m.organisation_name for m in p.memberships], p.consent_contact) for p in people) == [
        ("Hopper", ["Riverside PPG"], True), ("Lovelace", ["Riverside PPG"], True), ("Turing", ["Riverside PPG"], True)]


def test_dates_saved_as_excel_serial_numbers_are_dates(ctx, tmp_path):
    path = write_xlsx(tmp_path / "serial.xlsx", {"People": [
        ["First name", "Surname", "Consent to contact", "Consent date"],
        ["Ada", "Lovelace", "yes", 45000],                 # a number cell: the date format was lost
        ["Grace", "Hopper", "yes", "45001"],               # the same typed as text
        ["Alan", "Turing", "yes", 1234]]})                 # not a plausible date
    report = run_import(ctx, path, ImportOptions())
    assert report.created == 2
    assert [(n.line, n.reason) for n in report.rejected] == [
        (4, "consent_contact_date: '1234' is not a date (use YYYY-MM-DD or DD/MM/YYYY)")]
    from sdm_desktop.services.register.people import get_person
    from sdm_desktop.services.register.search import search_person_ids
    dates = sorted(get_person(ctx, i).consent_contact_date for i in search_person_ids(ctx, RegisterFilter()))
    assert dates == [date(2023, 3, 15), date(2023, 3, 16)]


def test_a_workbook_without_a_stated_size_is_counted_and_read_in_one_pass(ctx, tmp_path, monkeypatch):
    """Our own exports, pandas and openpyxl's write-only mode leave out <dimension>: openpyxl's reader then
    scanned the whole sheet on every load (seconds for 100,000 rows, three loads an import)."""
    from openpyxl import Workbook

    from sdm_desktop.services.importing.xlsx.book import XlsxBook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Groups")
    sheet.append(["Name", "Postcode"])
    for n in range(3000):
        sheet.append([f"Group {n}", "LS1 4AP"])
    book.save(tmp_path / "big.xlsx")
    with zipfile.ZipFile(tmp_path / "big.xlsx") as z:
        assert b"<dimension" not in z.read("xl/worksheets/sheet1.xml")[:2000]
    reads = []
    real = XlsxBook._read_strings
    monkeypatch.setattr(XlsxBook, "_read_strings", lambda self: reads.append(1) or real(self))
    assert sheet_names(tmp_path / "big.xlsx") == ["Groups"] and reads == []     # the sheet list reads no cells
    source = open_source(tmp_path / "big.xlsx")
    assert 2500 < source.estimated_rows < 3500
    plan = plan_import(ctx, tmp_path / "big.xlsx", ImportOptions(on_duplicate="create"))
    run_import(ctx, tmp_path / "big.xlsx", ImportOptions(on_duplicate="create", dry_run=True), plan=plan)
    report = run_import(ctx, tmp_path / "big.xlsx", ImportOptions(on_duplicate="create"), plan=plan)
    plan.source.close()
    assert report.created == 3000
    assert len(reads) == 1                           # preview, check and import share one opened workbook


@pytest.mark.parametrize("with_header", [False, True])
def test_an_ods_list_with_blank_postcodes_still_imports(ctx, tmp_path, with_header):
    rows = [list(r) for r in EPRACCUR_ROWS[:2]]
    rows[0][9] = ""                                  # a practice with no postcode published
    rows[1][4] = "UNIT 2, QUEENS PARK"               # a quoted comma in an address
    if with_header:
        rows = [ETR_HEADERS + ["Status Code"]] + [r[:12] + [r[12]] for r in rows]
    report = run_import(ctx, write_csv(tmp_path / "epraccur.csv", rows), ImportOptions())
    assert (report.created, report.rejected) == (2, [])
    stored = organisations(ctx)
    assert stored["The Densham Surgery"].postcode is None
    queens = stored["Queens Park Medical Centre, Farrer St & Co"]
    assert (queens.postcode, queens.address_line1, queens.ods_code) == ("TS18 2AW", "Unit 2, Queens Park", "A81002")
def test_import_while_another_program_holds_the_write_lock_is_one_clear_line(data_dir, tmp_path, capsys,
                                                                            monkeypatch):
    from sdm_desktop.db import engine

    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 300)
    path = write_csv(tmp_path / "epraccur.csv", EPRACCUR_ROWS)
    assert main(["--data-dir", str(data_dir), "import", "--list"]) == 0           # creates the database
    capsys.readouterr()
    holder = sqlite3.connect(data_dir / paths.DATABASE_FILE_NAME, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")                # e.g. a database browser in the middle of a change
    try:
        code = main(["--data-dir", str(data_dir), "import", str(path)])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    err = capsys.readouterr().err
    assert code == 1 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "is busy: another program is writing to it" in err and "Nothing was changed" in err
    assert stored_counts(data_dir) == (0, 0, 0, 0)
