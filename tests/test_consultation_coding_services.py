"""Codebook, coding and two-coder agreement services (issue 18, part 2)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from consultation_coding_helpers import add_survey
from sdm_desktop.db.models.consultation import AnswerTheme, ConsultationQuote
from sdm_desktop.errors import UserError
from sdm_desktop.services.consultation.codebook import agreement as agreement_service
from sdm_desktop.services.consultation.codebook import coding, themes
from sdm_desktop.services.core.validation import ValidationError


def _answers(ctx, survey, coder="asha"):
    return coding.coding_queue(ctx, survey.activity_id, survey.question_ids[0], coder)


def test_codebook_orders_sub_themes_under_their_theme_and_shares_plan_themes(ctx):
    survey = add_survey(ctx)
    other = add_survey(ctx, title="Second survey", plan_id=survey.plan_id)
    access = themes.add_theme(ctx, survey.activity_id, "Access")
    themes.add_theme(ctx, survey.activity_id, "Staff attitude", description="How staff treat people",
                     example="Staff were kind")
    themes.add_theme(ctx, survey.activity_id, "Parking", parent_id=access.id)
    themes.add_theme(ctx, other.activity_id, "Information", shared=True)
    names = [(t.name, t.is_sub_theme, t.shared) for t in themes.codebook(ctx, survey.activity_id)]
    assert names == [("Access", False, False), ("Parking", True, False), ("Staff attitude", False, False),
                     ("Information", False, True)]
    assert [t.name for t in themes.codebook(ctx, other.activity_id)] == ["Information"]
    with pytest.raises(UserError, match="already a theme"):
        themes.add_theme(ctx, survey.activity_id, "access")
    with pytest.raises(ValidationError, match="control character"):
        themes.add_theme(ctx, survey.activity_id, "bad\x00name")


def test_apply_and_remove_themes_per_coder_with_progress_and_next_uncoded(ctx):
    survey = add_survey(ctx, responses=4)
    access = themes.add_theme(ctx, survey.activity_id, "Access")
    queue = _answers(ctx, survey)
    assert len(queue.answer_ids) == 4 and queue.coded == set()
    first = coding.answer_to_code(ctx, queue.answer_ids[0], "asha")
    assert coding.toggle_theme(ctx, first, access.id, "asha") is True
    coding.set_sentiment(ctx, first.id, "asha", "negative")
    seen = coding.answer_to_code(ctx, first.id, "asha")
    assert seen.theme_ids == {access.id} and seen.sentiment == "negative" and seen.coded
    assert coding.answer_to_code(ctx, first.id, "ben").theme_ids == frozenset()     # another coder's view
    assert coding.progress(ctx, survey.activity_id, None, "asha") == coding.CodingProgress(1, 4)
    queue = _answers(ctx, survey)
    assert queue.next_uncoded(0) == 1
    queue.coded.update(queue.answer_ids[1:])
    assert queue.next_uncoded(3) is None
    assert coding.toggle_theme(ctx, seen, access.id, "asha") is False
    assert coding.answer_to_code(ctx, first.id, "asha").theme_ids == frozenset()
    ctx.undo.undo()                                   # undo the removal: the theme is back
    assert coding.answer_to_code(ctx, first.id, "asha").theme_ids == {access.id}


def test_a_quote_is_a_phrase_of_the_answer_kept_under_a_theme(ctx):
    survey = add_survey(ctx)
    parking = themes.add_theme(ctx, survey.activity_id, "Parking")
    answer = coding.answer_to_code(ctx, _answers(ctx, survey).answer_ids[0], "asha")
    quote = coding.keep_quote(ctx, answer.id, parking.id, "the car park at the hospital is always full", "asha")
    again = coding.answer_to_code(ctx, answer.id, "asha")
    assert again.quotes == (quote,) and parking.id in again.theme_ids
    with pytest.raises(UserError, match="not in it"):
        coding.keep_quote(ctx, answer.id, parking.id, "words nobody wrote", "asha")


def test_rename_merge_and_delete_keep_the_coding_and_undo_puts_it_back(ctx):
    survey = add_survey(ctx, responses=3)
    car, parking = (themes.add_theme(ctx, survey.activity_id, n) for n in ("Car park", "Parking"))
    ids = _answers(ctx, survey).answer_ids
    for answer_id in ids[:2]:
        coding.set_theme(ctx, answer_id, car.id, "asha", True)
    coding.set_theme(ctx, ids[1], parking.id, "asha", True)
    coding.keep_quote(ctx, ids[2], car.id, "Parking is impossible", "asha")
    themes.rename_theme(ctx, car.id, "Car parking", expected_version=car.row_version)
    assert themes.find_theme(ctx, survey.activity_id, "car PARKING").id == car.id
    assert themes.merge_themes(ctx, car.id, parking.id) == 2          # ids[1] had Parking already
    counts = {t.name: t.answers for t in themes.codebook(ctx, survey.activity_id, with_counts=True)}
    assert counts == {"Parking": 3}
    with ctx.session() as s:
        assert s.scalar(select(ConsultationQuote.theme_id)) == parking.id
    ctx.undo.undo()
    counts = {t.name: t.answers for t in themes.codebook(ctx, survey.activity_id, with_counts=True)}
    assert counts == {"Car parking": 3, "Parking": 1}
    themes.delete_theme(ctx, parking.id)
    with ctx.session() as s:
        assert s.scalar(select(func.count()).select_from(AnswerTheme).where(AnswerTheme.theme_id == parking.id)) == 0
    ctx.undo.undo()
    assert {t.name: t.answers for t in themes.codebook(ctx, survey.activity_id, with_counts=True)}["Parking"] == 1


def test_answer_of_response_needs_the_question_only_when_there_are_several(ctx):
    one = add_survey(ctx, responses=2)
    assert coding.answer_of_response(ctx, one.response_ids[0], None) == _answers(ctx, one).answer_ids[0]
    two = add_survey(ctx, responses=2, free_text_questions=2, title="Two questions")
    with pytest.raises(UserError, match=r"2 free-text questions \(2, 3\): say which with --question N"):
        coding.answer_of_response(ctx, two.response_ids[0], None)
    with pytest.raises(UserError, match="not a free-text question"):
        coding.answer_of_response(ctx, two.response_ids[0], 1)
    assert coding.answer_of_response(ctx, two.response_ids[0], 3)


def test_cohen_kappa_matches_a_worked_example():
    # 50 items: both yes 20, both no 15, first only 5, second only 10 -> p_o 0.7, p_e 0.5, kappa 0.4
    observed, kappa = agreement_service.cohen_kappa(50, 25, 30, 20)
    assert observed == pytest.approx(0.7) and kappa == pytest.approx(0.4)
    assert agreement_service.cohen_kappa(10, 0, 0, 0) == (1.0, None)


def test_two_coders_agreement_per_theme_and_their_disagreements(ctx):
    survey = add_survey(ctx, responses=4)
    access, staff = (themes.add_theme(ctx, survey.activity_id, n) for n in ("Access", "Staff"))
    ids = _answers(ctx, survey).answer_ids
    plan = {"asha": [{access.id}, {staff.id}, set(), {access.id}], "ben": [{access.id}, {staff.id}, set(), set()]}
    for coder, calls in plan.items():
        for answer_id, given in zip(ids, calls, strict=True):
            coding.mark_coded(ctx, answer_id, coder)
            for theme_id in given:
                coding.set_theme(ctx, answer_id, theme_id, coder, True)
    coding.mark_coded(ctx, ids[0], "carol")                       # coded by one of them only: left out
    assert [c.name for c in agreement_service.coders(ctx, survey.activity_id)] == ["asha", "ben", "carol"]
    result = agreement_service.agreement(ctx, survey.activity_id, "asha", "ben")
    assert result.answers == 4 and result.disagreeing == 1
    by_theme = {t.theme: t for t in result.themes}
    assert by_theme["Access"].agreement == pytest.approx(0.75)
    assert by_theme["Access"].kappa == pytest.approx(0.5)
    assert by_theme["Staff"].agreement == 1.0 and by_theme["Staff"].kappa == pytest.approx(1.0)
    assert [(d.answer_id, d.only_first, d.only_second) for d in result.disagreements] == [(ids[3], ("Access",), ())]


def test_sharing_a_theme_offers_it_to_the_plans_other_activities_and_undo_takes_it_back(ctx):
    survey = add_survey(ctx)
    other = add_survey(ctx, title="Second survey", plan_id=survey.plan_id)
    access = themes.add_theme(ctx, survey.activity_id, "Access")
    themes.add_theme(ctx, survey.activity_id, "Parking", parent_id=access.id)
    themes.set_shared(ctx, access.id, survey.activity_id, True)
    assert [(t.name, t.shared) for t in themes.codebook(ctx, other.activity_id)] == [("Access", True),
                                                                                     ("Parking", True)]
    ctx.undo.undo()
    assert themes.codebook(ctx, other.activity_id) == []
    assert [t.name for t in themes.codebook(ctx, survey.activity_id)] == ["Access", "Parking"]


def test_codebook_coding_and_agreement_work_on_postgresql(pg_url, data_dir):
    from sdm_desktop.services.opening import open_context

    ctx = open_context(data_dir, pg_url)
    try:
        survey = add_survey(ctx, responses=3)
        car, parking = (themes.add_theme(ctx, survey.activity_id, n) for n in ("Car park", "Parking"))
        ids = _answers(ctx, survey).answer_ids
        for coder in ("asha", "ben"):
            coding.code_answer(ctx, ids[0], [car.id], coder, quote="car park", sentiment="negative")
            coding.mark_coded(ctx, ids[1], coder)
        coding.set_theme(ctx, ids[1], parking.id, "ben", True)
        assert themes.merge_themes(ctx, car.id, parking.id) == 1
        ctx.undo.undo()
        themes.delete_theme(ctx, parking.id)
        ctx.undo.undo()
        themes.set_shared(ctx, car.id, survey.activity_id, True)
        result = agreement_service.agreement(ctx, survey.activity_id, "asha", "ben")
        assert (result.answers, result.disagreeing) == (2, 1)
        assert {t.name: t.answers for t in themes.codebook(ctx, survey.activity_id, with_counts=True)} == {
            "Car park": 1, "Parking": 1}
        assert coding.progress(ctx, survey.activity_id, None, "ben") == coding.CodingProgress(2, 3)
    finally:
        ctx.close()
