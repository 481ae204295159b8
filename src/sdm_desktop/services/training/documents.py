"""Certificates of completion, invitations and reminders for a cohort, from bundled Word templates.

Each document is rendered in the sandbox (``letters.render.render_docx``) with plain values,
into a staging folder first; only when every document rendered are the files moved into
place and recorded in the ``letter`` table (so they show on each person's timeline).
Invitations and reminders honour do-not-contact and consent (``people.can_be_contacted``).
A certificate is a record of achievement handed to the person, so every completer gets one; for
someone who may not be contacted it carries no postal address (to hand over, not to post), and the
report says so.
"""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from sdm_desktop import paths
from sdm_desktop.db.models import Cohort, Enrolment, Letter, LetterRun, Person, Setting
from sdm_desktop.errors import UserError
from sdm_desktop.progress import Progress
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.versions import write_derived
from sdm_desktop.services.register.people import can_be_contacted
from sdm_desktop.services.training.completion import attended_session_dates
from sdm_desktop.services.training.statuses import person_name

TEMPLATES = {"certificate": "training_certificate.docx", "invitation": "training_invitation.docx",
             "reminder": "training_reminder.docx"}
RECIPIENTS = {"certificate": ("completed",), "invitation": ("invited", "enrolled"),
              "reminder": ("enrolled", "attended")}
NOBODY = {"certificate": "nobody on the cohort has completed it yet",
          "invitation": "nobody on the cohort is invited or enrolled",
          "reminder": "nobody on the cohort is enrolled or attending"}
ORGANISATION_SETTING = "letters.organisation"
DEFAULT_ORGANISATION = "Shared Decision Making programme team"


@dataclass
class DocumentReport:
    kind: str
    written: list[Path] = field(default_factory=list)
    excluded: list[tuple[str, str]] = field(default_factory=list)     # (name, reason)
    unaddressed: list[str] = field(default_factory=list)              # certificates with no postal address

    def summary(self) -> str:
        noun = {"certificate": "certificate", "invitation": "invitation", "reminder": "reminder"}[self.kind]
        text = f"{len(self.written)} {noun}{'' if len(self.written) == 1 else 's'} written"
        if not self.written and not self.excluded:
            text += f": {NOBODY[self.kind]}"
        if self.excluded:
            text += f"; {len(self.excluded)} left out (" + "; ".join(f"{n}: {r}" for n, r in self.excluded) + ")"
        if self.unaddressed:
            text += ("; without a postal address, to hand over rather than post (may not be contacted): "
                     + ", ".join(self.unaddressed))
        return text


def bundled_template(kind: str) -> Path:
    path = paths.templates_dir() / TEMPLATES[kind]
    if not path.is_file():
        raise UserError(f"The bundled template {path} is missing; reinstall SDM Desktop.")
    return path


