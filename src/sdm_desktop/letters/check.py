"""Check a letter template before use: which fields it uses, and what is wrong, where.

Problems are reported in plain words with the paragraph they are in. Errors make the
template unusable (exit status 1 on the command line); warnings are things Word did that
are repaired automatically when letters are written. Any file at all can be given: the check
never raises. The file is read here (its unpacked size is limited first); the template is parsed,
compiled and trial-rendered in the worker process (``letters.isolation``), which is held to a memory
and time limit.
"""

from __future__ import annotations

import copy
import difflib
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import TemplateSyntaxError, meta
from lxml import etree

from sdm_desktop.letters.compiled import CompiledTemplate, LetterRenderError, paragraph_of_line
from sdm_desktop.letters.fields import FIELD_NAMES, FIELDS
from sdm_desktop.letters.isolation import TemplateOverrun, run_isolated
from sdm_desktop.letters.merge_values import empty_context, sample_context
from sdm_desktop.letters.package import Entry, NotADocx, read_package
from sdm_desktop.letters.render import file_key as content_key
from sdm_desktop.letters.render import remember_compiled
from sdm_desktop.letters.sandbox import sandboxed_env

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
OPEN_TAG = re.compile(r"\{\{|\{%|\{#")
CLOSE_FOR = {"{{": "}}", "{%": "%}", "{#": "#}"}
DOCXTPL_PREFIX = re.compile(r"^(\{[{%#])(tr|tc|p|r)\s")
SMART_QUOTES = "“”‘’"
BLOCKS = {"if": "endif", "for": "endfor", "with": "endwith", "filter": "endfilter", "macro": "endmacro",
          "call": "endcall", "block": "endblock", "raw": "endraw", "autoescape": "endautoescape"}
ADDRESS_FIELDS = {f.name for f in FIELDS if f.group == "Address"}
PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
OTHER_FILES = {"include", "import", "from", "extends"}      # a letter may not read other files


@dataclass
class Problem:
    severity: str          # "error" or "warning"
    where: str
    message: str
    excerpt: str = ""      # the start of the paragraph, to find it in Word

    def line(self) -> str:
        where = self.where + (f" (“{self.excerpt}”)" if self.excerpt else "")
        return f"{self.severity:<7} {where}: {self.message}" if where else f"{self.severity:<7} {self.message}"


@dataclass
class CheckReport:
    file_name: str
    fields_used: list[str] = field(default_factory=list)
    known: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    @property
    def needs_address(self) -> bool:
        return bool(ADDRESS_FIELDS & set(self.fields_used))

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self.problems)

    def error(self, where: str, message: str, excerpt: str = "") -> None:
        self.problems.append(Problem("error", where, message, excerpt))

    def warn(self, where: str, message: str, excerpt: str = "") -> None:
        self.problems.append(Problem("warning", where, message, excerpt))

    def summary(self) -> str:
        """The check in plain words, as a person would say it; ``lines()`` has the details."""
        n = len(self.fields_used)
        details = f"{n} detail" if n == 1 else f"{n} details"
        errors = sum(p.severity == "error" for p in self.problems)
        if not self.usable:
            return (f"This template cannot be used yet: {errors} thing{'s' if errors != 1 else ''} to put right "
                    "in Word, listed under Show details.")
        if self.unknown:
            knows = (f"This template fills in {details}; SDM Desktop knows {n - len(self.unknown)} of them. "
                     f"Give the others ({', '.join(self.unknown)}) under Other fields.")
        else:
            knows = f"This template fills in {details}, all of which SDM Desktop knows."
        if self.warnings:
            return (f"{knows} Ready to use: {self.warnings} tag{'s were' if self.warnings != 1 else ' was'} split "
                    "by Word's formatting and will be mended while writing; retype them in Word to be sure.")
        return f"{knows} Ready to use."

    def lines(self) -> list[str]:
        out = [f"Template: {self.file_name}"]
        out.append(f"Fields used ({len(self.fields_used)}): {', '.join(self.fields_used) or 'none'}")
        out.append(f"Known merge fields: {', '.join(self.known) or 'none'}")
        out.append(f"Unknown fields: {', '.join(self.unknown) or 'none'}")
        if self.problems:
            out.append("Problems:")
            out += ["  " + p.line() for p in self.problems]
        errors = sum(p.severity == "error" for p in self.problems)
        warnings = self.warnings
        if not self.usable:
            out.append(f"Result: NOT usable ({errors} error{'s' if errors != 1 else ''} to fix in Word).")
        elif warnings:
            out.append(f"Result: usable, with {warnings} warning{'s' if warnings != 1 else ''}: letters come out "
                       "right because these are repaired while writing, but retype those tags in Word to be sure.")
        else:
            out.append("Result: usable.")
        return out


@dataclass
class Paragraph:
    where: str
    text: str
    run_ends: list[int]     # offset in ``text`` where each run ends

    def excerpt(self) -> str:
        short = self.text.strip()
        return short if len(short) <= 60 else short[:57] + "…"


