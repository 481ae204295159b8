"""Consultation analysis against hand-counted data: choice counts and percentages, theme counts per question and
overall, themes by a group question and by an equality field, filters; phrase suggestions; the quote bank (consent
only, names taken out); closing the loop."""

from __future__ import annotations

import pytest

from consultation_canalysis_helpers import build_consultation, keep_quote
from sdm_desktop.db.models import Interaction
from sdm_desktop.errors import UserError
from sdm_desktop.services.consultation.analysis import AnalysisFilter, analyse, group_questions, themes_by_group
from sdm_desktop.services.consultation.feedback import (
    closing_the_loop,
    feedback_choices,
    link_feedback,
    record_feedback,
)
from sdm_desktop.services.consultation.quotes import (
    QuoteRefused,
    Redactor,
    quote_bank,
    quotes_by_theme,
    redactor,
    usable_quote,
)
from sdm_desktop.services.consultation.suggestions import add_suggested_themes, fold_word, suggest, terms_of


def test_choice_counts_have_percentages_of_those_who_answered_and_a_chart(ctx):
    c = build_consultation(ctx)
    result = analyse(ctx, c.activity_id)
    assert (result.total, result.responses) == (6, 6)
    by_text = {q.text: q for q in result.choices}
    assert "May we quote you?" not in by_text                      # consent is not a finding
    services = by_text["Which services do you use?"]
    assert services.answered == 5                                  # one left it blank
    assert [(r.choice, r.count, round(r.percent)) for r in services.rows] == [("GP", 4, 80), ("Pharmacy", 2, 40),
                                                                              ("Dentist", 1, 20)]
    chart = services.chart()
    assert [(b.label, b.value, b.note) for b in chart.bars] == [("GP", 4, "(80%)"), ("Pharmacy", 2, "(40%)"),
                                                               ("Dentist", 1, "(20%)")]
    assert "GP: responses 4 (80%)" in chart.description()


def test_equality_counts_under_five_are_not_shown(ctx):
    c = build_consultation(ctx)
    age = next(q for q in analyse(ctx, c.activity_id).choices if q.purpose == "equality")
    assert all(r.suppressed and r.count_text == "<5" and r.percent_text == "" for r in age.rows)
    assert all(b.value is None and b.note == "<5" for b in age.chart().bars)


def test_theme_counts_per_question_and_ranked_overall(ctx):
    c = build_consultation(ctx)
    result = analyse(ctx, c.activity_id)
    (question,) = result.questions
    assert (question.answered, question.coded) == (6, 6)
    assert [(t.name, t.answers) for t in question.themes] == [("Waiting times", 4), ("Parking", 2),
                                                             ("Staff attitude", 2)]
    assert [(t.name, t.people, round(t.percent)) for t in result.overall] == [
        ("Waiting times", 4, 67), ("Parking", 2, 33), ("Staff attitude", 2, 33)]


def test_a_second_coder_does_not_count_an_answer_twice(ctx):
    from sdm_desktop.db.models.consultation import AnswerTheme

    c = build_consultation(ctx)
    with ctx.session() as s:
        s.add(AnswerTheme(answer_id=c.answers[0], theme_id=c.themes["Waiting times"], coder="ben"))
        s.add(AnswerTheme(answer_id=c.answers[5], theme_id=c.themes["Access to services"], coder="ben"))
    overall = {t.name: t.people for t in analyse(ctx, c.activity_id).overall}
    assert overall == {"Waiting times": 4, "Parking": 2, "Staff attitude": 2, "Access to services": 1}


def test_filters_narrow_every_count(ctx):
    c = build_consultation(ctx)
    carers = analyse(ctx, c.activity_id, AnalysisFilter(c.questions["Are you a carer?"], "Yes"))
    assert carers.responses == 3
    assert {t.name: t.people for t in carers.overall} == {"Waiting times": 3, "Staff attitude": 2}
    dentist = analyse(ctx, c.activity_id, AnalysisFilter(c.questions["Which services do you use?"], "Dentist"))
    assert dentist.responses == 1 and [t.name for t in dentist.overall] == ["Parking"]
    parking = analyse(ctx, c.activity_id, AnalysisFilter(theme_id=c.themes["Parking"]))
    travel = next(q for q in parking.choices if q.text == "How do you travel here?")
    assert [(r.choice, r.count) for r in travel.rows] == [("Bus", 0), ("Car", 2), ("Walk", 0)]
    assert analyse(ctx, c.activity_id, AnalysisFilter(text="PARKING mondays")).responses == 1


def test_themes_by_a_group_question_and_by_an_equality_field(ctx):
    c = build_consultation(ctx)
    assert [p for _i, _t, p in group_questions(ctx, c.activity_id)] == ["group", "equality", "question"]
    table = themes_by_group(ctx, c.activity_id, c.questions["Are you a carer?"])
    assert (table.groups, table.group_sizes) == (["Yes", "No"], [3, 3])
    assert table.rows == [("Waiting times", [3, 1]), ("Parking", [0, 2]), ("Staff attitude", [2, 0])]
    age = themes_by_group(ctx, c.activity_id, c.questions["Age band"])
    assert age.equality and age.cell(2) == "<5" and age.cell(0) == "0"
    assert dict(age.rows)["Waiting times"][age.groups.index("65 to 74")] == 2


