"""Responses typed by hand (paper forms, notes from a meeting or an event stall), and the questions they answer."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy import delete, func, select

from sdm_desktop.db.models.consultation import (
    QUESTION_KINDS,
    QUESTION_PURPOSES,
    ConsultationAnswer,
    ConsultationQuestion,
    ConsultationResponse,
)
from sdm_desktop.errors import UserError
from sdm_desktop.services.consultation.activity import activity_or_error
from sdm_desktop.services.consultation.intake.storing import review_date
from sdm_desktop.services.consultation.intake.values import parse_consent, parse_number
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.undo import UndoStep
from sdm_desktop.services.core.versions import written_row

MAX_ANSWER = 20_000
MAX_QUESTION = 2_000


@dataclass
class TypedResponse:
    """One response typed in: answers by question id (multiple choice: one choice a line)."""

    answers: dict[int, str] = field(default_factory=dict)
    received_on: date | None = None


def add_question(ctx: AppContext, activity_id: int, text: str, kind: str = "free_text",
                 purpose: str = "question", choices: list[str] | None = None) -> int:
    """A question to type answers to (for paper forms and meetings, which no file describes)."""
    text = " ".join(text.split())
    if not text:
        raise UserError("A question needs its wording.")
    if len(text) > MAX_QUESTION:
        raise UserError(f"A question's wording is at most {MAX_QUESTION:,} characters.")
    if kind not in QUESTION_KINDS or purpose not in QUESTION_PURPOSES:
        raise UserError(f"Unknown question kind {kind!r} or purpose {purpose!r}.")
    with ctx.session() as s:
        activity_or_error(s, activity_id)
        if s.scalar(select(ConsultationQuestion.id).where(ConsultationQuestion.activity_id == activity_id,
                                                          ConsultationQuestion.text == text)):
            raise UserError(f"This activity already has the question {text!r}.")
        position = (s.scalar(select(func.max(ConsultationQuestion.position))
                             .where(ConsultationQuestion.activity_id == activity_id)) or 0) + 1
        question = ConsultationQuestion(activity_id=activity_id, position=position, text=text, kind=kind,
                                        purpose=purpose, choices="\n".join(c.strip() for c in choices or []
                                                                           if c.strip()) or None)
        s.add(question)
        s.flush()
        audit.record(s, "create", "consultation question", question.id, activity=activity_id)
        new_id, written = question.id, written_row(s, question, text[:60])
    ctx.undo.push(UndoStep(f"add question {text[:40]}", lambda: _delete(ctx, ConsultationQuestion, new_id), written))
    return new_id


def add_typed_response(ctx: AppContext, activity_id: int, typed: TypedResponse) -> int:
    """Store one typed response (anonymous, like an import); the undo step takes it away again."""
    with ctx.session() as s:
        activity_or_error(s, activity_id)
        questions = {q.id: q for q in s.scalars(select(ConsultationQuestion)
                                                .where(ConsultationQuestion.activity_id == activity_id))}
        answers = _checked(typed.answers, questions)
        consent = next((parse_consent(text) for qid, text in answers.items()
                        if questions[qid].purpose == "quote_consent"), None)
        received = typed.received_on or date.today()
        response = ConsultationResponse(
            activity_id=activity_id, source_key=f"typed:{uuid.uuid4().hex}", source="typed",
            submitted_at=datetime.combine(received, time(0)), quote_consent=consent, review_on=review_date())
        response.answers = [ConsultationAnswer(question_id=qid, text=text,
                                               number=parse_number(text) if questions[qid].kind == "number" else None)
                            for qid, text in answers.items()]
        s.add(response)
        s.flush()
        audit.record(s, "create", "consultation response", response.id, activity=activity_id, typed=True)
        new_id, written = response.id, written_row(s, response, f"response {response.id}")
    ctx.undo.push(UndoStep("typed response", lambda: _delete(ctx, ConsultationResponse, new_id), written))
    return new_id


def _checked(answers: dict[int, str], questions: dict[int, ConsultationQuestion]) -> dict[int, str]:
    out = {}
    for qid, raw in answers.items():
        question = questions.get(qid)
        if question is None:
            raise UserError(f"Question {qid} is not one of this activity's questions.")
        text = "\n".join(line.strip() for line in (raw or "").strip().splitlines() if line.strip()) \
            if question.kind == "multiple_choice" else (raw or "").strip()
        if not text:
            continue
        if "\x00" in text:
            raise UserError(f"The answer to {question.text!r} holds a NUL character; type it again.")
        if len(text) > MAX_ANSWER:
            raise UserError(f"The answer to {question.text!r} is over {MAX_ANSWER:,} characters.")
        if question.kind == "number" and parse_number(text) is None:
            raise UserError(f"The answer to {question.text!r} should be a number, not {text[:40]!r}.")
        out[qid] = text
    if not out:
        raise UserError("Type at least one answer; an empty response was not saved.")
    return out


def _delete(ctx: AppContext, model, row_id: int) -> None:
    with ctx.session() as s:
        s.execute(delete(model).where(model.id == row_id))
        audit.record(s, "undo create", model.__tablename__, row_id)
