"""A template compiled once and rendered many times, in memory.

docxtpl re-reads the .docx, re-parses the XML and re-compiles the Jinja template for every
letter. Here the package is read once, each part that holds tags is cleaned with docxtpl's own
``patch_xml`` and compiled once in the sandbox; a letter is then one Jinja ``render`` per part
and a ZIP written from parts that were compressed once. The output matches docxtpl's for the
plain values we pass (text with line breaks, numbers, lists for loops).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from docxtpl import DocxTemplate
from jinja2 import Template, TemplateError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from sdm_desktop.letters.package import Entry, read_package, zip_bytes
from sdm_desktop.letters.sandbox import MAX_OUTPUT, TemplateTooBig, sandboxed_env

DOCUMENT = "word/document.xml"
TAG_START = re.compile(r"\{[{%#]")
RENDERED_PARTS = re.compile(r"^(word/(header\d*|footer\d*|footnotes|endnotes)\.xml|docProps/core\.xml)$")
_DOCPR = re.compile(r'(<wp:docPr\b[^>]*?\bid=")(\d+)')
_BOOKMARK = re.compile(r"<w:bookmark(?:Start|End)\b[^>]*/>")
_LISTING_CHARS = ("\n", "\t", "\a", "\f")
_PATCHER = DocxTemplate(None)


class LetterRenderError(Exception):
    """Filling in the template failed; the message says where, in plain words ("the document (near
    paragraph 4): …"), for the caller to put after "Cannot fill in the template NAME: "."""


BODY = "the document"          # a letter, a certificate or a report: where in it, for messages


_LINE_BREAKS = re.compile(r"\r\n?|[\v\f]")            # Word's manual line break pastes as \v
_NOT_XML = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NEEDS_CLEANING = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")


