"""A survey with answers in the database, written with the ORM (the coding tests do not depend on the import)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import insert

from sdm_desktop.db.models import Activity, EngagementPlan
from sdm_desktop.db.models.consultation import ConsultationAnswer, ConsultationQuestion, ConsultationResponse

COMMENTS = [
    "The appointment times never suit carers, and the car park at the hospital is always full.",
    "Staff were kind and explained my options clearly; I felt listened to.",
    "Parking is impossible and the bus from the village stops at 6pm.",
    "I wanted more information in plain English before deciding.",
    "Waiting times are far too long: three months for a first appointment.",
    "Dr Patel took time to go through the leaflet with me, which helped a lot.",
]


@dataclass
class Survey:
    activity_id: int
    plan_id: int
    question_ids: list[int]          # the free-text questions, in order
    choice_question_id: int
    response_ids: list[int]


def add_survey(ctx, responses: int = 6, free_text_questions: int = 1, title: str = "Priorities survey",
               plan_id: int | None = None) -> Survey:
    """An activity with one single-choice question and ``free_text_questions`` free-text ones, and
    ``responses`` responses answering each (the comments above, in turn)."""
    with ctx.session() as s:
        if plan_id is None:
            plan = EngagementPlan(title=f"{title} plan")
            s.add(plan)
            s.flush()
            plan_id = plan.id
        activity = Activity(plan_id=plan_id, title=title, method="survey", planned_date=date(2026, 5, 1))
        s.add(activity)
        s.flush()
        choice = ConsultationQuestion(activity_id=activity.id, position=1, text="Are you a carer?",
                                      kind="single_choice", purpose="group", choices="Yes\nNo")
        s.add(choice)
        questions = [ConsultationQuestion(activity_id=activity.id, position=n + 2, kind="free_text",
                                          text=f"What matters most to you? ({n + 1})")
                     for n in range(free_text_questions)]
        s.add_all(questions)
        s.flush()
        start = datetime(2026, 5, 1, 9, 0)
        rows = [{"activity_id": activity.id, "source_key": f"r{n}", "source": "forms",
                 "submitted_at": start + timedelta(minutes=n), "quote_consent": n % 2 == 0}
                for n in range(responses)]
        s.execute(insert(ConsultationResponse), rows)
        s.flush()
        ids = list(s.scalars(ConsultationResponse.__table__.select().with_only_columns(ConsultationResponse.id)
                             .where(ConsultationResponse.activity_id == activity.id)
                             .order_by(ConsultationResponse.id)))
        answers = [{"response_id": rid, "question_id": choice.id, "text": "Yes" if n % 3 == 0 else "No"}
                   for n, rid in enumerate(ids)]
        answers += [{"response_id": rid, "question_id": q.id, "text": COMMENTS[(n + k) % len(COMMENTS)]}
                    for n, rid in enumerate(ids) for k, q in enumerate(questions)]
        for chunk in range(0, len(answers), 20_000):
            s.execute(insert(ConsultationAnswer), answers[chunk:chunk + 20_000])
        return Survey(activity.id, plan_id, [q.id for q in questions], choice.id, ids)
