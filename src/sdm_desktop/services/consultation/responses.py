"""An activity's questions and responses, filtered by theme, by an answer, by words, or to those not coded yet."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from sdm_desktop.db.models import Activity, Person
from sdm_desktop.db.models.consultation import (
    AnswerCoding,
    AnswerTheme,
    ConsultationAnswer,
    ConsultationQuestion,
    ConsultationResponse,
    ConsultationTheme,
)
from sdm_desktop.errors import UserError
from sdm_desktop.services.consultation.activity import activity_or_error
from sdm_desktop.services.consultation.codebook.themes import codebook_rows
from sdm_desktop.services.core.context import AppContext

KIND_NAMES = {"free_text": "free text", "single_choice": "single choice", "multiple_choice": "multiple choice",
              "number": "rating / number", "date": "date"}
SOURCE_NAMES = {"forms": "Microsoft Forms", "smartsurvey": "SmartSurvey", "surveymonkey": "SurveyMonkey",
                "google": "Google Forms", "other": "file", "typed": "typed"}


@dataclass
class QuestionInfo:
    id: int
    position: int
    text: str
    kind: str
    purpose: str
    equality_field: str | None
    choices: list[str]

    @property
    def is_free_text(self) -> bool:
        return self.kind == "free_text" and self.purpose == "question"


@dataclass
class ResponseRow:
    id: int
    submitted_at: datetime | None
    source: str
    respondent: str                        # "anonymous", a kept name, or the matched person's name
    quote_consent: bool | None
    review_on: date | None
    answers: dict[int, str] = field(default_factory=dict)          # question id → answer
    themes: list[str] = field(default_factory=list)                # by any coder, each once

    def answer(self, question_id: int) -> str:
        return self.answers.get(question_id, "")


@dataclass
class ResponseFilter:
    theme: str | None = None               # a theme's name (its sub-themes count too)
    uncoded: bool = False                  # a free-text answer no one has coded yet
    text: str | None = None                # words in any answer
    question_id: int | None = None         # with ``answer``: this answer (a choice) to that question
    answer: str | None = None


def activity_title(ctx: AppContext, activity_id: int) -> str:
    with ctx.session() as s:
        return activity_or_error(s, activity_id).title


def list_questions(ctx: AppContext, activity_id: int) -> list[QuestionInfo]:
    with ctx.session() as s:
        return questions_of(s, activity_id)


def questions_of(s: Session, activity_id: int) -> list[QuestionInfo]:
    rows = s.scalars(select(ConsultationQuestion).where(ConsultationQuestion.activity_id == activity_id)
                     .order_by(ConsultationQuestion.position, ConsultationQuestion.id))
    return [QuestionInfo(q.id, q.position, q.text, q.kind, q.purpose, q.equality_field,
                         (q.choices or "").splitlines()) for q in rows]


def theme_ids(s: Session, activity_id: int, name: str) -> list[int]:
    """The theme of the activity's codebook (its own or its plan's) called ``name``, with its sub-themes."""
    plan_id = s.scalar(select(Activity.plan_id).where(Activity.id == activity_id))
    themes = list(s.execute(select(ConsultationTheme.id, ConsultationTheme.name, ConsultationTheme.parent_id).where(
        or_(ConsultationTheme.activity_id == activity_id,
            (ConsultationTheme.plan_id == plan_id) & ConsultationTheme.activity_id.is_(None)))))
    chosen = [t.id for t in themes if t.name.casefold() == name.strip().casefold()]
    if not chosen:
        names = ", ".join(sorted(t.name for t in themes)) or "none yet"
        raise UserError(f"There is no theme {name!r} in this activity's codebook (its themes: {names}).")
    found = set(chosen)
    while more := {t.id for t in themes if t.parent_id in found and t.id not in found}:
        found |= more
    return sorted(found)


def list_responses(ctx: AppContext, activity_id: int, wanted: ResponseFilter | None = None) -> list[ResponseRow]:
    """The activity's responses, newest first, with their answers and the themes applied to them."""
    wanted = wanted or ResponseFilter()
    with ctx.session() as s:
        activity_or_error(s, activity_id)
        query = (select(ConsultationResponse.id, ConsultationResponse.submitted_at, ConsultationResponse.source,
                        ConsultationResponse.respondent_name, ConsultationResponse.quote_consent,
                        ConsultationResponse.review_on, Person.first_name, Person.last_name)
                 .outerjoin(Person, Person.id == ConsultationResponse.person_id)
                 .where(ConsultationResponse.activity_id == activity_id))
        for condition in _conditions(s, activity_id, wanted):
            query = query.where(condition)
        query = query.order_by(ConsultationResponse.submitted_at.desc(), ConsultationResponse.id.desc())
        rows = {r.id: ResponseRow(r.id, r.submitted_at, r.source, _respondent(r), r.quote_consent, r.review_on)
                for r in s.execute(query)}
        _fill(s, activity_id, rows)
        return list(rows.values())


def _respondent(row) -> str:
    if row.first_name or row.last_name:
        return " ".join(p for p in (row.first_name, row.last_name) if p)
    return row.respondent_name or "anonymous"


