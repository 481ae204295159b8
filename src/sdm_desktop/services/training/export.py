"""The training export: one row per enrolment."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from sdm_desktop.db.models import Attendance, Cohort, Enrolment, Person, Programme
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.vocab import PARTICIPANT_TYPES, label
from sdm_desktop.services.exporting.kinds import INCLUDE_NO_CONTACT, ExportKind
from sdm_desktop.services.exporting.tables import Table
from sdm_desktop.services.exporting.withheld import WITHHELD, blocked_person_ids, withheld_note
from sdm_desktop.services.register.people import can_be_contacted
from sdm_desktop.services.training.enrolment import settle_past_cohorts
from sdm_desktop.services.training.statuses import ENROLMENT_STATUSES

HEADERS = ["Programme", "Cohort", "Cohort start", "Person id", "Name", "Participant type", "Profession",
           "Status", "Waiting position", "Sessions attended", "Sessions in cohort", "Completed on",
           "Completion override", "Override reason", "Trained by", "Certificate issued on",
           "Reaction (1-5)", "Confidence before (1-10)", "Confidence after (1-10)", "May be contacted"]


def _name(title, first, last) -> str:
    return " ".join(p for p in (title, first, last) if p)


def training_table(ctx: AppContext, cohort_id: int | None = None, programme_id: int | None = None,
                   include_no_contact: bool = False) -> tuple[Table, int]:
    """Every enrolment (or those of one cohort/programme) with attendance and completion, and how many
    names were withheld: those of people (participants or trainers) who may not be contacted, as in the
    other exports, unless ``include_no_contact``."""
    trainer = aliased(Person)
    attended = (select(Attendance.enrolment_id, func.count().label("n")).where(Attendance.attended.is_(True))
                .group_by(Attendance.enrolment_id).subquery())
    with ctx.session() as s:
        session_counts = dict(s.execute(select(Cohort.id, func.count()).join(Cohort.sessions)
                                        .group_by(Cohort.id)).all())
        query = (select(Programme.name, Cohort.name, Cohort.start_date, Cohort.id, Person,
                        Enrolment, trainer.title, trainer.first_name, trainer.last_name,
                        func.coalesce(attended.c.n, 0))
                 .join(Cohort, Cohort.id == Enrolment.cohort_id).join(Programme, Programme.id == Cohort.programme_id)
                 .join(Person, Person.id == Enrolment.person_id)
                 .outerjoin(trainer, trainer.id == Enrolment.trained_by_person_id)
                 .outerjoin(attended, attended.c.enrolment_id == Enrolment.id)
                 .order_by(Programme.name, Cohort.start_date, Cohort.name, Person.last_name, Person.first_name))
        if cohort_id:
            query = query.where(Cohort.id == cohort_id)
        if programme_id:
            query = query.where(Programme.id == programme_id)
        statuses = dict(ENROLMENT_STATUSES)
        blocked = set() if include_no_contact else blocked_person_ids(s)
        rows, withheld = [], 0
        for prog, cohort, start, cid, person, e, t_title, t_first, t_last, n in s.execute(query):
            override = {True: "completed", False: "not completed"}.get(e.completion_override, "")
            person_id, name = person.id, person.display_name
            if person_id in blocked:
                person_id, name, withheld = None, WITHHELD, withheld + 1
            trainer_name = _name(t_title, t_first, t_last)
            if e.trained_by_person_id in blocked:
                trainer_name, withheld = WITHHELD, withheld + 1
            rows.append([prog, cohort, start, person_id, name,
                         label(PARTICIPANT_TYPES, person.participant_type), person.profession,
                         statuses.get(e.status, e.status), e.waiting_position, n,
                         session_counts.get(cid, 0), e.completed_on, override, e.override_reason,
                         trainer_name, e.certificate_issued_on, e.reaction_score,
                         e.confidence_before, e.confidence_after, can_be_contacted(person)[0]])
    return Table(HEADERS, rows, total=len(rows), sheet_name="Training"), withheld


def export_training(ctx: AppContext, args=None) -> tuple[Table, str]:
    """The ``export training`` kind: every enrolment. Training records, not a contact list: no contact
    details, a "May be contacted" column, and the names of people who may not be contacted withheld
    unless --include-no-contact. Cohorts that have finished are settled first, so no-shows read
    "Did not attend"."""
    settle_past_cohorts(ctx)
    table, withheld = training_table(ctx, include_no_contact=bool(getattr(args, "include_no_contact", False)))
    return table, withheld_note(withheld, args)


EXPORT_KINDS = (
    ExportKind("training", "one row per enrolment: cohort, status, attendance, completion, trainer, certificate, "
               "evaluation scores", export_training, (INCLUDE_NO_CONTACT,)),
)
