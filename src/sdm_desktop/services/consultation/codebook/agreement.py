"""How far two coders agree: for each theme, over the answers both have coded, the share of answers where they
made the same call (theme given or not) and Cohen's kappa (that agreement corrected for chance), and the
answers where their themes differ."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select

from sdm_desktop.db.models.consultation import AnswerCoding, AnswerTheme, ConsultationAnswer, ConsultationResponse
from sdm_desktop.errors import UserError
from sdm_desktop.services.consultation.codebook.themes import codebook
from sdm_desktop.services.core.context import AppContext

DISAGREEMENTS_SHOWN = 500


@dataclass(frozen=True)
class Coder:
    name: str
    answers: int            # answers this coder has coded in the activity


def coders(ctx: AppContext, activity_id: int) -> list[Coder]:
    """Everyone who has coded an answer of the activity, most answers first."""
    with ctx.session() as s:
        rows = s.execute(select(AnswerCoding.coder, func.count())
                         .join(ConsultationAnswer, ConsultationAnswer.id == AnswerCoding.answer_id)
                         .join(ConsultationResponse, ConsultationResponse.id == ConsultationAnswer.response_id)
                         .where(ConsultationResponse.activity_id == activity_id)
                         .group_by(AnswerCoding.coder)).all()
    return sorted((Coder(name, n) for name, n in rows), key=lambda c: (-c.answers, c.name))


@dataclass(frozen=True)
class ThemeAgreement:
    theme_id: int
    theme: str
    by_first: int           # answers the first coder gave it (of those both coded)
    by_second: int
    both: int
    agreement: float        # 0-1: the share of answers with the same call
    kappa: float | None     # None where it is undefined (both coders always made the same single call)


@dataclass(frozen=True)
class Disagreement:
    answer_id: int
    response_id: int
    text: str
    only_first: tuple[str, ...]      # theme names only the first coder gave
    only_second: tuple[str, ...]


@dataclass(frozen=True)
class Agreement:
    first: str
    second: str
    answers: int                                # coded by both
    themes: list[ThemeAgreement]
    disagreements: list[Disagreement]           # the first DISAGREEMENTS_SHOWN
    disagreeing: int                            # all answers where they differ


def cohen_kappa(n: int, first: int, second: int, both: int) -> tuple[float, float | None]:
    """Percentage agreement (0-1) and Cohen's kappa for one yes/no call made by two coders on ``n`` items, the
    first saying yes ``first`` times, the second ``second`` times, both ``both`` times."""
    if n == 0:
        return 0.0, None
    neither = n - first - second + both
    observed = (both + neither) / n
    expected = (first / n) * (second / n) + ((n - first) / n) * ((n - second) / n)
    if expected >= 1.0:
        return observed, None
    return observed, (observed - expected) / (1 - expected)


def agreement(ctx: AppContext, activity_id: int, first: str, second: str,
              question_id: int | None = None) -> Agreement:
    """Compare two coders over the answers (to one question, or all) that both have coded."""
    if first == second:
        raise UserError("Choose two different coders to compare.")
    themes = codebook(ctx, activity_id)
    names = {t.id: t.name for t in themes}
    with ctx.session() as s:
        answers = (select(ConsultationAnswer.id).join(ConsultationResponse)
                   .where(ConsultationResponse.activity_id == activity_id))
        if question_id is not None:
            answers = answers.where(ConsultationAnswer.question_id == question_id)
        in_activity = answers.subquery().select()
        coded = defaultdict(set)
        for answer_id, coder in s.execute(select(AnswerCoding.answer_id, AnswerCoding.coder).where(
                AnswerCoding.coder.in_((first, second)), AnswerCoding.answer_id.in_(in_activity))):
            coded[answer_id].add(coder)
        shared = {a for a, who in coded.items() if len(who) == 2}
        given: dict[str, dict[int, set[int]]] = {first: defaultdict(set), second: defaultdict(set)}
        for answer_id, theme_id, coder in s.execute(select(AnswerTheme.answer_id, AnswerTheme.theme_id,
                                                           AnswerTheme.coder).where(
                AnswerTheme.coder.in_((first, second)), AnswerTheme.answer_id.in_(in_activity))):
            if answer_id in shared:
                given[coder][answer_id].add(theme_id)
        differing = sorted(a for a in shared if given[first][a] != given[second][a])
        texts = _texts(s, differing[:DISAGREEMENTS_SHOWN])
    per_theme = [_theme_agreement(t.id, t.name, shared, given[first], given[second]) for t in themes]
    disagreements = [Disagreement(a, *texts[a], _named(given[first][a] - given[second][a], names),
                                  _named(given[second][a] - given[first][a], names))
                     for a in differing[:DISAGREEMENTS_SHOWN]]
    return Agreement(first, second, len(shared), per_theme, disagreements, len(differing))


def _theme_agreement(theme_id: int, name: str, shared: set[int], first: dict[int, set[int]],
                     second: dict[int, set[int]]) -> ThemeAgreement:
    by_first = {a for a in shared if theme_id in first.get(a, ())}
    by_second = {a for a in shared if theme_id in second.get(a, ())}
    both = len(by_first & by_second)
    observed, kappa = cohen_kappa(len(shared), len(by_first), len(by_second), both)
    return ThemeAgreement(theme_id, name, len(by_first), len(by_second), both, observed, kappa)


def _texts(s, answer_ids: list[int]) -> dict[int, tuple[int, str]]:
    found = {}
    for chunk in range(0, len(answer_ids), 500):
        ids = answer_ids[chunk:chunk + 500]
        for answer_id, response_id, text in s.execute(select(
                ConsultationAnswer.id, ConsultationAnswer.response_id, ConsultationAnswer.text)
                .where(ConsultationAnswer.id.in_(ids))):
            found[answer_id] = (response_id, text)
    return found


def _named(theme_ids: set[int], names: dict[int, str]) -> tuple[str, ...]:
    return tuple(sorted(names.get(t, "(a theme since deleted)") for t in theme_ids))