def test_themes_by_a_multiple_choice_answer_with_a_filter(ctx):
    c = build_consultation(ctx)
    services = themes_by_group(ctx, c.activity_id, c.questions["Which services do you use?"])
    assert (services.groups, services.group_sizes) == (["GP", "Pharmacy", "Dentist", "No answer"], [4, 2, 1, 1])
    assert dict(services.rows)["Waiting times"] == [3, 2, 0, 0]
    assert dict(services.rows)["Parking"] == [2, 0, 1, 0]
    carers = themes_by_group(ctx, c.activity_id, c.questions["Which services do you use?"],
                             AnalysisFilter(c.questions["Are you a carer?"], "Yes"))
    assert (carers.groups, carers.group_sizes) == (["GP", "Pharmacy"], [2, 2])
    assert carers.rows == [("Waiting times", [2, 2]), ("Staff attitude", [2, 1])]


def test_words_and_phrases_fold_plurals_and_skip_stop_words():
    assert [fold_word(w) for w in ("clinics", "surgeries", "buses", "times", "glasses", "bus", "analysis")] == [
        "clinic", "surgery", "bus", "time", "glass", "bus", "analysis"]
    terms = terms_of("The waiting times are long, out of hours care. GP", None)
    assert {"waiting time", "waiting", "time", "long", "hour care", "out of hour", "gp"} <= terms
    assert not any(t.split()[0] in ("the", "are") for t in terms)


def test_suggestions_list_the_responses_that_share_each_phrase(ctx):
    c = build_consultation(ctx)
    found = {s.phrase: s for s in suggest(ctx, c.questions["What could we do better?"])}
    assert found["waiting times"].responses == 4                  # "waiting time" folded in
    assert sorted(found["waiting times"].response_ids) == [c.responses[i] for i in (0, 1, 3, 4)]
    assert found["car parking"].responses == 2
    assert "waiting" not in found and "the" not in found          # covered by its phrase; a stop word
    made = add_suggested_themes(ctx, c.activity_id, [found["car parking"], found["waiting times"]])
    assert len(made) == 1                                          # "Waiting times" is already a theme
    names = {t.name for t in analyse(ctx, c.activity_id).overall} | {"Car parking"}
    assert "Car parking" in names
    assert ctx.undo.undo() is not None
    with pytest.raises(UserError):
        add_suggested_themes(ctx, c.activity_id, [found["waiting times"]])


def test_quotes_are_refused_without_consent_and_names_are_taken_out(ctx):
    c = build_consultation(ctx)
    consented = keep_quote(ctx, c.answers[0], c.themes["Staff attitude"], "Dr Patel was kind though")
    refused = keep_quote(ctx, c.answers[2], c.themes["Parking"], "Car parking is impossible on Mondays")
    not_asked = keep_quote(ctx, c.answers[4], c.themes["Staff attitude"], "Friendly receptionists")
    bank = quote_bank(ctx, c.activity_id)
    assert [q.text for q in bank.quotes] == ["Dr [name] was kind though"]
    assert bank.withheld == 2
    assert usable_quote(ctx, consented) == "Dr [name] was kind though"
    with pytest.raises(QuoteRefused, match="did not agree"):
        usable_quote(ctx, refused)
    with pytest.raises(QuoteRefused, match="not asked"):
        usable_quote(ctx, not_asked)
    by_theme = quotes_by_theme(ctx, c.activity_id, [c.themes["Parking"], c.themes["Waiting times"]])
    said = " ".join(q for quotes in by_theme.values() for q in quotes)
    assert "Mondays" not in said                                    # that respondent said no
    assert "Susan" not in said and "Patel" not in said and "[name]" in said


def test_names_from_the_register_and_name_like_words_are_redacted(ctx):
    build_consultation(ctx)                                          # the register holds Rosalind Featherstonehaugh
    clean = redactor(ctx)
    assert clean.redact("Rosalind said so; ask Featherstonehaugh") == "[name] said so; ask [name]"
    assert Redactor({"Will", "Hope", "Ng"}).redact("Will they ask Hope? Ng told Will") == ("Will they ask [name]? "
                                                                                         "[name] told [name]")
    plain = Redactor(set())
    assert plain.redact("My husband Tom and Nurse Jones helped") == "My husband [name] and Nurse [name] helped"
    assert plain.redact("Ring 07700 900123 or mail jo@example.com") == "Ring [phone] or mail [email]"
    assert plain.redact("Mary Smith at the Royal Infirmary on Monday") == "[name] at the Royal Infirmary on Monday"


def test_closing_the_loop_counts_people_per_theme_and_what_changed(ctx):
    c = build_consultation(ctx)
    assert [e.interaction_id for e in feedback_choices(ctx, c.activity_id)] == [c.feedback_id]
    link_feedback(ctx, c.themes["Waiting times"], c.feedback_id)
    made = record_feedback(ctx, c.activity_id, c.themes["Parking"], "Nowhere to park", "")
    loops = {loop.theme: loop for loop in closing_the_loop(ctx, c.activity_id)}
    assert loops["Waiting times"].people == 4
    assert loops["Waiting times"].changed == "Added a second duty doctor on Mondays"
    assert loops["Waiting times"].state == "Change recorded, not yet told"
    assert loops["Parking"].state == "Awaiting a change" and loops["Access to services"].people == 0
    ctx.undo.undo()                                                  # the new entry goes
    with ctx.session() as s:
        assert s.get(Interaction, made) is None
    ctx.undo.undo()                                                  # and the link
    assert closing_the_loop(ctx, c.activity_id)[0].entries == []
    with pytest.raises(UserError):
        record_feedback(ctx, c.activity_id, c.themes["Parking"], "   ")