def write_documents(ctx: AppContext, cohort_id: int, kind: str, output_dir: Path, *,
                    person_ids: list[int] | None = None, template: Path | None = None,
                    progress: Progress | None = None, today: date | None = None) -> DocumentReport:
    """Write certificates (to completers) or invitations/reminders (to enrolled people) for a cohort."""
    if kind not in TEMPLATES:
        raise UserError(f"Unknown document kind {kind!r}; use certificate, invitation or reminder.")
    template = Path(template) if template else bundled_template(kind)
    if template.is_dir():
        raise UserError(f"The template {template} is a folder, not a .docx file.")
    if not template.is_file():
        raise UserError(f"The template {template} does not exist.")
    output_dir = Path(output_dir)
    if output_dir.exists() and not output_dir.is_dir():
        raise UserError(f"Cannot write {kind}s to {output_dir}: it is a file, not a folder.")
    progress = progress or Progress()
    today = today or date.today()
    report = DocumentReport(kind)
    staging = output_dir / f".staging-{uuid.uuid4().hex[:8]}"
    try:
        with ctx.session() as s:
            cohort = s.get(Cohort, cohort_id)
            if cohort is None:
                raise UserError("That cohort no longer exists.")
            if kind == "reminder" and not any(t.starts_at.date() >= today for t in cohort.sessions):
                raise UserError(f"{cohort.name} has no sessions still to come, so there is nothing to remind "
                                "people about.")
            recipients = _recipients(s, cohort, kind, person_ids, report)
            if not recipients:
                return report                      # nothing to write: no folder made either
            try:
                output_dir.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise UserError(f"Cannot create the folder {output_dir}: {exc.strerror or exc}") from exc
            progress.start(len(recipients), f"Writing {kind}s for {cohort.name}")
            run = LetterRun(template_name=template.name, output_dir=paths.stored_path(ctx.data_dir, output_dir),
                            recipient_count=len(recipients), excluded_count=len(report.excluded),
                            filters=f"training {kind}: cohort {cohort.name}")
            s.add(run)
            s.flush()
            staged = []
            from sdm_desktop.letters.render import OutputNotWritable, render_docx  # docxtpl: only when writing
            for enrolment, person in recipients:
                values = document_values(s, cohort, enrolment, person, kind, today)
                if kind == "certificate" and not can_be_contacted(person)[0]:
                    values["address"] = []
                    report.unaddressed.append(person.display_name)
                name = file_name(kind, cohort.name, person)
                try:
                    render_docx(template, values, staging / name)
                except (OSError, OutputNotWritable) as exc:
                    raise UserError(f"Cannot write in {output_dir}: {exc.strerror or exc}; "
                                    "nothing was written.") from exc
                staged.append((enrolment, person, name))
                progress.step()
            for enrolment, person, name in staged:
                final = output_dir / name
                s.add(Letter(run_id=run.id, person_id=person.id, template_name=template.name,
                             file_path=paths.stored_path(ctx.data_dir, final), purpose=kind))
                if kind == "certificate":
                    write_derived(s, enrolment, certificate_issued_on=today)     # the app's own record
                audit.record(s, f"write {kind}", "person", person.id, cohort_id=cohort.id, file=str(final))
            s.flush()
            _move_into_place(staging, output_dir, [name for _e, _p, name in staged], report)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return report


def _move_into_place(staging: Path, output_dir: Path, names: list[str], report: DocumentReport) -> None:
    """Move every staged file into the folder, or none: files moved before a failure are taken back
    (the database changes roll back with the raised error)."""
    moved: list[Path] = []
    try:
        for name in names:
            os.replace(staging / name, output_dir / name)
            moved.append(output_dir / name)
    except OSError as exc:
        for path in moved:
            path.unlink(missing_ok=True)
        raise UserError(f"Cannot write {name} in {output_dir}: {exc.strerror or exc}; nothing was written.") from exc
    report.written.extend(moved)


def _recipients(s, cohort: Cohort, kind: str, person_ids: list[int] | None,
                report: DocumentReport) -> list[tuple[Enrolment, Person]]:
    query = (select(Enrolment, Person).join(Person, Person.id == Enrolment.person_id)
             .where(Enrolment.cohort_id == cohort.id).order_by(Person.last_name, Person.first_name))
    if person_ids is not None:
        query = query.where(Enrolment.person_id.in_(person_ids))
    chosen, on_cohort = [], set()
    for enrolment, person in s.execute(query):
        on_cohort.add(person.id)
        if enrolment.status not in RECIPIENTS[kind]:
            if person_ids is not None:
                report.excluded.append((person.display_name, f"status is {enrolment.status.replace('_', ' ')}"))
            continue
        if kind != "certificate":
            ok, reason = can_be_contacted(person)
            if not ok:
                report.excluded.append((person.display_name, reason))
                continue
        chosen.append((enrolment, person))
    if person_ids is not None:
        missing = [i for i in dict.fromkeys(person_ids) if i not in on_cohort]
        if not chosen and not report.excluded:
            raise UserError("None of the chosen people are on this cohort.")
        for person_id in missing:          # named, so a mistyped id is not passed over in silence
            person = s.get(Person, person_id)
            report.excluded.append((person.display_name, "not on this cohort") if person is not None
                                   else (f"person {person_id}", "not in the register"))
    return chosen


