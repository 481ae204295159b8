"""Rows of a look seen before are matched whole by one pattern (text_row.WholeRows), from row 256 on:
they read exactly as lxml reads them, whatever the cells hold, and anything the pattern cannot read
exactly goes the slow way."""

from __future__ import annotations

import random
import zipfile
from datetime import date, datetime, time

import pytest
from lxml.etree import XMLSyntaxError
from openpyxl import Workbook

from sdm_desktop.errors import UserError
from sdm_desktop.services.importing.xlsx import scan, strings, text_row
from sdm_desktop.services.importing.xlsx.book import XlsxBook
from sdm_desktop.services.importing.xlsx.cells import UnreadableCell, cell_text

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
ROWS = 700


@pytest.fixture
def matched(monkeypatch):
    """How many rows the whole-row pattern read."""
    count = []
    real = text_row.WholeRows.values
    monkeypatch.setattr(text_row.WholeRows, "values", lambda self, found: count.append(1) or real(self, found))
    return count


def _read(path, plain: bool, monkeypatch) -> list:
    with monkeypatch.context() as patched:
        if not plain:
            patched.setattr(scan, "is_plain", lambda data, first: False)
        book = XlsxBook(path)
        try:
            return [(number, values, [(v.ref, v.why) for v in values if isinstance(v, UnreadableCell)])
                    for number, values in book.rows(book.sheet_names[0])]
        finally:
            book.close()


def _value(column: int, n: int):
    """28 looks: which cells are blank and what kind each holds vary with the row."""
    kinds = [f"text {n % 7}", n, n / 8, n % 3 == 0, date(2024, 1, 1 + n % 28), datetime(2023, 5, 6, n % 24, 30),
             time(9, n % 60), "#N/A", 10 ** 12 + n, "Zoë ✓ 中文", "x" * (n % 40), "=1+1" if n % 100 == 0 else "",
             "A & B" if n % 90 == 0 else "ok", -n]
    return None if (column + n) % 7 == 0 else kinds[(column * 2 + n % 4) % len(kinds)]


@pytest.mark.parametrize("write_only", [False, True], ids=["shared strings", "inline strings"])
def test_rows_of_every_kind_read_the_same_as_lxml_reads_them(tmp_path, monkeypatch, matched, write_only):
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("Data") if write_only else book.active
    sheet.append([f"Column {n}" for n in range(9)])
    for n in range(ROWS):
        row = [_value(column, n) for column in range(9)]
        if not write_only:
            sheet.append([None if value == "#N/A" else value for value in row])
            for column, value in enumerate(row, start=1):
                if value == "#N/A":
                    cell = sheet.cell(sheet.max_row, column, "#N/A")
                    cell.data_type = "e"
        else:
            sheet.append(row)
    path = tmp_path / "kinds.xlsx"
    book.save(path)
    fast = _read(path, True, monkeypatch)
    assert len(matched) > ROWS // 4            # the pattern read many rows (entities send some to lxml)
    slow = _read(path, False, monkeypatch)
    assert fast == slow
    assert len(fast) == ROWS + 1


SHARED = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def _sheet(tmp_path, name: str, rows_xml: str, strings: tuple[str, ...] = (), table: str = "", end: str = "</sst>",
           root: str = "sst", declarations: str = NS):
    """A workbook whose first sheet holds ``rows_xml``, with these shared strings (openpyxl writes none),
    or this string table's items."""
    source = tmp_path / "source.xlsx"
    Workbook().save(source)
    target = tmp_path / name
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = f'<worksheet {NS}><sheetData>{rows_xml}</sheetData></worksheet>'.encode()
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", f'<Override PartName="/xl/sharedStrings.xml" '
                                                 f'ContentType="{SHARED}"/></Types>'.encode())
            out.writestr(info, data)
        items = table or "".join(f"<si><t>{text}</t></si>" for text in strings)
        end = end.replace("sst", root)
        head = f'<?xml version="1.0" encoding="UTF-8"?>\n<{root} {declarations}>'
        out.writestr("xl/sharedStrings.xml", head + items + end)
    return target


LOOKS = [
    '<c r="A{n}"><v>{n}</v></c><c r="B{n}" t="b"><v>{b}</v></c>',                        # ends where another goes on
    '<c r="A{n}"><v>{n}</v></c><c r="B{n}" t="b"><v>{b}</v></c><c r="D{n}" t="inlineStr"><is><t>d{n}</t></is></c>',
    '<c r="A{n}"><v></v></c><c r="C{n}" t="e"/><c r="D{n}" t="e"><v>#REF!</v></c>',         # empty, errors
    '<c r="A{n}" t="str"><v>said {n}</v></c><c r="B{n}" t="d"><v>2024-02-{d:02}</v></c><c r="C{n}"/>',
    '<c r="A{n}"><v/></c><c r="B{n}" t="inlineStr"><v>ignored</v></c><c r="E{n}" t="n"><v>1.5E3</v></c>',
    '<c r="A{other}"><v>{n}</v></c><c r="C{other}" t="e"><v>#DIV/0!</v></c>',              # refs not the row's
    '<c r="A{n}" t="s"><v>{s}</v></c><c r="C{n}" t="s" s="1"><v>2</v></c>',                 # shared strings
    '<c r="A{n}" t="inlineStr"><is><t xml:space="preserve"> {n} </t></is></c><c r="C{n}" t="b"><v>2</v></c>',
]


