"""Subject access export: everything held about one person, for answering a UK GDPR subject access
request, as one ZIP (README.txt, person.xlsx, person.json and copies of their own letter files).

Written all-or-nothing: to a temporary file beside the target, renamed into place at the end.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sdm_desktop import __version__
from sdm_desktop.errors import UserError
from sdm_desktop.progress import Progress
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.exporting.tables import neutralise
from sdm_desktop.services.privacy.subject_access_record import (
    PersonRecord,
    gather,
)


@dataclass
class SarReport:
    path: Path
    name: str
    counts: dict[str, int]
    files: int

    def summary(self) -> str:
        parts = ", ".join(f"{n} {k.lower()}" for k, n in self.counts.items() if k != "Person")
        return f"Subject access export for {self.name} written to {self.path} ({parts}; {self.files} letter files)."


def write_subject_access(ctx: AppContext, person_id: int, target: Path, progress: Progress | None = None,
                         now: datetime | None = None) -> SarReport:
    target = Path(target)
    if target.suffix.lower() != ".zip":
        raise UserError(f"The subject access export is a ZIP file: the name must end in .zip, not {target.name}.")
    if not target.parent.is_dir():
        raise UserError(f"Cannot write {target}: the folder {target.parent} does not exist.")
    if target.is_dir():
        raise UserError(f"Cannot write {target}: that is a folder; give a file name ending in .zip.")
    progress = progress or Progress()
    progress.start(4, "Collecting what is held")
    record = gather(ctx, person_id)
    progress.step()
    now = now or datetime.now()
    try:
        handle, temp = tempfile.mkstemp(prefix=".sar-", suffix=".zip.part", dir=target.parent)
    except OSError as exc:
        raise UserError(f"Cannot write {target}: {exc.strerror or exc}.") from exc
    os.close(handle)
    try:
        names = _write_zip(Path(temp), record, now, progress)
        with ctx.session() as s:
            audit.record(s, "subject access export", "person", person_id, file=target.name, files=len(names))
            s.flush()           # a database that cannot take the entry refuses it before the file is in place
            os.replace(temp, target)
    except BaseException as exc:
        Path(temp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise UserError(f"Cannot write {target}: {exc.strerror or exc}.") from exc
        raise
    counts = {s.name: len(s.rows) for s in record.sections}
    return SarReport(target, record.name, counts, len(names))


def _write_zip(path: Path, record: PersonRecord, now: datetime, progress: Progress) -> list[str]:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("person.xlsx", workbook_bytes(record))
        progress.step()
        archive.writestr("person.json", json.dumps(as_json(record, now), indent=2, ensure_ascii=False, default=_plain))
        progress.step()
        names = _add_files(archive, record.files, lambda f: f"letters/{f.name}", "letter file", progress)
        attached = _add_files(archive, record.attachments, lambda f: f"email attachments/{f.parent.name}-{f.name}",
                              "email attachment", progress)
        archive.writestr("README.txt", readme(record, now, names, attached))
        progress.step()
    return names


def _add_files(archive: zipfile.ZipFile, files, name_of, what: str, progress: Progress) -> list[str]:
    """Copy each file into the archive under a name of its own; the names used, in order."""
    names: list[str] = []
    for file in files:
        name = _unique(name_of(file), names)
        try:
            archive.write(file, name)
        except OSError as exc:
            raise UserError(f"Cannot read the {what} {file}: {exc.strerror or exc}. Nothing was written.") from exc
        names.append(name)
        progress.check()
    return names


def _unique(name: str, taken: list[str]) -> str:
    stem, dot, suffix = name.rpartition(".")
    candidate, n = name, 2
    while candidate in taken:
        candidate = f"{stem} ({n}).{suffix}" if dot else f"{name} ({n})"
        n += 1
    return candidate


def _plain(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def as_json(record: PersonRecord, now: datetime) -> dict:
    out: dict = {"made_at": now.isoformat(timespec="seconds"), "made_by": f"SDM Desktop {__version__}",
                 "person_id": record.person_id}
    for section in record.sections:
        key = section.name.lower().replace(" ", "_")
        if section.name == "Person":
            out[key] = {field: value for field, value in section.rows}
        else:
            out[key] = [dict(zip(section.headers, row, strict=False)) for row in section.rows]
    out["letter_files_included"] = [f"letters/{p.name}" for p in record.files]
    out["email_attachments_included"] = [f"email attachments/{p.parent.name}-{p.name}" for p in record.attachments]
    out["combined_documents_not_included"] = [str(p) for p in record.combined]
    return out


def workbook_bytes(record: PersonRecord) -> bytes:
    """One sheet per section: bold frozen header, filters, formula-like text neutralised."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for section in record.sections:
        sheet = book.create_sheet(section.name[:31])
        sheet.append([neutralise(h) for h in section.headers])
        for cell in sheet[1]:
            cell.font = bold
        for row in section.rows:
            sheet.append([_cell(v) for v in row])
        sheet.freeze_panes = "A2"
        if section.rows:
            sheet.auto_filter.ref = sheet.dimensions
        for index, header in enumerate(section.headers, start=1):
            longest = max([len(str(header))] + [len(str(r[index - 1] or "")) for r in section.rows[:200]])
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = max(10, min(60, longest + 2))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value):
    if isinstance(value, str):
        from sdm_desktop.services.exporting.xlsx_writer import ILLEGAL_XML
        return neutralise(ILLEGAL_XML.sub("", value))
    return value


def readme(record: PersonRecord, now: datetime, included: list[str], attached: list[str] = ()) -> str:
    counts = "\n".join(f"      - {s.name}: {len(s.rows)} {'fields' if s.name == 'Person' else 'rows'}"
                       for s in record.sections)
    lines = [
        "SUBJECT ACCESS EXPORT",
        "",
        f"Person: {record.name} (record {record.person_id})",
        f"Made: {now:%d %B %Y at %H:%M} with SDM Desktop {__version__}",
        "",
        "This archive holds everything SDM Desktop stores about this person, for answering a subject",
        "access request under the UK GDPR (Article 15).",
        "",
        "What is included:",
        "  - person.xlsx: one sheet for each kind of record:",
        counts,
        "  - person.json: the same data, for reading by a program.",
        f"  - letters/: copies of the {len(included)} letters and certificates written to this person alone "
        "that are still on disk.",
        f"  - email attachments/: copies of the {len(attached)} attachments kept with emails logged with this "
        "person (named by the message's number; a '.blocked' file is one that could run code: do not open it).",
        "",
        "What is not included:",
        "  - Combined print documents (one letter a page) and their PDFs, because they also hold letters to",
        "    other people. Their letters are listed in the Letters sheet; the combined documents are:",
    ]
    lines += [f"      {p}" for p in record.combined] or ["      (none)"]
    if record.missing:
        lines += ["  - Letter files that were recorded but are no longer on disk:"]
        lines += [f"      {p}" for p in record.missing]
    lines += [
        "  - Backups of the database and files saved outside SDM Desktop (exports, emails, paper records).",
        "  - Records about groups they belong to (only their memberships are listed), and other people's",
        "    records that may mention them.",
        "",
        "Check the contents before sending, and send it securely.",
    ]
    return "\n".join(lines) + "\n"
