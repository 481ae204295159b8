"""Enrolment: places and the waiting list, statuses set by hand, attendance ticks and overrides.

Ticks and overrides apply the completion rule (``completion``); ``settle_past_cohorts`` applies it
again to cohorts that have since finished (the Training view, the training commands and
``export training`` call it), so someone enrolled on a cohort whose sessions are all past with
no ticks becomes *did not attend* without anyone touching the cohort.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from sdm_desktop.db.models import Attendance, Cohort, Enrolment, Person, TrainingSession
from sdm_desktop.errors import UserError
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.undo import UndoStep
from sdm_desktop.services.core.validation import has_control_characters
from sdm_desktop.services.core.versions import RecordChanged, get_expected, written_row
from sdm_desktop.services.core.vocab import PARTICIPANT_TYPES, codes
from sdm_desktop.services.register.people import can_be_contacted
from sdm_desktop.services.training.cascade import check_new_participant
from sdm_desktop.services.training.completion import apply_completion_rule, attended_session_dates
from sdm_desktop.services.training.statuses import ENROLMENT_STATUSES, PLACE_HOLDING, RULE_STATUSES, person_name
from sdm_desktop.services.training.waiting_list import next_waiting_position, places_taken, promote_waiting

MANUAL_STATUSES = ("invited", "enrolled", "waiting", "withdrawn", "did_not_attend")


@dataclass
class EnrolmentRow:
    id: int
    person_id: int
    name: str
    participant_type: str | None
    profession: str | None
    status: str
    waiting_position: int | None
    attended: int
    sessions: int
    completed_on: date | None
    completion_override: bool | None
    override_reason: str | None
    trained_by: str
    certificate_issued_on: date | None
    reaction_score: int | None
    confidence_before: int | None
    confidence_after: int | None
    can_contact: bool
    row_version: int = 0           # as listed: an action on the row is refused if a colleague changed it since


@dataclass
class EnrolResult:
    enrolment_id: int
    status: str
    waiting_position: int | None


def enrol(ctx: AppContext, cohort_id: int, person_id: int, *, invited: bool = False) -> EnrolResult:
    """Give a person a place, or put them at the end of the waiting list when the cohort is full.
    Someone who withdrew from the cohort can be enrolled again (their earlier attendance counts)."""
    with ctx.session() as s:
        cohort = s.get(Cohort, cohort_id)
        person = s.get(Person, person_id)
        if cohort is None:
            raise UserError("That cohort is not in the register (deleted since?).")
        if person is None:
            raise UserError(f"There is no person with id {person_id} in the register.")
        if person.archived_at is not None:
            raise UserError(f"{person.display_name} is archived; restore them in the register before enrolling.")
        row = s.scalar(select(Enrolment).where(Enrolment.cohort_id == cohort_id, Enrolment.person_id == person_id))
        if row is not None and row.status != "withdrawn":
            label = dict(ENROLMENT_STATUSES)[row.status].lower()
            raise UserError(f"{person.display_name} is already on {cohort.name} ({label}).")
        check_new_participant(s, cohort, person_id)
        before = _statuses(s, cohort_id) if row is not None else None
        if places_taken(s, cohort_id) < cohort.capacity:       # counted before the row is added
            status, position = ("invited" if invited else "enrolled"), None
        else:
            status, position = "waiting", next_waiting_position(s, cohort_id)
        if row is None:
            row = Enrolment(cohort_id=cohort_id, person_id=person_id)
            s.add(row)
        row.status, row.waiting_position = status, position
        row.trained_by_person_id = cohort.trainer_person_id
        s.flush()
        if row.status == "enrolled" and before is not None:
            apply_completion_rule(s, row)           # a returning participant's earlier attendance counts
        audit.record(s, "enrol", "enrolment", row.id, cohort_id=cohort_id, person_id=person_id, status=row.status)
        result = EnrolResult(row.id, row.status, row.waiting_position)
        written = written_row(s, row, person.display_name)
    if before is None:
        ctx.undo.push(UndoStep(f"enrol {person.display_name}", lambda: _unenrol(ctx, result.enrolment_id), written))
    else:
        ctx.undo.push(UndoStep(f"enrol {person.display_name} again", lambda: _restore_statuses(ctx, before),
                               written))
    return result


def _unenrol(ctx: AppContext, enrolment_id: int) -> None:
    with ctx.session() as s:
        row = s.get(Enrolment, enrolment_id)
        if row is not None:
            s.delete(row)
            audit.record(s, "undo enrol", "enrolment", enrolment_id)


def withdraw(ctx: AppContext, enrolment_id: int, *, expected_version: int | None = None) -> int | None:
    """Withdraw someone; the first on the waiting list takes the freed place. Returns who was promoted.
    ``expected_version`` (as listed) refuses it if a colleague changed the enrolment since."""
    with ctx.session() as s:
        row = _enrolment(s, enrolment_id, expected_version)
        if row.status == "withdrawn":
            return None
        before = _statuses(s, row.cohort_id)
        who = person_name(s.get(Person, row.person_id))
        row.status, row.waiting_position = "withdrawn", None
        s.flush()
        audit.record(s, "withdraw", "enrolment", enrolment_id)
        promoted = promote_waiting(s, row.cohort)
        written = written_row(s, row, who)
    ctx.undo.push(UndoStep(f"withdraw {who}", lambda: _restore_statuses(ctx, before), written))
    return promoted[0] if promoted else None


def _statuses(s: Session, cohort_id: int) -> list[tuple]:
    return [tuple(r) for r in s.execute(select(Enrolment.id, Enrolment.status, Enrolment.waiting_position,
                                               Enrolment.completed_on, Enrolment.trained_by_person_id)
                                        .where(Enrolment.cohort_id == cohort_id))]


def _restore_statuses(ctx: AppContext, before: list[tuple]) -> None:
    """Undo: put every enrolment of the cohort back to its status, waiting place and completion date."""
    with ctx.session() as s:
        for enrolment_id, status, position, completed_on, trainer in before:
            row = s.get(Enrolment, enrolment_id)
            if row is not None:
                row.status, row.waiting_position, row.completed_on = status, position, completed_on
                row.trained_by_person_id = trainer
        audit.record(s, "undo status change", "enrolment")


def set_status(ctx: AppContext, enrolment_id: int, status: str, *, expected_version: int | None = None) -> None:
    """Set a status by hand (invited, enrolled, waiting, withdrawn, did not attend); capacity is kept."""
    if status not in MANUAL_STATUSES:
        allowed = ", ".join(dict(ENROLMENT_STATUSES)[c].lower() for c in MANUAL_STATUSES)
        raise UserError(f"The status can be set by hand only to {allowed}; attendance decides the rest.")
    if status == "withdrawn":
        withdraw(ctx, enrolment_id, expected_version=expected_version)
        return
    with ctx.session() as s:
        row = _enrolment(s, enrolment_id, expected_version)
        if status != row.status:
            _check_attendance_allows(s, row, status)
        before = _statuses(s, row.cohort_id)
        was_holding = row.status in PLACE_HOLDING
        if status in PLACE_HOLDING and not was_holding and places_taken(s, row.cohort_id) >= row.cohort.capacity:
            raise UserError(f"{row.cohort.name} is full ({row.cohort.capacity} places); "
                            "raise the capacity or withdraw someone first.")
        if status == "waiting" and row.status != "waiting":
            row.waiting_position = next_waiting_position(s, row.cohort_id)
        elif status != "waiting":
            row.waiting_position = None
        row.status = status
        s.flush()
        audit.record(s, "set status", "enrolment", enrolment_id, status=status)
        promote_waiting(s, row.cohort)          # a freed place is taken; the waiting list is renumbered
        written = written_row(s, row, person_name(s.get(Person, row.person_id)))
    ctx.undo.push(UndoStep(f"set status {dict(ENROLMENT_STATUSES)[status].lower()}",
                           lambda: _restore_statuses(ctx, before), written))


def _check_attendance_allows(s: Session, row: Enrolment, status: str) -> None:
    """Once attendance is recorded (or completion overridden), attendance decides the status: only
    withdrawing is left to do by hand."""
    if status == "withdrawn":
        return
    ticks = len(attended_session_dates(s, row.id))
    if ticks or row.completion_override is not None:
        who = person_name(s.get(Person, row.person_id)) or "This participant"
        why = (f"has attendance recorded at {ticks} session{'s' if ticks != 1 else ''}" if ticks
               else "has their completion overridden")
        raise UserError(f"{who} {why}, so attendance decides their status; change the attendance, "
                        "or override completion with a reason.")


# --- attendance and completion ------------------------------------------------------------------
def set_attendance(ctx: AppContext, enrolment_id: int, session_id: int, attended: bool,
                   today: date | None = None) -> str:
    """Tick or untick one cell of the attendance grid. Returns the enrolment's status after the rule."""
    with ctx.session() as s:
        row = _enrolment(s, enrolment_id)
        session = s.get(TrainingSession, session_id)
        if session is None or session.cohort_id != row.cohort_id:
            raise UserError("That session is not part of this participant's cohort.")
        if row.status not in RULE_STATUSES:
            label = dict(ENROLMENT_STATUSES)[row.status].lower()
            who = person_name(s.get(Person, row.person_id)) or "This participant"
            raise UserError(f"{who} is {label}; enrol them before recording attendance.")
        if attended and session.starts_at.date() > (today or date.today()):
            raise UserError(f"The session on {session.starts_at.day} {session.starts_at:%b %Y} has not happened yet; "
                            "attendance can be recorded from that day.")
        cell = s.get(Attendance, (enrolment_id, session_id))
        was = None if cell is None else cell.attended
        _put_tick(s, row, session_id, attended)
        now = s.scalar(select(Attendance.row_version).where(Attendance.enrolment_id == enrolment_id,
                                                             Attendance.session_id == session_id))
        audit.record(s, "attendance", "enrolment", enrolment_id, session_id=session_id, attended=attended)
        who = person_name(s.get(Person, row.person_id)) or "participant"
        status = row.status
    ctx.undo.push(UndoStep(f"{'tick' if attended else 'untick'} {who} on {session.starts_at.day} "
                           f"{session.starts_at:%b}", lambda: _undo_tick(ctx, enrolment_id, session_id, was, now)))
    return status


