"""Past mailings and each letter written: for the Letters view, timelines and the export."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from sdm_desktop.db.models import Letter, LetterRun, Organisation, Person
from sdm_desktop.errors import UserError
from sdm_desktop.letters.printing import PrintError, print_file
from sdm_desktop.paths import resolve_stored
from sdm_desktop.progress import Progress
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.exporting.tables import Table
from sdm_desktop.services.exporting.withheld import WITHHELD, blocked_person_ids


@dataclass
class RunRow:
    id: int
    created_at: datetime
    template_name: str
    recipient_count: int
    excluded_count: int
    output_dir: str
    combined_path: str | None
    pdf_path: str | None
    excluded: list[dict]

    @property
    def folder_exists(self) -> bool:
        return Path(self.output_dir).is_dir()


@dataclass
class LetterRow:
    id: int
    created_at: datetime
    template_name: str
    template_version: int
    recipient: str
    organisation: str
    file_path: str | None
    purpose: str | None
    run_id: int | None


def list_runs(ctx: AppContext, limit: int = 500) -> list[RunRow]:
    with ctx.session() as s:
        rows = s.scalars(select(LetterRun).order_by(LetterRun.created_at.desc(), LetterRun.id.desc()).limit(limit))
        return [_run_row(ctx.data_dir, r) for r in rows]


def _run_row(data_dir: Path, r: LetterRun) -> RunRow:
    """A mailing with its recorded paths as they are now (relative ones are inside the data folder)."""
    return RunRow(r.id, r.created_at, r.template_name, r.recipient_count, r.excluded_count,
                  str(resolve_stored(data_dir, r.output_dir)), _resolved(data_dir, r.combined_path),
                  _resolved(data_dir, r.pdf_path), _excluded(r.filters))


def _resolved(data_dir: Path, value: str | None) -> str | None:
    path = resolve_stored(data_dir, value)
    return str(path) if path else None


def _excluded(filters: str | None) -> list[dict]:
    try:
        return list(json.loads(filters or "{}").get("excluded", []))
    except (ValueError, AttributeError):
        return []


def _letter_query():
    return (select(Letter, Person, Organisation)
            .outerjoin(Person, Person.id == Letter.person_id)
            .outerjoin(Organisation, Organisation.id == Letter.organisation_id))


def _letter_row(data_dir: Path, letter: Letter, person: Person | None, org: Organisation | None) -> LetterRow:
    recipient = person.display_name if person else (((org.addressee_role or "").strip() or "The Chair") if org else "")
    return LetterRow(letter.id, letter.created_at, letter.template_name, letter.template_version, recipient,
                     org.name if org else "", _resolved(data_dir, letter.file_path), letter.purpose, letter.run_id)


def run_letters(ctx: AppContext, run_id: int) -> list[LetterRow]:
    with ctx.session() as s:
        rows = s.execute(_letter_query().where(Letter.run_id == run_id).order_by(Letter.id))
        return [_letter_row(ctx.data_dir, *r) for r in rows]


def letters_for(ctx: AppContext, *, person_id: int | None = None,
                organisation_id: int | None = None) -> list[LetterRow]:
    """Letters written to a person or a group, newest first (for their timeline)."""
    query = _letter_query().order_by(Letter.created_at.desc(), Letter.id.desc())
    if person_id is not None:
        query = query.where(Letter.person_id == person_id)
    if organisation_id is not None:
        query = query.where(Letter.organisation_id == organisation_id)
    with ctx.session() as s:
        return [_letter_row(ctx.data_dir, *r) for r in s.execute(query)]


def get_run(ctx: AppContext, run_id: int) -> RunRow:
    with ctx.session() as s:
        r = s.get(LetterRun, run_id)
        if r is None:
            raise UserError(f"There is no mailing number {run_id}; 'sdm-desktop letters runs' lists them.")
        return _run_row(ctx.data_dir, r)


def print_run(ctx: AppContext, run_id: int, progress: Progress | None = None) -> Path:
    """Send a mailing's PDF (else its combined document) to the default printer; returns the file printed."""
    run = get_run(ctx, run_id)
    found = [Path(p) for p in (run.pdf_path, run.combined_path) if p and Path(p).is_file()]
    if not found:
        missing = run.pdf_path or run.combined_path
        raise UserError(f"Mailing {run_id} has no combined document to print"
                        + (f": {missing} was moved or deleted." if missing else "; write it with --combined."))
    try:
        print_file(found[0], progress)
    except PrintError as exc:
        raise UserError(str(exc)) from exc
    return found[0]


def letter_file(ctx: AppContext, letter_id: int) -> Path | None:
    """The file a letter was written to (its own .docx, or the combined document it is in)."""
    with ctx.session() as s:
        path = s.scalar(select(Letter.file_path).where(Letter.id == letter_id))
    return resolve_stored(ctx.data_dir, path)


def letter_count(ctx: AppContext) -> int:
    with ctx.session() as s:
        return s.scalar(select(func.count()).select_from(Letter)) or 0


LETTER_HEADERS = ["id", "date", "template", "template_version", "recipient", "organisation", "purpose",
                  "file", "run_id"]


def letters_table(ctx: AppContext, include_no_contact: bool = False) -> tuple[Table, int]:
    """Every letter written, and how many were to people who may not be contacted now: their name and
    the file (named after them) are withheld unless ``include_no_contact``."""
    withheld, data = 0, []
    with ctx.session() as s:
        blocked = set() if include_no_contact else blocked_person_ids(s)
        for letter, person, org in s.execute(_letter_query().order_by(Letter.id)):
            r = _letter_row(ctx.data_dir, letter, person, org)
            recipient, file_path = r.recipient, r.file_path
            if person is not None and person.id in blocked:
                recipient, file_path, withheld = WITHHELD, "", withheld + 1
            data.append([r.id, r.created_at, r.template_name, r.template_version, recipient, r.organisation,
                         r.purpose, file_path, r.run_id])
    return Table(LETTER_HEADERS, data, len(data), "Letters"), withheld
