"""Cohorts: one delivery of a programme, with its dates, venue, places, trainer and sessions.

Adding, moving and removing a session is in ``sessions``; who holds a place is in ``enrolment``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sdm_desktop.db.models import Cohort, Enrolment, Person, Programme, TrainingSession
from sdm_desktop.errors import UserError
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.text import counted
from sdm_desktop.services.core.undo import UndoStep
from sdm_desktop.services.core.validation import FieldErrors, ValidationError, check_length, clean, plain_text
from sdm_desktop.services.core.versions import get_expected, write_derived, written_row
from sdm_desktop.services.core.vocab import PARTICIPANT_TYPES, codes
from sdm_desktop.services.register.record_ops import get_row
from sdm_desktop.services.training.cascade import check_trainer
from sdm_desktop.services.training.enrolment import places_taken, promote_waiting
from sdm_desktop.services.training.programmes import delete_rows, delete_with_undo
from sdm_desktop.services.training.statuses import PLACE_HOLDING, person_name

MAX_CAPACITY = 500


@dataclass
class SessionInput:
    starts_at: datetime
    duration_minutes: int = 120
    topic: str | None = None


@dataclass
class SessionRow(SessionInput):
    id: int = 0
    row_version: int = 0


@dataclass
class CohortInput:
    programme_id: int = 0
    name: str = ""
    start_date: date | None = None
    end_date: date | None = None
    venue: str | None = None
    online: bool = False
    facilitators: str | None = None
    capacity: int = 12
    trainer_person_id: int | None = None


@dataclass
class CohortRow(CohortInput):
    id: int = 0
    programme_name: str = ""
    trainer_name: str = ""
    places_taken: int = 0
    waiting: int = 0
    sessions: list[SessionRow] = field(default_factory=list)
    type_counts: dict[str, int] = field(default_factory=dict)    # participant type -> people holding a place
    row_version: int = 0           # as read: a save or delete from it is refused if a colleague changed it since

    @property
    def types_text(self) -> str:
        return counts_text(self.type_counts)

    @property
    def where(self) -> str:
        if self.online:
            return "Online" + (f" ({self.venue})" if self.venue else "")
        return self.venue or ""


PARTICIPANT_NOUNS = {"patient_rep": ("patient rep", "patient reps"), "carer": ("carer", "carers"),
                     "clinician": ("clinician", "clinicians"), "manager": ("manager", "managers"),
                     "other": ("other", "other")}


def counts_text(counts: dict[str, int]) -> str:
    """{'patient_rep': 3, 'clinician': 1} -> '3 patient reps, 1 clinician'."""
    return ", ".join(f"{n} {PARTICIPANT_NOUNS.get(code, (code, code))[n != 1]}" for code, n in counts.items() if n)


def validate_cohort(data: CohortInput) -> CohortInput:
    errors = FieldErrors()
    name = plain_text(errors, "name", clean(data.name))
    if not name:
        errors.add("name", "is required")
    check_length(errors, "name", name, 200)
    venue = plain_text(errors, "venue", clean(data.venue))
    facilitators = plain_text(errors, "facilitators", clean(data.facilitators))
    check_length(errors, "venue", venue, 300)
    check_length(errors, "facilitators", facilitators, 300)
    try:
        capacity = int(data.capacity)
    except (TypeError, ValueError):
        capacity = 0
    if not 1 <= capacity <= MAX_CAPACITY:
        errors.add("capacity", f"must be a whole number from 1 to {MAX_CAPACITY}")
    if data.start_date and data.end_date and data.end_date < data.start_date:
        errors.add("end_date", "is before the start date")
    if not data.programme_id:
        errors.add("programme_id", "is required")
    if errors:
        raise ValidationError(errors)
    return CohortInput(data.programme_id, name, data.start_date, data.end_date, venue, bool(data.online),
                       facilitators, capacity, data.trainer_person_id or None)


def _check_cohort_name(s: Session, name: str, except_id: int | None) -> None:
    """Cohort names are unique (ignoring case) across programmes: the command line finds cohorts by name."""
    query = (select(Programme.name).join(Cohort, Cohort.programme_id == Programme.id)
             .where(func.lower(Cohort.name) == name.lower()))
    if except_id:
        query = query.where(Cohort.id != except_id)
    other = s.scalar(query.limit(1))
    if other is not None:
        raise ValidationError(FieldErrors({"name": f"is already used by another cohort (in {other})"}))


def _check_dates_hold_sessions(s: Session, cohort_id: int, data: CohortInput) -> None:
    """A cohort's dates must still contain every one of its sessions."""
    first, last = s.execute(select(func.min(TrainingSession.starts_at), func.max(TrainingSession.starts_at))
                            .where(TrainingSession.cohort_id == cohort_id)).one()
    errors = FieldErrors()
    if first is not None and data.start_date and first.date() < data.start_date:
        errors.add("start_date", f"is after the first session ({day_text(first)}); move or remove that session first")
    if last is not None and data.end_date and last.date() > data.end_date:
        errors.add("end_date", f"is before the last session ({day_text(last)}); move or remove that session first")
    if errors:
        raise ValidationError(errors)