def _put_tick(s: Session, row: Enrolment, session_id: int, attended: bool | None) -> None:
    """Set one cell (None removes it) and apply the completion rule."""
    cell = s.get(Attendance, (row.id, session_id))
    if attended is None:
        if cell is not None:
            s.delete(cell)
    elif cell is None:
        s.add(Attendance(enrolment_id=row.id, session_id=session_id, attended=attended))
    else:
        cell.attended = attended
    s.flush()
    apply_completion_rule(s, row)


def _undo_tick(ctx: AppContext, enrolment_id: int, session_id: int, was: bool | None, version: int) -> None:
    """Put the cell back, unless someone else ticked or unticked it since (``version``: the cell's after the
    tick; an attendance cell has no id of its own, so the undo guard's Written cannot name it)."""
    with ctx.session() as s:
        row = s.get(Enrolment, enrolment_id)
        cell = s.get(Attendance, (enrolment_id, session_id))
        if cell is None or cell.row_version != version:
            who = person_name(s.get(Person, row.person_id)) if row is not None else "participant"
            raise RecordChanged("attendance", None, f"The attendance of {who}", deleted=cell is None,
                                doing="undone")
        if row is not None and s.get(TrainingSession, session_id) is not None:
            _put_tick(s, row, session_id, was)
            audit.record(s, "undo attendance", "enrolment", enrolment_id, session_id=session_id)


