"""Small import files written by the tests themselves."""

from __future__ import annotations

import csv
import io
from pathlib import Path

EPRACCUR_ROWS = [                # 27 columns: 15 and 24 the commissioner, 26 the prescribing setting
    ["A81001", "THE DENSHAM SURGERY", "Y63", "QHM", "THE HEALTH CENTRE", "LAWSON STREET", "STOCKTON-ON-TEES",
     "CLEVELAND", "", "TS18 1HU", "19740401", "", "A", "B", "00K", "19740401", "", "01642 672351", "", "", "",
     "0", "", "00K", "", "4", ""],
    ["A81002", "QUEENS PARK MEDICAL CENTRE, FARRER ST & CO", "Y63", "QHM", "QUEENS PARK MEDICAL CTR",
     "FARRER STREET", "STOCKTON ON TEES", "CLEVELAND", "", "TS18 2AW", "19740401", "", "A", "B", "16C",
     "19740401", "", "01642 888777", "", "", "", "0", "", "16C", "", "4", ""],
    ["A81003", "VICTORIA MEDICAL PRACTICE", "Y63", "QHM", "THE HEALTH CENTRE", "VICTORIA ROAD", "HARTLEPOOL",
     "CLEVELAND", "", "TS26 8DB", "19740401", "20200331", "C", "B", "00K", "19740401", "20200331",
     "01429 277557", "", "", "", "0", "", "00K", "", "4", ""],
    ["A81004", "BLUEBELL MEDICAL CENTRE", "Y63", "QHM", "356 PARK ROAD", "", "MIDDLESBROUGH", "", "",
     "TS4 1AA", "19740401", "", "D", "B", "16C", "19740401", "", "01642 123456", "", "", "", "0", "", "16C",
     "", "4", ""],
]
ETR_HEADERS = ["Organisation Code", "Name", "National Grouping", "High Level Health Geography",
               "Address Line 1", "Address Line 2", "Address Line 3", "Address Line 4", "Address Line 5",
               "Postcode", "Open Date", "Close Date"]
ETR_ROWS = [
    ["RXX", "WESSEX VALE HOSPITALS NHS FOUNDATION TRUST", "Y58", "QT1", "VALE HOSPITAL", "HOSPITAL ROAD",
     "FERNBRIDGE", "", "", "EX1 2AB", "20010401", ""],
    ["RYY", "OLD COTTAGE NHS TRUST", "Y58", "QT1", "COTTAGE LANE", "", "OAKHAVEN", "", "", "TQ2 3CD",
     "19940401", "20130331"],
]
PEOPLE_HEADERS = ["Title", "First name", "Surname", "Email", "Phone", "Postcode", "Consent to contact", "Notes"]


def csv_text(rows: list[list[str]], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8", delimiter: str = ",") -> Path:
    path.write_bytes(csv_text(rows, delimiter).encode(encoding))
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def write_bomb_xlsx(path: Path, cell_bytes: int = 0, rows: int = 0, header: str = "Name", merge: str = "") -> Path:
    """A small .xlsx that unpacks huge: under a header cell, one cell of ``cell_bytes`` characters or ``rows``
    rows of one cell each, streamed into the archive (never held in memory); ``merge``: a merged range."""
    import zipfile

    write_xlsx(path, {"Sheet": [[header]]})
    with zipfile.ZipFile(path) as small:
        parts = {info.filename: small.read(info) for info in small.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    head, _, _ = parts.pop(sheet).partition(b"<sheetData")
    chunk = 1024 * 1024
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        for name, data in parts.items():
            bomb.writestr(name, data)
        with bomb.open(sheet, "w", force_zip64=True) as out:
            out.write(head + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>' + header.encode()
                      + b"</t></is></c></row>")
            if cell_bytes:
                out.write(b'<row r="2"><c r="A2" t="inlineStr"><is><t>')
                block = b"x" * chunk
                for _ in range(cell_bytes // chunk):
                    out.write(block)
                out.write(b"x" * (cell_bytes % chunk) + b"</t></is></c></row>")
            block = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 20_000
            for _ in range(rows // 20_000):
                out.write(block)
            out.write(b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * (rows % 20_000))
            out.write(b"</sheetData>")
            if merge:
                out.write(b'<mergeCells count="1"><mergeCell ref="' + merge.encode() + b'"/></mergeCells>')
            out.write(b"</worksheet>")
    return path
