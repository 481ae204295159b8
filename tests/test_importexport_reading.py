"""Reading import files: encodings, delimiters, quoted newlines, XLSX sheets, files that lie."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from importexport_files import PEOPLE_HEADERS, write_csv, write_xlsx
from sdm_desktop import paths
from sdm_desktop.errors import UserError
from sdm_desktop.services.importing import ImportOptions, plan_import, run_import
from sdm_desktop.services.register.people import get_person
from sdm_desktop.services.register.search import RegisterFilter, search_person_ids


def stored_counts(data_dir) -> tuple[int, int, int, int]:
    conn = sqlite3.connect(data_dir / paths.DATABASE_FILE_NAME)
    try:
        return tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("organisation", "person", "import_batch", "import_change"))
    finally:
        conn.close()


def only_person(ctx):
    ids = search_person_ids(ctx, RegisterFilter())
    assert len(ids) == 1
    return get_person(ctx, ids[0])


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-le"])   # utf-16: BOM
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_every_encoding_and_delimiter_reads_the_same_person(ctx, tmp_path, encoding, delimiter):
    rows = [PEOPLE_HEADERS, ["Ms", "Renée", "O'Brien-Smith", "renee@example.org", "01632 960001", "ls1 4ap",
                             "yes", "Likes £5 vouchers; prefers mornings, not evenings"]]
    path = write_csv(tmp_path / "people.csv", rows, encoding, delimiter)
    report = run_import(ctx, path, ImportOptions(kind="people"))
    assert (report.created, report.rejected) == (1, [])
    person = only_person(ctx)
    assert (person.first_name, person.last_name, person.postcode) == ("Renée", "O'Brien-Smith", "LS1 4AP")
    assert person.phone == "01632 960001"          # kept as text, leading zero and all
    assert person.notes == "Likes £5 vouchers; prefers mornings, not evenings"
    assert person.consent_contact is True


def test_quoted_fields_hold_commas_and_newlines_and_line_numbers_stay_true(ctx, tmp_path):
    rows = [PEOPLE_HEADERS,
            ["", "Ada", "Lovelace", "ada@example.org", "", "", "yes", "First line,\nsecond line\nthird"],
            ["", "Bad", "Postcode", "bad@example.org", "", "NOT A POSTCODE", "yes", ""]]
    path = write_csv(tmp_path / "people.csv", rows)
    report = run_import(ctx, path, ImportOptions(kind="people"))
    assert report.created == 1
    assert [(n.line, "postcode" in n.reason) for n in report.rejected] == [(5, True)]
    assert only_person(ctx).notes == "First line,\nsecond line\nthird"


def test_xlsx_first_sheet_or_a_chosen_sheet(ctx, tmp_path):
    path = write_xlsx(tmp_path / "book.xlsx", {
        "Groups": [["Name", "Type", "Postcode"], ["Hilltop Carers", "Carers' group", "LS1 4AP"]],
        "Contacts": [["First name", "Last name", "Phone", "Consent date", "Consent to contact"],
                     ["Grace", "Hopper", "01632 960002", date(2026, 3, 1), True]],
    })
    report = run_import(ctx, path, ImportOptions())
    assert (report.kind, report.created) == ("organisations", 1)
    report = run_import(ctx, path, ImportOptions(sheet="Contacts"))
    assert (report.kind, report.created) == ("people", 1)
    person = only_person(ctx)
    assert person.phone == "01632 960002"
    assert person.consent_contact_date == date(2026, 3, 1) and person.consent_contact is True


def test_unknown_sheet_is_a_clear_error(ctx, tmp_path):
    path = write_xlsx(tmp_path / "book.xlsx", {"Only": [["Name"], ["A group"]]})
    with pytest.raises(UserError, match="no sheet called 'Nope'.*Only"):
        plan_import(ctx, path, ImportOptions(sheet="Nope"))


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


@pytest.mark.parametrize("name, content, message", [
    ("photo.csv", PNG, "is a PNG image, not a CSV file"),
    ("empty.csv", b"", "is empty"),
    ("binary.csv", b"abc\x00\x01\x02def" * 10, "not a text file"),
    ("fake.xlsx", b"Name,Type\nA,B\n", "not an Excel workbook"),
    ("list.ods", b"Name\nA\n", "only CSV and XLSX"),
])
def test_files_that_are_not_what_they_claim_are_refused_and_change_nothing(ctx, data_dir, tmp_path, name,
                                                                              content, message):
    before = stored_counts(data_dir)
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UserError, match=message):
        run_import(ctx, path, ImportOptions())
    assert stored_counts(data_dir) == before


def test_truncated_xlsx_is_refused_and_changes_nothing(ctx, data_dir, tmp_path):
    good = write_xlsx(tmp_path / "good.xlsx", {"Sheet": [["Name"], *[[f"Group {n}"] for n in range(200)]]})
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    before = stored_counts(data_dir)
    with pytest.raises(UserError, match="broken.xlsx.*(damaged|truncated)"):
        run_import(ctx, broken, ImportOptions())
    assert stored_counts(data_dir) == before


def test_a_2_gb_file_is_refused_before_reading(ctx, data_dir, tmp_path):
    huge = tmp_path / "huge.csv"
    with open(huge, "wb") as handle:
        handle.truncate(2 * 1024 ** 3)       # sparse: no real disk used
    with pytest.raises(UserError, match="2,048 MB; files over 200 MB"):
        run_import(ctx, huge, ImportOptions())
    assert stored_counts(data_dir)[2] == 0


def test_missing_file_is_a_clear_error(ctx, tmp_path):
    with pytest.raises(UserError, match="does not exist"):
        plan_import(ctx, tmp_path / "nope.csv", ImportOptions())


def test_excel_sep_hint_line_sets_the_delimiter_and_is_not_a_header(ctx, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_text("sep=;\r\nName;Postcode\r\nHilltop Carers;LS1 4AP\r\n", encoding="utf-8")
    report = run_import(ctx, path, ImportOptions())
    assert (report.created, report.rejected) == (1, [])


def test_a_cell_too_big_for_csv_names_its_line(ctx, data_dir, tmp_path, monkeypatch):
    from sdm_desktop.services.importing import sources

    monkeypatch.setattr(sources, "CSV_CELL_LIMIT", 100_000)      # 16 MB in use: a 17 MB file is slow to write
    path = tmp_path / "big.csv"
    path.write_text("Name,Notes\nA,ok\nB," + "x" * 200_000 + "\n", encoding="utf-8")
    with pytest.raises(UserError, match="big.csv, line 3: field larger than field limit"):
        run_import(ctx, path, ImportOptions())
    assert stored_counts(data_dir) == (0, 0, 0, 0)


@pytest.mark.parametrize("name", ["contacts.ods", "contacts.xlsx"])
def test_an_opendocument_spreadsheet_is_named_as_such_not_called_damaged(ctx, data_dir, tmp_path, name):
    """A LibreOffice .ods file (even renamed .xlsx) is a zip too; telling its owner it is "damaged or truncated"
    sends them looking for the wrong problem."""
    import zipfile

    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        book.writestr("content.xml", "<office:document-content/>")
    before = stored_counts(data_dir)
    with pytest.raises(UserError) as raised:
        run_import(ctx, path, ImportOptions())
    assert "OpenDocument spreadsheet" in str(raised.value) and "damaged" not in str(raised.value)
    assert "Excel workbook (.xlsx) or CSV" in str(raised.value)
    assert stored_counts(data_dir) == before
