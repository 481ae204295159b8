"""Places and the waiting list of a cohort: how many are taken, and filling freed places in order."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sdm_desktop.db.models import Cohort, Enrolment
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.versions import write_derived
from sdm_desktop.services.training.statuses import PLACE_HOLDING


def places_taken(s: Session, cohort_id: int) -> int:
    return s.scalar(select(func.count()).where(Enrolment.cohort_id == cohort_id,
                                               Enrolment.status.in_(PLACE_HOLDING))) or 0


def next_waiting_position(s: Session, cohort_id: int) -> int:
    top = s.scalar(select(func.max(Enrolment.waiting_position)).where(Enrolment.cohort_id == cohort_id))
    return (top or 0) + 1


def promote_waiting(s: Session, cohort: Cohort) -> list[int]:
    """Fill free places from the waiting list in order, then number those still waiting 1, 2, 3…
    Returns the promoted enrolment ids. The app's own settling: versions are left alone."""
    free = cohort.capacity - places_taken(s, cohort.id)
    waiting = list(s.scalars(select(Enrolment).where(Enrolment.cohort_id == cohort.id, Enrolment.status == "waiting")
                             .order_by(Enrolment.waiting_position, Enrolment.id)))
    promoted, waiting = waiting[:max(free, 0)], waiting[max(free, 0):]
    s.flush()
    for row in promoted:
        write_derived(s, row, status="enrolled", waiting_position=None)
        audit.record(s, "promote from waiting list", "enrolment", row.id)
    for position, row in enumerate(waiting, start=1):
        if row.waiting_position != position:
            write_derived(s, row, waiting_position=position)
    return [row.id for row in promoted]
