"""Coding answers by theme, one coder at a time: the themes each coder applied to an answer, the sentiment they
marked, which answers they have read (coded or uncoded), the next uncoded answer, and quotes kept from an answer
under a theme. A coder is the OS login unless a name is given (two people coding the same answers compare)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, func, insert, select, update

from sdm_desktop.db.models import Activity
from sdm_desktop.db.models.consultation import (
    SENTIMENTS,
    AnswerCoding,
    AnswerTheme,
    ConsultationAnswer,
    ConsultationQuestion,
    ConsultationQuote,
    ConsultationResponse,
    ConsultationTheme,
)
from sdm_desktop.errors import UserError
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.undo import UndoStep
from sdm_desktop.services.core.validation import FieldErrors, ValidationError, check_length, plain_text

CODER_LIMIT = 120
QUOTE_LIMIT = 2_000
# Activities whose answers are usually coded: offered first when choosing what to code.
CONSULTATION_METHODS = ("survey", "meeting", "focus_group", "workshop", "event_stall", "conversation")


def default_coder() -> str:
    return audit.current_user()


def checked_coder(coder: str | None) -> str:
    """The coder's name as stored: the OS login when none is given."""
    errors = FieldErrors()
    name = " ".join((plain_text(errors, "coder", coder or "") or "").split()) or default_coder()
    check_length(errors, "coder", name, CODER_LIMIT)
    if errors:
        raise ValidationError(errors)
    return name


@dataclass(frozen=True)
class ConsultationActivity:
    id: int
    title: str
    method: str
    responses: int


def consultation_activities(ctx: AppContext) -> list[ConsultationActivity]:
    """Activities that have responses or are of a kind that gathers them (survey, meeting, event…), those with
    responses first, then the newest."""
    with ctx.session() as s:
        counts = dict(s.execute(select(ConsultationResponse.activity_id, func.count())
                                .group_by(ConsultationResponse.activity_id)).all())
        rows = s.execute(select(Activity.id, Activity.title, Activity.method, Activity.planned_date)
                         .where((Activity.method.in_(CONSULTATION_METHODS)) | Activity.id.in_(list(counts) or [0]))
                         .order_by(Activity.planned_date.desc(), Activity.id.desc())).all()
    found = [ConsultationActivity(r.id, r.title, r.method, counts.get(r.id, 0)) for r in rows]
    return sorted(found, key=lambda a: a.responses == 0)


@dataclass(frozen=True)
class FreeTextQuestion:
    id: int
    position: int       # the number --question takes (1 = the form's first question)
    text: str


def free_text_questions(ctx: AppContext, activity_id: int) -> list[FreeTextQuestion]:
    """The activity's free-text questions, the ones coded by theme, in the form's order, numbered from 1 among
    all its questions."""
    with ctx.session() as s:
        rows = s.execute(select(ConsultationQuestion.id, ConsultationQuestion.text, ConsultationQuestion.kind,
                                ConsultationQuestion.purpose)
                         .where(ConsultationQuestion.activity_id == activity_id)
                         .order_by(ConsultationQuestion.position, ConsultationQuestion.id)).all()
    return [FreeTextQuestion(r.id, n, r.text) for n, r in enumerate(rows, start=1)
            if r.kind == "free_text" and r.purpose == "question"]


@dataclass
class CodingQueue:
    """The answers to read, in order, and those this coder has read: kept by the coding screen, so moving to
    the next answer is a lookup, not a count over the database."""
    answer_ids: list[int]
    coded: set[int] = field(default_factory=set)

    def next_uncoded(self, after: int = -1) -> int | None:
        """Index of the first uncoded answer after ``after``, wrapping round; None when all are coded."""
        n = len(self.answer_ids)
        for step in range(1, n + 1):
            index = (after + step) % n
            if self.answer_ids[index] not in self.coded:
                return index
        return None


def coding_queue(ctx: AppContext, activity_id: int, question_id: int | None, coder: str) -> CodingQueue:
    """The answers (not blank) to one free-text question, or to all of them, with those ``coder`` has read."""
    questions = [q.id for q in free_text_questions(ctx, activity_id) if question_id in (None, q.id)]
    answer, coding = ConsultationAnswer.__table__, AnswerCoding.__table__
    with ctx.session() as s:
        ids = list(s.scalars(select(answer.c.id).where(answer.c.question_id.in_(questions),
                                                       func.trim(answer.c.text) != "")
                             .order_by(answer.c.response_id, answer.c.question_id)))
        coded = set(s.scalars(select(coding.c.answer_id).join(answer, answer.c.id == coding.c.answer_id)
                              .where(coding.c.coder == coder, answer.c.question_id.in_(questions))))
    return CodingQueue(ids, coded & set(ids))


