"""Training programmes: what a programme teaches and how many sessions complete it.

A programme is delivered as cohorts (``cohorts``), each with its sessions (``sessions``).
Enrolment and attendance are in ``enrolment``, the completion rule in ``completion``; the
cascade of trainers in ``cascade``; certificates and letters in ``documents``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from sdm_desktop.db.models import Cohort, Programme
from sdm_desktop.services.core import audit, snapshots
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.undo import UndoStep
from sdm_desktop.services.core.validation import FieldErrors, ValidationError, check_length, clean, plain_text
from sdm_desktop.services.core.versions import get_expected, written_row
from sdm_desktop.services.training.completion import recompute_cohort

MAX_SESSIONS = 100
MAX_LONG_TEXT = 20000      # a programme's description and learning outcomes


@dataclass
class ProgrammeInput:
    name: str = ""
    description: str | None = None
    learning_outcomes: str | None = None
    sessions_required: int = 1
    is_train_the_trainer: bool = False


@dataclass
class ProgrammeRow(ProgrammeInput):
    id: int = 0
    cohort_count: int = 0
    row_version: int = 0           # as read: a save or delete from it is refused if a colleague changed it since

    @property
    def outcomes_list(self) -> list[str]:
        return [line.strip(" -•\t") for line in (self.learning_outcomes or "").splitlines() if line.strip(" -•\t")]


def validate_programme(data: ProgrammeInput) -> ProgrammeInput:
    errors = FieldErrors()
    name = plain_text(errors, "name", clean(data.name))
    if not name:
        errors.add("name", "is required")
    check_length(errors, "name", name, 200)
    description = plain_text(errors, "description", clean(data.description), multiline=True)
    outcomes = plain_text(errors, "learning_outcomes", clean(data.learning_outcomes), multiline=True)
    check_length(errors, "description", description, MAX_LONG_TEXT)
    check_length(errors, "learning_outcomes", outcomes, MAX_LONG_TEXT)
    try:
        required = int(data.sessions_required)
    except (TypeError, ValueError):
        required = 0
    if not 1 <= required <= MAX_SESSIONS:
        errors.add("sessions_required", f"must be a whole number from 1 to {MAX_SESSIONS}")
    if errors:
        raise ValidationError(errors)
    return ProgrammeInput(name, description, outcomes, required,
                          bool(data.is_train_the_trainer))


def _programme_name_taken(s: Session, name: str, except_id: int | None) -> bool:
    query = select(Programme.id).where(func.lower(Programme.name) == name.lower())
    if except_id:
        query = query.where(Programme.id != except_id)
    return s.scalar(query) is not None


def create_programme(ctx: AppContext, data: ProgrammeInput, *, undoable: bool = True) -> int:
    data = validate_programme(data)
    with ctx.session() as s:
        if _programme_name_taken(s, data.name, None):
            raise ValidationError(FieldErrors({"name": "is already used by another programme"}))
        row = Programme(**vars(data))
        s.add(row)
        s.flush()
        audit.record(s, "create", "programme", row.id)
        new_id, written = row.id, written_row(s, row, data.name)
    if undoable:
        ctx.undo.push(UndoStep(f"add programme {data.name}", lambda: delete_rows(ctx, Programme, [new_id]), written))
    return new_id


def update_programme(ctx: AppContext, programme_id: int, data: ProgrammeInput, *,
                     expected_version: int | None = None) -> None:
    """``expected_version`` (the version the dialog opened) refuses a save over a colleague's change."""
    data = validate_programme(data)
    with ctx.session() as s:
        row = get_expected(s, Programme, programme_id, expected_version, lambda p: p.name, data.name)
        if _programme_name_taken(s, data.name, programme_id):
            raise ValidationError(FieldErrors({"name": "is already used by another programme"}))
        before = ProgrammeInput(row.name, row.description, row.learning_outcomes, row.sessions_required,
                                row.is_train_the_trainer)
        for key, value in vars(data).items():
            setattr(row, key, value)
        s.flush()
        _recompute_programme(s, programme_id)
        audit.record(s, "update", "programme", programme_id)
        written = written_row(s, row, before.name)
    ctx.undo.push(UndoStep(f"edit programme {before.name}",
                           lambda: _restore_programme(ctx, programme_id, before), written))


def _restore_programme(ctx: AppContext, programme_id: int, before: ProgrammeInput) -> None:
    with ctx.session() as s:
        row = s.get(Programme, programme_id)
        if row is not None:
            for key, value in vars(before).items():
                setattr(row, key, value)
            s.flush()
            _recompute_programme(s, programme_id)


def _recompute_programme(s: Session, programme_id: int) -> None:
    """The number of sessions needed changed: apply the completion rule again to every cohort."""
    for cohort_id in s.scalars(select(Cohort.id).where(Cohort.programme_id == programme_id)):
        recompute_cohort(s, cohort_id)


def list_programmes(ctx: AppContext) -> list[ProgrammeRow]:
    with ctx.session() as s:
        counts = dict(s.execute(select(Cohort.programme_id, func.count()).group_by(Cohort.programme_id)).all())
        return [ProgrammeRow(p.name, p.description, p.learning_outcomes, p.sessions_required,
                             p.is_train_the_trainer, id=p.id, cohort_count=counts.get(p.id, 0),
                             row_version=p.row_version)
                for p in s.scalars(select(Programme).order_by(Programme.name))]


def get_programme(ctx: AppContext, programme_id: int) -> ProgrammeRow:
    return next((p for p in list_programmes(ctx) if p.id == programme_id), None) or _missing("programme", programme_id)


def delete_programme(ctx: AppContext, programme_id: int, *, expected_version: int | None = None) -> None:
    """``expected_version`` (as shown) refuses the delete of a programme a colleague changed since."""
    delete_with_undo(ctx, Programme, programme_id, "programme", expected_version)


def _missing(noun: str, row_id: int):
    raise LookupError(f"No {noun} with id {row_id}")


# --- deleting a programme or a cohort, with undo -----------------------------------------------
def delete_rows(ctx: AppContext, model, ids: list[int]) -> None:
    """Delete rows outright: the undo of adding a programme or a cohort."""
    with ctx.session() as s:
        s.execute(delete(model).where(model.id.in_(ids)))


def delete_with_undo(ctx: AppContext, model, row_id: int, noun: str, expected_version: int | None = None) -> None:
    """Delete one programme or cohort (with what hangs off it); undo restores the snapshot taken first."""
    with ctx.session() as s:
        row = get_expected(s, model, row_id, expected_version, lambda r: r.name, f"This {noun}", doing="deleted")
        label = getattr(row, "name", noun)
        snap = snapshots.capture(s, model.__table__, [row_id])
        s.execute(delete(model).where(model.id == row_id))
        audit.record(s, "delete", noun, row_id)
    ctx.undo.push(UndoStep(f"delete {noun} {label}", lambda: restore_snapshot(ctx, snap)))


def restore_snapshot(ctx: AppContext, snap: snapshots.Snapshot) -> None:
    with ctx.session() as s:
        snapshots.restore(s, snap)
        audit.record(s, "undo delete", "training")
