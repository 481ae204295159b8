"""The Cohort tab asks before its unsaved details are thrown away: another cohort chosen, New cohort, another
programme, the view shown again, the window closing. Cancel stays, Save saves, Discard drops."""

from __future__ import annotations

import pytest

from sdm_desktop.services.training import cohorts as training
from training_helpers import make_cohort, make_programme


@pytest.fixture
def training_view(window, ctx, qtbot):
    programme = make_programme(ctx, "Skills", ttt=False)
    first = make_cohort(ctx, programme, "Spring cohort", sessions=1)
    second = make_cohort(ctx, programme, "Summer cohort", sessions=1)
    view = window.show_view("training")
    view.programme.setCurrentIndex(view.programme.findData(programme))
    view.reload_cohorts(first)
    assert view.cohort_panel.cohort_id == first
    return view, first, second


def _type_venue(view, qtbot, text: str) -> None:
    venue = view.cohort_panel.f.widgets["venue"]
    venue.selectAll()
    qtbot.keyClicks(venue, text)


def _choose_row(view, qtbot, cohort_id: int) -> None:
    row = next(i for i, c in enumerate(view.cohorts.rows) if c.id == cohort_id)
    view.cohort_table.setCurrentIndex(view.cohorts.index(row, 0))
    qtbot.wait(5)                          # the table's selection settles (Cancel re-selects after it)


def test_choosing_another_cohort_asks_and_cancel_keeps_the_typing(training_view, ctx, qtbot, answer_unsaved):
    view, first, second = training_view
    questions, answers = answer_unsaved
    _type_venue(view, qtbot, "Room 4")
    answers.append("cancel")
    _choose_row(view, qtbot, second)
    assert len(questions) == 1 and "cohort" in questions[0]
    assert view.cohort_panel.cohort_id == first and view.cohort_panel.f.get("venue") == "Room 4"
    assert view.cohort_id() == first                   # the list shows the cohort still being edited
    assert training.get_cohort(ctx, first).venue == "Fernbridge Hall"


def test_save_keeps_the_change_and_moves_on(training_view, ctx, qtbot, answer_unsaved):
    view, first, second = training_view
    questions, answers = answer_unsaved
    _type_venue(view, qtbot, "Room 4")
    answers.append("save")
    _choose_row(view, qtbot, second)
    assert len(questions) == 1
    assert training.get_cohort(ctx, first).venue == "Room 4"
    assert view.cohort_panel.cohort_id == second and view.cohort_id() == second


def test_discard_drops_the_change(training_view, ctx, qtbot, answer_unsaved):
    view, first, second = training_view
    questions, answers = answer_unsaved
    _type_venue(view, qtbot, "Room 4")
    answers.append("discard")
    _choose_row(view, qtbot, second)
    assert len(questions) == 1 and view.cohort_panel.cohort_id == second
    assert training.get_cohort(ctx, first).venue == "Fernbridge Hall"
    _choose_row(view, qtbot, first)
    assert len(questions) == 1 and view.cohort_panel.f.get("venue") == "Fernbridge Hall"


def test_unchanged_details_never_ask(training_view, qtbot, answer_unsaved):
    view, _first, second = training_view
    questions, _answers = answer_unsaved
    _choose_row(view, qtbot, second)
    view.new_cohort()
    assert questions == [] and view.cohort_panel.cohort_id is None


def test_a_new_cohort_half_typed_survives_new_cohort_and_the_view_shown_again(training_view, window, ctx, qtbot,
                                                                                answer_unsaved):
    view, _first, _second = training_view
    questions, answers = answer_unsaved
    view.new_cohort()
    qtbot.keyClicks(view.cohort_panel.f.widgets["name"], "Autumn cohort")
    answers.append("cancel")
    view.new_cohort()
    assert len(questions) == 1 and view.cohort_panel.f.get("name") == "Autumn cohort"
    window.show_view("home")
    window.show_view("training")              # shown again: the list reloads, the typing stays
    assert len(questions) == 1 and view.cohort_panel.f.get("name") == "Autumn cohort"
    assert view.cohort_panel.cohort_id is None and view.cohort_id() is None


def test_another_programme_asks_and_cancel_stays_on_this_one(training_view, ctx, qtbot, answer_unsaved):
    view, first, _second = training_view
    questions, answers = answer_unsaved
    other = make_programme(ctx, "Other programme", ttt=False)
    view.reload_programmes(view.programme_id())
    programme = view.programme_id()
    _type_venue(view, qtbot, "Room 9")
    answers.append("cancel")
    view.programme.setCurrentIndex(view.programme.findData(other))
    assert len(questions) == 1 and view.programme_id() == programme
    assert view.cohort_panel.cohort_id == first and view.cohort_panel.f.get("venue") == "Room 9"


def test_closing_the_window_asks_about_the_cohort(training_view, window, ctx, qtbot, answer_unsaved):
    view, first, _second = training_view
    questions, answers = answer_unsaved
    _type_venue(view, qtbot, "Room 7")
    answers.append("cancel")
    window.close()
    assert len(questions) == 1 and window.isVisible()
    answers.append("save")
    window.close()
    assert training.get_cohort(ctx, first).venue == "Room 7"


def test_a_date_typed_wrongly_counts_as_a_change(training_view, qtbot, answer_unsaved):
    view, _first, second = training_view
    questions, answers = answer_unsaved
    field = view.cohort_panel.f.widgets["end_date"]
    field.setFocus()
    qtbot.keyClicks(view.focusWidget() or field, "31/02/2027")
    assert view.cohort_panel.dirty
    answers.append("cancel")
    _choose_row(view, qtbot, second)
    assert len(questions) == 1