@dataclass(frozen=True)
class CodingProgress:
    coded: int
    total: int

    @property
    def uncoded(self) -> int:
        return self.total - self.coded


def progress(ctx: AppContext, activity_id: int, question_id: int | None, coder: str) -> CodingProgress:
    queue = coding_queue(ctx, activity_id, question_id, coder)
    return CodingProgress(len(queue.coded), len(queue.answer_ids))


@dataclass(frozen=True)
class Quote:
    id: int
    theme_id: int | None
    text: str


@dataclass(frozen=True)
class AnswerToCode:
    id: int
    response_id: int
    question_id: int
    question: str
    text: str
    submitted_at: datetime | None
    theme_ids: frozenset[int]        # applied by this coder
    sentiment: str | None
    coded: bool                      # this coder has read it
    quotes: tuple[Quote, ...]


_ANSWER, _QUESTION = ConsultationAnswer.__table__, ConsultationQuestion.__table__
_RESPONSE, _CODING = ConsultationResponse.__table__, AnswerCoding.__table__
_THEMES, _QUOTES = AnswerTheme.__table__, ConsultationQuote.__table__


def answer_to_code(ctx: AppContext, answer_id: int, coder: str) -> AnswerToCode:
    """One answer as a coder sees it: three indexed look-ups in Core (no ORM objects), quick enough to run on
    every key press."""
    with ctx.session() as s:
        row = s.execute(
            select(_ANSWER.c.response_id, _ANSWER.c.question_id, _QUESTION.c.text.label("question"), _ANSWER.c.text,
                   _RESPONSE.c.submitted_at, _CODING.c.sentiment, _CODING.c.id.label("coding_id"))
            .select_from(_ANSWER.join(_QUESTION, _QUESTION.c.id == _ANSWER.c.question_id)
                         .join(_RESPONSE, _RESPONSE.c.id == _ANSWER.c.response_id)
                         .outerjoin(_CODING, (_CODING.c.answer_id == _ANSWER.c.id) & (_CODING.c.coder == coder)))
            .where(_ANSWER.c.id == answer_id)).first()
        if row is None:
            raise UserError(f"There is no answer {answer_id}.")
        themes = frozenset(s.scalars(select(_THEMES.c.theme_id).where(_THEMES.c.answer_id == answer_id,
                                                                      _THEMES.c.coder == coder)))
        quotes = tuple(Quote(*q) for q in s.execute(select(_QUOTES.c.id, _QUOTES.c.theme_id, _QUOTES.c.text)
                                                    .where(_QUOTES.c.answer_id == answer_id).order_by(_QUOTES.c.id)))
    return AnswerToCode(answer_id, row.response_id, row.question_id, row.question, row.text, row.submitted_at,
                        themes, row.sentiment, row.coding_id is not None, quotes)


def _coding_row(s, answer_id: int, coder: str) -> AnswerCoding:
    row = s.scalar(select(AnswerCoding).where(AnswerCoding.answer_id == answer_id, AnswerCoding.coder == coder))
    if row is None:
        row = AnswerCoding(answer_id=answer_id, coder=coder, coded_at=datetime.now())
        s.add(row)
    return row


def _theme_of_answer(s, answer_id: int, theme_id: int) -> str:
    """The theme's name, refused unless it is in the codebook of the answer's activity (one query)."""
    activity, theme = Activity.__table__, ConsultationTheme.__table__
    in_codebook = (theme.c.activity_id == activity.c.id) | (theme.c.activity_id.is_(None) &
                                                            (theme.c.plan_id == activity.c.plan_id))
    name = s.scalar(select(theme.c.name).select_from(
        _ANSWER.join(_RESPONSE, _RESPONSE.c.id == _ANSWER.c.response_id)
        .join(activity, activity.c.id == _RESPONSE.c.activity_id)
        .join(theme, (theme.c.id == theme_id) & in_codebook))
        .where(_ANSWER.c.id == answer_id))
    if name is None:
        if s.scalar(select(_ANSWER.c.id).where(_ANSWER.c.id == answer_id)) is None:
            raise UserError(f"There is no answer {answer_id}.")
        raise UserError("That theme is not in this activity's codebook (deleted or merged meanwhile?).")
    return name


def _coding_id(s, answer_id: int, coder: str) -> int | None:
    return s.scalar(select(_CODING.c.id).where(_CODING.c.answer_id == answer_id, _CODING.c.coder == coder))


