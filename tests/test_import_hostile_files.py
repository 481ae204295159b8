"""Workbooks that are not what they seem: ZIP bombs, cells and sheets larger than Excel makes, huge merges."""

from __future__ import annotations

import struct

import pytest

from importexport_files import write_bomb_xlsx, write_xlsx
from sdm_desktop.cli import main
from sdm_desktop.errors import UserError
from sdm_desktop.services.importing import ImportOptions, run_import
from sdm_desktop.services.importing.xlsx import book as xlsx_book
from test_importexport_reading import stored_counts


def test_a_small_xlsx_unpacking_a_huge_cell_is_refused_from_its_sizes_and_changes_nothing(data_dir, tmp_path, capsys):
    bomb = write_bomb_xlsx(tmp_path / "contacts.xlsx", cell_bytes=5 * 1024 * 1024)      # 5 MB in ~5 KB
    assert bomb.stat().st_size < 100_000
    assert main(["--data-dir", str(data_dir), "import", str(bomb)]) == 1
    out, err = capsys.readouterr()
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "contacts.xlsx" in err and "xl/worksheets/sheet1.xml" in err and "at most 200 times" in err
    assert stored_counts(data_dir) == (0, 0, 0, 0)


def test_a_workbook_declaring_more_than_200_mb_unpacked_is_refused_before_reading(data_dir, tmp_path, capsys):
    path = _declaring(write_xlsx(tmp_path / "groups.xlsx", {"Groups": [["Name"], ["Riverside PPG"]]}),
                      "xl/worksheets/sheet1.xml", 201 * 1024 * 1024)
    assert main(["--data-dir", str(data_dir), "import", str(path)]) == 1
    _out, err = capsys.readouterr()
    assert err.strip().endswith("groups.xlsx unpacks to 201 MB; workbooks over 200 MB unpacked are not imported. "
                                "Split it into smaller files. Nothing was imported.")
    assert stored_counts(data_dir) == (0, 0, 0, 0)


def _declaring(path, part: str, size: int):
    """The workbook with ``part`` declaring ``size`` bytes unpacked in the archive's directory (a file that
    really unpacks to 201 MB would be slow to build in a test; unpacking stops at the declared size)."""
    data = bytearray(path.read_bytes())
    start = 0
    while (start := data.find(b"PK\x01\x02", start)) != -1:        # each central directory entry
        name_length = struct.unpack_from("<H", data, start + 28)[0]
        if data[start + 46:start + 46 + name_length].decode() == part:
            struct.pack_into("<I", data, start + 24, size)          # its uncompressed size
        start += 4
    path.write_bytes(bytes(data))
    return path


def test_a_cell_longer_than_excel_allows_is_refused_naming_the_cell_and_the_limit(ctx, tmp_path):
    path = write_bomb_xlsx(tmp_path / "essay.xlsx", cell_bytes=40_000)    # openpyxl itself cuts a cell it writes
    with pytest.raises(UserError) as caught:
        run_import(ctx, path, ImportOptions())
    assert str(caught.value) == ("essay.xlsx: cell A2 holds 40,000 characters; a cell holds at most 32,767 "
                                 "(Excel's limit), so Excel did not make this file. Nothing was imported.")


def test_a_sheet_with_more_rows_than_excel_holds_is_refused_before_any_row_is_read(data_dir, ctx, tmp_path,
                                                                                   monkeypatch):
    monkeypatch.setattr(xlsx_book, "MAX_ROWS", 1000, raising=False)     # Excel's 1,048,576, scaled down
    path = write_bomb_xlsx(tmp_path / "rows.xlsx", rows=1500)
    with pytest.raises(UserError) as caught:
        run_import(ctx, path, ImportOptions())
    assert str(caught.value) == ("rows.xlsx: sheet 'Sheet' holds 1,501 rows; a sheet holds at most 1,000 "
                                 "(Excel's limit), so Excel did not make this file. Nothing was imported.")
    assert stored_counts(data_dir) == (0, 0, 0, 0)


def test_merged_ranges_covering_millions_of_cells_are_refused(ctx, tmp_path):
    path = write_bomb_xlsx(tmp_path / "merged.xlsx", rows=5000, merge="B2:ZZ5000")   # 701 columns x 4,999 rows
    with pytest.raises(UserError) as caught:
        run_import(ctx, path, ImportOptions())
    assert "the merged cells of sheet 'Sheet' cover 3,504,299 cells; at most 1,000,000 are read" in str(caught.value)


def test_a_name_header_merged_over_two_columns_offers_both_as_first_and_last_name(ctx, tmp_path):
    from openpyxl import Workbook

    from sdm_desktop.services.importing import plan_import
    from sdm_desktop.services.register.people import get_person
    from sdm_desktop.services.register.search import RegisterFilter, search_person_ids

    book = Workbook()
    for row in (["Name", None, "Email"], ["Ada", "Lovelace", "ada@example.org"], ["Grace", "Hopper", ""]):
        book.active.append(row)
    book.active.merge_cells("A1:B1")
    book.save(tmp_path / "contacts.xlsx")
    plan = plan_import(ctx, tmp_path / "contacts.xlsx", ImportOptions())
    plan.source.close()
    assert plan.headers == ["Name (1)", "Name (2)", "Email"]
    assert (plan.kind, plan.mapping) == ("people", {"first_name": 0, "last_name": 1, "email": 2})
    report = run_import(ctx, tmp_path / "contacts.xlsx", ImportOptions())
    assert (report.created, report.rejected, report.warnings, report.not_imported) == (2, [], [], [])
    people = sorted((p.first_name, p.last_name) for p in (get_person(ctx, i) for i in
                                                           search_person_ids(ctx, RegisterFilter())))
    assert people == [("Ada", "Lovelace"), ("Grace", "Hopper")]