def settle_past_cohorts(ctx: AppContext, today: date | None = None) -> int:
    """Apply the completion rule to 'enrolled' people on cohorts whose sessions are all past.
    Returns how many enrolments changed (to did not attend, or completed by an override)."""
    today = today or date.today()
    finished = (select(TrainingSession.cohort_id).group_by(TrainingSession.cohort_id)
                .having(func.max(TrainingSession.starts_at) < datetime.combine(today, time.min)))
    with ctx.session() as s:
        changed = 0
        for row in s.scalars(select(Enrolment).where(Enrolment.status == "enrolled",
                                                     Enrolment.cohort_id.in_(finished))):
            apply_completion_rule(s, row, today)
            if row.status != "enrolled":
                audit.record(s, "settle finished cohort", "enrolment", row.id, status=row.status)
                changed += 1
        return changed


def override_completion(ctx: AppContext, enrolment_id: int, completed: bool | None, reason: str | None, *,
                        expected_version: int | None = None) -> str:
    """Mark completed (True) or not completed (False) by hand, with a reason; None returns to the rule."""
    reason = (reason or "").strip()
    if completed is not None and not reason:
        raise UserError("Give a reason for overriding the completion rule.")
    if len(reason) > 2000:
        raise UserError("The reason is too long (at most 2,000 characters).")
    if has_control_characters(reason):
        raise UserError("The reason contains an invisible control character (pasted from another program?); "
                        "retype it.")
    with ctx.session() as s:
        row = _enrolment(s, enrolment_id, expected_version)
        if row.status not in RULE_STATUSES:
            raise UserError("Only enrolled participants can be marked completed or not completed.")
        before = (row.completion_override, row.override_reason, row.completed_on)
        row.completion_override = completed
        row.override_reason = reason or None
        if completed is not None:
            row.completed_on = None
        apply_completion_rule(s, row)
        audit.record(s, "override completion", "enrolment", enrolment_id, completed=completed, reason=reason)
        who = person_name(s.get(Person, row.person_id)) or "participant"
        status, written = row.status, written_row(s, row, who)
    ctx.undo.push(UndoStep(f"completion of {who}", lambda: _undo_override(ctx, enrolment_id, before), written))
    return status


