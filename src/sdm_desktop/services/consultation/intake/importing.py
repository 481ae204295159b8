"""Importing a survey export into an activity's responses: one batch, undoable, without duplicates.

The file is read once (at most MAX_RESPONSES rows, each answer at most MAX_ANSWER characters), recognised
(``formats``), and each row checked; bad rows are reported with their line and the rest imported. Responses
are anonymous unless identifying columns are kept on purpose; ``match_people`` links a response to the person
with its email address and records it as their interaction. Equality answers stay on the response only.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from sdm_desktop.errors import UserError
from sdm_desktop.progress import Progress
from sdm_desktop.services.consultation.intake.formats import (
    Layout,
    QuestionPlan,
    check_plan,
    recognise,
    settle_kinds,
    split_choices,
)
from sdm_desktop.services.consultation.intake.storing import Incoming, store_responses
from sdm_desktop.services.consultation.intake.values import parse_consent, parse_datetime, parse_number
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.importing.sources import Source, open_source

MAX_RESPONSES = 100_000
MAX_ANSWER = 20_000
PREVIEW_ROWS = 200
ANONYMOUS = ("anonymous", "anon", "")


@dataclass
class ResponsesImportOptions:
    dry_run: bool = False
    match_people: bool = False
    keep_identity: bool = False          # keep names and emails on the responses (on purpose)
    sheet: str | None = None
    layout: Layout | None = None         # the user's column mapping; None: as recognised


@dataclass
class BadRow:
    line: int
    reason: str

    def text(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass
class ResponsesImport:
    """What an import did (or, for a dry run, would do)."""

    file_name: str
    tool_name: str
    activity_id: int
    dry_run: bool
    read: int = 0
    added: int = 0
    already: int = 0                     # in the activity from an earlier import, or twice in this file
    matched: int = 0                     # linked to a person by email (with --match-people)
    new_questions: int = 0
    bad: list[BadRow] = field(default_factory=list)
    questions: list[QuestionPlan] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)      # identifying columns not kept
    warnings: list[str] = field(default_factory=list)
    batch_id: int | None = None

    def lines(self, bad_limit: int = 20) -> list[str]:
        verb = "would add" if self.dry_run else "added"
        out = [f"{self.file_name} ({self.tool_name}): {self.read:,} responses read, {verb} {self.added:,}, "
               f"{self.already:,} already imported, {len(self.bad):,} bad rows."]
        if self.new_questions:
            out.append(f"{self.new_questions} new question{'s' if self.new_questions != 1 else ''}.")
        if self.matched:
            out.append(f"{self.matched:,} matched to people in the register by email.")
        if self.dropped:
            out.append(f"Not kept (anonymous import): {', '.join(self.dropped)}.")
        out += [f"Warning: {w}" for w in self.warnings]
        out += [f"Bad row on {b.text()}" for b in self.bad[:bad_limit]]
        if len(self.bad) > bad_limit:
            out.append(f"… and {len(self.bad) - bad_limit:,} more bad rows.")
        if self.batch_id is not None:
            out.append(f"Import batch {self.batch_id} (undo it with: sdm-desktop import --undo {self.batch_id}).")
        return out


@dataclass
class FilePreview:
    """The first rows of a file and how it was recognised, for the import dialog."""

    layout: Layout
    rows: list[list[str]]
    describe: str
    estimated_rows: int
    sheets: list[str]
    sheet: str = ""                      # the sheet read (xlsx)


def preview_file(path: str | Path, sheet: str | None = None) -> FilePreview:
    source = open_source(path, sheet)
    try:
        rows = [cells for _line, cells in source.head(PREVIEW_ROWS)]
        described, estimate = source.describe(), source.estimated_rows
        sheets, chosen = list(source.sheets), source.sheet
    finally:
        source.close()
    layout = _layout(Path(path), rows)
    settle_kinds(layout, rows[layout.header_rows:], _month_first(layout))
    return FilePreview(layout, rows[layout.header_rows:layout.header_rows + 20], described, estimate, sheets, chosen)


def import_responses(ctx: AppContext, path: str | Path, activity_id: int,
                     options: ResponsesImportOptions | None = None,
                     progress: Progress | None = None) -> ResponsesImport:
    options = options or ResponsesImportOptions()
    progress = progress or Progress()
    path = Path(path)
    source = open_source(path, options.sheet)
    try:
        progress.start(source.estimated_rows * 2 + 1, f"Reading {path.name}")
        rows = _read(source, progress)
    finally:
        source.close()
    layout = options.layout or _layout(path, [cells for _line, cells in rows[:2]])
    data = rows[layout.header_rows:]
    if not data:
        raise UserError(f"{path.name} has a header but no responses under it; nothing was imported.")
    if not layout.settled:
        settle_kinds(layout, [cells for _line, cells in data], _month_first(layout))
    for question in layout.questions:
        check_plan(question)
    result = ResponsesImport(path.name, layout.tool_name, activity_id, options.dry_run, read=len(data),
                             questions=layout.questions, dropped=[] if options.keep_identity else layout.dropped())
    incoming = []
    columns = {role: layout.column(role) for role in ("id", "submitted", "email", "name", "first_name", "last_name")}
    for line, cells in data:
        try:
            incoming.append(_response(layout, columns, line, cells, options))
        except ValueError as exc:
            result.bad.append(BadRow(line, str(exc)))
    progress.start(len(incoming) + 1, f"Importing {path.name}")
    store_responses(ctx, result, layout, incoming, options.match_people, progress)
    return result


def _layout(path: Path, rows: list[list[str]]) -> Layout:
    if not rows:
        raise UserError(f"{path.name} has no rows; nothing was imported.")
    return recognise(rows[0], rows[1] if len(rows) > 1 else None)


def _month_first(layout: Layout) -> bool:
    return layout.tool == "surveymonkey"          # its dates are MM/DD/YYYY


def _read(source: Source, progress: Progress) -> list[tuple[int, list[str]]]:
    rows = []
    for line, cells in source.rows():
        if len(rows) > MAX_RESPONSES:
            raise UserError(f"{source.path.name} has more than {MAX_RESPONSES:,} rows; split it into smaller "
                            "files (nothing was imported).")
        rows.append((line, cells))
        progress.step()
    if not rows:
        raise UserError(f"{source.path.name} has no rows; nothing was imported.")
    return rows


def _cell(cells: list[str], index: int | None) -> str:
    return cells[index].strip() if index is not None and index < len(cells) else ""


def _response(layout: Layout, columns: dict[str, int | None], line: int, cells: list[str],
              options: ResponsesImportOptions) -> Incoming:
    """One row as a response; ValueError says what is wrong with it."""
    if len(cells) > len(layout.headers) and any(c.strip() for c in cells[len(layout.headers):]):
        raise ValueError(f"{len(cells)} cells, but the header has {len(layout.headers)}")
    if too_long := next((i for i, c in enumerate(cells) if len(c) > MAX_ANSWER), None):
        raise ValueError(f"the cell in column {too_long + 1} is over {MAX_ANSWER:,} characters")
    submitted_text = _cell(cells, columns["submitted"])
    submitted = parse_datetime(submitted_text, _month_first(layout)) if submitted_text else None
    if submitted_text and submitted is None:
        raise ValueError(f"{layout.headers[columns['submitted']]!r} is not a date and time: {submitted_text!r}")
    answers, consent = _answers(layout, cells)
    if not any(text for _q, text, _n in answers):
        raise ValueError("no answers in this row")
    response_id = _cell(cells, columns["id"])
    if columns["id"] is not None and not response_id:
        raise ValueError(f"no {layout.headers[columns['id']]!r} (the tool's response ID)")
    key = f"{layout.tool}:{response_id}" if response_id else _content_key(layout, submitted_text, answers)
    email = _cell(cells, columns["email"])
    email = None if email.lower() in ANONYMOUS or "@" not in email else email
    name = _cell(cells, columns["name"]) or " ".join(
        p for p in (_cell(cells, columns["first_name"]), _cell(cells, columns["last_name"])) if p)
    name = None if name.lower() in ANONYMOUS else name
    keep = options.keep_identity
    return Incoming(line, key[:200], submitted, name if keep else None, email if keep else None,
                    email if options.match_people else None, answers, consent)


def _answers(layout: Layout, cells: list[str]) -> tuple[list[tuple[int, str, float | None]], bool | None]:
    answers = []
    consent = None
    for index, question in enumerate(layout.questions):
        if question.kind == "multiple_choice" and len(question.columns) > 1:
            text = "\n".join(_cell(cells, c) for c in question.columns if _cell(cells, c))
        elif question.kind == "multiple_choice":
            from_tool = _cell(cells, question.columns[0])
            text = "\n".join(split_choices(layout.tool, from_tool))
        else:
            text = _cell(cells, question.columns[0])
        if not text:
            continue
        number = parse_number(text) if question.kind == "number" else None
        if question.purpose == "quote_consent":
            consent = parse_consent(text)
        answers.append((index, text, number))
    return answers, consent


def _content_key(layout: Layout, submitted: str, answers: list) -> str:
    """Where a tool gives no response ID (Google Forms): the time and the answers identify a response."""
    digest = hashlib.sha1(usedforsecurity=False)
    digest.update(submitted.encode())
    for index, text, _number in answers:
        digest.update(f"\x1f{index}\x1e{text}".encode())
    return f"{layout.tool}:{digest.hexdigest()}"