def _mark_read(s, answer_id: int, coder: str, sentiment: str | None = None) -> bool:
    """The coder's row for the answer, made if missing. True if it was made now."""
    if _coding_id(s, answer_id, coder) is not None:
        return False
    s.execute(insert(_CODING).values(answer_id=answer_id, coder=coder, coded_at=datetime.now(), sentiment=sentiment))
    return True


def set_theme(ctx: AppContext, answer_id: int, theme_id: int, coder: str, applied: bool) -> None:
    """Apply (or take off) one theme for one coder; the answer then counts as coded by them."""
    with ctx.session() as s:
        name = _theme_of_answer(s, answer_id, theme_id)
        had = s.scalar(select(_THEMES.c.id).where(_THEMES.c.answer_id == answer_id, _THEMES.c.theme_id == theme_id,
                                                  _THEMES.c.coder == coder))
        new_coding = _mark_read(s, answer_id, coder)
        if applied and had is None:
            s.execute(insert(_THEMES).values(answer_id=answer_id, theme_id=theme_id, coder=coder))
        elif not applied and had is not None:
            s.execute(delete(_THEMES).where(_THEMES.c.id == had))
        else:
            return
    verb = "apply" if applied else "remove"
    ctx.undo.push(UndoStep(f"{verb} theme {name}",
                           lambda: _undo_theme(ctx, answer_id, theme_id, coder, not applied, new_coding)))


def toggle_theme(ctx: AppContext, answer: AnswerToCode, theme_id: int, coder: str) -> bool:
    """Apply the theme if the coder has not, else take it off. True: it is applied now."""
    applied = theme_id not in answer.theme_ids
    set_theme(ctx, answer.id, theme_id, coder, applied)
    return applied


def _undo_theme(ctx: AppContext, answer_id: int, theme_id: int, coder: str, applied: bool, unread: bool) -> None:
    with ctx.session() as s:
        if applied:
            s.add(AnswerTheme(answer_id=answer_id, theme_id=theme_id, coder=coder))
        else:
            s.execute(delete(AnswerTheme).where(AnswerTheme.answer_id == answer_id, AnswerTheme.theme_id == theme_id,
                                                AnswerTheme.coder == coder))
        if unread:
            s.execute(delete(AnswerCoding).where(AnswerCoding.answer_id == answer_id, AnswerCoding.coder == coder))


def set_sentiment(ctx: AppContext, answer_id: int, coder: str, sentiment: str | None) -> None:
    """positive / negative / mixed / neutral, or None for none marked."""
    if sentiment is not None and sentiment not in SENTIMENTS:
        raise UserError(f"Sentiment is one of {', '.join(SENTIMENTS)}, not {sentiment!r}.")
    with ctx.session() as s:
        if s.scalar(select(_ANSWER.c.id).where(_ANSWER.c.id == answer_id)) is None:
            raise UserError(f"There is no answer {answer_id}.")
        if not _mark_read(s, answer_id, coder, sentiment):
            s.execute(update(_CODING).where(_CODING.c.answer_id == answer_id, _CODING.c.coder == coder)
                      .values(sentiment=sentiment))


def mark_coded(ctx: AppContext, answer_id: int, coder: str) -> bool:
    """The coder has read the answer (with or without a theme: 'nothing to code' is a decision too).
    True if it was not coded before."""
    with ctx.session() as s:
        return _mark_read(s, answer_id, coder)


def keep_quote(ctx: AppContext, answer_id: int, theme_id: int | None, text: str, coder: str) -> Quote:
    """Keep a phrase of the answer as a quote under a theme (which the coder then has applied). The phrase must
    be in the answer as written; names in it are redacted when the quote is used, not here."""
    errors = FieldErrors()
    phrase = (plain_text(errors, "quote", text or "", multiline=True) or "").strip()
    check_length(errors, "quote", phrase, QUOTE_LIMIT)
    if not phrase:
        errors.add("quote", "is empty: select a phrase of the answer")
    if errors:
        raise ValidationError(errors)
    with ctx.session() as s:
        answer = s.get(ConsultationAnswer, answer_id)
        if answer is None:
            raise UserError(f"There is no answer {answer_id}.")
        if " ".join(phrase.split()).casefold() not in " ".join(answer.text.split()).casefold():
            raise UserError("A quote is a phrase of the answer as written; that text is not in it.")
        if theme_id is not None:
            _theme_of_answer(s, answer_id, theme_id)
        row = ConsultationQuote(answer_id=answer_id, theme_id=theme_id, text=phrase)
        s.add(row)
        s.flush()
        audit.record(s, "create", "consultation_quote", row.id, answer=answer_id, theme=theme_id)
        quote = Quote(row.id, theme_id, phrase)
    ctx.undo.push(UndoStep("keep quote", lambda: remove_quote(ctx, quote.id, undoable=False)))
    if theme_id is not None:
        set_theme(ctx, answer_id, theme_id, coder, True)
    return quote


