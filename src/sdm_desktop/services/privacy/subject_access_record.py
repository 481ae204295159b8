"""What a subject access export holds about one person, gathered from every table, as plain sections."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

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
from sdm_desktop.services.consultation.privacy import SECTION_HEADERS as RESPONSE_HEADERS
from sdm_desktop.services.consultation.privacy import SECTION_NAME as RESPONSES
from sdm_desktop.services.consultation.privacy import person_response_rows
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
from sdm_desktop.services.equality.monitoring import monitoring_rows
from sdm_desktop.services.privacy.audit_trail import HEADERS as AUDIT_HEADERS
from sdm_desktop.services.privacy.audit_trail import AuditFilter, audit_rows, row_values
from sdm_desktop.services.privacy.common import letter_files, person_or_error
from sdm_desktop.services.privacy.emails import EMAIL_HEADERS, attachment_files, emails_section_rows
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
    attachments: list[Path] = field(default_factory=list)      # kept attachments of emails logged with them

    def section(self, name: str) -> Section:
        return next(s for s in self.sections if s.name == name)


def gather(ctx: AppContext, person_id: int) -> PersonRecord:
    """Everything held about the person, as named tables."""
    with ctx.session() as s:
        person = person_or_error(s, person_id)
        tags = ", ".join(sorted(t.name for t in person.tags))
        rows = [[text, _choice(column, getattr(person, column))] for column, text in PERSON_FIELDS]
        rows.insert(-5, ["Tags", tags])
        sections = [Section("Person", ["Field", "Value"], rows),
                    _memberships(s, person_id), _assessments(s, person_id), _interactions(s, person_id),
                    Section("Emails", EMAIL_HEADERS, emails_section_rows(s, person_id)),
                    _activities(s, person_id), _training(s, person_id), _letters(s, person_id),
                    _shares(s, person_id), _import_history(s, person_id),
                    Section("Equality monitoring", ["Question", "Answer"], monitoring_rows(s, person_id)),
                    Section(RESPONSES, RESPONSE_HEADERS, person_response_rows(s, person_id))]
        files = letter_files(s, person_id, ctx.data_dir)
        attachments = attachment_files(s, person_id, ctx.data_dir)
        name = person.display_name
    audit_section = Section("Audit trail", AUDIT_HEADERS,
                            [row_values(r) for r in audit_rows(ctx, AuditFilter(person_id=person_id))])
    sections.append(audit_section)
    existing = files.existing()
    return PersonRecord(person_id, name, sections, existing,
                        [p for p in files.individual if p not in existing], files.combined, attachments)


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