def _answer_of(*conditions):
    return exists().where(ConsultationAnswer.response_id == ConsultationResponse.id, *conditions)


def _conditions(s: Session, activity_id: int, wanted: ResponseFilter) -> list:
    out = []
    if wanted.theme:
        ids = theme_ids(s, activity_id, wanted.theme)
        out.append(_answer_of(exists().where(AnswerTheme.answer_id == ConsultationAnswer.id,
                                             AnswerTheme.theme_id.in_(ids))))
    if wanted.uncoded:
        free = select(ConsultationQuestion.id).where(ConsultationQuestion.activity_id == activity_id,
                                                     ConsultationQuestion.kind == "free_text",
                                                     ConsultationQuestion.purpose == "question")
        out.append(_answer_of(ConsultationAnswer.question_id.in_(free), ConsultationAnswer.text != "",
                              ~exists().where(AnswerCoding.answer_id == ConsultationAnswer.id)))
    if wanted.text and wanted.text.strip():
        words = wanted.text.strip().lower()
        out.append(_answer_of(func.lower(ConsultationAnswer.text).contains(words, autoescape=True)))
    if wanted.question_id is not None and wanted.answer:
        line = wanted.answer
        out.append(_answer_of(ConsultationAnswer.question_id == wanted.question_id,
                              or_(ConsultationAnswer.text == line,
                                  ConsultationAnswer.text.startswith(line + "\n", autoescape=True),
                                  ConsultationAnswer.text.endswith("\n" + line, autoescape=True),
                                  ConsultationAnswer.text.contains("\n" + line + "\n", autoescape=True))))
    return out


def _fill(s: Session, activity_id: int, rows: dict[int, ResponseRow]) -> None:
    """Answers and theme names, read for the whole activity at once (a filter only narrows ``rows``)."""
    answers = (select(ConsultationAnswer.id, ConsultationAnswer.response_id, ConsultationAnswer.question_id,
                      ConsultationAnswer.text)
               .join(ConsultationResponse, ConsultationResponse.id == ConsultationAnswer.response_id)
               .where(ConsultationResponse.activity_id == activity_id))
    for _aid, response_id, question_id, text in s.execute(answers):
        if row := rows.get(response_id):
            row.answers[question_id] = text
    themes = (select(ConsultationAnswer.response_id, ConsultationTheme.name)
              .join(AnswerTheme, AnswerTheme.answer_id == ConsultationAnswer.id)
              .join(ConsultationTheme, ConsultationTheme.id == AnswerTheme.theme_id)
              .join(ConsultationResponse, ConsultationResponse.id == ConsultationAnswer.response_id)
              .where(ConsultationResponse.activity_id == activity_id)
              .order_by(ConsultationTheme.position, ConsultationTheme.name))
    for response_id, name in s.execute(themes):
        if (row := rows.get(response_id)) and name not in row.themes:
            row.themes.append(name)


def response_count(ctx: AppContext, activity_id: int) -> int:
    with ctx.session() as s:
        return s.scalar(select(func.count()).where(ConsultationResponse.activity_id == activity_id)) or 0


def themes_by_answer(ctx: AppContext, activity_id: int) -> dict[tuple[int, int], list[str]]:
    """(response id, question id) → the names of the themes any coder applied to that answer."""
    query = (select(ConsultationAnswer.response_id, ConsultationAnswer.question_id, ConsultationTheme.name)
             .join(AnswerTheme, AnswerTheme.answer_id == ConsultationAnswer.id)
             .join(ConsultationTheme, ConsultationTheme.id == AnswerTheme.theme_id)
             .join(ConsultationResponse, ConsultationResponse.id == ConsultationAnswer.response_id)
             .where(ConsultationResponse.activity_id == activity_id)
             .order_by(ConsultationTheme.position, ConsultationTheme.name))
    out: dict[tuple[int, int], list[str]] = {}
    with ctx.session() as s:
        for response_id, question_id, name in s.execute(query):
            names = out.setdefault((response_id, question_id), [])
            if name not in names:
                names.append(name)
    return out


def theme_names(ctx: AppContext, activity_id: int) -> list[str]:
    """The names in the activity's codebook (its own themes and its plan's), in codebook order."""
    with ctx.session() as s:
        activity = s.get(Activity, activity_id)
        return [t.name for t in codebook_rows(s, activity)] if activity is not None else []


def counts(ctx: AppContext, activity_id: int) -> tuple[int, int]:
    """How many responses the activity has, and how many of them have no theme yet."""
    themed = (select(func.count(func.distinct(ConsultationAnswer.response_id)))
              .join(AnswerTheme, AnswerTheme.answer_id == ConsultationAnswer.id)
              .join(ConsultationResponse, ConsultationResponse.id == ConsultationAnswer.response_id)
              .where(ConsultationResponse.activity_id == activity_id))
    with ctx.session() as s:
        total = s.scalar(select(func.count()).where(ConsultationResponse.activity_id == activity_id)) or 0
        return total, total - (s.scalar(themed) or 0)
