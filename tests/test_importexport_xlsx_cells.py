"""The workbook reader's two ways of reading a sheet (from the text, and through lxml) give the same rows,
and the same values openpyxl itself reads; what the text reader cannot read exactly goes to lxml."""

from __future__ import annotations

import zipfile
from datetime import date, datetime, time

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from sdm_desktop.errors import UserError
from sdm_desktop.services.importing.sources import open_source
from sdm_desktop.services.importing.xlsx import scan
from sdm_desktop.services.importing.xlsx.book import XlsxBook
from sdm_desktop.services.importing.xlsx.cells import UnreadableCell

ROWS = [
    ["Name", "Joined", "Score", "Active", "Notes", None, "Last"],
    ["Smith & Sons <Ltd>", date(2024, 3, 1), 3, True, '  "quoted" and \'single\'  ', None, "x"],
    ["Zoë Ångström", datetime(2023, 12, 31, 17, 45), 2.5, False, "line one\nline two", None, None],
    [None, None, 1e-7, None, "tab\there", None, "end"],
    ["=not a formula, text", time(9, 30), -42, None, "x" * 300, None, None],
    ["中文 名字", None, 12345678901234, True, "", None, "&amp; stays as typed"],
]


def _save(tmp_path, name, write_only: bool, rows=ROWS):
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("Data") if write_only else book.active
    if not write_only:
        sheet.title = "Data"
    for row in rows:
        if write_only:
            sheet.append(row)
        else:
            sheet.append([value if not (isinstance(value, str) and value.startswith("=")) else value
                          for value in row])
            if isinstance(row[0], str) and row[0].startswith("="):
                sheet.cell(sheet.max_row, 1).data_type = "s"
    path = tmp_path / name
    book.save(path)
    return path


def _both_ways(path, monkeypatch) -> tuple[list, list]:
    book = XlsxBook(path)
    try:
        fast = list(book.rows(book.sheet_names[0]))
    finally:
        book.close()
    with monkeypatch.context() as patched:
        patched.setattr(scan, "is_plain", lambda data, first: False)
        book = XlsxBook(path)
        try:
            slow = list(book.rows(book.sheet_names[0]))
        finally:
            book.close()
    return fast, slow


