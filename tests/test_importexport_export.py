"""Exports: typed XLSX with a frozen, filtered header; formula neutralisation; consent honoured."""

from __future__ import annotations

import csv
import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook

from helpers import make_org, make_person
from importexport_files import write_csv
from sdm_desktop.cli import main
from sdm_desktop.services.exporting.tables import Table, write_table
from sdm_desktop.services.importing import ImportOptions, run_import
from sdm_desktop.services.register.export import ExportOptions, people_table
from sdm_desktop.services.register.search import RegisterFilter, search_person_ids


def test_xlsx_cells_are_typed_and_the_header_is_frozen_with_filters(tmp_path):
    table = Table(["id", "name", "when", "ok", "score", "phone"],
                  [[1, "Ada & <Co>", date(2026, 3, 1), True, 2.5, "01632 000111"],
                   [2, "Line one\nline two", None, False, 7, ""]], 2, "People")
    path = tmp_path / "out.xlsx"
    assert write_table(table, path) == 2
    sheet = load_workbook(path).active
    assert sheet.title == "People"
    assert [c.value for c in sheet[1]] == ["id", "name", "when", "ok", "score", "phone"]
    assert sheet["A1"].font.b is True
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:F3"
    row = [c.value for c in sheet[2]]
    assert row[0] == 1 and row[1] == "Ada & <Co>" and row[3] is True and row[4] == 2.5
    assert row[2].date() == date(2026, 3, 1) and sheet["C2"].is_date
    assert row[5] == "01632 000111"                               # text, leading zero kept
    assert [c.value for c in sheet[3]][:5] == [2, "Line one\nline two", None, False, 7]


def test_xlsx_is_a_well_formed_package(tmp_path):
    path = tmp_path / "out.xlsx"
    write_table(Table(["a"], [["x\x01y"]], 1, "Odd: [name]?"), path)
    with zipfile.ZipFile(path) as book:
        assert book.testzip() is None
        assert {"[Content_Types].xml", "xl/workbook.xml", "xl/styles.xml",
                "xl/worksheets/sheet1.xml"} <= set(book.namelist())
    sheet = load_workbook(path).active
    assert sheet.title == "Odd   name" and sheet["A2"].value == "xy"


def test_cells_that_would_run_as_formulas_are_neutralised(tmp_path):
    values = ["=HYPERLINK(\"http://x\")", "+44 1632", "-2", "@SUM(A1)", "\tTab", "\rCR", "plain"]
    table = Table(["=value"], [[v] for v in values], len(values), "Export")
    write_table(table, tmp_path / "out.csv")
    write_table(table, tmp_path / "out.xlsx")
    with open(tmp_path / "out.csv", encoding="utf-8-sig", newline="") as handle:
        from_csv = [row[0] for row in csv.reader(handle)]
    from_xlsx = [row[0].value for row in load_workbook(tmp_path / "out.xlsx").active.iter_rows()]
    expected = ["'=value"] + ["'" + v for v in values[:-1]] + ["plain"]
    assert from_csv == expected and from_xlsx == expected


def test_contact_exports_leave_out_no_consent_unless_included_with_a_warning(data_dir, tmp_path, capsys):
    from sdm_desktop.services.opening import open_context

    ctx = open_context(data_dir)
    try:
        make_person(ctx, "Allowed", "Ada")
        make_person(ctx, "Blocked", "Bo", do_not_contact=True)
        make_person(ctx, "Unconsented", "Cy", consent_contact=False)
    finally:
        ctx.close()
    out = tmp_path / "people.xlsx"
    assert main(["--data-dir", str(data_dir), "export", "people", "-o", str(out)]) == 0
    assert "2 people who are marked do not contact" in capsys.readouterr().err
    assert [r[3].value for r in load_workbook(out).active.iter_rows(min_row=2)] == ["Allowed"]
    assert main(["--data-dir", str(data_dir), "export", "people", "-o", str(out), "--include-no-contact"]) == 0
    assert "Warning: this file includes people" in capsys.readouterr().err
    assert len(list(load_workbook(out).active.iter_rows(min_row=2))) == 3


def test_export_of_the_rows_shown_works_for_many_thousands_of_ids(ctx, tmp_path):
    org = make_org(ctx, "Big Group")
    rows = [["First name", "Last name", "Email", "Consent to contact", "Groups", "Tags"]]
    rows += [[f"P{n}", f"Person{n}", f"p{n}@example.org", "yes", "Big Group (member)", "t1, t2"] for n in range(6000)]
    assert run_import(ctx, write_csv(tmp_path / "many.csv", rows), ImportOptions(kind="people")).created == 6000
    ids = list(reversed(search_person_ids(ctx, RegisterFilter())))
    table, left_out = people_table(ctx, ExportOptions(RegisterFilter(), ids=ids))
    exported = list(table.rows)
    assert left_out == 0 and [r[0] for r in exported] == ids
    assert exported[0][5] == "Big Group (member)" and exported[0][23] == "t1, t2"
    assert org


def test_the_no_contact_count_asked_about_matches_what_the_export_leaves_out(ctx):
    from sdm_desktop.services.register.export import no_contact_count

    make_person(ctx, "Allowed", "Ada")
    blocked = make_person(ctx, "Blocked", "Bo", do_not_contact=True)
    make_person(ctx, "Unconsented", "Cy", consent_contact=False)
    make_person(ctx, "Archived", "Di", consent_contact=False, tags=["old"])
    everyone = ExportOptions(RegisterFilter())
    assert no_contact_count(ctx, everyone) == people_table(ctx, everyone)[1] == 3
    tagged = ExportOptions(RegisterFilter(tag="old"))
    assert no_contact_count(ctx, tagged) == people_table(ctx, tagged)[1] == 1
    shown = ExportOptions(RegisterFilter(), ids=[blocked])
    assert no_contact_count(ctx, shown) == people_table(ctx, shown)[1] == 1


def test_the_no_contact_count_for_a_thousand_rows_shown(ctx, tmp_path):
    from sdm_desktop.services.register.export import no_contact_count

    rows = [["First name", "Last name", "Consent to contact"]]
    rows += [[f"P{n}", f"Person{n}", "no" if n % 4 == 0 else "yes"] for n in range(1200)]
    assert run_import(ctx, write_csv(tmp_path / "many.csv", rows), ImportOptions(kind="people")).created == 1200
    everyone = ExportOptions(RegisterFilter(), ids=search_person_ids(ctx, RegisterFilter()))
    assert no_contact_count(ctx, everyone) == people_table(ctx, everyone)[1] == 300
    shown = ExportOptions(RegisterFilter(), ids=everyone.ids[:1000])
    assert no_contact_count(ctx, shown) == people_table(ctx, shown)[1] > 200


def test_an_export_whose_record_in_the_audit_trail_fails_leaves_the_earlier_file_as_it_was(tmp_path):
    target = tmp_path / "people.csv"
    target.write_text("last week's export\n", encoding="utf-8")

    def audit_fails() -> None:
        raise RuntimeError("the database is busy")

    table = Table(["Name"], [["Ada"]], 1, "People", on_written=audit_fails)
    with pytest.raises(RuntimeError):
        write_table(table, target)
    assert target.read_text(encoding="utf-8") == "last week's export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["people.csv"]      # no temporary file left behind
