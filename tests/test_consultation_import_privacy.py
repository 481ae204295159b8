"""Responses under the privacy rules: subject access, erase, retention review; and typed responses."""

from __future__ import annotations

import json
import zipfile
from datetime import date

import pytest
from sqlalchemy import func, select

from consultation_cimport_helpers import forms_xlsx, make_survey_activity
from helpers import make_person
from sdm_desktop.cli import main
from sdm_desktop.db.models import Interaction
from sdm_desktop.db.models.consultation import ConsultationAnswer, ConsultationResponse
from sdm_desktop.errors import UserError
from sdm_desktop.services.consultation.intake.importing import ResponsesImportOptions, import_responses
from sdm_desktop.services.consultation.intake.typing import TypedResponse, add_question, add_typed_response
from sdm_desktop.services.consultation.privacy import delete_responses_due, responses_due
from sdm_desktop.services.consultation.responses import ResponseFilter, list_questions, list_responses
from sdm_desktop.services.privacy.erase import erase_people, erase_plan
from sdm_desktop.services.privacy.subject_access import write_subject_access


@pytest.fixture
def matched(ctx, tmp_path):
    person = make_person(ctx, "Sample", "Ada", email="ada.sample@example.org")
    activity = make_survey_activity(ctx)
    import_responses(ctx, forms_xlsx(tmp_path), activity, ResponsesImportOptions(match_people=True))
    return person, activity


def test_subject_access_export_holds_the_persons_responses(ctx, tmp_path, matched):
    person, _activity = matched
    target = tmp_path / "sar.zip"
    write_subject_access(ctx, person, target)
    data = json.loads(zipfile.ZipFile(target).read("person.json"))
    answers = {row["Question"]: row["Answer"] for row in data["consultation_responses"]}
    assert answers["What matters most to you about the new service?"] == \
        "Being seen close to home by someone who knows me"
    assert answers["What is your age?"] == "35-44"          # their own equality answer is theirs to see
    assert {row["Response"] for row in data["consultation_responses"]} == {1}


def test_erase_deletes_the_persons_responses_and_keeps_the_others(ctx, matched):
    person, activity = matched
    plan = erase_plan(ctx, [person])
    assert any("1 consultation response matched to them" in line for line in plan.people[0].lines())
    erase_people(ctx, [person])
    with ctx.session() as s:
        keys = set(s.scalars(select(ConsultationResponse.source_key)))
        assert keys == {"forms:2", "forms:3", "forms:4"}
        assert "Being seen close to home" not in " ".join(s.scalars(select(ConsultationAnswer.text)))
        assert s.scalar(select(func.count()).select_from(Interaction).where(Interaction.summary != "")) == 0


def test_responses_past_their_review_date_are_listed_and_deleted(ctx, tmp_path, capsys):
    activity = make_survey_activity(ctx)
    import_responses(ctx, forms_xlsx(tmp_path), activity)
    assert responses_due(ctx) == []
    later = date(date.today().year + 4, 1, 1)
    due = responses_due(ctx, later)
    assert [(d.activity_id, d.count) for d in due] == [(activity, 4)]
    assert "4 consultation responses of activity" in due[0].line()
    assert delete_responses_due(ctx, activity, date.today()) == 0
    assert delete_responses_due(ctx, activity, later) == 4
    assert list_responses(ctx, activity) == []


def test_privacy_review_names_responses_due(ctx, data_dir, tmp_path, capsys):
    activity = make_survey_activity(ctx)
    import_responses(ctx, forms_xlsx(tmp_path), activity)
    with ctx.session() as s:
        s.execute(ConsultationResponse.__table__.update().values(review_on=date(2020, 1, 1)))
    assert main(["--data-dir", str(data_dir), "privacy", "review"]) == 0
    assert "4 consultation responses of activity" in capsys.readouterr().err


def test_typed_responses_one_after_another(ctx):
    activity = make_survey_activity(ctx, "PPG meeting comments")
    comment = add_question(ctx, activity, "Comments from the meeting")
    rating = add_question(ctx, activity, "Rating", kind="number")
    consent = add_question(ctx, activity, "May we quote you?", kind="single_choice", purpose="quote_consent",
                           choices=["Yes", "No"])
    first = add_typed_response(ctx, activity, TypedResponse({comment: "  More evening clinics ", rating: "4",
                                                             consent: "Yes"}))
    add_typed_response(ctx, activity, TypedResponse({comment: "Parking", rating: ""}))
    rows = list_responses(ctx, activity)
    assert [r.answer(comment) for r in rows] == ["Parking", "More evening clinics"] or \
        sorted(r.answer(comment) for r in rows) == ["More evening clinics", "Parking"]
    typed = next(r for r in rows if r.id == first)
    assert (typed.source, typed.quote_consent, typed.respondent) == ("typed", True, "anonymous")
    assert [q.text for q in list_questions(ctx, activity)] == ["Comments from the meeting", "Rating",
                                                                "May we quote you?"]
    assert [r.id for r in list_responses(ctx, activity, ResponseFilter(text="EVENING"))] == [first]
    assert len(list_responses(ctx, activity, ResponseFilter(uncoded=True))) == 2
    assert ctx.undo.undo() is not None                   # Edit → Undo takes the last one away
    assert len(list_responses(ctx, activity)) == 1


@pytest.mark.parametrize("answers, message", [
    ({}, "at least one answer"),
    ({"rating": "four"}, "should be a number"),
    ({"comment": "x" * 20_001}, "over 20,000"),
    ({"comment": "bad\x00"}, "NUL"),
])
def test_typed_responses_refuse_bad_answers(ctx, answers, message):
    activity = make_survey_activity(ctx)
    ids = {"comment": add_question(ctx, activity, "Comment"), "rating": add_question(ctx, activity, "Rating",
                                                                                     kind="number")}
    with pytest.raises(UserError, match=message):
        add_typed_response(ctx, activity, TypedResponse({ids[k]: v for k, v in answers.items()}))
    assert list_responses(ctx, activity) == []


def test_filters_by_answer_and_theme(ctx, tmp_path):
    from sdm_desktop.db.models.consultation import AnswerTheme, ConsultationTheme

    activity = make_survey_activity(ctx)
    import_responses(ctx, forms_xlsx(tmp_path), activity)
    days = next(q for q in list_questions(ctx, activity) if q.text == "Which days suit you?")
    by_day = list_responses(ctx, activity, ResponseFilter(question_id=days.id, answer="Saturday"))
    assert sorted(r.id for r in by_day) == [2, 3]
    with ctx.session() as s:
        parent = ConsultationTheme(activity_id=activity, name="Access", position=1)
        s.add(parent)
        s.flush()
        child = ConsultationTheme(activity_id=activity, name="Parking", parent_id=parent.id, position=2)
        s.add(child)
        s.flush()
        answer = s.scalar(select(ConsultationAnswer.id).where(ConsultationAnswer.response_id == 3,
                                                              ConsultationAnswer.text.contains("parking")))
        s.add(AnswerTheme(answer_id=answer, theme_id=child.id, coder="sam"))
    assert [r.id for r in list_responses(ctx, activity, ResponseFilter(theme="parking"))] == [3]
    assert [r.id for r in list_responses(ctx, activity, ResponseFilter(theme="Access"))] == [3]
    assert next(r for r in list_responses(ctx, activity) if r.id == 3).themes == ["Parking"]
    with pytest.raises(UserError, match="no theme 'Waiting'.*Access, Parking"):
        list_responses(ctx, activity, ResponseFilter(theme="Waiting"))
