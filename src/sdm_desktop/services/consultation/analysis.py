"""What an activity's responses say in figures: counts of each choice (with percentages and a bar chart), how
many answers and people each theme has per question, themes by respondent group (a group question's answer or an
equality field), all of it narrowed by a filter (an answer, a theme, some text).

A theme counts for an answer when any coder applied it; "people" are distinct responses. Equality answers are
anonymous counts: a count from 1 to 4 is shown as "<5"."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import distinct, func, or_, select, true
from sqlalchemy.orm import aliased

from sdm_desktop.db.models import Activity
from sdm_desktop.db.models.consultation import (
    AnswerCoding,
    AnswerTheme,
    ConsultationAnswer,
    ConsultationQuestion,
    ConsultationResponse,
    ConsultationTheme,
)
from sdm_desktop.services.consultation.activity import activity_or_error
from sdm_desktop.services.consultation.codebook.themes import codebook_rows
from sdm_desktop.services.core.charts import Bar, BarChart
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.text import fold, like_escape

CHOICE_KINDS = ("single_choice", "multiple_choice")
SMALL = 5                        # equality counts below this are shown as "<5"
NO_ANSWER = "No answer"


@dataclass(frozen=True)
class AnalysisFilter:
    """Only the responses that gave ``answer`` to ``question_id``, have ``theme_id`` on an answer and hold
    ``text`` in an answer (each only when given)."""

    question_id: int | None = None
    answer: str | None = None
    theme_id: int | None = None
    text: str = ""

    @property
    def active(self) -> bool:
        return bool(self.question_id and self.answer) or self.theme_id is not None or bool(self.text.strip())


@dataclass(frozen=True)
class ChoiceCount:
    choice: str
    count: int
    percent: float                # of the respondents who answered the question
    suppressed: bool = False      # an equality count under 5: shown as "<5"

    @property
    def count_text(self) -> str:
        return "<5" if self.suppressed else f"{self.count:,}"

    @property
    def percent_text(self) -> str:
        return "" if self.suppressed else f"{self.percent:.1f}%"


@dataclass
class ChoiceQuestion:
    question_id: int
    text: str
    kind: str
    purpose: str
    answered: int
    rows: list[ChoiceCount] = field(default_factory=list)

    def chart(self) -> BarChart:
        bars = [Bar(r.choice, None if r.suppressed else r.count, note="<5" if r.suppressed else
                    f"({r.percent:.0f}%)") for r in self.rows]
        many = "more than one answer each" if self.kind == "multiple_choice" else "one answer each"
        return BarChart(f"{self.text} ({self.answered:,} answered, {many})", bars, unit="", value_name="Responses")


@dataclass(frozen=True)
class ThemeCount:
    theme_id: int
    name: str                     # "Parent › Sub" for a sub-theme
    answers: int
    people: int
    percent: float                # of the coded answers (per question) or of all responses (overall)


@dataclass
class QuestionThemes:
    question_id: int
    text: str
    answered: int                 # non-empty answers
    coded: int                    # answers some coder has read
    themes: list[ThemeCount] = field(default_factory=list)


@dataclass
class ConsultationAnalysis:
    activity_id: int
    title: str
    total: int                    # every response to the activity
    responses: int                # the responses the filter lets through
    filter: AnalysisFilter
    choices: list[ChoiceQuestion] = field(default_factory=list)
    questions: list[QuestionThemes] = field(default_factory=list)
    overall: list[ThemeCount] = field(default_factory=list)     # themes ranked by the people who raised them


@dataclass
class GroupTable:
    """Themes (rows) by the answers to one group or equality question (columns): people in each cell."""

    question_id: int
    text: str
    equality: bool
    groups: list[str]
    group_sizes: list[int]
    rows: list[tuple[str, list[int]]]

    def cell(self, value: int) -> str:
        return "<5" if self.equality and 0 < value < SMALL else f"{value:,}"


def _questions(s, activity_id: int) -> list[ConsultationQuestion]:
    return list(s.scalars(select(ConsultationQuestion).where(ConsultationQuestion.activity_id == activity_id)
                          .order_by(ConsultationQuestion.position, ConsultationQuestion.id)))


def codebook(s, activity: Activity) -> list[ConsultationTheme]:
    """The activity's own themes and its plan's shared ones, in codebook order."""
    return codebook_rows(s, activity)


def theme_names(themes: list[ConsultationTheme]) -> dict[int, str]:
    by_id = {t.id: t for t in themes}
    return {t.id: (f"{by_id[t.parent_id].name} › {t.name}" if t.parent_id in by_id else t.name) for t in themes}


def filtered_responses(activity_id: int, flt: AnalysisFilter):
    """A SELECT of the ids of the activity's responses the filter lets through."""
    query = select(ConsultationResponse.id).where(ConsultationResponse.activity_id == activity_id)
    if flt.question_id and flt.answer:
        given = (select(ConsultationAnswer.response_id)
                 .where(ConsultationAnswer.question_id == flt.question_id,
                        or_(ConsultationAnswer.text == flt.answer,
                            ConsultationAnswer.text.like(like_escape(flt.answer) + "\n%", escape="\\"),
                            ConsultationAnswer.text.like("%\n" + like_escape(flt.answer), escape="\\"),
                            ConsultationAnswer.text.like("%\n" + like_escape(flt.answer) + "\n%", escape="\\"))))
        query = query.where(ConsultationResponse.id.in_(given))
    if flt.theme_id is not None:
        themed = (select(ConsultationAnswer.response_id).join(AnswerTheme, AnswerTheme.answer_id ==
                                                              ConsultationAnswer.id)
                  .where(AnswerTheme.theme_id == flt.theme_id))
        query = query.where(ConsultationResponse.id.in_(themed))
    for word in fold(flt.text).split()[:10]:
        holding = select(ConsultationAnswer.response_id).where(
            func.lower(ConsultationAnswer.text).like(f"%{like_escape(word)}%", escape="\\"))
        query = query.where(ConsultationResponse.id.in_(holding))
    return query