def _as_openpyxl_reads(path) -> list[list]:
    sheet = load_workbook(path, data_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _trimmed(rows):
    out = []
    for row in rows:
        row = list(row)
        while row and row[-1] is None:
            row.pop()
        out.append(row)
    return out


@pytest.mark.parametrize("write_only", [False, True], ids=["shared strings", "inline strings"])
def test_text_and_lxml_readers_agree_with_each_other_and_with_openpyxl(tmp_path, monkeypatch, write_only):
    path = _save(tmp_path, "book.xlsx", write_only)
    fast, slow = _both_ways(path, monkeypatch)
    assert fast == slow
    assert [number for number, _ in fast] == [1, 2, 3, 4, 5, 6]
    ours = [[None if isinstance(v, UnreadableCell) else v for v in values] for _, values in fast]
    assert _trimmed(ours) == _trimmed(_as_openpyxl_reads(path))      # openpyxl reads a formula as None


def test_rich_text_formulas_and_errors_read_the_same_both_ways(tmp_path, monkeypatch):
    book = Workbook()
    sheet = book.active
    sheet.append(["Name", "Total", "Check"])
    sheet.append([CellRichText([TextBlock(InlineFont(b=True), "Bold"), " plain"]), "=SUM(1,2)", "ok"])
    sheet["C3"] = "#N/A"
    sheet["C3"].data_type = "e"
    path = tmp_path / "rich.xlsx"
    book.save(path)
    fast, slow = _both_ways(path, monkeypatch)
    assert fast == slow
    assert fast[1][1][0] == "Bold plain"
    formula, error = fast[1][1][1], fast[2][1][2]
    assert isinstance(formula, UnreadableCell) and "=SUM(1,2)" in formula.why
    assert isinstance(error, UnreadableCell) and "#N/A" in error.why


def _with_sheet_xml(tmp_path, name, source, sheet_xml: bytes):
    target = tmp_path / name
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            out.writestr(info, sheet_xml if info.filename == "xl/worksheets/sheet1.xml" else data)
    return target


NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


@pytest.mark.parametrize("rows_xml, expected", [
    # pretty-printed, entities, a CR LF that XML reads as LF, single-quoted attributes, a cell without a reference
    ('<row r="1">\n  <c r="A1" t="inlineStr"><is><t>A &amp; B</t></is></c>\n</row>'
     '<row r="2"><c r=\'A2\' t="inlineStr"><is><t>two\r\nlines</t></is></c><c t="b"><v>1</v></c></row>',
     [(1, ["A & B"]), (2, ["two\nlines", True])]),
    ('<row r="1"><c r="A1"><v>7</v></c></row><row r="3"/><row><c r="B4"><v>1.5</v></c></row>',
     [(1, [7]), (3, []), (4, [None, 1.5])]),
    # a column twice in a row: the last one wins, as in lxml's reading
    ('<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c><c r="A1" t="inlineStr"><is><t>3</t></is></c></row>',
     [(1, ["3", 2])]),
    # text and unknown elements between rows are passed over
    ('<row r="1"><c r="A1"><v>7</v></c></row> stray <extra a="1"/><row r="2"><c r="A2"><v>8</v></c></row>',
     [(1, [7]), (2, [8])]),
])
def test_hand_written_sheets_read_as_xml_reads_them(tmp_path, monkeypatch, rows_xml, expected):
    base = _save(tmp_path, "base.xlsx", True, [["x"]])
    sheet = f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>{rows_xml}</sheetData></worksheet>'
    path = _with_sheet_xml(tmp_path, "hand.xlsx", base, sheet.encode())
    fast, slow = _both_ways(path, monkeypatch)
    assert fast == slow == expected


def test_a_prefixed_sheet_is_read_through_lxml(tmp_path, monkeypatch):
    base = _save(tmp_path, "base.xlsx", True, [["x"]])
    sheet = ('<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
             '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Prefixed</x:t></x:is></x:c></x:row>'
             '</x:sheetData></x:worksheet>')
    path = _with_sheet_xml(tmp_path, "prefixed.xlsx", base, sheet.encode())
    fast, slow = _both_ways(path, monkeypatch)
    assert fast == slow == [(1, ["Prefixed"])]


@pytest.mark.parametrize("rows_xml", [
    '<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2',          # cut off mid-row
    '<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="B2"><v>oops</v></c></row></sheetData></worksheet>',
    '<row r="1"><c r="A1" t="inlineStr"><is><t>&undefined;</t></is></c></row></sheetData></worksheet>',
])
def test_a_damaged_sheet_is_refused_by_both_readers(tmp_path, monkeypatch, rows_xml):
    base = _save(tmp_path, "base.xlsx", True, [["x"]])
    sheet = f'<worksheet {NS}><sheetData>{rows_xml}'
    path = _with_sheet_xml(tmp_path, "damaged.xlsx", base, sheet.encode())
    for plain in (True, False):
        with monkeypatch.context() as patched:
            if not plain:
                patched.setattr(scan, "is_plain", lambda data, first: False)
            source = open_source(path)
            with pytest.raises(UserError, match="damaged.xlsx is damaged or truncated"):
                list(source.rows())
            source.close()


HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ' + NS.encode() + b"><sheetData>"


@pytest.mark.parametrize("data, plain", [
    (HEAD + b'<row r="1" x14ac:dyDescent="0.25"><c r="A1" t="inlineStr"><is><t xml:space="preserve">Hi!? '
     b"\xc3\xa9\xef\xbc\x81\t\r\n</t></is></c></row>", True),
    (HEAD + b"<t>Wow!</t>" * 100 + b"<!-- a comment -->", False),    # found past many a plain "!"
    (HEAD + b"<t>Why?</t>" * 100 + b"<?pi here?>", False),
    (HEAD + b"<![CDATA[x]]>", False),
    (b"<?xml version='1.0' encoding='latin-1'?><worksheet/>", False),
    (HEAD + b"<t>\xef\xbf\xbe</t>", False),
    (HEAD + b"<t>\xef\xbf\xbf</t>", False),
    (HEAD + b"<t>bell\x07</t>", False),
    (HEAD + b'<x:row r="1">', False),
    (HEAD + b"<x:c/>", False),
    (HEAD + b'<x:c\nr="A1">', False),
    (b"<x:sheetData>", False),
])
def test_what_sends_a_sheet_to_lxml_is_found_in_its_bytes(data, plain):
    assert scan.is_plain(data, first=True) is plain
    if data.startswith(HEAD):                                          # the same further into the sheet
        assert scan.is_plain(data[len(HEAD):], first=False) is plain
    assert scan.is_plain(HEAD, first=False) is False                # a declaration only at the start


def test_a_row_inside_a_comment_after_many_exclamation_marks_is_not_read(tmp_path, monkeypatch):
    base = _save(tmp_path, "base.xlsx", True, [["x"]])
    rows = "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>Go!</t></is></c></row>' for n in range(1, 101))
    sheet = (f'<worksheet {NS}><sheetData>{rows}<!-- <row r="101"><c r="A101"><v>1</v></c></row> -->'
             "</sheetData></worksheet>")
    path = _with_sheet_xml(tmp_path, "comment.xlsx", base, sheet.encode())
    fast, slow = _both_ways(path, monkeypatch)
    assert fast == slow == [(n, ["Go!"]) for n in range(1, 101)]