def printable(value):
    """Values as a Word document can hold them: control characters pasted in from other programs
    (which XML cannot carry) become line breaks or are dropped, in strings, lists and dicts alike."""
    if isinstance(value, str):
        return _NOT_XML.sub("", _LINE_BREAKS.sub("\n", value)) if _NEEDS_CLEANING.search(value) else value
    if isinstance(value, dict):
        return {k: printable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(printable(v) for v in value)
    return value


def paragraph_of_line(lineno: int | None) -> int | None:
    """Compiled parts put each paragraph on its own line: line 2 is paragraph 1."""
    return max(1, lineno - 1) if lineno else None


def _serialise(data: bytes) -> str:
    root = etree.fromstring(data, parser=etree.XMLParser(huge_tree=True))
    return etree.tostring(root, encoding="unicode")


def _compile(env: SandboxedEnvironment, xml: str, name: str = DOCUMENT, inspect=None) -> Template:
    """Parse once, let ``inspect(name, tree)`` look at the tree (the check lists the fields), compile.
    A syntax error carries the part's name in ``part_name``."""
    source = re.sub(r"<w:p([ >])", r"\n<w:p\1", _PATCHER.patch_xml(xml))
    try:
        tree = env.parse(source)
    except TemplateSyntaxError as exc:
        exc.part_name = name
        raise
    if inspect is not None:
        inspect(name, tree)
    template = env.from_string(tree)
    template.source_length = len(source)
    return template


def _finish(xml: str) -> str:
    """docxtpl's post-processing of a rendered part."""
    xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
    xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    if any(ch in xml for ch in _LISTING_CHARS):
        xml = _PATCHER.resolve_listing(xml)
    return xml


@dataclass
class RenderedLetter:
    body: str                        # the inner XML of <w:body>, section properties included
    parts: dict[str, bytes] = field(default_factory=dict)   # headers, footers, core properties


class CompiledTemplate:
    """Read and compile ``source`` (.docx path or bytes) once; render it for many recipients.
    ``inspect(part_name, tree)`` is shown each part's parsed template before it is compiled."""

    def __init__(self, source: Path | bytes | list[Entry], env: SandboxedEnvironment | None = None,
                 inspect=None):
        self.entries = source if isinstance(source, list) else read_package(source)
        self.env = env or sandboxed_env()
        by_name = {e.name: e for e in self.entries}
        text = _serialise(by_name[DOCUMENT].data)
        match = re.search(r"<w:body\b[^>]*>", text)
        close = text.rfind("</w:body>")
        if match is None or close < match.end():
            raise LetterRenderError("The Word file has no document body that this program can read.")
        self.head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + text[:match.end()]
        self.tail = text[close:]
        self.body_template = _compile(self.env, text[match.end():close], DOCUMENT, inspect)
        self.part_templates: dict[str, Template] = {}
        for entry in self.entries:
            if RENDERED_PARTS.match(entry.name) and TAG_START.search(entry.data.decode("utf-8", "replace")):
                self.part_templates[entry.name] = _compile(self.env, _serialise(entry.data), entry.name, inspect)
        self._large: CompiledTemplate | None = None

    # --- rendering --------------------------------------------------------------------------
    def render(self, context: dict) -> RenderedLetter:
        """Fill in every part; the result is checked to be well-formed, so no damaged file is written."""
        context = printable(context)
        body = _finish(self._run(self.body_template, context, BODY))
        _well_formed((self.head + body + self.tail).encode("utf-8"), BODY)
        parts = {}
        for name, template in self.part_templates.items():
            xml = _finish(self._run(template, context, _part_label(name)))
            parts[name] = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml).encode("utf-8")
            _well_formed(parts[name], _part_label(name))
        return RenderedLetter(body, parts)

    @staticmethod
    def _run(template: Template, context: dict, where: str) -> str:
        try:
            return _bounded_render(template, context)
        except RecursionError as exc:
            raise LetterRenderError(f"{where}: the template calls itself without end") from exc
        except MemoryError as exc:
            raise LetterRenderError(f"{where}: the template needs more memory than there is") from exc
        except TemplateError as exc:
            raise LetterRenderError(f"{where}{_near(exc, where)}: {plain_jinja_message(exc)}") from exc
        except (TypeError, ValueError, AttributeError, ArithmeticError) as exc:
            raise LetterRenderError(f"{where}{_near(exc, where)}: {exc}") from exc

    def document_bytes(self, letter: RenderedLetter) -> bytes:
        return (self.head + renumber_drawings(letter.body) + self.tail).encode("utf-8")

    def docx_bytes(self, letter: RenderedLetter) -> bytes:
        return zip_bytes(self.entries, {DOCUMENT: self.document_bytes(letter), **letter.parts})

    def render_docx_bytes(self, context: dict) -> bytes:
        return self.docx_bytes(self.render(context))

    # --- one document with many letters -----------------------------------------------------
    def combined_bytes(self, letters: list[RenderedLetter], tick=lambda: None) -> bytes:
        """One .docx, each letter in its own section starting on a new page, with its own headers
        and footers (see ``letters.combine``). ``tick()`` is called every hundred letters."""
        from sdm_desktop.letters.combine import PartCopier, ending_section, section_for_letter, varying_parts

        if not letters:
            raise LetterRenderError("There are no letters to put in the combined document.")
        first = letters[0].parts
        if not final_section(letters[0].body):            # no section properties: page breaks will do
            bodies = [starting_on_new_page(_BOOKMARK.sub("", letter.body)) for letter in letters]
            xml = self.head + renumber_drawings("".join(bodies)) + self.tail
            return zip_bytes(self.entries, {DOCUMENT: xml.encode("utf-8"), **first})
        varying = varying_parts([letter.parts for letter in letters])
        copier = PartCopier(self.entries)
        bodies = []
        for number, letter in enumerate(letters, start=1):
            if number % 100 == 0:
                tick()
            ids = copier.ids_for(number, letter.parts, first, varying, renumber_drawings) if number > 1 else {}
            section = section_for_letter(final_section(letter.body), ids)
            body = _BOOKMARK.sub("", without_final_section(letter.body))
            bodies.append(body + section if number == len(letters) else ending_section(body, section))
        xml = self.head + renumber_drawings("".join(bodies)) + self.tail
        return zip_bytes(self.entries, {DOCUMENT: xml.encode("utf-8"), **first, **copier.package_parts()},
                         copier.added.parts)

    # --- large print ------------------------------------------------------------------------
    def large_print(self) -> CompiledTemplate:
        if self._large is None:
            from sdm_desktop.letters.largeprint import enlarge_package
            self._large = CompiledTemplate(enlarge_package(self.entries), self.env)
        return self._large


def _near(exc: Exception, where: str) -> str:
    """" (near paragraph N)" for an error in the document's body, from the error's own line or the last
    line of the template it was raised on (Jinja puts template lines into the traceback)."""
    line = getattr(exc, "lineno", None)
    traceback = exc.__traceback__
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename == "<template>":
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    paragraph = paragraph_of_line(line)
    return f" (near paragraph {paragraph})" if paragraph and where == BODY else ""


