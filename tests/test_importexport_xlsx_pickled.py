"""A workbook crosses to the process reading ahead (importing/prepared/ahead.py) pickled: it opens the file
again there and keeps what was already worked out of it (the sheet's first pass, the string table), so the
helper neither scans the sheet again nor reads the strings again. A file saved again, replaced or removed since it
was opened is refused there: what was checked is what is imported."""

from __future__ import annotations

import multiprocessing.connection
import pickle
import shutil
import zipfile
from datetime import date

import pytest
from openpyxl import Workbook

from sdm_desktop.errors import UserError
from sdm_desktop.services.importing import ImportOptions, plan_import
from sdm_desktop.services.importing.prepared import ahead
from sdm_desktop.services.importing.xlsx import book as book_module
from sdm_desktop.services.importing.xlsx.book import XlsxBook, reopened

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
SHARED = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
STRINGS = ["First name", "Surname", "Ada", "Lovelace", "Grace", "Hopper"]


def _workbook(path, rows: int = 300, merged: str = "C1:D1"):
    """A sheet of a header and ``rows`` people, its text in a shared-string table (openpyxl writes none), a
    range merged across columns."""
    source = path.with_name("source.xlsx")
    Workbook().save(source)
    cells = ['<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>']
    cells += [f'<row r="{n}"><c r="A{n}" t="s"><v>{2 + n % 2 * 2}</v></c><c r="B{n}" t="s"><v>{3 + n % 2 * 2}</v>'
              f'</c><c r="C{n}"><v>{n}</v></c></row>' for n in range(2, rows + 2)]
    merges = f'<mergeCells count="1"><mergeCell ref="{merged}"/></mergeCells>' if merged else ""
    sheet = f'<worksheet {NS}><sheetData>{"".join(cells)}</sheetData>{merges}</worksheet>'
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = sheet.encode()
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", f'<Override PartName="/xl/sharedStrings.xml" '
                                                 f'ContentType="{SHARED}"/></Types>'.encode())
            out.writestr(info, data)
        items = "".join(f"<si><t>{text}</t></si>" for text in STRINGS)
        out.writestr("xl/sharedStrings.xml", f"<sst {NS}>{items}</sst>")
    return path


@pytest.fixture
def counted(monkeypatch):
    """The sheets scanned (the first pass) and the string tables read, as lists of one entry each."""
    scans, reads = [], []
    scan, read = book_module.scan_sheet, XlsxBook._read_strings
    monkeypatch.setattr(book_module, "scan_sheet", lambda src: scans.append(1) or scan(src))
    monkeypatch.setattr(XlsxBook, "_read_strings", lambda self: reads.append(1) or read(self))
    return scans, reads


def _all_rows(path) -> list:
    book = XlsxBook(path)
    try:
        return list(book.rows("Sheet"))
    finally:
        book.close()


def _pickled_after_reading(path) -> bytes:
    """A book of ``path`` pickled once it has read its rows (its first pass and string table done)."""
    book = XlsxBook(path)
    try:
        list(book.rows("Sheet"))
        return pickle.dumps(book)
    finally:
        book.close()


def test_a_book_pickled_once_its_rows_began_reads_on_without_scanning_the_sheet_or_the_strings_again(
        tmp_path, counted):
    path = _workbook(tmp_path / "people.xlsx")
    scans, reads = counted
    expected = _all_rows(path)
    assert (scans, reads) == ([1], [1]) and expected[1] == (2, ["Ada", "Lovelace", 2])
    assert expected[0] == (1, ["First name", "Surname", None, None])           # C1:D1 merged, both empty
    book = XlsxBook(path)
    rows = book.rows("Sheet")
    first = [next(rows) for _ in range(5)]
    crossed = pickle.loads(pickle.dumps(book))
    try:
        assert (scans, reads) == ([1, 1], [1, 1])
        assert list(crossed.rows("Sheet")) == expected == [*first, *rows]
        assert crossed.merged_spans("Sheet", 1) == [(3, 4)]
        assert (scans, reads) == ([1, 1], [1, 1])                    # nothing worked out again
    finally:
        book.close()
        crossed.close()


def test_a_book_that_has_worked_nothing_out_pickles_as_its_path_and_the_file_as_it_was(tmp_path, counted):
    path = _workbook(tmp_path / "people.xlsx")
    book = XlsxBook(path)
    try:
        function, (crossed_path, stamp, state) = book.__reduce__()
        assert (function, crossed_path, state) == (reopened, path, {}) and stamp == book._stamp
        crossed = pickle.loads(pickle.dumps(book))
        assert list(crossed.rows("Sheet")) == _all_rows(path)
        crossed.close()
    finally:
        book.close()


def test_a_book_whose_file_changed_since_is_refused_not_read_as_it_is_now(tmp_path):
    path = _workbook(tmp_path / "people.xlsx")
    pickled = _pickled_after_reading(path)
    _workbook(tmp_path / "other.xlsx", rows=400, merged="")
    shutil.copyfile(tmp_path / "other.xlsx", path)          # saved again over the file that was checked
    with pytest.raises(UserError, match=r"^people.xlsx changed after it was checked \(it was saved again or "
                                        r"replaced\); check it again. Nothing was imported.$"):
        pickle.loads(pickled)


def test_a_book_whose_file_is_gone_is_refused_with_what_happened(tmp_path):
    path = _workbook(tmp_path / "people.xlsx")
    pickled = _pickled_after_reading(path)
    path.unlink()
    with pytest.raises(UserError, match=r"^people.xlsx cannot be opened again \(No such file or directory\): it "
                                        r"was moved or removed after it was checked. Nothing was imported.$"):
        pickle.loads(pickled)


def test_the_helper_is_handed_the_workbook_with_what_planning_worked_out(ctx, tmp_path, counted, monkeypatch):
    path = _workbook(tmp_path / "people.xlsx")
    scans, reads = counted
    plan = plan_import(ctx, path, ImportOptions(kind="people"))
    assert (scans, reads) == ([1], [1])
    handed = []

    def send(connection, message):
        handed.append(pickle.dumps(message[0]))             # what the helper is sent: the plan
        raise OSError("not sent: the plan it would be given is looked at instead")
    monkeypatch.setattr(multiprocessing.connection.Connection, "send", send)
    assert list(ahead.prepared_ahead(plan, {}, date.today(), lambda: None, fallback=lambda: iter(()))) == []
    crossed = pickle.loads(handed[0])
    try:
        assert crossed.source.book is not None and crossed.source.book is not plan.source.book
        assert list(crossed.source.rows()) == list(plan.source.rows())
        assert (scans, reads) == ([1], [1])                  # the sheet was scanned and its strings read once
    finally:
        plan.source.close()
        crossed.source.close()
