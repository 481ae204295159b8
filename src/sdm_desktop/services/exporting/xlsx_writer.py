"""A small, fast streaming XLSX writer for exports: one sheet, typed cells, frozen header, filters.

openpyxl spends ~7 µs a cell; 100,000 people (2.5 million cells) took 15 s. This writes the
same SpreadsheetML directly (inline strings, dates as serial numbers with a date format,
booleans as booleans, numbers as numbers) at a fraction of that. Files open in Excel,
LibreOffice and openpyxl (the tests read them back with openpyxl).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from xml.sax.saxutils import escape

EPOCH = datetime(1899, 12, 30)
ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
STYLE_HEADER, STYLE_DATE, STYLE_DATETIME = 1, 2, 3
FLUSH_ROWS = 2000

# A backslash at the end of a line below joins it to the next: the XML written is unchanged, one line per element.
SPREADSHEETML_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
RELATIONSHIP_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="{SPREADSHEETML_TYPE}.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SPREADSHEETML_TYPE}.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="{SPREADSHEETML_TYPE}.styles+xml"/>
</Types>"""
ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{RELATIONSHIP_TYPE}/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{RELATIONSHIP_TYPE}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{RELATIONSHIP_TYPE}/styles" Target="styles.xml"/>
</Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets>
<definedNames>\
<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'{quoted}'!{ref}</definedName>\
</definedNames>
</workbook>"""
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2">\
<numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/>\
<numFmt numFmtId="165" formatCode="yyyy\\-mm\\-dd\\ hh:mm"/>\
</numFmts>
<fonts count="2">\
<font><sz val="11"/><name val="Calibri"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/></font>\
</fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="4">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""
SHEET_START = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>
<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>
<sheetFormatPr defaultRowHeight="15"/>
<cols>{cols}</cols>
<sheetData>"""


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(value: str) -> str:
    return escape(ILLEGAL_XML.sub("", value)).replace("\r", "&#13;")      # a raw CR would read back as LF


def _cell(ref: str, value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    if isinstance(value, datetime):
        delta = value - EPOCH
        return f'<c r="{ref}" s="{STYLE_DATETIME}"><v>{delta.days + delta.seconds / 86400:.6f}</v></c>'
    if isinstance(value, date):
        return f'<c r="{ref}" s="{STYLE_DATE}"><v>{(value - EPOCH.date()).days}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{_text(str(value))}</t></is></c>'


def write_xlsx(path: Path, sheet_name: str, headers: list[str], rows: Iterable[list[object]],
               widths: list[int] | None = None) -> int:
    """Write one sheet; returns the number of data rows. ``rows`` may be a generator."""
    letters = [column_letter(i) for i in range(max(1, len(headers)))]
    widths = widths or [max(10, min(40, len(h) + 4)) for h in headers]
    cols = "".join(f'<col min="{i + 1}" max="{i + 1}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths))
    name = re.sub(r"[/\\?*:\[\]]", " ", ILLEGAL_XML.sub("", sheet_name))[:31].strip() or "Sheet1"
    count = 0
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=3) as book:
        book.writestr("[Content_Types].xml", CONTENT_TYPES)
        book.writestr("_rels/.rels", ROOT_RELS)
        book.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        book.writestr("xl/styles.xml", STYLES)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(SHEET_START.format(cols=cols).encode())
            header = "".join(f'<c r="{letters[i]}1" t="inlineStr" s="{STYLE_HEADER}"><is><t>{_text(h)}</t></is></c>'
                             for i, h in enumerate(headers))
            sheet.write(f'<row r="1">{header}</row>'.encode())
            buffer: list[str] = []
            for count, row in enumerate(rows, start=1):
                number = count + 1
                cells = "".join(_cell(f"{letters[i]}{number}", v) for i, v in enumerate(row[:len(letters)]))
                buffer.append(f'<row r="{number}">{cells}</row>')
                if len(buffer) >= FLUSH_ROWS:
                    sheet.write("".join(buffer).encode())
                    buffer.clear()
            sheet.write("".join(buffer).encode())
            ref = f"A1:{letters[-1]}{count + 1}"
            sheet.write(f'</sheetData><autoFilter ref="{ref}"/></worksheet>'.encode())
        book.writestr("xl/workbook.xml", WORKBOOK.format(
            name=escape(name, {'"': "&quot;"}), quoted=escape(name.replace("'", "''")),
            ref=f"$A$1:${letters[-1]}${count + 1}"))
    return count
