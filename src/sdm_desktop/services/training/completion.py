"""The completion rule: an enrolment's status from the sessions its participant attended.

An enrolment is *completed* when the participant attended at least the programme's
``sessions_required`` sessions of the cohort; *attended* when they came to some; *did not
attend* when every session is past and they came to none; otherwise *enrolled*. A manual
override (with a reason) wins over the rule. Invited, waiting and withdrawn enrolments are left
as they are. The rule runs whenever attendance, sessions or the programme change, and
``enrolment.settle_past_cohorts`` runs it again for cohorts that have since finished.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from sdm_desktop.db.models import Attendance, Enrolment, TrainingSession
from sdm_desktop.services.core.versions import write_derived
from sdm_desktop.services.training.statuses import RULE_STATUSES


def attended_session_dates(s: Session, enrolment_id: int) -> list[datetime]:
    """When the participant attended, one date and time per session ticked, earliest first."""
    return list(s.scalars(
        select(TrainingSession.starts_at).join(Attendance, Attendance.session_id == TrainingSession.id)
        .where(Attendance.enrolment_id == enrolment_id, Attendance.attended.is_(True))
        .order_by(TrainingSession.starts_at)))


def apply_completion_rule(s: Session, row: Enrolment, today: date | None = None) -> None:
    """Set the enrolment's status and completion date from its attendance (or its override). Derived, so
    written without touching its version: a colleague's change to the enrolment must not look stale."""
    if row.status not in RULE_STATUSES:
        return
    s.flush()                      # the row (and its ticks) as the caller left them, before the derived write
    status, completed_on = _rule(s, row, today or date.today())
    if (status, completed_on) != (row.status, row.completed_on):
        write_derived(s, row, status=status, completed_on=completed_on)


def _rule(s: Session, row: Enrolment, today: date) -> tuple[str, date | None]:
    required = row.cohort.programme.sessions_required
    dates = attended_session_dates(s, row.id)
    if row.completion_override is True:
        return "completed", row.completed_on or (dates[-1].date() if dates else today)
    if row.completion_override is None and len(dates) >= required:
        return "completed", dates[required - 1].date()
    sessions = row.cohort.sessions
    if dates:
        return "attended", None
    if sessions and all(t.starts_at.date() < today for t in sessions):
        return "did_not_attend", None
    return "enrolled", None


def recompute_cohort(s: Session, cohort_id: int) -> None:
    """Apply the rule again to every enrolment of the cohort."""
    for row in s.scalars(select(Enrolment).where(Enrolment.cohort_id == cohort_id)):
        apply_completion_rule(s, row)