def _within(chosen):
    """The answers of the chosen responses (None: every response to the activity, which the questions say)."""
    return true() if chosen is None else ConsultationAnswer.response_id.in_(chosen)


MAX_LISTED = 10_000      # a filter's responses listed by id in each query up to this many (else re-selected)


def _materialised(s, activity_id: int, flt: AnalysisFilter, total: int):
    """The filter's responses, worked out once (a text filter reads every answer): as a list of ids when it is
    short enough to name in each query, else as the query itself. None without a filter."""
    if not flt.active:
        return None, total
    query = filtered_responses(activity_id, flt)
    ids = list(s.scalars(query))
    return (ids if len(ids) <= MAX_LISTED else query), len(ids)


def analyse(ctx: AppContext, activity_id: int, flt: AnalysisFilter | None = None) -> ConsultationAnalysis:
    flt = flt or AnalysisFilter()
    with ctx.session() as s:
        activity = activity_or_error(s, activity_id)
        questions = _questions(s, activity_id)
        themes = codebook(s, activity)
        total = s.scalar(select(func.count()).select_from(ConsultationResponse)
                         .where(ConsultationResponse.activity_id == activity_id)) or 0
        chosen, responses = _materialised(s, activity_id, flt, total)
        result = ConsultationAnalysis(activity_id, activity.title, total, responses, flt)
        result.choices = [_choice_counts(s, q, chosen) for q in questions
                          if q.kind in CHOICE_KINDS and q.purpose != "quote_consent"]
        names = theme_names(themes)
        free = [q for q in questions if q.kind == "free_text"]
        result.questions, result.overall = _theme_counts(s, free, names, chosen, responses)
    return result


