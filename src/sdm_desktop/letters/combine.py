"""One document holding many letters, each in its own section, as Word's own mail merge makes it.

A section per letter means each letter starts on a new page, has its own first-page header
(a letterhead in a "different first page" header shows on every letter, not only the first),
its own page numbers from 1, and its own headers and footers: a footer holding the letter's
reference or the recipient's name says the right thing on every letter. Header and footer
parts are copied only for letters whose filled-in header or footer differs from the first's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from sdm_desktop.letters.package import Entry

RELS = "word/_rels/document.xml.rels"
TYPES = "[Content_Types].xml"
HEADER_FOOTER = re.compile(r"^word/((?:header|footer)\d*)\.xml$")
_PARAGRAPH_TAGS = re.compile(r"<w:p(?=[ />])[^>]*?(/?)>|</w:p>")
_REFERENCE_ID = re.compile(r'(<w:(?:header|footer)Reference\b[^>]*?\br:id=")([^"]+)(")')
_SECTION_TYPE = re.compile(r'<w:type\s+w:val="(?!oddPage"|evenPage")[^"]*"\s*/>')
_PAGE_NUMBERS = re.compile(r"<w:pgNumType\b[^>]*?(/?)>")
_AFTER_PAGE_NUMBERS = re.compile(r"<w:(?:cols|formProt|vAlign|noEndnote|titlePg|textDirection|bidi|rtlGutter|"
                                 r"docGrid|printerSettings|sectPrChange)\b|</w:sectPr>")
_TINY = '<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
_PACKAGE_NS = {"ct": "http://schemas.openxmlformats.org/package/2006/content-types",
               "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
_DEFAULT_TYPES = {"header": "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml",
                  "footer": "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"}


@dataclass
class Package:
    """What the combined document adds to the template's package."""
    relationships: list[tuple[str, str, str]] = field(default_factory=list)    # (id, type, target)
    overrides: list[tuple[str, str]] = field(default_factory=list)             # (part name, content type)
    parts: list[Entry] = field(default_factory=list)


def varying_parts(parts: list[dict[str, bytes]]) -> list[str]:
    """Headers and footers that come out differently in some letter than in the first."""
    first = parts[0]
    return sorted(name for name in first if HEADER_FOOTER.match(name)
                  and any(other.get(name) != first[name] for other in parts[1:]))


def section_for_letter(section: str, ids: dict[str, str]) -> str:
    """The letter's section: its own header and footer ids, a new page, page numbers from 1."""
    section = _REFERENCE_ID.sub(lambda m: m.group(1) + ids.get(m.group(2), m.group(2)) + m.group(3), section)
    section = _SECTION_TYPE.sub("", section)
    numbers = _PAGE_NUMBERS.search(section)
    if numbers is None:
        at = _AFTER_PAGE_NUMBERS.search(section)
        return section[:at.start()] + '<w:pgNumType w:start="1"/>' + section[at.start():] if at else section
    tag = re.sub(r'\s+w:start="[^"]*"', "", numbers.group(0))
    tag = tag[: -2 if numbers.group(1) else -1].rstrip() + ' w:start="1"' + ("/>" if numbers.group(1) else ">")
    return section[:numbers.start()] + tag + section[numbers.end():]


def _last_paragraph(body: str) -> tuple[int, int] | None:
    """Start and end of the last top-level paragraph (not one inside a text box or table)."""
    depth, found = 0, None
    start = 0
    for match in _PARAGRAPH_TAGS.finditer(body):
        if match.group(0) == "</w:p>":
            depth -= 1
            if depth == 0:
                found = (start, match.end())
        elif match.group(1):                           # <w:p/>
            if depth == 0:
                found = (match.start(), match.end())
        else:
            if depth == 0:
                start = match.start()
            depth += 1
    return found