def test_hand_written_looks_read_the_same_as_lxml_reads_them(tmp_path, monkeypatch, matched):
    rng = random.Random(3)
    rows = []
    for n in range(1, ROWS + 1):
        look = LOOKS[rng.randrange(len(LOOKS))]
        spans = ' spans="1:5"' if n % 3 else ""
        rows.append(f'<row r="{n}"{spans}>' + look.format(n=n, b=n % 2, d=1 + n % 28, other=n + 1, s=n % 3) + "</row>")
        if n % 50 == 0:
            rows.append("\n  ")                                             # between rows, passed over
    path = _sheet(tmp_path, "hand.xlsx", "".join(rows), ("alpha", "beta", "gamma"))
    fast = _read(path, True, monkeypatch)
    assert len(matched) > ROWS // 2
    assert fast == _read(path, False, monkeypatch)
    assert fast[-1][0] == ROWS
    errors = [why for _number, _values, unreadable in fast for _ref, why in unreadable]
    assert "shows the error None" in errors and "shows the error #REF!" in errors
    assert any(ref == f"C{number + 1}" for number, _values, unreadable in fast for ref, _why in unreadable)


@pytest.mark.parametrize("empty", ['<v></v>', "<v/>", ""])
def test_a_cell_empty_in_the_rows_seen_first_and_filled_later_reads_filled(tmp_path, monkeypatch, matched, empty):
    look = '<row r="{n}"><c r="A{n}" t="{kind}">{value}</c><c r="B{n}" t="b"><v>1</v></c></row>'
    rows = [look.format(n=n, kind="n", value=empty) for n in range(1, 300)]
    rows += [look.format(n=n, kind="n" if n % 2 else "e", value=f"<v>{n}</v>") for n in range(300, 900)]
    path = _sheet(tmp_path, "later.xlsx", "".join(rows))
    fast = _read(path, True, monkeypatch)
    assert len(matched) > 300
    assert fast == _read(path, False, monkeypatch)
    assert fast[-1][1] == [899, True] and fast[-2][2] == [("A898", "shows the error 898")]


def test_a_row_of_a_known_look_with_an_entity_a_cr_or_a_formula_is_read_the_slow_way(tmp_path, monkeypatch,
                                                                                       matched):
    look = '<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{text}</t></is></c><c r="B{n}"><v>{n}</v></c></row>'
    rows = [look.format(n=n, text=f"t{n}") for n in range(1, 600)]
    rows += [look.format(n=600, text="A &amp; B"), look.format(n=601, text="two\r\nlines"),
             '<row r="602"><c r="A602" t="inlineStr"><is><t>f</t></is></c><c r="B602"><f>1+1</f><v>2</v></c></row>']
    path = _sheet(tmp_path, "odd.xlsx", "".join(rows))
    fast = _read(path, True, monkeypatch)
    assert fast == _read(path, False, monkeypatch)
    assert [values for _n, values, _u in fast[-3:]] == [["A & B", 600], ["two\nlines", 601], ["f", 2]]


@pytest.mark.parametrize("cell", [
    '<c r="A{n}" t="inlineStr"><is><t>{long}</t></is></c>',        # the row is longer than a cell may be
    '<c r="A{n}" t="s"><v>{string}</v></c>',                         # a shared string that long
])
def test_a_cell_too_long_after_many_rows_of_its_look_is_refused_naming_it(tmp_path, cell):
    look = '<row r="{n}">' + cell + '<c r="B{n}"><v>{n}</v></c></row>'
    rows = "".join(look.format(n=n, long="y", string=0) for n in range(1, 700))
    path = _sheet(tmp_path, "long.xlsx", rows + look.format(n=700, long="z" * 40_000, string=1),
                  ("short", "x" * 40_000))
    book = XlsxBook(path)
    try:
        with pytest.raises(UserError, match="long.xlsx: cell A700 holds 40,000 characters"):
            list(book.rows(book.sheet_names[0]))
    finally:
        book.close()


