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
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from sdm_desktop import __version__
from sdm_desktop.db.models import (
    Activity,
    ActivityTarget,
    AnalysisRound,
    Assessment,
    Attendance,
    Cohort,
    EngagementPlan,
    Enrolment,
    ImportBatch,
    ImportChange,
    Interaction,
    Letter,
    Membership,
    Organisation,
    OrganisationType,
    Person,
    Programme,
    Resource,
    ShareLog,
    Tag,
    TrainingSession,
)
from sdm_desktop.errors import UserError
from sdm_desktop.progress import Progress
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.vocab import (
    CONTACT_CHANNELS,
    IAP2_LEVELS,
    LAWFUL_BASES,
    PARTICIPANT_TYPES,
    PPE_LEVELS,
    label,
)
from sdm_desktop.services.engagement.interactions import CHANNELS
from sdm_desktop.services.engagement.plans import ACTIVITY_STATUSES, METHODS
from sdm_desktop.services.exporting.tables import neutralise
from sdm_desktop.services.privacy.audit_trail import HEADERS as AUDIT_HEADERS
from sdm_desktop.services.privacy.audit_trail import AuditFilter, audit_rows, row_values
from sdm_desktop.services.privacy.common import letter_files, person_or_error
from sdm_desktop.services.training.statuses import ENROLMENT_STATUSES

# The Person sheet: (column, label), every stored field except the search index.
PERSON_FIELDS = [
    ("id", "Record id"), ("title", "Title"), ("first_name", "First name"), ("last_name", "Last name"),
    ("role", "Role"), ("email", "Email"), ("phone", "Phone"), ("address_line1", "Address line 1"),
    ("address_line2", "Address line 2"), ("address_line3", "Address line 3"), ("town", "Town"),
    ("county", "County"), ("postcode", "Postcode"), ("preferred_channel", "Preferred channel"),
    ("needs_large_print", "Needs large print"), ("needs_easy_read", "Needs easy read"),
    ("needs_interpreter", "Needs an interpreter"), ("interpreter_language", "Interpreter language"),
    ("access_needs_other", "Other access needs"), ("is_patient_rep", "Patient representative"),
    ("participant_type", "Participant type"), ("profession", "Profession"), ("do_not_contact", "Do not contact"),
    ("consent_contact", "Consents to be contacted"), ("consent_contact_date", "Contact consent date"),
    ("consent_contact_how", "Contact consent: how it was given"),
    ("consent_data", "Consents to us holding their data"), ("consent_data_date", "Data consent date"),
    ("consent_data_how", "Data consent: how it was given"), ("lawful_basis", "Lawful basis"),
    ("special_category_consent", "Special category data: explicit consent"),
    ("retention_review_on", "Review retention on"), ("notes", "Notes"), ("active", "Active"),
    ("archived_at", "Archived"), ("erased_at", "Erased"), ("created_at", "Record created"),
    ("updated_at", "Record last changed"),
]
CHOICES = {"preferred_channel": CONTACT_CHANNELS, "participant_type": PARTICIPANT_TYPES,
           "lawful_basis": LAWFUL_BASES}


@dataclass
class Section:
    name: str
    headers: list[str]
    rows: list[list]


@dataclass
class PersonRecord:
    person_id: int
    name: str
    sections: list[Section]
    files: list[Path] = field(default_factory=list)            # their own letters that exist on disk
    missing: list[Path] = field(default_factory=list)          # recorded but no longer on disk
    combined: list[Path] = field(default_factory=list)         # print documents shared with other people

    def section(self, name: str) -> Section:
        return next(s for s in self.sections if s.name == name)


@dataclass
class SarReport:
    path: Path
    name: str
    counts: dict[str, int]
    files: int

    def summary(self) -> str:
        parts = ", ".join(f"{n} {k.lower()}" for k, n in self.counts.items() if k != "Person")
        return f"Subject access export for {self.name} written to {self.path} ({parts}; {self.files} letter files)."


def gather(ctx: AppContext, person_id: int) -> PersonRecord:
    """Everything held about the person, as named tables."""
    with ctx.session() as s:
        person = person_or_error(s, person_id)
        tags = ", ".join(sorted(t.name for t in person.tags))
        rows = [[text, _choice(column, getattr(person, column))] for column, text in PERSON_FIELDS]
        rows.insert(-5, ["Tags", tags])
        sections = [Section("Person", ["Field", "Value"], rows),
                    _memberships(s, person_id), _assessments(s, person_id), _interactions(s, person_id),
                    _activities(s, person_id), _training(s, person_id), _letters(s, person_id),
                    _shares(s, person_id), _import_history(s, person_id)]
        files = letter_files(s, person_id)
        name = person.display_name
    audit_section = Section("Audit trail", AUDIT_HEADERS,
                            [row_values(r) for r in audit_rows(ctx, AuditFilter(person_id=person_id))])
    sections.append(audit_section)
    existing = files.existing()
    return PersonRecord(person_id, name, sections, existing,
                        [p for p in files.individual if p not in existing], files.combined)


