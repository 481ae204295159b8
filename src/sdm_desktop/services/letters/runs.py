"""Write a mailing: one .docx per recipient, a combined document to print, optional PDF.

Everything is written into a hidden folder first and moved into place at the end, so a
cancelled or failed run leaves nothing behind; each letter is recorded in the same
transaction as the run. A new output folder is that hidden folder renamed; into a folder that
already exists the files are moved (the folder itself, and its permissions, are kept).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from sdm_desktop.db.models import Letter, LetterRun
from sdm_desktop.errors import UserError
from sdm_desktop.letters.fields import PER_RECIPIENT
from sdm_desktop.letters.largeprint import LARGE_PRINT_SUFFIX, is_large_print_file, large_print_twin
from sdm_desktop.letters.merge_values import uk_date
from sdm_desktop.letters.pdf import UNAVAILABLE, PdfError, pdf_converter, to_pdf
from sdm_desktop.paths import stored_path
from sdm_desktop.progress import Progress
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.letters.drafts import FOLDER, addresses, write_drafts
from sdm_desktop.services.letters.recipients import (
    Excluded,
    Recipient,
    RecipientRequest,
    select_recipients,
)
from sdm_desktop.services.letters.templates import (
    content_hash,
    register_version,
    safe_file_name,
    sender_context,
    sender_details,
    template_name,
)

# The template check (jinja2, lxml) and the renderer (docxtpl, python-docx) are imported by the functions
# that use them: the Letters view imports this module, and those libraries took 60-100 ms to load on the
# GUI thread when the view first opened. The jobs that check and write load them in their worker.


def check_template(*args, **kwargs):
    from sdm_desktop.letters.check import check_template as check

    return check(*args, **kwargs)


@dataclass
class LetterRequest:
    template: Path
    output_dir: Path
    recipients: RecipientRequest = field(default_factory=RecipientRequest)
    individual: bool = True
    combined: bool = True
    pdf: bool = False
    large_print: bool = True                  # large-print copies for those who asked for them
    run_fields: dict[str, str] = field(default_factory=dict)
    email_drafts: bool = False                # also an .eml draft per recipient with an email address


@dataclass
class RunResult:
    run_id: int
    output_dir: Path
    written: int
    files: list[Path]
    combined: list[Path]
    pdfs: list[Path]
    excluded: list[Excluded]
    drafts: list[Path] = field(default_factory=list)
    no_email: list[str] = field(default_factory=list)       # written to, but no email address for a draft


def preview(ctx: AppContext, request: LetterRequest) -> tuple[list[Recipient], list[Excluded]]:
    """Who would get a letter and who would be left out, before anything is written."""
    report = check_template(request.template, set(request.run_fields))
    request.recipients.needs_address = report.needs_address or not report.usable
    return select_recipients(ctx, request.recipients)


def write_letters(ctx: AppContext, request: LetterRequest, progress: Progress | None = None) -> RunResult:
    progress = progress or Progress()
    template = Path(request.template)
    if fixed := sorted(PER_RECIPIENT & set(request.run_fields)):
        raise UserError(f"{', '.join(fixed)} {'is' if len(fixed) == 1 else 'are'} filled in for each recipient "
                        "from the register, so cannot be given one value for the whole mailing; "
                        "change the template or the register instead.")
    report = check_template(template, set(request.run_fields))
    if not report.usable:
        first = next(p for p in report.problems if p.severity == "error")
        raise UserError(f"The template {template.name} cannot be used: "
                        f"{first.where + ': ' if first.where else ''}{first.message}")
    request.combined = request.combined or request.pdf      # the PDF is of the combined document
    if request.email_drafts and not request.individual:
        raise UserError("Email drafts carry each recipient's own letter: write the individual letters too.")
    if request.pdf and pdf_converter() is None:
        raise UserError(UNAVAILABLE)
    request.recipients.needs_address = report.needs_address
    recipients, excluded = select_recipients(ctx, request.recipients)
    if not recipients:
        raise UserError(("No letters to write: the only recipient was left out" if len(excluded) == 1 else
                         f"No letters to write: all {len(excluded)} recipients were left out")
                        + f" ({left_out_text(excluded)})." if excluded
                        else "No letters to write: no recipients match the selection.")
    digest = content_hash(template)
    from sdm_desktop.letters.compiled import LetterRenderError
    base = _base_values(ctx, request)
    output = Path(request.output_dir)
    work = _working_folder(output)
    run_number = _next_run_number(ctx)
    moved: list[Path] = []
    try:
        written = _render_all(recipients, base, request, work, template, run_number, progress)
        drafts = _drafts(ctx, request, recipients, written, work, template, progress) if request.email_drafts else None
        progress.check()
        with ctx.session() as s:
            run = _record(s, ctx, request, template, digest, recipients, excluded, written)
            moved = _move_into_place(work, output)
            run_id = run.id
    except BaseException as exc:
        for path in moved:
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
        if isinstance(exc, LetterRenderError):
            raise UserError(f"Cannot fill in the template {template.name}: {exc}") from exc
        if isinstance(exc, PdfError):
            raise UserError(str(exc)) from exc
        if isinstance(exc, OSError):
            raise UserError(f"Cannot write the letters to {output}: {exc.strerror or exc}. "
                            "Nothing was written.") from exc
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return RunResult(run_id, output, len(recipients), [output / p.name for p in written.files],
                     [output / p.name for p in written.combined], [output / p.name for p in written.pdfs],
                     excluded, [output / FOLDER / p.name for p in drafts.files] if drafts else [],
                     drafts.no_email if drafts else [])


def _drafts(ctx, request, recipients, written, work: Path, template: Path, progress: Progress):
    with ctx.session() as s:
        emails = addresses(s, recipients)
    subject = request.run_fields.get("subject") or template_name(template)
    progress.label = "Writing the email drafts"
    return write_drafts(work, recipients, emails, written.files, subject, sender_details(ctx), progress.check)


def left_out_text(excluded: list[Excluded]) -> str:
    """Who was left out and why, for one line: names for a few, else how many for each reason, commonest first."""
    if len(excluded) <= 5:
        return "; ".join(f"{item.name}: {item.reason}" for item in excluded)
    counts = Counter(item.reason for item in excluded)
    return "; ".join(f"{reason}: {n}" for reason, n in counts.most_common())


def _working_folder(output: Path) -> Path:
    """A new hidden folder to write in: inside ``output`` when it exists, else beside where it will be
    (made with mkdir, so it gets the usual permissions, not a temporary folder's owner-only ones)."""
    if output.exists() and not output.is_dir():
        raise UserError(f"Cannot write letters to {output}: it is a file, not a folder.")
    base = output if output.is_dir() else output.parent
    try:
        base.mkdir(parents=True, exist_ok=True)
        for _ in range(100):
            work = base / f".{output.name}.writing-{secrets.token_hex(4)}"
            try:
                work.mkdir()
                return work
            except FileExistsError:
                continue
        raise FileExistsError(f"no free name for a working folder in {base}")
    except OSError as exc:
        raise UserError(f"Cannot write letters in {base}: {exc.strerror or exc}.") from exc


def _next_run_number(ctx: AppContext) -> int:
    """The number the run will get (the data folder is locked, so nobody else writes meanwhile)."""
    with ctx.session() as s:
        return (s.scalar(select(func.max(LetterRun.id))) or 0) + 1


def _base_values(ctx: AppContext, request: LetterRequest) -> dict:
    values = sender_context(sender_details(ctx))
    today = date.today()
    values.update(today=uk_date(today), today_short=f"{today:%d/%m/%Y}")
    values.update({k: str(v) for k, v in request.run_fields.items() if v is not None})
    return values


@dataclass
class _Written:
    files: list[Path] = field(default_factory=list)
    large: set[int] = field(default_factory=set)       # indexes of recipients sent large print
    combined: list[Path] = field(default_factory=list)
    pdfs: list[Path] = field(default_factory=list)


def _render_all(recipients: list[Recipient], base: dict, request: LetterRequest, work: Path, template: Path,
                run_number: int, progress: Progress) -> _Written:
    """The letters filled in and written into ``work`` by the worker process (held to a memory and time
    limit, see ``letters.isolation``); then the PDF, here."""
    from sdm_desktop.letters.batch import ALIVE, Batch, write_batch
    from sdm_desktop.letters.isolation import run_isolated
    from sdm_desktop.letters.package import read_package
    from sdm_desktop.letters.render import file_key

    written = _Written()
    steps = len(recipients) + (2 if request.combined else 0) + (3 if request.pdf else 0)
    progress.start(steps, f"Writing {len(recipients)} letters")
    title = safe_file_name(template_name(template), 60)
    standard = Path(f"All letters - {title}.docx")
    combined = (standard.name, large_print_twin(standard).name)
    batch = Batch(file_key(template), read_package(template), _batch_letters(recipients, base, request, run_number),
                  work, combined if request.combined else None)
    written.large = {index for index, letter in enumerate(batch.letters) if letter.large_print}

    def on_step(label: str) -> None:
        if not label:
            progress.step()
        elif label != ALIVE:
            progress.label = label

    result = run_isolated(write_batch, batch, doing="writing the letters", on_step=on_step, on_wait=progress.check)
    written.files = [work / name for name in result.files]
    written.combined = [work / name for name in result.combined]
    if request.pdf:
        progress.label = "Making the PDF"
        for path in written.combined:
            written.pdfs.append(to_pdf(path, progress))
        progress.step(3)
    return written


def _batch_letters(recipients: list[Recipient], base: dict, request: LetterRequest, run_number: int) -> list:
    """What each letter says and the file it goes in, as plain values for the worker."""
    from sdm_desktop.letters.batch import BatchLetter

    width = max(3, len(str(len(recipients))))
    letters = []
    for index, recipient in enumerate(recipients, start=1):
        values = {**base, **recipient.values, "letter_reference": f"SDM/{run_number}/{index:0{width}d}"}
        big = request.large_print and recipient.large_print
        suffix = LARGE_PRINT_SUFFIX if big else ""
        name = f"{index:0{width}d} {safe_file_name(recipient.name)}{suffix}.docx" if request.individual else None
        letters.append(BatchLetter(recipient.name, values, big, name))
    return letters


def _record(session, ctx, request, template, digest, recipients, excluded, written: _Written) -> LetterRun:
    row = register_version(session, ctx, template, digest)
    filters = {"to": request.recipients.to, "filter": asdict(request.recipients.filter),
               "ids": request.recipients.ids, "fields": request.run_fields,
               "excluded": [{"name": e.name, "reason": e.reason} for e in excluded]}
    output = Path(request.output_dir)

    def stored(path: Path | None) -> str | None:      # relative to the data folder when inside it
        return stored_path(ctx.data_dir, output / path.name) if path else None

    combined = [p for p in written.combined if not is_large_print_file(p)]
    run = LetterRun(template_id=row.id, template_name=row.name, output_dir=stored_path(ctx.data_dir, output),
                    combined_path=stored(next(iter(combined or written.combined), None)),
                    pdf_path=stored(next(iter(written.pdfs), None)),
                    recipient_count=len(recipients), excluded_count=len(excluded),
                    filters=json.dumps(filters, default=str))
    session.add(run)
    session.flush()
    large_combined = [p for p in written.combined if is_large_print_file(p)]
    letters = []
    for index, recipient in enumerate(recipients):
        if written.files:
            path = written.files[index]
        else:           # only the combined documents: the one the letter is in
            path = next(iter((large_combined if index in written.large else combined) or written.combined), None)
        letters.append(Letter(run_id=run.id, organisation_id=recipient.organisation_id,
                              person_id=recipient.person_id, template_name=row.name,
                              template_version=row.version, file_path=stored(path),
                              purpose="large print" if index in written.large else row.kind))
    session.add_all(letters)
    audit.record(session, "write", "letter_run", run.id, template=row.name, version=row.version,
                 letters=len(recipients), excluded=len(excluded))
    return run


def _move_into_place(work: Path, output: Path) -> list[Path]:
    """Rename the finished folder into place; into an existing folder only when no file would be replaced."""
    if not output.exists():
        os.replace(work, output)
        return [output]
    if not output.is_dir():
        raise UserError(f"Cannot write letters to {output}: it is a file, not a folder.")
    names = [p.name for p in work.iterdir()]
    clash = [n for n in names if (output / n).exists()]
    if clash:
        raise UserError(f"The folder {output} already holds {clash[0]}"
                        f"{f' and {len(clash) - 1} other letters' if len(clash) > 1 else ''}; "
                        "choose an empty folder so that nothing is overwritten.")
    moved = []
    try:
        for name in names:
            os.replace(work / name, output / name)
            moved.append(output / name)
    except BaseException:
        for path in moved:
            path.unlink(missing_ok=True)
        raise
    return moved