def _choice_counts(s, question: ConsultationQuestion, chosen) -> ChoiceQuestion:
    rows = s.execute(select(ConsultationAnswer.text, func.count()).where(
        ConsultationAnswer.question_id == question.id, _within(chosen),
        ConsultationAnswer.text != "").group_by(ConsultationAnswer.text)).all()
    counts: Counter[str] = Counter()
    answered = 0
    for text, n in rows:
        picked = [c.strip() for c in text.splitlines() if c.strip()] if question.kind == "multiple_choice" else [
            text.strip()]
        answered += n
        for choice in dict.fromkeys(picked):
            counts[choice] += n
    order = [c.strip() for c in (question.choices or "").splitlines() if c.strip()]
    order += sorted((c for c in counts if c not in order), key=lambda c: (-counts[c], c))
    equality = question.purpose == "equality"
    result = ChoiceQuestion(question.id, question.text, question.kind, question.purpose, answered)
    for choice in order:
        n = counts.get(choice, 0)
        result.rows.append(ChoiceCount(choice, n, 100 * n / answered if answered else 0.0,
                                       equality and 0 < n < SMALL))
    return result


def _theme_counts(s, free: list[ConsultationQuestion], names: dict[int, str], chosen,
                  responses: int) -> tuple[list[QuestionThemes], list[ThemeCount]]:
    """Answers per theme per question, and people per theme overall (a theme counts once per answer and once
    per person however many coders applied it)."""
    ids = [q.id for q in free]
    if not ids:
        return [], []
    answered = dict(s.execute(select(ConsultationAnswer.question_id, func.count()).where(
        ConsultationAnswer.question_id.in_(ids), _within(chosen),
        ConsultationAnswer.text != "").group_by(ConsultationAnswer.question_id)).all())
    coded = dict(s.execute(select(ConsultationAnswer.question_id, func.count(distinct(AnswerCoding.answer_id)))
                           .join(AnswerCoding, AnswerCoding.answer_id == ConsultationAnswer.id)
                           .where(ConsultationAnswer.question_id.in_(ids), _within(chosen))
                           .group_by(ConsultationAnswer.question_id)).all())
    answers: dict[tuple[int, int], int] = {}                 # (question, theme): answers (one a response)
    for question_id, theme_id, n in s.execute(
            select(ConsultationAnswer.question_id, AnswerTheme.theme_id, func.count(distinct(AnswerTheme.answer_id)))
            .join(AnswerTheme, AnswerTheme.answer_id == ConsultationAnswer.id)
            .where(ConsultationAnswer.question_id.in_(ids), _within(chosen))
            .group_by(ConsultationAnswer.question_id, AnswerTheme.theme_id)):
        answers[question_id, theme_id] = n
    people = dict(s.execute(                                  # theme: distinct responses, over every question
        select(AnswerTheme.theme_id, func.count(distinct(ConsultationAnswer.response_id)))
        .join(ConsultationAnswer, ConsultationAnswer.id == AnswerTheme.answer_id)
        .where(ConsultationAnswer.question_id.in_(ids), _within(chosen)).group_by(AnswerTheme.theme_id)).all())
    per: dict[int, list[ThemeCount]] = defaultdict(list)
    for (question_id, theme_id), n in answers.items():
        if theme_id in names:
            base = coded.get(question_id, 0)
            per[question_id].append(ThemeCount(theme_id, names[theme_id], n, n, 100 * n / base if base else 0.0))
    questions = [QuestionThemes(q.id, q.text, answered.get(q.id, 0), coded.get(q.id, 0),
                                sorted(per[q.id], key=lambda t: (-t.answers, t.name.casefold()))) for q in free]
    overall = [ThemeCount(t, names[t], sum(answers.get((q, t), 0) for q in ids), n,
                          100 * n / responses if responses else 0.0) for t, n in people.items() if t in names]
    return questions, sorted(overall, key=lambda t: (-t.people, t.name.casefold()))


