"""Consultation responses under the retention rules: what a person's subject access export holds, what erasing
them removes, and which responses have reached their review date (and removing those)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from sdm_desktop.db.models import Activity, Person
from sdm_desktop.db.models.consultation import ConsultationAnswer, ConsultationQuestion, ConsultationResponse
from sdm_desktop.services.consultation.activity import activity_or_error
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext

SECTION_NAME = "Consultation responses"
SECTION_HEADERS = ["Activity", "Response", "Submitted", "Question", "Answer", "May quote", "Review on"]


def _theirs(s: Session, person_id: int):
    """Responses matched to the person, or carrying their email address (kept on purpose)."""
    email = s.scalar(select(Person.email).where(Person.id == person_id))
    condition = ConsultationResponse.person_id == person_id
    if email:
        condition = or_(condition, func.lower(ConsultationResponse.respondent_email) == email.lower())
    return condition


def person_response_rows(s: Session, person_id: int) -> list[list]:
    """Every answer of the person's responses, equality answers included (it is their own data)."""
    query = (select(Activity.title, ConsultationResponse.id, ConsultationResponse.submitted_at,
                    ConsultationQuestion.text, ConsultationAnswer.text, ConsultationResponse.quote_consent,
                    ConsultationResponse.review_on)
             .join(Activity, Activity.id == ConsultationResponse.activity_id)
             .join(ConsultationAnswer, ConsultationAnswer.response_id == ConsultationResponse.id)
             .join(ConsultationQuestion, ConsultationQuestion.id == ConsultationAnswer.question_id)
             .where(_theirs(s, person_id))
             .order_by(ConsultationResponse.submitted_at, ConsultationResponse.id, ConsultationQuestion.position))
    return [[title, rid, at, question, answer, {True: "yes", False: "no"}.get(consent, ""), review]
            for title, rid, at, question, answer, consent, review in s.execute(query)]


def erase_person_responses(s: Session, person_id: int) -> int:
    """Delete the person's responses (their words could name them even without their name); how many."""
    ids = list(s.scalars(select(ConsultationResponse.id).where(_theirs(s, person_id))))
    if ids:
        s.execute(delete(ConsultationResponse).where(ConsultationResponse.id.in_(ids)))
    return len(ids)


@dataclass
class ResponsesDue:
    activity_id: int
    title: str
    count: int
    earliest: date

    def line(self) -> str:
        return (f"{self.count:,} consultation response{'s' if self.count != 1 else ''} of activity "
                f"{self.activity_id} ({self.title}) reached their review date (from {self.earliest:%d/%m/%Y})")


def responses_due(ctx: AppContext, today: date | None = None, activity_id: int | None = None) -> list[ResponsesDue]:
    """Per activity, the responses whose retention review date is today or earlier."""
    today = today or date.today()
    query = (select(Activity.id, Activity.title, func.count(), func.min(ConsultationResponse.review_on))
             .join(Activity, Activity.id == ConsultationResponse.activity_id)
             .where(ConsultationResponse.review_on <= today).group_by(Activity.id, Activity.title)
             .order_by(Activity.id))
    if activity_id is not None:
        query = query.where(Activity.id == activity_id)
    with ctx.session() as s:
        return [ResponsesDue(aid, title, count, earliest) for aid, title, count, earliest in s.execute(query)]


def delete_responses_due(ctx: AppContext, activity_id: int, today: date | None = None) -> int:
    """Delete the activity's responses past their review date, in one transaction (not undoable); how many."""
    today = today or date.today()
    with ctx.session() as s:
        activity_or_error(s, activity_id)
        due = (ConsultationResponse.activity_id == activity_id) & (ConsultationResponse.review_on <= today)
        count = s.scalar(select(func.count()).where(due)) or 0
        if count:
            s.execute(delete(ConsultationResponse).where(due))
            audit.record(s, "delete", "consultation responses", activity_id, reason="retention review",
                         count=count)
    ctx.undo.clear()              # an earlier step could otherwise bring deleted answers back
    return count

