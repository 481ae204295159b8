"""Sessions of a cohort: add, change, remove. Attendance is ticked in ``enrolment``."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete

from sdm_desktop.db.models import Cohort, TrainingSession
from sdm_desktop.errors import UserError
from sdm_desktop.services.core import audit, snapshots
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.undo import UndoStep
from sdm_desktop.services.core.validation import FieldErrors, ValidationError, check_length, clean, plain_text
from sdm_desktop.services.core.versions import get_expected, written_row
from sdm_desktop.services.register.record_ops import get_row
from sdm_desktop.services.training.cohorts import SessionInput, day_text
from sdm_desktop.services.training.completion import recompute_cohort
from sdm_desktop.services.training.programmes import MAX_SESSIONS


def validate_session(data: SessionInput) -> SessionInput:
    errors = FieldErrors()
    if not isinstance(data.starts_at, datetime):
        errors.add("starts_at", "is required (date and time)")
    try:
        minutes = int(data.duration_minutes)
    except (TypeError, ValueError):
        minutes = 0
    if not 10 <= minutes <= 24 * 60:
        errors.add("duration_minutes", "must be from 10 minutes to 24 hours")
    topic = plain_text(errors, "topic", clean(data.topic))
    check_length(errors, "topic", topic, 300)
    if errors:
        raise ValidationError(errors)
    return SessionInput(data.starts_at, minutes, topic)


def check_within_cohort(cohort: Cohort, starts_at: datetime) -> None:
    """A session falls on or between the cohort's start and end dates (when they are set)."""
    day = starts_at.date()
    if (cohort.start_date and day < cohort.start_date) or (cohort.end_date and day > cohort.end_date):
        span = " to ".join(day_text(d) for d in (cohort.start_date, cohort.end_date) if d)
        limit = ("runs " + span) if cohort.start_date and cohort.end_date else \
            (f"starts on {span}" if cohort.start_date else f"ends on {span}")
        raise UserError(f"A session on {day_text(day)} is outside {cohort.name}, which {limit}; "
                        "change the session's date or the cohort's dates first.")


def check_no_overlap(cohort: Cohort, data: SessionInput, own_id: int | None = None) -> None:
    """A cohort's participants cannot be in two of its sessions at once: refuse a session that overlaps
    another (the same session added twice, most often)."""
    end = data.starts_at + timedelta(minutes=data.duration_minutes)
    for other in cohort.sessions:
        if other.id == own_id:
            continue
        other_end = other.starts_at + timedelta(minutes=other.duration_minutes)
        if data.starts_at < other_end and other.starts_at < end:
            raise UserError(f"This session overlaps the session on {day_text(other.starts_at)} at "
                            f"{other.starts_at:%H:%M} ({other.duration_minutes} minutes) of {cohort.name}; "
                            "choose another time, or change that session instead.")


def add_session(ctx: AppContext, cohort_id: int, data: SessionInput) -> int:
    data = validate_session(data)
    with ctx.session() as s:
        cohort = get_row(s, Cohort, cohort_id, "cohort")
        if len(cohort.sessions) >= MAX_SESSIONS:
            raise UserError(f"A cohort can have at most {MAX_SESSIONS} sessions.")
        check_within_cohort(cohort, data.starts_at)
        check_no_overlap(cohort, data)
        row = TrainingSession(cohort_id=cohort_id, **vars(data))
        s.add(row)
        s.flush()
        s.refresh(cohort, ["sessions"])
        recompute_cohort(s, cohort_id)
        audit.record(s, "create", "training_session", row.id, cohort_id=cohort_id)
        new_id, written = row.id, written_row(s, row, f"The session on {day_text(row.starts_at)}")
    ctx.undo.push(UndoStep("add session", lambda: _undo_add(ctx, new_id, cohort_id), written))
    return new_id


def _undo_add(ctx: AppContext, session_id: int, cohort_id: int) -> None:
    with ctx.session() as s:
        s.execute(delete(TrainingSession).where(TrainingSession.id == session_id))
        cohort = s.get(Cohort, cohort_id)
        if cohort is not None:
            s.refresh(cohort, ["sessions"])
            recompute_cohort(s, cohort_id)          # completion follows the sessions that are left
        audit.record(s, "undo create", "training_session", session_id)


def update_session(ctx: AppContext, session_id: int, data: SessionInput, *,
                   expected_version: int | None = None) -> None:
    """Change a session's time, length or topic; the completion rule is applied again (dates matter).
    ``expected_version`` (as listed) refuses a change over a colleague's."""
    before, written = _apply_session(ctx, session_id, validate_session(data), expected_version=expected_version)
    ctx.undo.push(UndoStep("edit session", lambda: _apply_session(ctx, session_id, before, check=False), written))


def _session_label(row: TrainingSession) -> str:
    return f"The session on {day_text(row.starts_at)}"


def _apply_session(ctx: AppContext, session_id: int, data: SessionInput, *, check: bool = True,
                   expected_version: int | None = None) -> tuple[SessionInput, list]:
    with ctx.session() as s:
        row = get_expected(s, TrainingSession, session_id, expected_version, _session_label, "This session")
        if check:
            check_within_cohort(row.cohort, data.starts_at)
            check_no_overlap(row.cohort, data, own_id=session_id)
        before = SessionInput(row.starts_at, row.duration_minutes, row.topic)
        for key, value in vars(data).items():
            setattr(row, key, value)
        s.flush()
        recompute_cohort(s, row.cohort_id)
        audit.record(s, "update", "training_session", session_id)
        return before, written_row(s, row, _session_label(row))


def delete_session(ctx: AppContext, session_id: int, *, expected_version: int | None = None) -> None:
    """``expected_version`` (as listed) refuses the delete of a session a colleague changed since."""
    with ctx.session() as s:
        row = get_expected(s, TrainingSession, session_id, expected_version, _session_label, "This session",
                           doing="deleted")
        cohort_id = row.cohort_id
        snap = snapshots.capture(s, TrainingSession.__table__, [session_id])
        s.delete(row)
        s.flush()
        recompute_cohort(s, cohort_id)
        audit.record(s, "delete", "training_session", session_id)
    ctx.undo.push(UndoStep("delete session", lambda: _undo_delete(ctx, snap, cohort_id)))


def _undo_delete(ctx: AppContext, snap: snapshots.Snapshot, cohort_id: int) -> None:
    """Put the session and its ticks back, then apply the completion rule again (it was applied without them)."""
    with ctx.session() as s:
        snapshots.restore(s, snap)
        s.flush()
        cohort = s.get(Cohort, cohort_id)
        if cohort is not None:
            s.refresh(cohort, ["sessions"])
            recompute_cohort(s, cohort_id)
        audit.record(s, "undo delete", "training_session")