def _part_label(name: str) -> str:
    stem = name.rsplit("/", 1)[-1].removesuffix(".xml")
    if stem == "document":
        return ""
    return {"header": "page header", "footer": "page footer"}.get(re.sub(r"\d+", "", stem), stem) + ", "


def paragraphs_of(entry: Entry) -> list[Paragraph]:
    root = etree.fromstring(entry.data, parser=etree.XMLParser(huge_tree=True))
    out = []
    for number, p in enumerate(root.iter(f"{W}p"), start=1):
        text, ends = "", []
        for run in p.iter(f"{W}r"):
            piece = "".join(t.text or "" for t in run.iter(f"{W}t"))
            if piece:
                text += piece
                ends.append(len(text))
        out.append(Paragraph(f"{_part_label(entry.name)}paragraph {number}", text, ends))
    return out


_REPORTS: OrderedDict[tuple, CheckReport] = OrderedDict()
_REPORTS_LOCK = threading.Lock()
KEEP_REPORTS = 32


def check_template(path: Path, extra_fields: set[str] | frozenset = frozenset()) -> CheckReport:
    """The check's report; a file checked before and unchanged since is not checked again."""
    try:
        key = (*content_key(path), frozenset(extra_fields))
    except (OSError, ValueError):
        key = None
    with _REPORTS_LOCK:
        if key in _REPORTS:
            return copy.deepcopy(_REPORTS[key])
    report = CheckReport(Path(path).name)
    try:
        report = _check(Path(path), report, set(extra_fields), key[:3] if key else None)
    except Exception as exc:  # noqa: BLE001 - the check must explain, never crash
        report.error("", f"the file could not be checked ({exc.__class__.__name__}: {exc})")
    if key is not None:
        with _REPORTS_LOCK:
            _REPORTS[key] = copy.deepcopy(report)
            while len(_REPORTS) > KEEP_REPORTS:
                _REPORTS.popitem(last=False)
    return report


def _check(path: Path, report: CheckReport, extra: set[str], file_key: tuple | None) -> CheckReport:
    if path.is_dir():
        report.error("", f"{path} is a folder, not a Word document")
        return report
    if not path.is_file():
        report.error("", f"there is no file at {path}")
        return report
    try:
        entries = read_package(path)
    except NotADocx as exc:
        report.error("", f"this is not a usable Word template: {exc}")
        return report
    except OSError as exc:
        report.error("", f"the file cannot be read: {exc.strerror or exc}")
        return report
    try:
        return run_isolated(check_entries, entries, report, extra, file_key, doing="checking it")
    except TemplateOverrun as exc:
        report.error("", str(exc))
        return report


def check_entries(entries: list[Entry], report: CheckReport, extra: set[str], file_key: tuple | None,
                  step=lambda _label="": None) -> CheckReport:
    """The check of a package already read (run in the worker): ``report`` filled in and returned.
    ``step(label)`` is called after each stage, to show the work is going on."""
    parts = [e for e in entries if PARTS.match(e.name)]
    paragraphs: list[Paragraph] = []
    for entry in parts:
        try:
            paragraphs += paragraphs_of(entry)
        except etree.XMLSyntaxError as exc:
            report.error("", f"the Word file is damaged: {entry.name} is not valid XML ({exc})")
    if not report.usable:
        return report
    step("compiling")
    env = sandboxed_env()
    used: set[str] = set()
    compiled, syntax_error = None, None
    try:        # parsed and compiled once: the fields come from the parsed parts, the trial render uses it
        compiled = CompiledTemplate(entries, env, inspect=lambda _name, tree: used.update(
            meta.find_undeclared_variables(tree)))
    except TemplateSyntaxError as exc:
        syntax_error = exc
    except LetterRenderError as exc:
        report.error("", str(exc))
        return report
    step("compiled")
    _check_tags(paragraphs, report, env, parse_each_tag=syntax_error is not None)
    if syntax_error is not None:
        if report.usable:      # otherwise the paragraph-level errors already say it better
            _report_syntax_error(syntax_error, report)
        return report
    report.fields_used = sorted(used)
    report.known = sorted(used & (FIELD_NAMES | extra))
    report.unknown = sorted(used - FIELD_NAMES - extra)
    for name in report.unknown:
        found = next((p for p in paragraphs if _mentions_field(p.text, name)), None)
        hint = difflib.get_close_matches(name, sorted(FIELD_NAMES), n=1)
        report.error(found.where if found else "", f"unknown field '{name}'" + (
            f" (did you mean '{hint[0]}'?)" if hint else "; see the list of merge fields"),
            found.excerpt() if found else "")
    if report.usable:
        _trial_render(compiled, report, step)
    if report.usable and file_key is not None:
        remember_compiled(file_key, compiled)          # writing the letters needs it compiled too
    return report


