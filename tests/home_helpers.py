"""A small hand-made programme for Home's figures: every count is known (see EXPECTED), dates relative to
``today`` so the view (which counts for today) and the service tests see the same figures."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select, update

from helpers import make_org, make_person
from sdm_desktop.db.models import (
    Activity,
    AnalysisRound,
    AnswerTheme,
    Assessment,
    Cohort,
    ConsultationAnswer,
    ConsultationQuestion,
    ConsultationResponse,
    ConsultationTheme,
    EngagementPlan,
    Enrolment,
    Interaction,
    Letter,
    LetterRun,
    Organisation,
    Person,
    Programme,
)

PPG, CARERS = "Patient Participation Group (PPG)", "Carers' group"


def month_start(today: date, back: int = 0) -> date:
    n = today.year * 12 + today.month - 1 - back
    return date(n // 12, n % 12 + 1, 1)


def build_programme(ctx, today: date) -> dict[str, int]:
    """Groups, people, activities, follow-ups, two analysis rounds, training, letters, retention dates and a
    consultation; returns a few ids."""
    ids = {}
    ids["ppg1"] = make_org(ctx, "Alpha PPG", PPG, ppe_individual=True, ppe_service=True)
    ids["ppg2"] = make_org(ctx, "Beta PPG", PPG, ppe_service=True)
    ids["archived"] = make_org(ctx, "Gone PPG", PPG, ppe_service=True)
    ids["carers"] = make_org(ctx, "Carers together", CARERS, ppe_community=True)
    ids["ada"] = make_person(ctx, "Lovelace", "Ada", is_patient_rep=True)
    ids["bob"] = make_person(ctx, "Brown", "Bob")
    ids["cy"] = make_person(ctx, "Cole", "Cy")
    this_month, last_month = month_start(today), month_start(today, 1)
    old = datetime.utcnow() - timedelta(days=30)
    with ctx.session() as s:
        s.execute(update(Organisation).where(Organisation.id == ids["archived"]).values(archived_at=datetime.now()))
        s.execute(update(Person).where(Person.id == ids["bob"]).values(retention_review_on=today - timedelta(days=1)))
        s.execute(update(Person).where(Person.id == ids["cy"]).values(retention_review_on=today + timedelta(days=30),
                                                                        lawful_basis="consent", consent_data=False))
        plan = EngagementPlan(title="Plan one", status="active")
        other = EngagementPlan(title="Plan two", status="active")
        s.add_all([plan, other])
        s.flush()
        ids["plan"], ids["other_plan"] = plan.id, other.id
        acts = [Activity(plan_id=plan.id, title="Clinic chat", ppe_level="individual", planned_date=this_month),
                Activity(plan_id=plan.id, title="Service panel", ppe_level="service", planned_date=this_month),
                Activity(plan_id=other.id, title="Service survey", ppe_level="service",
                         planned_date=this_month + timedelta(days=1)),
                Activity(plan_id=other.id, title="Town hall", ppe_level="community", planned_date=last_month),
                Activity(plan_id=other.id, title="Unlevelled", ppe_level=None, planned_date=last_month),
                Activity(plan_id=plan.id, title="Long ago", ppe_level="service", planned_date=date(2001, 1, 1))]
        s.add_all(acts)
        s.flush()
        ids["survey"] = acts[2].id
        for due, done in ((today - timedelta(days=2), False), (today - timedelta(days=1), False),
                          (today - timedelta(days=5), True), (today, False), (today + timedelta(days=20), False)):
            s.add(Interaction(occurred_on=today - timedelta(days=10), summary="call", action="ring back", due_on=due,
                              done=done, person_id=ids["ada"], created_at=old))
        first, second = AnalysisRound(name="Round one", held_on=today - timedelta(days=200)), \
            AnalysisRound(name="Round two", held_on=today - timedelta(days=10))
        s.add_all([first, second])
        s.flush()
        for org, round_, influence, interest in (("ppg1", first, 1, 1), ("ppg2", first, 4, 4),
                                                 ("carers", first, 4, 1), ("ppg1", second, 4, 4),
                                                 ("ppg2", second, 4, 5), ("carers", second, 1, 4)):
            s.add(Assessment(organisation_id=ids[org], round_id=round_.id, influence=influence, interest=interest,
                             assessed_on=round_.held_on, created_at=old))
        programme = Programme(name="SDM basics")
        s.add(programme)
        s.flush()
        cohort = Cohort(programme_id=programme.id, name="Cohort 1")
        s.add(cohort)
        s.flush()
        s.add_all([Enrolment(cohort_id=cohort.id, person_id=ids["ada"], status="completed", completed_on=this_month),
                   Enrolment(cohort_id=cohort.id, person_id=ids["bob"], status="attended", completed_on=this_month,
                             trained_by_person_id=ids["ada"]),
                   Enrolment(cohort_id=cohort.id, person_id=ids["cy"], status="enrolled")])
        for when, person in ((datetime.utcnow(), "ada"), (datetime(2001, 1, 1), "bob")):     # a mailing each
            run = LetterRun(template_name="Invite", output_dir="letters", recipient_count=1, created_at=when)
            s.add(run)
            s.flush()
            s.add(Letter(run_id=run.id, person_id=ids[person], template_name="Invite", created_at=when))
        question = ConsultationQuestion(activity_id=ids["survey"], text="What matters?")
        themes = [ConsultationTheme(activity_id=ids["survey"], name="Waiting times"),
                  ConsultationTheme(activity_id=ids["survey"], name="Parking")]
        s.add_all([question, *themes])
        s.flush()
        for n in range(3):
            response = ConsultationResponse(activity_id=ids["survey"], source_key=f"r{n}",
                                            submitted_at=datetime.combine(this_month, datetime.min.time()))
            s.add(response)
            s.flush()
            answer = ConsultationAnswer(response_id=response.id, question_id=question.id, text="…")
            s.add(answer)
            s.flush()
            s.add(AnswerTheme(answer_id=answer.id, theme_id=themes[0].id, coder="me"))
            if n == 0:
                s.add(AnswerTheme(answer_id=answer.id, theme_id=themes[1].id, coder="me"))
                s.add(AnswerTheme(answer_id=answer.id, theme_id=themes[0].id, coder="you"))   # one answer, once
        s.add(ConsultationResponse(activity_id=ids["survey"], source_key="old", submitted_at=datetime(2001, 1, 1)))
    with ctx.session() as s:
        assert s.scalar(select(Person.id).where(Person.id == ids["ada"]))
    return ids