def _undo_override(ctx: AppContext, enrolment_id: int, before: tuple) -> None:
    with ctx.session() as s:
        row = s.get(Enrolment, enrolment_id)
        if row is not None:
            row.completion_override, row.override_reason, row.completed_on = before
            apply_completion_rule(s, row)
            audit.record(s, "undo override completion", "enrolment", enrolment_id)


# --- evaluation scores on the enrolment (Kirkpatrick reaction and learning) ---------------------
SCORE_LIMITS = {"reaction_score": (1, 5), "confidence_before": (1, 10), "confidence_after": (1, 10)}


def set_scores(ctx: AppContext, enrolment_id: int, *, expected_version: int | None = None,
               **scores: int | None) -> int:
    """Record evaluation scores; returns the enrolment's version afterwards (the next edit starts there)."""
    for name, value in scores.items():
        if name not in SCORE_LIMITS:
            raise UserError(f"Unknown score {name}.")
        low, high = SCORE_LIMITS[name]
        if value is not None and not (isinstance(value, int) and low <= value <= high):
            raise UserError(f"{name.replace('_', ' ').capitalize()} must be a whole number from {low} to {high}.")
    with ctx.session() as s:
        row = _enrolment(s, enrolment_id, expected_version)
        for name, value in scores.items():
            setattr(row, name, value)
        audit.record(s, "set scores", "enrolment", enrolment_id, **scores)
        s.flush()
        return row.row_version


# --- reading ------------------------------------------------------------------------------------
def list_enrolments(ctx: AppContext, cohort_id: int, only: list[int] | None = None) -> list[EnrolmentRow]:
    """The cohort's enrolments (or only those with the given ids), waiting list in order."""
    order = {code: i for i, (code, _) in enumerate(ENROLMENT_STATUSES)}
    with ctx.session() as s:
        cohort = s.get(Cohort, cohort_id)
        if cohort is None:
            return []
        counts = dict(s.execute(
            select(Attendance.enrolment_id, func.count()).join(Enrolment)
            .where(Enrolment.cohort_id == cohort_id, Attendance.attended.is_(True))
            .group_by(Attendance.enrolment_id)).all())
        session_count = len(cohort.sessions)
        trainer = aliased(Person)
        rows = []
        for e, person, coach in s.execute(
                select(Enrolment, Person, trainer).join(Person, Person.id == Enrolment.person_id)
                .outerjoin(trainer, trainer.id == Enrolment.trained_by_person_id)
                .where(Enrolment.cohort_id == cohort_id, *([Enrolment.id.in_(only)] if only is not None else []))):
            rows.append(EnrolmentRow(
                e.id, person.id, person.display_name, person.participant_type, person.profession, e.status,
                e.waiting_position, counts.get(e.id, 0), session_count, e.completed_on,
                e.completion_override, e.override_reason, person_name(coach), e.certificate_issued_on,
                e.reaction_score, e.confidence_before, e.confidence_after, can_be_contacted(person)[0],
                e.row_version))
    rows.sort(key=lambda r: (order.get(r.status, 99), r.waiting_position or 0, r.name.lower()))
    return rows


def participant_type_counts(ctx: AppContext, cohort_id: int, *, include_all: bool = False) -> dict[str, int]:
    """Participants by type (patient rep, carer, clinician, manager, other) for people holding a place."""
    with ctx.session() as s:
        return type_counts(s, cohort_id, include_all=include_all)


def type_counts(s: Session, cohort_id: int, *, include_all: bool = False) -> dict[str, int]:
    kind = func.coalesce(Person.participant_type, "other")
    query = (select(kind, func.count()).join(Enrolment, Enrolment.person_id == Person.id)
             .where(Enrolment.cohort_id == cohort_id).group_by(kind))
    if not include_all:
        query = query.where(Enrolment.status.in_(PLACE_HOLDING))
    found = dict(s.execute(query).all())
    return {code: found.get(code, 0) for code in codes(PARTICIPANT_TYPES)}


def _enrolment(s: Session, enrolment_id: int, expected_version: int | None = None) -> Enrolment:
    """The enrolment to change; with ``expected_version`` one a colleague changed since is refused."""
    row = s.get(Enrolment, enrolment_id)
    if row is None:
        raise UserError("That enrolment no longer exists.")
    if expected_version is not None:
        get_expected(s, Enrolment, enrolment_id, expected_version,
                     lambda e: person_name(s.get(Person, e.person_id)) or "This enrolment", "This enrolment")
    return row
