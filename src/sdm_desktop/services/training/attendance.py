"""The attendance grid, read: participants × sessions with the ticks recorded (ticking is in
``enrolment.set_attendance``)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from sdm_desktop.db.models import Attendance, Cohort, Enrolment
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.training.cohorts import get_cohort
from sdm_desktop.services.training.enrolment import EnrolmentRow, list_enrolments
from sdm_desktop.services.training.statuses import RULE_STATUSES


@dataclass
class AttendanceGrid:
    cohort_id: int
    sessions_required: int
    sessions: list            # SessionRow, in date order
    rows: list[EnrolmentRow]  # participants who hold a place and can attend
    ticks: set[tuple[int, int]]


def attendance_grid(ctx: AppContext, cohort_id: int) -> AttendanceGrid:
    """Participants × sessions with the ticks recorded, for the attendance grid."""
    cohort = get_cohort(ctx, cohort_id)
    rows = [r for r in list_enrolments(ctx, cohort_id) if r.status in RULE_STATUSES]
    rows.sort(key=lambda r: r.name.lower())
    with ctx.session() as s:
        ticks = set(s.execute(select(Attendance.enrolment_id, Attendance.session_id).join(Enrolment)
                              .where(Enrolment.cohort_id == cohort_id, Attendance.attended.is_(True))).all())
        required = s.get(Cohort, cohort_id).programme.sessions_required
    return AttendanceGrid(cohort_id, required, cohort.sessions, rows, {tuple(t) for t in ticks})


def attendance_row(ctx: AppContext, cohort_id: int, enrolment_id: int) -> tuple[EnrolmentRow | None, set]:
    """One participant's line of the grid after a tick: their row and their ticks (not the whole cohort)."""
    rows = list_enrolments(ctx, cohort_id, only=[enrolment_id])
    with ctx.session() as s:
        ticks = set(s.execute(select(Attendance.enrolment_id, Attendance.session_id)
                              .where(Attendance.enrolment_id == enrolment_id, Attendance.attended.is_(True))).all())
    return (rows[0] if rows else None), {tuple(t) for t in ticks}
