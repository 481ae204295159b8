"""Large print: the same template with every font size raised to at least 16 point."""

from __future__ import annotations

import re
from pathlib import Path

from sdm_desktop.letters.package import Entry

LARGE_PRINT_SUFFIX = " (large print)"       # in the names of large-print letters and combined documents


def is_large_print_file(path: Path) -> bool:
    return LARGE_PRINT_SUFFIX in path.name


def large_print_twin(path: Path) -> Path:
    """The large-print combined document written beside a standard one (itself, if it is the large-print one)."""
    if is_large_print_file(path):
        return path
    return path.with_name(f"{path.stem}{LARGE_PRINT_SUFFIX}{path.suffix}")

MIN_HALF_POINTS = 32          # 16 pt, the usual minimum for large print
SCALE = 1.5
_SIZE = re.compile(r'(<w:sz(?:Cs)?\s+w:val=")(\d+)(")')
_SCALED_PARTS = re.compile(r"^word/(document|styles|header\d*|footer\d*|footnotes|endnotes|numbering)\.xml$")


def larger(half_points: int) -> int:
    return max(MIN_HALF_POINTS, min(round(half_points * SCALE), max(half_points, 72)))


def enlarge_xml(xml: str) -> str:
    return _SIZE.sub(lambda m: f"{m.group(1)}{larger(int(m.group(2)))}{m.group(3)}", xml)


_BOTTOM_MARGIN = re.compile(r'(<w:pgMar\b[^>]*\bw:bottom=")(\d+)')
FOOTER_ROOM = 850             # twips (1.5 cm) more at the foot of the page for the larger footer
_SPACING = re.compile(r"<w:spacing\b[^>]*>")
_GAP = re.compile(r'(\bw:(?:before|after)=")(\d+)(")')
WIDE_GAP = 240                # twips (12 pt): gaps wider than this are layout, not reading space


def tighter(twips: int) -> int:
    """Halve the part of a gap above 12 pt: the text grows, so a one-page certificate stays one page."""
    return twips if twips <= WIDE_GAP else WIDE_GAP + (twips - WIDE_GAP) // 2


def enlarge_document(xml: str) -> str:
    xml = enlarge_xml(xml)
    xml = _SPACING.sub(lambda tag: _GAP.sub(lambda m: f"{m.group(1)}{tighter(int(m.group(2)))}{m.group(3)}",
                                             tag.group(0)), xml)
    return _BOTTOM_MARGIN.sub(lambda m: f"{m.group(1)}{int(m.group(2)) + FOOTER_ROOM}", xml)


def enlarge_styles(xml: str) -> str:
    """Scale sizes, and give the document default a size when it has none (Word's is 10 pt)."""
    xml = enlarge_xml(xml)
    default = re.search(r"<w:rPrDefault>(.*?)</w:rPrDefault>", xml, flags=re.DOTALL)
    if default is None:
        return re.sub(r"(<w:docDefaults>)", r'\1<w:rPrDefault><w:rPr><w:sz w:val="32"/><w:szCs w:val="32"/>'
                      r"</w:rPr></w:rPrDefault>", xml, count=1)
    if "<w:sz " in default.group(1):
        return xml
    inner = default.group(1)
    if "<w:rPr/>" in inner:
        new_inner = inner.replace("<w:rPr/>", '<w:rPr><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr>')
    elif "</w:rPr>" in inner:
        new_inner = inner.replace("</w:rPr>", '<w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr>', 1)
    else:
        new_inner = '<w:rPr><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr>'
    return xml[: default.start(1)] + new_inner + xml[default.end(1):]


def enlarge_package(entries: list[Entry]) -> list[Entry]:
    out = []
    for entry in entries:
        if _SCALED_PARTS.match(entry.name):
            xml = entry.data.decode("utf-8")
            if entry.name == "word/styles.xml":
                xml = enlarge_styles(xml)
            elif entry.name == "word/document.xml":
                xml = enlarge_document(xml)
            else:
                xml = enlarge_xml(xml)
            out.append(Entry(entry.name, xml.encode("utf-8")))
        else:
            out.append(Entry(entry.name, entry.data))
    return out