def remove_quote(ctx: AppContext, quote_id: int, *, undoable: bool = True) -> None:
    with ctx.session() as s:
        row = s.get(ConsultationQuote, quote_id)
        if row is None:
            return
        kept = (row.answer_id, row.theme_id, row.text)
        s.delete(row)
        audit.record(s, "delete", "consultation_quote", quote_id)
    if undoable:
        ctx.undo.push(UndoStep("remove quote", lambda: _put_quote_back(ctx, quote_id, kept)))


def _put_quote_back(ctx: AppContext, quote_id: int, kept: tuple) -> None:
    with ctx.session() as s:
        answer_id, theme_id, text = kept
        s.add(ConsultationQuote(id=quote_id, answer_id=answer_id, theme_id=theme_id, text=text))


def activity_of_response(ctx: AppContext, response_id: int) -> int:
    with ctx.session() as s:
        activity_id = s.scalar(select(ConsultationResponse.activity_id).where(ConsultationResponse.id == response_id))
    if activity_id is None:
        raise UserError(f"There is no response {response_id}.")
    return activity_id


def answer_of_response(ctx: AppContext, response_id: int, question: int | None) -> int:
    """The answer id of a response to its free-text question number ``question`` (as numbered in the form);
    with ``question`` None, the activity must have exactly one free-text question."""
    activity_id = activity_of_response(ctx, response_id)
    questions = free_text_questions(ctx, activity_id)
    numbers = ", ".join(str(q.position) for q in questions)
    if question is None:
        if len(questions) != 1:
            raise UserError(f"Activity {activity_id} has {len(questions) or 'no'} free-text questions"
                            + (f" ({numbers}): say which with --question N." if questions else "."))
        chosen = questions[0]
    else:
        chosen = next((q for q in questions if q.position == question), None)
        if chosen is None:
            raise UserError(f"Question {question} of activity {activity_id} is not a free-text question; "
                            f"free-text questions: {numbers or 'none'}.")
    with ctx.session() as s:
        answer_id = s.scalar(select(ConsultationAnswer.id).where(ConsultationAnswer.response_id == response_id,
                                                                 ConsultationAnswer.question_id == chosen.id))
    if answer_id is None:
        raise UserError(f"Response {response_id} has no answer to question {chosen.position}.")
    return answer_id


def code_answer(ctx: AppContext, answer_id: int, theme_ids: list[int], coder: str, quote: str | None = None,
                sentiment: str | None = None) -> int:
    """Apply themes to an answer for a coder (the command line's 'responses code'), keeping ``quote`` under the
    first and marking ``sentiment`` if given, all in one transaction. Returns how many themes were new to it."""
    if sentiment is not None and sentiment not in SENTIMENTS:
        raise UserError(f"Sentiment is one of {', '.join(SENTIMENTS)}, not {sentiment!r}.")
    phrase = " ".join((quote or "").split())
    with ctx.session() as s:
        for theme_id in theme_ids:
            _theme_of_answer(s, answer_id, theme_id)
        if quote is not None:
            errors = FieldErrors()
            plain_text(errors, "quote", quote, multiline=True)
            check_length(errors, "quote", phrase, QUOTE_LIMIT)
            if errors:
                raise ValidationError(errors)
            text = " ".join(s.get(ConsultationAnswer, answer_id).text.split())
            if not phrase or phrase.casefold() not in text.casefold():
                raise UserError("--quote must be a phrase of the answer as written; that text is not in it.")
        had = set(s.scalars(select(AnswerTheme.theme_id).where(AnswerTheme.answer_id == answer_id,
                                                               AnswerTheme.coder == coder)))
        new = [t for t in dict.fromkeys(theme_ids) if t not in had]
        s.add_all(AnswerTheme(answer_id=answer_id, theme_id=t, coder=coder) for t in new)
        row = _coding_row(s, answer_id, coder)
        if sentiment is not None:
            row.sentiment = sentiment
        if quote is not None:
            s.add(ConsultationQuote(answer_id=answer_id, theme_id=theme_ids[0] if theme_ids else None, text=phrase))
        audit.record(s, "code", "consultation_answer", answer_id, themes=theme_ids, coder=coder)
    return len(new)
