"""A consultation written straight with the ORM for the analysis tests: a survey on an activity, its questions
(free text, a single choice, a multiple choice, a carer group question, an equality question, quote consent),
responses with answers, a codebook and two coders' themes, kept quotes and a "you said, we did" entry."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sdm_desktop.db.models import Activity, EngagementPlan, Interaction, Person
from sdm_desktop.db.models.consultation import (
    AnswerCoding,
    AnswerTheme,
    ConsultationAnswer,
    ConsultationQuestion,
    ConsultationQuote,
    ConsultationResponse,
    ConsultationTheme,
)

# (free text, transport choice, services wanted, carer?, age band, may we quote you?, themes by the coder)
ROWS = [
    ("The waiting times are far too long. Dr Patel was kind though.", "Bus", "Pharmacy\nGP", "Yes", "65 to 74",
     "Yes", ["Waiting times", "Staff attitude"]),
    ("Waiting times at the surgery are long and the car parking is awful", "Car", "GP", "No", "25 to 34", "Yes",
     ["Waiting times", "Parking"]),
    ("Car parking is impossible on Mondays.", "Car", "GP\nDentist", "No", "35 to 44", "No", ["Parking"]),
    ("My carer Susan Brown says the waiting time is the worst part", "Bus", "Pharmacy", "Yes", "75 or over", "Yes",
     ["Waiting times"]),
    ("Friendly receptionists, long waiting times", "Walk", "GP", "Yes", "65 to 74", "", ["Waiting times",
                                                                                         "Staff attitude"]),
    ("Nothing to add", "Walk", "", "No", "Prefer not to say", "Yes", []),
]
THEMES = ["Waiting times", "Parking", "Staff attitude", "Access to services"]


@dataclass
class Consultation:
    activity_id: int
    questions: dict[str, int] = field(default_factory=dict)
    themes: dict[str, int] = field(default_factory=dict)
    responses: list[int] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)     # the free-text answers, in ROWS order
    feedback_id: int = 0


def build_consultation(ctx, rows=ROWS, coder: str = "ana") -> Consultation:
    with ctx.session() as s:
        plan = EngagementPlan(title="Listening to patients", ppe_community=True)
        s.add(plan)
        s.flush()
        activity = Activity(plan_id=plan.id, title="Surgery survey", method="survey", ppe_level="community",
                            planned_date=date(2026, 5, 1), end_date=date(2026, 5, 31), status="done")
        s.add(activity)
        s.add(Person(first_name="Rosalind", last_name="Featherstonehaugh"))
        s.flush()
        made = Consultation(activity.id)
        specs = [("What could we do better?", "free_text", "question", None, None),
                 ("How do you travel here?", "single_choice", "question", None, "Bus\nCar\nWalk"),
                 ("Which services do you use?", "multiple_choice", "question", None, "GP\nPharmacy\nDentist"),
                 ("Are you a carer?", "single_choice", "group", None, "Yes\nNo"),
                 ("Age band", "single_choice", "equality", "age_band", None),
                 ("May we quote you?", "single_choice", "quote_consent", None, "Yes\nNo")]
        for n, (text, kind, purpose, equality, choices) in enumerate(specs):
            q = ConsultationQuestion(activity_id=activity.id, position=n, text=text, kind=kind, purpose=purpose,
                                     equality_field=equality, choices=choices)
            s.add(q)
            s.flush()
            made.questions[text] = q.id
        for n, name in enumerate(THEMES):
            theme = ConsultationTheme(activity_id=activity.id, name=name, position=n)
            s.add(theme)
            s.flush()
            made.themes[name] = theme.id
        ids = list(made.questions.values())
        for n, (free, travel, services, carer, age, consent, themes) in enumerate(rows):
            response = ConsultationResponse(activity_id=activity.id, source_key=f"r{n}", source="forms",
                                            submitted_at=datetime(2026, 5, 2 + n % 20, 10, 0),
                                            quote_consent={"Yes": True, "No": False}.get(consent))
            s.add(response)
            s.flush()
            made.responses.append(response.id)
            for question_id, text in zip(ids, (free, travel, services, carer, age, consent), strict=True):
                if text:
                    answer = ConsultationAnswer(response_id=response.id, question_id=question_id, text=text)
                    s.add(answer)
                    s.flush()
                    if question_id == ids[0]:
                        made.answers.append(answer.id)
            free_answer = made.answers[-1]
            s.add(AnswerCoding(answer_id=free_answer, coder=coder, coded_at=datetime(2026, 6, 1)))
            for name in themes:
                s.add(AnswerTheme(answer_id=free_answer, theme_id=made.themes[name], coder=coder))
        feedback = Interaction(occurred_on=date(2026, 6, 10), direction="in", summary="Waits are too long",
                               is_feedback=True, change_made="Added a second duty doctor on Mondays",
                               activity_id=activity.id)
        s.add(feedback)
        s.flush()
        made.feedback_id = feedback.id
    return made


def keep_quote(ctx, answer_id: int, theme_id: int | None, text: str) -> int:
    with ctx.session() as s:
        quote = ConsultationQuote(answer_id=answer_id, theme_id=theme_id, text=text)
        s.add(quote)
        s.flush()
        return quote.id