ITEMS = ["<si><t>plain</t></si>", '<si><t xml:space="preserve">  spaced  </t></si>', "<si><t></t></si>",
         "<si><t/></si>",
         '<si><r><rPr><b/></rPr><t>Bold</t></r><r><t xml:space="preserve"> plain</t></r></si>',
         '<si><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh><phoneticPr fontId="1"/></si>',
         "<si><t>A &amp; B &#233;</t></si>", "<si><t>two\r\nlines</t></si>", "<si><t>_x005F_x000D_ kept</t></si>",
         "<si><t>Zoë ✓</t></si>", "\n  <si><t>after a line break</t></si>"]


def _strings_both_ways(path, monkeypatch) -> tuple[list, list]:
    """The string table read from the text (lxml only for items in another form), then by lxml throughout."""
    tables = []
    for plain in (True, False):
        with monkeypatch.context() as patched:
            if plain:
                patched.setattr(strings, "_element_strings", None)
            else:
                patched.setattr(scan, "is_plain", lambda data, first: False)
            book = XlsxBook(path)
            try:
                tables.append(book._read_strings())
            finally:
                book.close()
    return tables[0], tables[1]


@pytest.mark.parametrize("after", ["</sst>", "<extLst><ext uri='x'/></extLst></sst>", "<si><t>cut off"])
def test_a_shared_string_table_over_many_chunks_reads_as_lxml_reads_it(tmp_path, monkeypatch, after):
    items = [ITEMS[n % len(ITEMS)].replace("plain", f"plain {n}") for n in range(60_000)]       # about 2 MB
    path = _sheet(tmp_path, "table.xlsx", '<row r="1"><c r="A1" t="s"><v>5</v></c></row>', table="".join(items),
                  end=after)
    if after.startswith("<si>"):
        book = XlsxBook(path)
        with pytest.raises(XMLSyntaxError):                       # lxml's word on a table cut off
            book._read_strings()
        book.close()
        return
    fast, slow = _strings_both_ways(path, monkeypatch)
    assert fast == slow
    assert fast[:11] == ["plain 0", "  spaced  ", "", "", "Bold plain 4", "漢字", "A & B é", "two\nlines",
                         "_x000D_ kept", "Zoë ✓", "after a line break"]
    assert len(fast) == 60_000


def test_a_prefixed_shared_string_table_is_read_by_lxml(tmp_path, monkeypatch):
    path = _sheet(tmp_path, "prefixed.xlsx", '<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
                  table="<x:si><x:t>Prefixed</x:t></x:si>", root="x:sst",
                  declarations='xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"')
    assert _read(path, True, monkeypatch) == [(1, ["Prefixed"], [])]


def test_a_table_of_plain_items_only_reads_as_lxml_reads_it(tmp_path, monkeypatch):
    items = "".join(f'<si><t xml:space="preserve">item {n} </t></si>' + "\n" * (n % 2) for n in range(50_000))
    path = _sheet(tmp_path, "plain.xlsx", '<row r="1"><c r="A1" t="s"><v>7</v></c></row>', table=items)
    fast, slow = _strings_both_ways(path, monkeypatch)
    assert fast == slow == [f"item {n} " for n in range(50_000)]


def test_rows_read_as_texts_are_the_cell_texts_of_their_values(tmp_path, monkeypatch):
    """The import reads a sheet's cells as texts, most made straight from the row's text: the same texts as
    ``cell_text`` gives of each value, in rows matched whole, in rows read the slow way and by lxml."""
    book = Workbook()
    sheet = book.active
    sheet.append([f"Column {n}" for n in range(9)])
    for n in range(ROWS):
        row = [_value(column, n) for column in range(9)]
        sheet.append([None if value == "#N/A" else value for value in row])
        for column, value in enumerate(row, start=1):
            if value == "#N/A":
                cell = sheet.cell(sheet.max_row, column, "#N/A")
                cell.data_type = "e"
    sheet.append([0, 7, -3, 1.0, 2.5, 1e20, 10 ** 15, True, False])
    sheet.merge_cells("B20:D21")
    path = tmp_path / "kinds.xlsx"
    book.save(path)
    for plain in (True, False):
        with monkeypatch.context() as patched:
            if not plain:
                patched.setattr(scan, "is_plain", lambda data, first: False)
            opened = XlsxBook(path)
            try:
                values = list(opened.rows(opened.sheet_names[0]))
                texts = list(opened.rows(opened.sheet_names[0], texts=True))
            finally:
                opened.close()
        assert texts == [(number, [cell_text(v) for v in row]) for number, row in values]
        unreadable = [[(c.ref, c.why) for c in row if isinstance(c, UnreadableCell)] for _n, row in texts]
        assert unreadable == [[(c.ref, c.why) for c in row if isinstance(c, UnreadableCell)] for _n, row in values]
        assert sum(map(len, unreadable)) > 50           # each error cell named where it is, however many alike
        assert all(isinstance(text, str) for _number, row in texts for text in row)
        assert texts[19][1][1:4] == [texts[19][1][1]] * 3 and texts[20][1][1:4] == [texts[19][1][1]] * 3
