"""Writing imported responses: the activity's questions, the new responses and their answers, the people they
were matched to, in one transaction recorded as one import batch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from sdm_desktop.db.models import Activity, ImportBatch, ImportChange, Interaction, Person, utcnow
from sdm_desktop.db.models.consultation import ConsultationAnswer, ConsultationQuestion, ConsultationResponse
from sdm_desktop.progress import Progress
from sdm_desktop.services.consultation.activity import activity_or_error
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext

BATCH_KIND = "responses"
RETAIN_YEARS = 3          # a response's retention review date: three years after it came in
CHUNK = 500


@dataclass
class Incoming:
    """One response read from a file, before it is stored."""

    line: int
    key: str
    submitted: datetime | None
    name: str | None                     # kept on purpose only
    email: str | None                    # kept on purpose only
    match_email: str | None              # for --match-people only; never stored
    answers: list[tuple[int, str, float | None]]   # (question's place in the layout, text, number)
    quote_consent: bool | None


def review_date(today: date | None = None) -> date:
    today = today or date.today()
    try:
        return today.replace(year=today.year + RETAIN_YEARS)
    except ValueError:                                   # 29 February
        return today.replace(year=today.year + RETAIN_YEARS, day=28)


def store_responses(ctx: AppContext, result, layout, incoming: list[Incoming], match_people: bool,
                    progress: Progress) -> None:
    """Add the responses the activity does not hold yet; fills in ``result`` (ResponsesImport)."""
    with ctx.session() as s:
        activity = activity_or_error(s, result.activity_id)
        seen = set(s.scalars(select(ConsultationResponse.source_key)
                             .where(ConsultationResponse.activity_id == activity.id)))
        fresh = []
        for response in incoming:
            if response.key in seen:
                result.already += 1
            else:
                seen.add(response.key)
                fresh.append(response)
        people = _people_by_email(s, [r.match_email for r in fresh if r.match_email]) if match_people else {}
        result.added = len(fresh)
        result.matched = sum(1 for r in fresh if (r.match_email or "").lower() in people)
        existing = _existing_questions(s, activity.id)
        new_questions = sum(1 for q in layout.questions if q.text not in existing)
        result.new_questions = new_questions if fresh else 0
        if result.already and new_questions == len(layout.questions):
            result.warnings.append(
                f"{result.already:,} rows have response IDs this activity already holds, from a survey with other "
                "questions: if this file is another survey, import it into an activity of its own.")
        if result.dry_run or not fresh:
            return
        batch = ImportBatch(file_name=result.file_name, kind=BATCH_KIND, created_count=len(fresh),
                            rejected_count=len(result.bad))
        s.add(batch)
        s.flush()
        result.batch_id = batch.id
        question_ids = _questions(s, activity.id, layout.questions, existing, batch.id)
        interactions = _interactions(s, activity, fresh, people)
        _write(s, activity.id, batch.id, layout.tool, fresh, question_ids, people, interactions, progress)
        audit.record(s, "import", "consultation responses", activity.id, file=result.file_name,
                     batch=batch.id, added=len(fresh), already=result.already, bad=len(result.bad),
                     matched=result.matched)


def _existing_questions(s: Session, activity_id: int) -> dict[str, int]:
    return {text: qid for qid, text in s.execute(
        select(ConsultationQuestion.id, ConsultationQuestion.text)
        .where(ConsultationQuestion.activity_id == activity_id))}


def _questions(s: Session, activity_id: int, plans, existing: dict[str, int], batch_id: int) -> list[int]:
    """The question id for each question of the file: the activity's own, or a new one (recorded in the batch)."""
    position = (s.scalar(select(func.max(ConsultationQuestion.position))
                         .where(ConsultationQuestion.activity_id == activity_id)) or 0)
    ids = []
    for plan in plans:
        if plan.text not in existing:
            position += 1
            question = ConsultationQuestion(activity_id=activity_id, position=position, text=plan.text,
                                            kind=plan.kind, purpose=plan.purpose,
                                            equality_field=plan.equality_field,
                                            choices="\n".join(plan.choices) or None)
            s.add(question)
            s.flush()
            s.add(ImportChange(batch_id=batch_id, entity="consultation_question", entity_id=question.id,
                               action="create"))
            existing[plan.text] = question.id
        ids.append(existing[plan.text])
    return ids


