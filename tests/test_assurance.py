"""Statutory assurance (issue 17): the ten principles shipped and editable, plans and activities tagged with
what they evidence, a self-assessment per principle, and the report listing every principle, gaps included."""

from __future__ import annotations

from datetime import date

import pytest
from docx import Document

from helpers import make_person
from sdm_desktop.cli import main
from sdm_desktop.services.assurance import principles as principle_service
from sdm_desktop.services.assurance import tagging
from sdm_desktop.services.assurance.evidence import evidence_for
from sdm_desktop.services.assurance.ratings import Rating, get_rating, save_rating
from sdm_desktop.services.assurance.report import build_assurance_context
from sdm_desktop.services.core.validation import ValidationError
from sdm_desktop.services.core.versions import RecordChanged
from sdm_desktop.services.engagement.activities import ActivityInput, TargetRef, create_activity
from sdm_desktop.services.engagement.interactions import InteractionInput, create_interaction
from sdm_desktop.services.engagement.plans import PlanInput, create_plan

YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def _framework(ctx) -> int:
    return principle_service.framework_id(ctx, None)


def test_nhs_englands_ten_principles_are_there_from_the_start(ctx):
    listed = principle_service.principles(ctx, _framework(ctx))
    assert [p.number for p in listed] == list(range(1, 11))
    assert listed[0].title.startswith("Ensure people and communities have an active role in decision-making")
    assert "Healthwatch" in listed[4].title


def test_principles_can_be_reworded_added_and_a_framework_of_ones_own_made(ctx):
    framework = _framework(ctx)
    first = principle_service.principles(ctx, framework)[0]
    principle_service.update_principle(ctx, first.id, "People sit on our board", "As members, not observers",
                                       expected_version=first.row_version)
    assert principle_service.principles(ctx, framework)[0].title == "People sit on our board"
    with pytest.raises(RecordChanged):        # the version it was read at is gone: a colleague's save is kept
        principle_service.update_principle(ctx, first.id, "Other words", None, expected_version=first.row_version)
    ctx.undo.undo()
    assert principle_service.principles(ctx, framework)[0].title == first.title
    cycle = principle_service.add_framework(ctx, "Engagement Cycle")
    principle_service.add_principle(ctx, cycle, "Insight into communities' needs")
    principle_service.add_principle(ctx, cycle, "Engage in designing specifications")
    assert [p.number for p in principle_service.principles(ctx, cycle)] == [1, 2]
    with pytest.raises(ValidationError):
        principle_service.add_principle(ctx, cycle, "   ")


def _activity(ctx, plan_id, title, on, people=()) -> int:
    return create_activity(ctx, plan_id, ActivityInput(title=title, ppe_level="service", planned_date=on,
                                                       status="done", outcome=f"{title} done",
                                                       targets=[TargetRef("person", p) for p in people]))


def test_evidence_comes_from_tagged_activities_and_plans_with_people_reached_and_you_said_we_did(ctx):
    framework = _framework(ctx)
    one, two, five = (principle_service.principle_by_number(ctx, framework, n) for n in (1, 2, 5))
    people = [make_person(ctx, first_name=f"P{i}") for i in range(4)]
    plan = create_plan(ctx, PlanInput(title="Carers' voice", ppe_service=True))
    other_plan = create_plan(ctx, PlanInput(title="VCSE partners", ppe_service=True))
    board = _activity(ctx, plan, "Board seat for carers", date(2026, 3, 1), people[:2])
    outside = _activity(ctx, plan, "Last year's forum", date(2025, 3, 1), people)
    _activity(ctx, other_plan, "VCSE forum", date(2026, 6, 1), people[1:])
    create_interaction(ctx, InteractionInput(occurred_on=date(2026, 3, 2), channel="meeting", direction="in",
                                             summary="Evening meetings, please", is_feedback=True,
                                             change_made="Moved to 6pm", person_id=people[3], activity_id=board))
    tagging.set_principles(ctx, "activity", board, {one.id, two.id})
    tagging.set_principles(ctx, "activity", outside, {one.id})
    tagging.set_principles(ctx, "plan", other_plan, {five.id})
    items = {i.principle.number: i for i in evidence_for(ctx, framework, *YEAR)}
    assert [a.title for a in items[1].activities] == ["Board seat for carers"]     # last year's is outside
    assert items[1].people_reached == 3          # two targets and the person whose feedback was logged
    assert [(y.you_said, y.we_did) for y in items[1].you_said_we_did] == [("Evening meetings, please",
                                                                            "Moved to 6pm")]
    assert [a.title for a in items[5].activities] == ["VCSE forum"]               # through its plan
    assert not items[3].has_evidence
    context = build_assurance_context(ctx, framework, *YEAR)
    assert len(context["principles"]) == 10
    assert len(context["gaps"]) == 7 and context["gaps"][0].startswith("3. ")