def day_text(value: date | datetime) -> str:
    return f"{value.day} {value:%b %Y}"


def ended_warning(cohort: CohortRow, today: date) -> str | None:
    """Why enrolling now may be a slip (the cohort ended months ago), or None. Its end is its last session,
    else its end date."""
    last = max((s.starts_at.date() for s in cohort.sessions), default=None) or cohort.end_date
    if last is None or last >= today:
        return None
    days = (today - last).days
    ago = counted(round(days / 30.44), "month") if days >= 45 else counted(days, "day")
    return f"{cohort.name} ended on {last.day} {last:%B %Y}, {ago} ago."


def create_cohort(ctx: AppContext, data: CohortInput, *, undoable: bool = True) -> int:
    data = validate_cohort(data)
    with ctx.session() as s:
        get_row(s, Programme, data.programme_id, "programme")
        _check_cohort_name(s, data.name, None)
        row = Cohort(**{**vars(data), "trainer_person_id": None})
        s.add(row)
        s.flush()
        if data.trainer_person_id:
            check_trainer(s, row.id, data.trainer_person_id)     # refuses someone not in the register
            row.trainer_person_id = data.trainer_person_id
        audit.record(s, "create", "cohort", row.id)
        promote_waiting(s, row)
        new_id, written = row.id, written_row(s, row, data.name)
    if undoable:
        ctx.undo.push(UndoStep(f"add cohort {data.name}", lambda: delete_rows(ctx, Cohort, [new_id]), written))
    return new_id


def update_cohort(ctx: AppContext, cohort_id: int, data: CohortInput, *, expected_version: int | None = None) -> None:
    """Edit a cohort. A new trainer becomes 'trained by' on its enrolments; more places promote waiters.
    ``expected_version`` (the version the form opened) refuses a save over a colleague's change."""
    data = validate_cohort(data)
    with ctx.session() as s:
        row = get_expected(s, Cohort, cohort_id, expected_version, lambda c: c.name, data.name)
        _check_cohort_name(s, data.name, cohort_id)
        _check_dates_hold_sessions(s, cohort_id, data)
        taken = places_taken(s, cohort_id)
        if data.capacity < taken:
            raise ValidationError(FieldErrors({"capacity": f"cannot be below the {taken} places already taken"}))
        if data.trainer_person_id and data.trainer_person_id != row.trainer_person_id:
            check_trainer(s, cohort_id, data.trainer_person_id)
        before = _apply_cohort(s, row, data)
        audit.record(s, "update", "cohort", cohort_id)
        written = written_row(s, row, before.name)
    ctx.undo.push(UndoStep(f"edit cohort {before.name}", lambda: _restore_cohort(ctx, cohort_id, before), written))


def _apply_cohort(s: Session, row: Cohort, data: CohortInput) -> CohortInput:
    before = CohortInput(row.programme_id, row.name, row.start_date, row.end_date, row.venue, row.online,
                         row.facilitators, row.capacity, row.trainer_person_id)
    for key, value in vars(data).items():
        setattr(row, key, value)
    s.flush()
    if before.trainer_person_id != data.trainer_person_id:
        for enrolment in row.enrolments:       # follows the cohort: the enrolments' versions stay
            write_derived(s, enrolment, trained_by_person_id=data.trainer_person_id)
    promote_waiting(s, row)
    return before


def _restore_cohort(ctx: AppContext, cohort_id: int, before: CohortInput) -> None:
    with ctx.session() as s:
        row = s.get(Cohort, cohort_id)
        if row is not None:
            _apply_cohort(s, row, before)
            audit.record(s, "undo update", "cohort", cohort_id)