DAMAGED = ("{where} would come out damaged: an {{% if %}} or {{% for %}} probably starts in one paragraph "
           "or table cell and ends in another. Put such tags on paragraphs of their own, written "
           "{{%p if … %}} and {{%p endif %}} ({detail})")


def _well_formed(data: bytes, where: str) -> None:
    try:
        etree.fromstring(data, parser=etree.XMLParser(huge_tree=True))
    except etree.XMLSyntaxError as exc:
        raise LetterRenderError(DAMAGED.format(where=where[:1].upper() + where[1:], detail=exc)) from exc


def _part_label(name: str) -> str:
    stem = name.rsplit("/", 1)[-1].removesuffix(".xml")
    if stem.startswith(("header", "footer")):
        return "the page " + re.sub(r"\d+", "", stem)
    return "the document properties" if stem == "core" else f"the {stem}"


def _bounded_render(template: Template, context: dict) -> str:
    """``template.render``, stopped once the output grows far beyond any letter."""
    limit = max(MAX_OUTPUT, 4 * getattr(template, "source_length", 0))
    chunks, size = [], 0
    generator = template.generate(context)
    for chunk in generator:
        size += len(chunk)
        if size > limit:
            exc = TemplateTooBig(f"the template asks for something far too big for a letter (more than "
                                 f"{limit:,} characters of text)")
            exc.lineno = _line_being_run(template, generator)
            generator.close()
            raise exc
        chunks.append(chunk)
    return "".join(chunks)


def _line_being_run(template: Template, generator) -> int | None:
    """The template line a paused ``template.generate`` is at (its innermost generator runs the template)."""
    while getattr(generator, "gi_yieldfrom", None) is not None:
        generator = generator.gi_yieldfrom
    frame = getattr(generator, "gi_frame", None)
    return template.get_corresponding_lineno(frame.f_lineno) if frame is not None else None


def plain_jinja_message(exc: Exception) -> str:
    message = getattr(exc, "message", None) or str(exc)
    if isinstance(exc, TemplateTooBig):
        return message
    if exc.__class__.__name__ == "SecurityError":
        return f"the template tries to reach inside the program ({message}); that is not allowed"
    return message


def final_section(body: str) -> str:
    start = body.rfind("<w:sectPr")
    if start == -1 or "</w:p>" in body[start:]:
        return ""
    return body[start:]


def without_final_section(body: str) -> str:
    section = final_section(body)
    return body[: len(body) - len(section)] if section else body


_PAGE_BREAK_PARAGRAPH = ('<w:p><w:pPr><w:pageBreakBefore/><w:spacing w:before="0" w:after="0" w:line="20" '
                         'w:lineRule="exact"/></w:pPr></w:p>')
_PPR_LEAD = re.compile(r"^(<w:pPr>(?:<w:pStyle [^>]*/>)?(?:<w:keepNext(?: [^>]*)?/>)?(?:<w:keepLines(?: [^>]*)?/>)?)")


def starting_on_new_page(body: str) -> str:
    """Mark the first paragraph 'page break before' (or add a tiny one before a table)."""
    match = re.match(r"<w:p(?: [^>]*)?>", body)
    if match is None:
        return _PAGE_BREAK_PARAGRAPH + body
    rest = body[match.end():]
    if rest.startswith("<w:pPr>") and "<w:pageBreakBefore" in rest[: rest.find("</w:pPr>")]:
        return body
    if rest.startswith("<w:pPr>"):
        rest = _PPR_LEAD.sub(lambda m: m.group(1) + "<w:pageBreakBefore/>", rest, count=1)
    elif rest.startswith("<w:pPr/>"):
        rest = "<w:pPr><w:pageBreakBefore/></w:pPr>" + rest[len("<w:pPr/>"):]
    else:
        rest = "<w:pPr><w:pageBreakBefore/></w:pPr>" + rest
    return match.group(0) + rest


def renumber_drawings(xml: str, start: int = 1001) -> str:
    """Give every drawing a unique id (Word repairs a document with duplicates)."""
    if "<wp:docPr" not in xml:
        return xml
    counter = iter(range(start, start + 10_000_000))
    return _DOCPR.sub(lambda m: m.group(1) + str(next(counter)), xml)