def _choice(column: str, value):
    return label(CHOICES[column], value) if column in CHOICES and value else value


def _memberships(s, person_id: int) -> Section:
    rows = s.execute(select(Organisation.name, OrganisationType.name, Membership.role)
                     .join(Organisation, Organisation.id == Membership.organisation_id)
                     .join(OrganisationType).where(Membership.person_id == person_id).order_by(Organisation.name))
    return Section("Memberships", ["Group", "Type of group", "Role"], [list(r) for r in rows])


def _assessments(s, person_id: int) -> Section:
    rows = s.execute(select(Assessment, AnalysisRound.name).outerjoin(AnalysisRound)
                     .where(Assessment.person_id == person_id).order_by(Assessment.assessed_on))
    return Section("Assessments", ["Date", "Round", "Influence (1-5)", "Interest (1-5)", "Attitude",
                                   "Involvement now", "Involvement target", "Commitment now", "Commitment target",
                                   "Rationale", "Assessed by"],
                   [[a.assessed_on, rnd, a.influence, a.interest, a.attitude, a.involvement_current,
                     a.involvement_target, a.commitment_current, a.commitment_target, a.rationale, a.assessed_by]
                    for a, rnd in rows])


def _interactions(s, person_id: int) -> Section:
    rows = s.execute(select(Interaction, Organisation.name, Activity.title)
                     .outerjoin(Organisation, Organisation.id == Interaction.organisation_id)
                     .outerjoin(Activity, Activity.id == Interaction.activity_id)
                     .where(Interaction.person_id == person_id).order_by(Interaction.occurred_on, Interaction.id))
    return Section("Interactions", ["Date", "Channel", "Direction", "Summary", "Outcome", "Follow-up action",
                                    "Action owner", "Due", "Done", "Done on", "Feedback", "What we did",
                                    "Group", "Activity"],
                   [[i.occurred_on, label(CHANNELS, i.channel), "from them" if i.direction == "in" else "from us",
                     i.summary, i.outcome, i.action, i.action_owner, i.due_on, i.done, i.done_on, i.is_feedback,
                     i.change_made, org, activity] for i, org, activity in rows])


def _activities(s, person_id: int) -> Section:
    rows = s.execute(select(Activity, EngagementPlan.title).join(EngagementPlan)
                     .join(ActivityTarget, ActivityTarget.activity_id == Activity.id)
                     .where(ActivityTarget.person_id == person_id).order_by(Activity.planned_date, Activity.id))
    return Section("Activities", ["Plan", "Activity", "Method", "Level of engagement", "IAP2 level", "Planned date",
                                  "End date", "Status", "Outcome"],
                   [[plan, a.title, label(METHODS, a.method), label(PPE_LEVELS, a.ppe_level),
                     label(IAP2_LEVELS, a.iap2_level), a.planned_date, a.end_date,
                     label(ACTIVITY_STATUSES, a.status), a.outcome] for a, plan in rows])


