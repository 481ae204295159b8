"""The workbook's shared-string table, read once for an import as openpyxl's ``read_string_table`` reads it:
from the text when it is plain (``scan.is_plain``), else by lxml.
"""

from __future__ import annotations

import codecs
import re

from lxml.etree import XML, XMLParser
from openpyxl.xml.constants import SHARED_STRINGS

from sdm_desktop.services.importing.xlsx import scan
from sdm_desktop.services.importing.xlsx.cells import SAFE_XML, STRING_TAG, text_of
from sdm_desktop.services.importing.xlsx.rows import DECLARATION, elements


def shared_strings(reader) -> list[str]:
    """The table of a workbook opened by openpyxl's ``ExcelReader`` ([] if it has none)."""
    found = reader.package.find(SHARED_STRINGS)     # as openpyxl's ExcelReader.read_strings finds it
    if found is None:
        return []
    with reader.archive.open(found.PartName[1:]) as src:
        strings = _text_strings(src)
    if strings is None:                             # not plain (see scan.is_plain): lxml reads it all
        with reader.archive.open(found.PartName[1:]) as src:
            strings = _element_strings(src)
    return strings


def _element_strings(src) -> list[str]:
    """The shared-string table, as openpyxl's ``read_string_table`` gives it."""
    return [text_of(item).replace("x005F_", "") for item in elements(src, STRING_TAG)]


_SST = re.compile(r"<sst\b([^>]*)>")
_ITEM = re.compile(r'<si><t(?: xml:space="preserve")?>([^<&\r]*)</t></si>')


def _text_strings(src) -> list[str] | None:
    """The shared-string table as ``_element_strings`` gives it, 10 times faster: each ``<si><t>text</t></si>``
    from the text, any other item (rich text, entities, CR) by lxml; None if the part is not plain."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    strings, buffer, tail, declarations, parser = [], "", b"", None, XMLParser(**SAFE_XML)
    while True:
        chunk = src.read(scan.CHUNK)
        if not scan.is_plain(tail + chunk, first=not tail):
            return None
        tail = (tail + chunk)[-256:]
        buffer += decoder.decode(chunk, final=not chunk)
        if declarations is None and (root := _SST.search(buffer)):
            declarations, buffer = "".join(DECLARATION.findall(root.group(1))), buffer[root.end():]
        if declarations is not None and (cut := buffer.rfind("</si>") + 5) >= 5:
            parts = _ITEM.split(buffer[:cut])                # text between items (blank, or items lxml reads)
            if not "".join(parts[::2]).strip():
                strings += parts[1::2]
            else:
                for at in range(0, len(parts), 2):
                    if parts[at].strip():
                        root = XML(f"<sst{declarations}>{parts[at]}</sst>", parser)
                        strings += [text_of(item) for item in root if item.tag == STRING_TAG]
                    strings += parts[at + 1:at + 2]
            buffer = buffer[cut:]
        if not chunk or len(buffer) > 10 * scan.CHUNK:         # the end, or an item too long (lxml refuses 10 MB)
            if chunk or "<si" in buffer or not buffer.rstrip().endswith("</sst>"):
                return None                                  # no table, or something after it: lxml says what
            return [text.replace("x005F_", "") for text in strings] if any("x005F_" in t for t in strings) else strings

