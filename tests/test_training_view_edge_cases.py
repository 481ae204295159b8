"""The Training view when a user tries to break it: deleting a full cohort, future ticks, re-enrolment."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt

from helpers import make_person
from sdm_desktop.services.training import cohorts as training
from sdm_desktop.services.training import enrolment
from sdm_desktop.services.training import evaluation as training_evaluation
from training_helpers import make_cohort, make_programme, people, session_ids


def open_training(window, programme=None):
    view = window.show_view("training")
    if programme is not None:
        view.programme.setCurrentIndex(view.programme.findData(programme))
    return view


def test_deleting_a_cohort_with_people_asks_with_the_counts_and_undo_brings_everything_back(window, ctx, qtbot,
                                                                                            answer_prompts):
    asked = answer_prompts(True)
    programme = make_programme(ctx, sessions_required=1)
    cohort = make_cohort(ctx, programme, "Doomed", capacity=1, sessions=2)
    first, second = people(ctx, 2)
    ticked = enrolment.enrol(ctx, cohort, first).enrolment_id
    enrolment.enrol(ctx, cohort, second)
    enrolment.set_attendance(ctx, ticked, session_ids(ctx, cohort)[0], True)
    training_evaluation.add_note(ctx, cohort, "results", date(2026, 6, 1), "Fewer complaints")
    view = open_training(window, programme)
    view.delete_cohort()
    assert asked[-1].startswith("Delete Doomed with its 2 sessions, 2 people holding a place or waiting, "
                                "their attendance and the evaluation?")
    assert training.list_cohorts(ctx) == [] and view.cohorts.rowCount() == 0
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.cohorts.rowCount() == 1)
    rows = {r.name: (r.status, r.attended, r.waiting_position) for r in enrolment.list_enrolments(ctx, cohort)}
    assert rows == {"Test P000": ("completed", 1, None), "Test P001": ("waiting", 0, 1)}
    assert [n.notes for n in training_evaluation.list_notes(ctx, cohort)] == ["Fewer complaints"]


def test_keeping_a_cohort_when_asked_deletes_nothing(window, ctx, answer_prompts):
    answer_prompts(False)
    programme = make_programme(ctx)
    make_cohort(ctx, programme, "Kept", sessions=1)
    view = open_training(window, programme)
    view.delete_cohort()
    assert [c.name for c in training.list_cohorts(ctx)] == ["Kept"]


def test_ticking_a_session_still_to_come_shows_why_and_stores_nothing(window, ctx, qtbot):
    programme = make_programme(ctx, sessions_required=1)
    cohort = make_cohort(ctx, programme, "Next year", sessions=1, start=datetime(2099, 1, 5, 10))
    enrolment.enrol(ctx, cohort, make_person(ctx, "Eager"))
    view = open_training(window, programme)
    view.tabs.setCurrentIndex(2)
    grid = view.attendance.grid
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_Space)
    assert "has not happened yet" in view.attendance.problem.text()
    assert enrolment.list_enrolments(ctx, cohort)[0].attended == 0
    model = view.attendance.model
    assert model.data(model.index(0, 0), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked


def test_a_duplicate_cohort_name_is_shown_beside_the_name_field(window, ctx):
    programme = make_programme(ctx)
    make_cohort(ctx, programme, "Taken", sessions=0)
    view = open_training(window, programme)
    view.new_cohort()
    form = view.cohort_panel
    form.f.widgets["name"].setText("taken")
    form.save_button.click()
    assert len(training.list_cohorts(ctx)) == 1
    errors = [label.text() for label in form.findChildren(type(view.programme_info)) if label.isVisibleTo(form)]
    assert any("already used by another cohort" in text for text in errors)


def test_the_next_session_is_offered_a_week_after_the_last_and_within_the_cohort(window, ctx):
    programme = make_programme(ctx)
    make_cohort(ctx, programme, "Weekly", sessions=2, start=datetime(2027, 1, 5, 14, 30))
    view = open_training(window, programme)
    form = view.cohort_panel
    assert form.when.value() == datetime(2027, 1, 19, 14, 30)
    view.new_cohort()
    form.f.widgets["name"].setText("Fresh")
    form.f.set("start_date", date(2027, 2, 1))
    form.save_button.click()
    assert form.when.value() == datetime(2027, 2, 1, 10, 0)
    form.add_session()
    assert [s.starts_at for s in training.get_cohort(ctx, form.cohort_id).sessions] == [datetime(2027, 2, 1, 10)]


def test_someone_who_withdrew_can_be_found_and_enrolled_again_from_the_view(window, ctx, monkeypatch):
    from sdm_desktop.ui.training.dialogs import EnrolDialog
    programme = make_programme(ctx)
    cohort = make_cohort(ctx, programme, "Second chance", sessions=1, start=datetime(2099, 1, 5, 10))
    stays, leaves = people(ctx, 2)
    enrolment.enrol(ctx, cohort, stays)
    enrolment.withdraw(ctx, enrolment.enrol(ctx, cohort, leaves).enrolment_id)
    offered = []

    def ask(_ctx, _parent, exclude):
        offered.append(exclude)
        return [leaves], False
    monkeypatch.setattr(EnrolDialog, "ask", staticmethod(ask))
    view = open_training(window, programme)
    view.tabs.setCurrentIndex(1)
    view.participants.enrol_people()
    assert offered == [{stays}]
    assert {r.name: r.status for r in view.participants.model.rows} == {"Test P000": "enrolled",
                                                                        "Test P001": "enrolled"}


def test_certificates_with_no_completers_say_so_without_asking_for_a_folder(window, ctx, answer_prompts, monkeypatch):
    from PySide6.QtWidgets import QFileDialog
    asked = answer_prompts(True)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: (_ for _ in ()).throw(AssertionError))
    programme = make_programme(ctx)
    cohort = make_cohort(ctx, programme, "Not yet", sessions=1, start=datetime(2099, 1, 5, 10))
    enrolment.enrol(ctx, cohort, make_person(ctx, "Keen"))
    view = open_training(window, programme)
    view.tabs.setCurrentIndex(1)
    view.participants.write("certificate")
    assert asked == ["No certificates to write: nobody on the cohort has completed it yet."]


def test_the_trainer_list_is_a_model_that_keeps_a_former_trainer_of_the_cohort(window, ctx, qtmodeltester):
    from sqlalchemy import update

    from sdm_desktop.db.models import Enrolment
    from training_helpers import train
    programme = make_programme(ctx, "TtT", sessions_required=1)
    original = make_cohort(ctx, programme, "Original", sessions=1)
    kept, other = make_person(ctx, "Kept"), make_person(ctx, "Other")
    train(ctx, original, kept)
    train(ctx, original, other)
    cascade = make_cohort(ctx, programme, "Run by Kept", sessions=1, trainer=kept)
    with ctx.session() as s:                     # Kept's completion is undone after the cohort was set up
        s.execute(update(Enrolment).where(Enrolment.person_id == kept).values(status="withdrawn"))
    view = open_training(window, programme)
    view.reload_cohorts(cascade)
    form = view.cohort_panel
    qtmodeltester.check(form.trainer_choices)
    names = [form.trainer.itemText(i) for i in range(form.trainer.count())]
    assert names == ["No trainer (original course)", "Ada Other", "Ada Kept"]
    assert form.trainer.currentData() == kept and form.trainer.findData(other) == 1
    form.trainer.setCurrentIndex(0)
    form.save_button.click()
    assert training.get_cohort(ctx, cascade).trainer_person_id is None


def test_the_programme_line_lists_its_learning_outcomes(window, ctx):
    programme = make_programme(ctx, "Outcomes", description="Two sessions.",
                               learning_outcomes="Explain BRAN\n- Use a decision aid")
    view = open_training(window, programme)
    assert "Two sessions. 2 learning outcomes" in view.programme_info.text()
    assert view.programme_info.toolTip() == "Learning outcomes:\n• Explain BRAN\n• Use a decision aid"
    assert view.programme_info.accessibleDescription() == view.programme_info.toolTip()


def test_ctrl_z_unticks_the_last_tick_in_the_grid(window, ctx, qtbot):
    programme = make_programme(ctx, sessions_required=1)
    cohort = make_cohort(ctx, programme, "Undo me", sessions=1)
    enrolment.enrol(ctx, cohort, make_person(ctx, "Ticked"))
    view = open_training(window, programme)
    view.tabs.setCurrentIndex(2)
    grid = view.attendance.grid
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_Space)
    assert enrolment.list_enrolments(ctx, cohort)[0].status == "completed"
    assert window.undo_action.text() == "&Undo tick Ada Ticked on 2 Mar"
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.attendance.model.data(view.attendance.model.index(0, 0),
                                                       Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked)
    assert [(r.name, r.attended) for r in enrolment.list_enrolments(ctx, cohort)] == [("Ada Ticked", 0)]


def test_the_grid_warns_when_the_cohort_has_fewer_sessions_than_completion_needs(window, ctx):
    programme = make_programme(ctx, sessions_required=3)
    cohort = make_cohort(ctx, programme, "Too short", sessions=2)
    enrolment.enrol(ctx, cohort, make_person(ctx, "Keen"))
    view = open_training(window, programme)
    view.tabs.setCurrentIndex(2)
    assert "has 2 sessions but the programme needs 3 to complete" in view.attendance.problem.text()