def ending_section(body: str, section: str) -> str:
    """``body`` with ``section`` closing it: in its last paragraph's properties, where Word puts it."""
    body = body.rstrip()
    last = _last_paragraph(body)
    if last is None or last[1] != len(body) or "<w:sectPr" in body[last[0]:]:
        return body + f"<w:p><w:pPr>{_TINY}{section}</w:pPr></w:p>"
    start, _ = last
    paragraph = body[start:]
    if paragraph.endswith("/>"):
        return body[:start] + paragraph[:-2].rstrip() + f"><w:pPr>{section}</w:pPr></w:p>"
    opened = paragraph.index(">") + 1
    rest = paragraph[opened:]
    if rest.startswith("<w:pPr/>"):
        rest = f"<w:pPr>{section}</w:pPr>" + rest[len("<w:pPr/>"):]
    elif rest.startswith(("<w:pPr>", "<w:pPr ")):
        close = rest.find("</w:pPr>")
        change = rest.find("<w:pPrChange")
        at = change if 0 <= change < close else close
        rest = rest[:at] + section + rest[at:]
    else:
        rest = f"<w:pPr>{section}</w:pPr>" + rest
    return body[:start] + paragraph[:opened] + rest


class PartCopier:
    """Copies of header and footer parts for letters whose filled-in ones differ from the first's."""

    def __init__(self, entries: list[Entry]):
        self.by_name = {e.name: e for e in entries}
        rels = etree.fromstring(self.by_name[RELS].data) if RELS in self.by_name else None
        self.relationships = {} if rels is None else {
            "word/" + r.get("Target").lstrip("/").removeprefix("word/"): (r.get("Id"), r.get("Type"))
            for r in rels.findall("rel:Relationship", _PACKAGE_NS) if r.get("TargetMode") != "External"}
        types = etree.fromstring(self.by_name[TYPES].data) if TYPES in self.by_name else None
        self.content_types = {} if types is None else {
            o.get("PartName").lstrip("/"): o.get("ContentType") for o in types.findall("ct:Override", _PACKAGE_NS)}
        self.added = Package()

    def ids_for(self, number: int, parts: dict[str, bytes], first: dict[str, bytes], varying: list[str],
                renumber) -> dict[str, str]:
        """New relationship ids (old id -> new) for letter ``number``'s own copies of the varying parts."""
        ids = {}
        for name in varying:
            if name not in self.relationships or parts.get(name) == first.get(name):
                continue
            stem = HEADER_FOOTER.match(name).group(1)
            copy = f"word/{stem}_{number}.xml"
            old_id, kind = self.relationships[name]
            new_id = f"rIdSdmLetter{number}{stem}"
            xml = renumber(parts[name].decode("utf-8"), 2_000_000 + 1_000 * number).encode("utf-8")
            self.added.parts.append(Entry(copy, xml))
            own_rels = f"word/_rels/{stem}.xml.rels"
            if own_rels in self.by_name:
                self.added.parts.append(Entry(f"word/_rels/{stem}_{number}.xml.rels", self.by_name[own_rels].data))
            self.added.relationships.append((new_id, kind, f"{stem}_{number}.xml"))
            content_type = self.content_types.get(name) or _DEFAULT_TYPES["header" if "header" in stem else "footer"]
            self.added.overrides.append((f"/{copy}", content_type))
            ids[old_id] = new_id
        return ids

    def package_parts(self) -> dict[str, bytes]:
        """The relationships and content types with the copies added (nothing when none were made)."""
        if not self.added.parts:
            return {}
        rels = self.by_name[RELS].data.decode("utf-8")
        extra = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{target}"/>'
                        for i, t, target in self.added.relationships)
        types = self.by_name[TYPES].data.decode("utf-8")
        overrides = "".join(f'<Override PartName="{n}" ContentType="{t}"/>' for n, t in self.added.overrides)
        return {RELS: rels.replace("</Relationships>", extra + "</Relationships>").encode("utf-8"),
                TYPES: types.replace("</Types>", overrides + "</Types>").encode("utf-8")}