def _report_syntax_error(exc: TemplateSyntaxError, report: CheckReport) -> None:

    label = _part_label(getattr(exc, "part_name", "word/document.xml"))
    where = label + f"near paragraph {paragraph_of_line(exc.lineno)}" if exc.lineno else label.rstrip(", ")
    report.error(where.lstrip(", "), f"the template cannot be read: {exc.message}")


def _mentions_field(text: str, name: str) -> bool:
    return any(re.search(rf"\b{re.escape(name)}\b", tag) for tag in TAG.findall(text))


def _check_tags(paragraphs: list[Paragraph], report: CheckReport, env, parse_each_tag: bool) -> None:
    """Problems tag by tag. Each tag is parsed on its own only when the whole template would not
    parse (to say where); otherwise the whole-template parse has already shown them all sound."""
    stack: list[tuple[str, str, str]] = []     # (keyword, where, tag text)
    for p in paragraphs:
        _unclosed_in_paragraph(p, report)
        for match in TAG.finditer(p.text):
            tag = match.group(0)
            if any(q in tag for q in SMART_QUOTES):
                report.warn(p.where, f"Word turned the quotes in {tag} into curly quotes (“ ” ‘ ’); they are "
                                     "straightened automatically when letters are written", p.excerpt())
            if _split_across_runs(p, match.start(), match.end()):
                report.warn(p.where, f"the tag {_plain(tag)} is split across differently formatted pieces of "
                                     "text (Word 'runs'); it still works, but retype it in one go to be sure of "
                                     "its formatting", p.excerpt())
            if re.search(r"(\.|\[\s*['\"“‘])\s*_|__", tag):
                report.error(p.where, f"{tag} tries to reach inside the program; that is not allowed", p.excerpt())
                continue
            if _keyword(_plain(tag)) in OTHER_FILES:
                report.error(p.where, f"{_plain(tag)} tries to read another file; a letter template may not "
                                      "include or import anything", p.excerpt())
                continue
            _check_syntax(_plain(tag), p, stack, report, env if parse_each_tag else None)
    for keyword, where, tag in stack:
        report.error(where, f"{tag} is never closed: add {{% {BLOCKS[keyword]} %}} after it")


def _unclosed_in_paragraph(p: Paragraph, report: CheckReport) -> None:
    position = 0
    while (match := OPEN_TAG.search(p.text, position)) is not None:
        end = p.text.find(CLOSE_FOR[match.group(0)], match.end())
        if end == -1:
            report.error(p.where, f"a tag starts here ({p.text[match.start():match.start() + 30]!r}) but does "
                                  f"not end in the same paragraph: add '{CLOSE_FOR[match.group(0)]}'", p.excerpt())
            return
        position = end + 2


def _split_across_runs(p: Paragraph, start: int, end: int) -> bool:
    first = next(i for i, e in enumerate(p.run_ends) if e > start)
    last = next(i for i, e in enumerate(p.run_ends) if e >= end)
    return first != last


def _plain(tag: str) -> str:
    """The tag as Jinja reads it: docxtpl's {%p / {{r prefixes dropped, quotes straightened."""
    tag = DOCXTPL_PREFIX.sub(r"\1 ", tag)
    for curly, straight in (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'")):
        tag = tag.replace(curly, straight)
    return tag


def _keyword(tag: str) -> str:
    words = tag[2:-2].strip().lstrip("-+").split()
    return words[0] if words and tag.startswith("{%") else ""


def _check_syntax(tag: str, p: Paragraph, stack: list, report: CheckReport, env) -> None:
    """Keep track of open blocks; parse the tag on its own when ``env`` is given."""
    if tag.startswith("{#"):
        return
    keyword = _keyword(tag)
    if tag.startswith("{{"):
        probe = tag
    elif keyword in BLOCKS:
        probe = tag + f"{{% {BLOCKS[keyword]} %}}"
        stack.append((keyword, p.where, tag))
    elif keyword in BLOCKS.values():
        opener = next((k for k, v in BLOCKS.items() if v == keyword), "")
        if not stack or stack[-1][0] != opener:
            expected = f"; {stack[-1][2]} in {stack[-1][1]} is still open" if stack else ""
            report.error(p.where, f"{tag} has no matching {{% {opener} … %}} before it{expected}", p.excerpt())
        else:
            stack.pop()
        return
    elif keyword in ("elif", "else"):
        if not stack or stack[-1][0] not in ("if", "for"):
            report.error(p.where, f"{tag} is not inside an {{% if … %}}", p.excerpt())
            return
        probe = "{% if true %}" + tag + "{% endif %}"
    else:
        probe = tag
    if env is None:
        return
    try:
        env.parse(probe)
    except TemplateSyntaxError as exc:
        report.error(p.where, f"{tag} cannot be read: {exc.message}", p.excerpt())


def _trial_render(compiled, report: CheckReport, step) -> None:

    for label, values in (("with sample values", sample_context()), ("with empty values", empty_context())):
        try:
            compiled.render(values)
        except LetterRenderError as exc:
            report.error("", f"a trial letter {label} could not be written: {exc}")
            return
        step(f"trial letter {label}")