def get_cohort(ctx: AppContext, cohort_id: int) -> CohortRow:
    with ctx.session() as s:
        return _cohort_row(s, get_row(s, Cohort, cohort_id, "cohort"))


def list_cohorts(ctx: AppContext, programme_id: int | None = None) -> list[CohortRow]:
    """Every cohort (of one programme) with its counts, in a fixed handful of queries however many there are."""
    with ctx.session() as s:
        query = (select(Cohort, Programme.name, Person).join(Programme, Programme.id == Cohort.programme_id)
                 .outerjoin(Person, Person.id == Cohort.trainer_person_id)
                 .order_by(Cohort.start_date.desc().nulls_last(), Cohort.name))
        if programme_id:
            query = query.where(Cohort.programme_id == programme_id)
        found = s.execute(query).all()
        ids = select(Cohort.id).where(Cohort.programme_id == programme_id) if programme_id else select(Cohort.id)
        counts = _bulk_counts(s, ids)
        return [_row_from(c, programme_name, trainer, *(part.get(c.id) for part in counts))
                for c, programme_name, trainer in found]


def _bulk_counts(s: Session, ids) -> tuple[dict, dict, dict, dict]:
    """Places taken, waiting, sessions and participant types per cohort, for the cohorts in ``ids``."""
    in_scope = Enrolment.cohort_id.in_(ids)
    taken = dict(s.execute(select(Enrolment.cohort_id, func.count())
                           .where(in_scope, Enrolment.status.in_(PLACE_HOLDING))
                           .group_by(Enrolment.cohort_id)).all())
    waiting = dict(s.execute(select(Enrolment.cohort_id, func.count()).where(in_scope, Enrolment.status == "waiting")
                             .group_by(Enrolment.cohort_id)).all())
    sessions: dict[int, list[SessionRow]] = {}
    for t in s.scalars(select(TrainingSession).where(TrainingSession.cohort_id.in_(ids))
                       .order_by(TrainingSession.starts_at, TrainingSession.id)):
        sessions.setdefault(t.cohort_id, []).append(
            SessionRow(t.starts_at, t.duration_minutes, t.topic, id=t.id, row_version=t.row_version))
    kind = func.coalesce(Person.participant_type, "other")
    types: dict[int, dict[str, int]] = {}
    for cohort_id, code, n in s.execute(select(Enrolment.cohort_id, kind, func.count())
                                        .join(Person, Person.id == Enrolment.person_id)
                                        .where(in_scope, Enrolment.status.in_(PLACE_HOLDING))
                                        .group_by(Enrolment.cohort_id, kind)):
        types.setdefault(cohort_id, dict.fromkeys(codes(PARTICIPANT_TYPES), 0))[code] = n
    return taken, waiting, sessions, types


def _row_from(c: Cohort, programme_name: str, trainer: Person | None, taken, waiting, sessions, types) -> CohortRow:
    return CohortRow(c.programme_id, c.name, c.start_date, c.end_date, c.venue, c.online, c.facilitators,
                     c.capacity, c.trainer_person_id, id=c.id, programme_name=programme_name,
                     trainer_name=person_name(trainer), places_taken=taken or 0, waiting=waiting or 0,
                     sessions=sessions or [], type_counts=types or dict.fromkeys(codes(PARTICIPANT_TYPES), 0),
                     row_version=c.row_version)


def find_cohort(ctx: AppContext, name: str) -> CohortRow:
    """A cohort by name (case-insensitive); refuses an unknown or ambiguous name."""
    with ctx.session() as s:
        found = list(s.scalars(select(Cohort).where(func.lower(Cohort.name) == name.strip().lower())))
        if not found:
            raise UserError(f"There is no cohort called {name!r}.")
        if len(found) > 1:
            raise UserError(f"{len(found)} cohorts are called {name!r}; rename one so the name is unique.")
        return _cohort_row(s, found[0])


def _cohort_row(s: Session, c: Cohort) -> CohortRow:
    trainer = s.get(Person, c.trainer_person_id) if c.trainer_person_id else None
    counts = _bulk_counts(s, [c.id])
    return _row_from(c, c.programme.name, trainer, *(part.get(c.id) for part in counts))


def delete_cohort(ctx: AppContext, cohort_id: int, *, expected_version: int | None = None) -> None:
    """``expected_version`` (as listed) refuses the delete of a cohort a colleague changed since."""
    delete_with_undo(ctx, Cohort, cohort_id, "cohort", expected_version)
