"""What the subject access export, the erase and the retention review share: finding the person,
their letter files, and what the backups still hold."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sdm_desktop.db.models import Letter, LetterRun, Person
from sdm_desktop.errors import UserError
from sdm_desktop.letters.largeprint import large_print_twin
from sdm_desktop.paths import resolve_stored


def person_or_error(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id) if 0 < person_id < 2 ** 63 else None
    if person is None:
        raise UserError(f"There is no person with id {person_id}.")
    return person


def person_label(person: Person) -> str:
    return f"{person.display_name} (person {person.id})"


def any_person_choices(ctx, text: str = "", limit: int = 50) -> list[tuple[int, str]]:
    """(id, name) of people matching the text, archived ones too (a request may be about anyone)."""
    from sdm_desktop.services.core.text import like_escape, search_terms

    terms = [Person.search_text.like(f"%{like_escape(t)}%", escape="\\") for t in search_terms(text)]
    if text.strip().isdigit():
        terms = [Person.id == int(text.strip())] if int(text.strip()) < 2 ** 63 else [Person.id.is_(None)]
    with ctx.session() as s:
        rows = s.execute(select(Person.id, Person.title, Person.first_name, Person.last_name, Person.archived_at)
                         .where(*terms).order_by(func.lower(Person.last_name), func.lower(Person.first_name))
                         .limit(limit))
        return [(r[0], " ".join(p for p in (r[1], r[2], r[3]) if p) + (" (archived)" if r[4] else ""))
                for r in rows]


LARGE_PRINT = "large print"                  # a letter's purpose when it was written in large print


@dataclass
class LetterFiles:
    """A person's letter and certificate files, sorted by what may be done with them."""

    individual: list[Path] = field(default_factory=list)     # written for them alone
    combined: list[Path] = field(default_factory=list)       # print documents that also hold other letters
    recorded: list[str] = field(default_factory=list)        # the individual files' paths as stored

    def existing(self) -> list[Path]:
        return [p for p in self.individual if p.is_file()]

    def missing(self) -> list[Path]:
        return [p for p in self.individual if not p.is_file()]


def letter_files(session: Session, person_id: int, data_dir: Path) -> LetterFiles:
    """Files of letters written to the person: their own documents, and the combined documents
    (one letter a page, or a PDF of them) that also hold letters to other people. Paths are as they are
    now: relative ones, and old absolute ones into a data folder since moved, are found in ``data_dir``."""
    out = LetterFiles()
    rows = session.execute(select(Letter.file_path, LetterRun.combined_path, LetterRun.pdf_path)
                           .outerjoin(LetterRun, LetterRun.id == Letter.run_id)
                           .where(Letter.person_id == person_id, Letter.file_path.is_not(None))).all()
    paths = {r.file_path for r in rows}
    shared = set()
    if paths:
        shared = set(session.scalars(select(Letter.file_path).where(
            Letter.file_path.in_(paths), (Letter.person_id != person_id) | Letter.person_id.is_(None))))
    for file_path, combined_path, pdf_path in rows:
        path = resolve_stored(data_dir, file_path)
        if file_path in shared or file_path in (combined_path, pdf_path):
            _add(out.combined, path)
        elif path not in out.individual:
            out.individual.append(path)
            out.recorded.append(file_path)
    for combined_path, pdf_path, purpose in session.execute(
            select(LetterRun.combined_path, LetterRun.pdf_path, Letter.purpose)
            .join(Letter, Letter.run_id == LetterRun.id).where(Letter.person_id == person_id).distinct()):
        for value in (combined_path, pdf_path):
            path = resolve_stored(data_dir, value)
            _add(out.combined, large_print_twin(path) if path and purpose == LARGE_PRINT else path)
    return out


def _add(paths: list[Path], path: Path | None) -> None:
    if path is not None and path not in paths:
        paths.append(path)


def inside(folder: Path, path: Path) -> bool:
    """True when ``path`` is inside ``folder`` (symbolic links resolved)."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


@dataclass
class BackupSummary:
    count: int
    oldest: datetime | None
    folder: Path

    def sentence(self) -> str:
        if not self.count:
            return f"There are no backups in {self.folder}."
        oldest = f"{self.oldest:%d %b %Y}" if self.oldest else "unknown"
        if self.count == 1:
            return (f"1 backup in {self.folder} (from {oldest}) still holds the data as it was when it was made, "
                    "until it is rotated out or deleted.")
        return (f"{self.count} backups in {self.folder} (the oldest from {oldest}) still hold the data as it was "
                "when they were made, until they are rotated out or deleted.")


def backup_summary(data_dir: Path) -> BackupSummary:
    folder = data_dir / "backups"
    files = sorted(folder.glob("*.sqlite3")) if folder.is_dir() else []
    times = []
    for path in files:
        try:
            times.append(datetime.fromtimestamp(path.stat().st_mtime))
        except OSError:
            continue
    return BackupSummary(len(files), min(times) if times else None, folder)


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months; 31 January + 1 month is 28 (or 29) February."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def count(session: Session, model, *conditions) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0