def test_the_self_assessment_is_per_period_and_refuses_an_unknown_rating(ctx):
    p = principle_service.principle_by_number(ctx, _framework(ctx), 4)
    save_rating(ctx, Rating(p.id, *YEAR, rating="amber", narrative="Two new groups", evidence="minutes.pdf"))
    assert get_rating(ctx, p.id, *YEAR).rating == "amber"
    assert get_rating(ctx, p.id, date(2027, 1, 1), date(2027, 12, 31)).rating is None
    with pytest.raises(ValidationError):
        save_rating(ctx, Rating(p.id, *YEAR, rating="purple"))
    stale = get_rating(ctx, p.id, *YEAR)
    save_rating(ctx, Rating(**{**vars(stale), "rating": "green"}))
    with pytest.raises(RecordChanged):
        save_rating(ctx, Rating(**{**vars(stale), "rating": "red"}))
    assert get_rating(ctx, p.id, *YEAR).rating == "green"


def _docx_text(path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


def test_report_assurance_from_the_command_line_lists_every_principle(demo_data_dir, tmp_path, capsys):
    base = ["--data-dir", str(demo_data_dir)]
    assert main([*base, "assurance", "tag", "--activity", "1", "1", "2"]) == 0
    assert main([*base, "assurance", "rate", "1", "--from", "2026-01-01", "--to", "2026-12-31", "--rating", "amber",
                 "--narrative", "PPG chairs sit on the steering group"]) == 0
    out = tmp_path / "assurance.docx"
    capsys.readouterr()
    assert main([*base, "report", "assurance", "--from", "2026-01-01", "--to", "2026-12-31", "-o", str(out)]) == 0
    assert "10 principles, 2 with evidence, 8 without" in capsys.readouterr().out
    text = _docx_text(out)
    for n in range(1, 11):
        assert f"\n{n}. " in f"\n{text}"
    assert "Amber: partly met" in text and "PPG chairs sit on the steering group" in text
    assert "Gap: no activity in the period evidences this principle." in text
    assert main([*base, "assurance", "tag", "--activity", "1", "11"]) == 1
    assert "no principle 11" in capsys.readouterr().err


def test_the_assurance_view_tags_rates_and_writes_the_report(window, ctx, qtbot, tmp_path, answer_prompts):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    asked = answer_prompts(True)
    plan = create_plan(ctx, PlanInput(title="Carers' voice", ppe_service=True))
    forum = _activity(ctx, plan, "Carers' forum", date(2026, 6, 1))
    view = window.show_view("assurance")
    view.date_from.edit.setText("1/4/26")          # typed as people type dates
    view.date_from.edit.editingFinished.emit()
    view.date_to.set_value(date(2027, 3, 31))
    assert view.table.rowCount() == 10
    view.table.setCurrentCell(3, 1)                                   # principle 4
    entry = view.activities.item(0)
    assert "Carers' forum" in entry.text() and entry.checkState() == Qt.CheckState.Unchecked
    entry.setCheckState(Qt.CheckState.Checked)                        # as a click or Space does
    four = principle_service.principle_by_number(ctx, _framework(ctx), 4)
    assert tagging.principles_of(ctx, "activity", forum) == {four.id}
    assert view.table.item(3, 3).text() == "1"
    plan_entry = view.plans.item(0)
    assert plan_entry.text() == "Carers' voice"
    plan_entry.setCheckState(Qt.CheckState.Checked)
    assert tagging.principles_of(ctx, "plan", plan) == {four.id}
    view.rating_choice.setCurrentIndex(view.rating_choice.findData("green"))
    qtbot.keyClicks(view.narrative, "Carers chair the forum")
    save = next(b for b in view.findChildren(QPushButton) if b.accessibleName().startswith("Save the self-assessment"))
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    rating = get_rating(ctx, four.id, date(2026, 4, 1), date(2027, 3, 31))
    assert (rating.rating, rating.narrative) == ("green", "Carers chair the forum")
    assert view.table.item(3, 2).text() == "Green: fully met"
    out = tmp_path / "assurance.docx"
    view.write_report_to(out)
    text = _docx_text(out)
    assert "Carers chair the forum" in text and "Carers' forum" in text
    assert any("Assurance report written" in a for a in asked)
    window.undo_action.trigger()                                      # the rating goes
    assert get_rating(ctx, four.id, date(2026, 4, 1), date(2027, 3, 31)).rating is None