def group_questions(ctx: AppContext, activity_id: int) -> list[tuple[int, str, str]]:
    """The questions respondents can be grouped by: (id, text, purpose), group questions first, then equality
    fields, then the other single-choice questions."""
    rank = {"group": 0, "equality": 1, "question": 2}
    with ctx.session() as s:
        questions = [q for q in _questions(s, activity_id)
                     if q.purpose in ("group", "equality") or q.kind == "single_choice" and q.purpose == "question"]
    return [(q.id, q.text, q.purpose) for q in sorted(questions, key=lambda q: (rank[q.purpose], q.position))]


def _lines(text: str | None) -> list[str]:
    """The choices of an answer (a multiple choice's lines), each once; none for a blank answer."""
    return list(dict.fromkeys(c.strip() for c in (text or "").splitlines() if c.strip()))


def themes_by_group(ctx: AppContext, activity_id: int, question_id: int,
                    flt: AnalysisFilter | None = None) -> GroupTable:
    """People raising each theme (on any free-text answer) in each group of respondents, counted in the
    database: a theme's people grouped by their answer to the question (no answer: "No answer")."""
    flt = flt or AnalysisFilter()
    with ctx.session() as s:
        activity = activity_or_error(s, activity_id)
        question = s.get(ConsultationQuestion, question_id)
        if question is None or question.activity_id != activity_id:
            raise LookupError(f"No question {question_id} in activity {activity_id}")
        total = s.scalar(select(func.count()).select_from(ConsultationResponse)
                         .where(ConsultationResponse.activity_id == activity_id)) or 0
        chosen, responses = _materialised(s, activity_id, flt, total)
        sizes: Counter[str] = Counter()
        answered = 0
        for text, n in s.execute(select(ConsultationAnswer.text, func.count()).where(
                ConsultationAnswer.question_id == question_id, _within(chosen)).group_by(ConsultationAnswer.text)):
            for group in _lines(text) or [NO_ANSWER]:
                sizes[group] += n
            answered += n
        if responses > answered:
            sizes[NO_ANSWER] += responses - answered
        group = aliased(ConsultationAnswer)
        free = select(ConsultationQuestion.id).where(ConsultationQuestion.activity_id == activity_id,
                                                     ConsultationQuestion.kind == "free_text")
        cells: dict[int, Counter[str]] = defaultdict(Counter)
        people: Counter[int] = Counter()
        for text, theme_id, n in s.execute(
                select(group.text, AnswerTheme.theme_id, func.count(distinct(ConsultationAnswer.response_id)))
                .select_from(AnswerTheme)
                .join(ConsultationAnswer, ConsultationAnswer.id == AnswerTheme.answer_id)
                .outerjoin(group, (group.response_id == ConsultationAnswer.response_id)
                           & (group.question_id == question_id))
                .where(ConsultationAnswer.question_id.in_(free), _within(chosen))
                .group_by(group.text, AnswerTheme.theme_id)):
            for name in _lines(text) or [NO_ANSWER]:
                cells[theme_id][name] += n
            people[theme_id] += n
        names = theme_names(codebook(s, activity))
    order = _lines(question.choices)
    groups = [g for g in order if g in sizes] + sorted(g for g in sizes if g not in order and g != NO_ANSWER)
    groups += [NO_ANSWER] if NO_ANSWER in sizes else []
    ranked = sorted((t for t in cells if t in names), key=lambda t: (-people[t], names[t]))
    rows = [(names[t], [cells[t][g] for g in groups]) for t in ranked]
    return GroupTable(question_id, question.text, question.purpose == "equality", groups,
                      [sizes[g] for g in groups], rows)


def theme_list(ctx: AppContext, activity_id: int) -> list[tuple[int, str]]:
    """(id, name) of the themes in the activity's codebook, in codebook order."""
    with ctx.session() as s:
        names = theme_names(codebook(s, activity_or_error(s, activity_id)))
    return list(names.items())