def _training(s, person_id: int) -> Section:
    trainer = aliased(Person)
    attended = (select(Attendance.enrolment_id, func.count().label("n")).where(Attendance.attended.is_(True))
                .group_by(Attendance.enrolment_id).subquery())
    rows = s.execute(select(Programme.name, Cohort.name, Cohort.start_date, Enrolment,
                            trainer.title, trainer.first_name, trainer.last_name, func.coalesce(attended.c.n, 0))
                     .join(Cohort, Cohort.id == Enrolment.cohort_id).join(Programme)
                     .outerjoin(trainer, trainer.id == Enrolment.trained_by_person_id)
                     .outerjoin(attended, attended.c.enrolment_id == Enrolment.id)
                     .where(Enrolment.person_id == person_id).order_by(Cohort.start_date, Cohort.name))
    statuses = dict(ENROLMENT_STATUSES)
    out = []
    for prog, cohort, start, e, t_title, t_first, t_last, n in rows:
        dates = s.scalars(select(TrainingSession.starts_at)
                          .join(Attendance, Attendance.session_id == TrainingSession.id)
                          .where(Attendance.enrolment_id == e.id, Attendance.attended.is_(True))
                          .order_by(TrainingSession.starts_at))
        override = {True: "completed", False: "not completed"}.get(e.completion_override, "")
        out.append(["participant", prog, cohort, start, statuses.get(e.status, e.status), e.waiting_position, n,
                    ", ".join(f"{d:%d/%m/%Y}" for d in dates), e.completed_on, override, e.override_reason,
                    " ".join(p for p in (t_title, t_first, t_last) if p), e.certificate_issued_on,
                    e.reaction_score, e.confidence_before, e.confidence_after])
    for prog, cohort, start in s.execute(select(Programme.name, Cohort.name, Cohort.start_date).join(Programme)
                                         .where(Cohort.trainer_person_id == person_id).order_by(Cohort.start_date)):
        out.append(["trainer", prog, cohort, start] + [None] * 12)
    named = (select(Programme.name, Cohort.name, Cohort.start_date, func.count(Enrolment.id))
             .select_from(Enrolment).join(Cohort, Cohort.id == Enrolment.cohort_id).join(Programme)
             .where(Enrolment.trained_by_person_id == person_id,
                    Cohort.trainer_person_id.is_distinct_from(person_id))
             .group_by(Cohort.id, Programme.name, Cohort.name, Cohort.start_date).order_by(Cohort.start_date))
    for prog, cohort, start, n in s.execute(named):          # counted only: the participants are others' data
        out.append([f"named as the trainer of {n} participant{'s' if n != 1 else ''}", prog, cohort, start]
                   + [None] * 12)
    return Section("Training", ["Role", "Programme", "Cohort", "Cohort start", "Status", "Waiting position",
                                "Sessions attended", "Attended on", "Completed on", "Completion override",
                                "Override reason", "Trained by", "Certificate issued on", "Reaction (1-5)",
                                "Confidence before (1-10)", "Confidence after (1-10)"], out)


def _letters(s, person_id: int) -> Section:
    rows = s.execute(select(Letter, Organisation.name)
                     .outerjoin(Organisation, Organisation.id == Letter.organisation_id)
                     .where(Letter.person_id == person_id).order_by(Letter.created_at, Letter.id))
    return Section("Letters", ["Written", "Template", "Version", "Kind", "Mailing", "To the group", "File"],
                   [[letter.created_at, letter.template_name, letter.template_version, letter.purpose, letter.run_id,
                     org, Path(letter.file_path).name if letter.file_path else None] for letter, org in rows])


def _shares(s, person_id: int) -> Section:
    rows = s.execute(select(ShareLog, Resource.title, Resource.url).join(Resource)
                     .where(ShareLog.person_id == person_id).order_by(ShareLog.shared_on))
    return Section("Resources shared", ["Shared on", "Resource", "Link", "How", "Notes"],
                   [[share.shared_on, title, url, share.channel, share.notes] for share, title, url in rows])


def _import_history(s, person_id: int) -> Section:
    """Imports that created or updated the person; an update keeps their details as they were before
    it (so the import can be undone), and those are data held about them too."""
    rows = s.execute(select(ImportChange, ImportBatch.created_at, ImportBatch.file_name).join(ImportBatch)
                     .where(ImportChange.entity == "person", ImportChange.entity_id == person_id)
                     .order_by(ImportBatch.created_at, ImportChange.id))
    labels = dict(PERSON_FIELDS)
    out = []
    for change, on, file_name in rows:
        before = json.loads(change.before_json) if change.before_json else None
        text = None
        if isinstance(before, dict):
            values = before.get("row") or {}
            parts = [f"{labels.get(k, k)}: {v}" for k, v in values.items()
                     if k in labels and k not in ("id", "created_at", "updated_at") and v not in (None, "")]
            tags = [s.get(Tag, t) for t in before.get("tags") or []]
            if tags:
                parts.append("Tags: " + ", ".join(t.name for t in tags if t is not None))
            groups = []
            for org_id, role in before.get("memberships") or []:
                org = s.get(Organisation, org_id)
                groups.append(f"{org.name if org else f'group {org_id}'} ({role})")
            if groups:
                parts.append("Memberships: " + "; ".join(groups))
            text = "; ".join(parts)
        out.append([on, file_name, {"create": "created", "update": "updated"}.get(change.action, change.action), text])
    return Section("Import history", ["Imported on", "File", "Change", "Details before the import"], out)


# --- writing ------------------------------------------------------------------------------------
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
            os.replace(temp, target)
            audit.record(s, "subject access export", "person", person_id, file=target.name, files=len(names))
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
        names: list[str] = []
        for file in record.files:
            name = _unique(f"letters/{file.name}", names)
            try:
                archive.write(file, name)
            except OSError as exc:
                raise UserError(f"Cannot read the letter file {file}: {exc.strerror or exc}. "
                                "Nothing was written.") from exc
            names.append(name)
            progress.check()
        archive.writestr("README.txt", readme(record, now, names))
        progress.step()
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


def readme(record: PersonRecord, now: datetime, included: list[str]) -> str:
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