def _people_by_email(s: Session, emails: list[str]) -> dict[str, int]:
    """Lower-case email → person, for emails held by exactly one person in the register (not erased)."""
    wanted = sorted({e.lower() for e in emails})
    found: dict[str, list[int]] = {}
    for start in range(0, len(wanted), CHUNK):
        for pid, email in s.execute(select(Person.id, func.lower(Person.email)).where(
                func.lower(Person.email).in_(wanted[start:start + CHUNK]), Person.erased_at.is_(None))):
            found.setdefault(email, []).append(pid)
    return {email: ids[0] for email, ids in found.items() if len(ids) == 1}


def _interactions(s: Session, activity: Activity, fresh: list[Incoming], people: dict[str, int]) -> dict[str, int]:
    """A "from them" survey interaction for each matched response: response key → interaction id."""
    matched = [r for r in fresh if (r.match_email or "").lower() in people]
    if not matched:
        return {}
    rows = [{"occurred_on": (r.submitted.date() if r.submitted else date.today()), "channel": "survey",
             "direction": "in", "summary": f"Responded to {activity.title}"[:500],
             "person_id": people[r.match_email.lower()], "activity_id": activity.id} for r in matched]
    ids = s.scalars(insert(Interaction).returning(Interaction.id, sort_by_parameter_order=True), rows).all()
    return {r.key: iid for r, iid in zip(matched, ids, strict=True)}


def _write(s: Session, activity_id: int, batch_id: int, source: str, fresh: list[Incoming], question_ids: list[int],
           people: dict[str, int], interactions: dict[str, int], progress: Progress) -> None:
    """Plain multi-row inserts (RETURNING with its order kept goes row by row on SQLite); the new ids are then
    read back by the batch and each response's key."""
    review_on, now = review_date(), utcnow()
    table = ConsultationResponse.__table__
    for start in range(0, len(fresh), CHUNK):
        s.execute(insert(table), [
            {"activity_id": activity_id, "batch_id": batch_id, "source_key": r.key, "source": source,
             "submitted_at": r.submitted, "respondent_name": r.name, "respondent_email": r.email,
             "quote_consent": r.quote_consent, "review_on": review_on, "row_version": 1, "created_at": now,
             "updated_at": now, "person_id": people.get((r.match_email or "").lower()),
             "interaction_id": interactions.get(r.key)} for r in fresh[start:start + CHUNK]])
        progress.step(len(fresh[start:start + CHUNK]) // 2)
    new_ids = select(table.c.source_key, table.c.id).where(table.c.batch_id == batch_id)
    ids = {key: rid for key, rid in s.execute(new_ids)}
    answers_sql = _plain_insert(s, ConsultationAnswer.__table__.name,
                                ["response_id", "question_id", "text", "number", "row_version"])
    for start in range(0, len(fresh), CHUNK):
        chunk = fresh[start:start + CHUNK]
        rows = [(ids[r.key], question_ids[q], text, number, 1) for r in chunk for q, text, number in r.answers]
        if rows:
            s.connection().exec_driver_sql(answers_sql, rows)
        progress.step(len(chunk) - len(chunk) // 2)


def _plain_insert(s: Session, table: str, columns: list[str]) -> str:
    """An INSERT for one DB-API executemany of plain tuples (50,000 answers without per-row SQLAlchemy work);
    only for columns holding numbers and text, which every driver passes as they are."""
    mark = "?" if s.get_bind().dialect.paramstyle == "qmark" else "%s"
    names = ", ".join(f'"{c}"' for c in columns)
    return f'INSERT INTO "{table}" ({names}) VALUES ({", ".join([mark] * len(columns))})'