def document_values(s, cohort: Cohort, enrolment: Enrolment, person: Person, kind: str, today: date) -> dict:
    """Plain values only (the sandbox never sees ORM objects)."""
    programme = cohort.programme
    trainer = s.get(Person, enrolment.trained_by_person_id) if enrolment.trained_by_person_id else None
    upcoming = [t for t in cohort.sessions if t.starts_at.date() >= today]
    shown = upcoming if kind == "reminder" else list(cohort.sessions)
    return {
        "organisation": _organisation(s),
        "name": person.display_name,
        "salutation": _salutation(person),
        "address": [v for v in (person.address_line1, person.address_line2, person.address_line3, person.town,
                                person.county, person.postcode) if v],
        "programme": programme.name,
        "description": programme.description or "",
        "learning_outcomes": [line.strip(" -•\t") for line in (programme.learning_outcomes or "").splitlines()
                              if line.strip(" -•\t")],
        "sessions_required": programme.sessions_required,
        "cohort": cohort.name,
        "where": ("Online" + (f" ({cohort.venue})" if cohort.venue else "")) if cohort.online
                 else (f"At {cohort.venue}" if cohort.venue else "Venue to be confirmed"),
        "sessions": [_session_values(t) for t in shown],
        "upcoming": bool(upcoming),
        "facilitators": cohort.facilitators or person_name(trainer) or "The training team",
        "trainer": person_name(trainer),
        "attended": len(attended_session_dates(s, enrolment.id)),
        "completed_on": long_date(enrolment.completed_on) if enrolment.completed_on else "",
        "issued_on": long_date(today),
        "today": long_date(today),
        "certificate_number": f"SDM-{cohort.id:04d}-{enrolment.id:06d}",
        "access_needs": _access_needs(person),
    }


def _session_values(t) -> dict:
    end = t.starts_at.timestamp() + t.duration_minutes * 60
    hours, minutes = divmod(t.duration_minutes, 60)
    duration = ((f"{hours} hour{'s' if hours != 1 else ''}" if hours else "")
                + (f" {minutes} minutes" if minutes else ""))
    return {"date": long_date(t.starts_at.date(), weekday=True),
            "time": f"{t.starts_at:%H:%M}–{datetime.fromtimestamp(end):%H:%M}",
            "duration": duration.strip(), "topic": t.topic or ""}


def long_date(value: date, weekday: bool = False) -> str:
    text = f"{value.day} {value:%B %Y}"
    return f"{value:%A} {text}" if weekday else text


def _salutation(person: Person) -> str:
    if person.title and person.last_name:
        return f"{person.title} {person.last_name}"
    return person.first_name or person.display_name


def _access_needs(person: Person) -> str:
    needs = [text for flag, text in ((person.needs_large_print, "large print"), (person.needs_easy_read, "easy read"))
             if flag]
    if person.needs_interpreter:
        needs.append(f"an interpreter ({person.interpreter_language})" if person.interpreter_language
                     else "an interpreter")
    if person.access_needs_other:
        needs.append(person.access_needs_other)
    return ", ".join(needs)


def _organisation(s) -> str:
    setting = s.get(Setting, ORGANISATION_SETTING)
    return (setting.value if setting is not None and setting.value else DEFAULT_ORGANISATION)


def file_name(kind: str, cohort_name: str, person: Person) -> str:
    """certificate-Spring-2026-Mr-Łukasz-Żółkiewski-3.docx: letters in any alphabet are kept (as in letters),
    everything else becomes a hyphen."""
    def slug(text: str) -> str:
        return re.sub(r"[\W_]+", "-", unicodedata.normalize("NFC", text)).strip("-")[:40] or "x"
    return f"{kind}-{slug(cohort_name)}-{slug(person.display_name)}-{person.id}.docx"
