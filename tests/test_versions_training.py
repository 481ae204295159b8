"""No lost updates in training (issue 14): programmes, cohorts, sessions, enrolments, attendance and evaluation
notes; the completion rule, the waiting list and settling past cohorts are the app's own writes."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

import pytest

from helpers import make_person
from sdm_desktop.cli import main
from sdm_desktop.paths import DATABASE_FILE_NAME
from sdm_desktop.services.core.versions import RecordChanged
from sdm_desktop.services.training import cohorts as training
from sdm_desktop.services.training import enrolment, evaluation, programmes
from sdm_desktop.services.training import sessions as training_sessions
from sdm_desktop.ui.training.dialogs import ProgrammeDialog
from training_helpers import make_cohort, make_programme, session_ids
from versions_helpers import answer_merge, colleague_sets, version_in


def test_a_stale_programme_or_cohort_save_is_refused_and_nothing_is_lost(ctx):
    programme_id = make_programme(ctx)
    opened = version_in(ctx, "programme", programme_id)
    colleague_sets(ctx, "programme", programme_id, description="Their description")
    mine = programmes.ProgrammeInput("SDM train-the-trainer (2026)", None, "Explain BRAN", 2, True)
    with pytest.raises(RecordChanged, match="SDM train-the-trainer .programme .* by colleague"):
        programmes.update_programme(ctx, programme_id, mine, expected_version=opened)
    stored = programmes.get_programme(ctx, programme_id)
    assert (stored.name, stored.description) == ("SDM train-the-trainer", "Their description")

    cohort_id = make_cohort(ctx, programme_id, sessions=0)
    opened = version_in(ctx, "cohort", cohort_id)
    colleague_sets(ctx, "cohort", cohort_id, venue="Riverside Library")
    data = training.CohortInput(programme_id, "Cohort A", capacity=20)
    with pytest.raises(RecordChanged):
        training.update_cohort(ctx, cohort_id, data, expected_version=opened)
    assert (training.get_cohort(ctx, cohort_id).venue, training.get_cohort(ctx, cohort_id).capacity) == (
        "Riverside Library", 12)


def test_deleting_a_changed_cohort_session_or_note_is_refused(ctx):
    cohort_id = make_cohort(ctx, make_programme(ctx), sessions=1)
    listed = training.get_cohort(ctx, cohort_id)
    session = listed.sessions[0]
    note_id = evaluation.add_note(ctx, cohort_id, "reaction", date(2026, 3, 2), "Liked it")
    note = evaluation.list_notes(ctx, cohort_id)[0]
    colleague_sets(ctx, "training_session", session.id, topic="Their topic")
    colleague_sets(ctx, "cohort_evaluation", note_id, notes="Liked it a lot")
    with pytest.raises(RecordChanged, match="Not deleted"):
        training_sessions.delete_session(ctx, session.id, expected_version=session.row_version)
    with pytest.raises(RecordChanged, match="Not deleted"):
        evaluation.delete_note(ctx, note_id, expected_version=note.row_version)
    colleague_sets(ctx, "cohort", cohort_id, venue="Elsewhere")
    with pytest.raises(RecordChanged, match="Not deleted: Cohort A"):
        training.delete_cohort(ctx, cohort_id, expected_version=listed.row_version)
    stored = training.get_cohort(ctx, cohort_id)
    assert stored.venue == "Elsewhere" and [s.topic for s in stored.sessions] == ["Their topic"]
    assert [n.notes for n in evaluation.list_notes(ctx, cohort_id)] == ["Liked it a lot"]


def test_undo_is_refused_after_a_colleagues_change_to_the_row_or_the_tick(ctx):
    programme_id = make_programme(ctx)
    programmes.update_programme(ctx, programme_id, programmes.ProgrammeInput("Renamed", None, None, 2, True))
    colleague_sets(ctx, "programme", programme_id, description="Theirs")
    with pytest.raises(RecordChanged, match="Not undone: SDM train-the-trainer .programme"):
        ctx.undo.undo()
    assert programmes.get_programme(ctx, programme_id).description == "Theirs"

    cohort_id = make_cohort(ctx, programme_id, sessions=1)
    row = enrolment.enrol(ctx, cohort_id, make_person(ctx)).enrolment_id
    session_id = session_ids(ctx, cohort_id)[0]
    enrolment.set_attendance(ctx, row, session_id, True, today=date(2026, 12, 1))
    with ctx.db.engine.begin() as conn:           # a colleague unticks the same cell
        conn.exec_driver_sql("UPDATE attendance SET attended = 0, row_version = row_version + 1 "
                             f"WHERE enrolment_id = {row} AND session_id = {session_id}")
    with pytest.raises(RecordChanged, match="Not undone: The attendance of Ada Sample"):
        ctx.undo.undo()


def test_the_apps_own_settling_leaves_enrolment_versions_alone(ctx):
    programme_id = make_programme(ctx, sessions_required=1)
    cohort_id = make_cohort(ctx, programme_id, capacity=1, sessions=1, start=datetime(2026, 3, 2, 10, 0))
    first = enrolment.enrol(ctx, cohort_id, make_person(ctx, last_name="First")).enrolment_id
    waiting = enrolment.enrol(ctx, cohort_id, make_person(ctx, last_name="Second")).enrolment_id
    seen = {e: version_in(ctx, "enrolment", e) for e in (first, waiting)}
    cohort = training.get_cohort(ctx, cohort_id)
    data = training.CohortInput(programme_id, cohort.name, cohort.start_date, cohort.end_date, cohort.venue,
                                False, cohort.facilitators, 2, None)
    training.update_cohort(ctx, cohort_id, data)          # a second place: the waiting person is promoted
    assert enrolment.settle_past_cohorts(ctx, today=date(2026, 6, 1)) == 2       # both did not attend
    statuses = {r.id: r.status for r in enrolment.list_enrolments(ctx, cohort_id)}
    assert statuses == {first: "did_not_attend", waiting: "did_not_attend"}
    assert {e: version_in(ctx, "enrolment", e) for e in (first, waiting)} == seen
    # So a colleague's action from the versions they saw before all that still goes through
    assert enrolment.override_completion(ctx, first, True, "Attended elsewhere",
                                         expected_version=seen[first]) == "completed"


def test_ticks_and_a_new_trainer_are_derived_for_the_enrolment(ctx):
    from training_helpers import train
    trainer_programme = make_programme(ctx, name="TtT", sessions_required=1)
    trainer = make_person(ctx, last_name="Trainer")
    train(ctx, make_cohort(ctx, trainer_programme, name="Trainers", sessions=1), trainer)
    programme_id = make_programme(ctx, name="Cascade", ttt=False, sessions_required=1)
    cohort_id = make_cohort(ctx, programme_id, name="Cascade A", sessions=1)
    row = enrolment.enrol(ctx, cohort_id, make_person(ctx)).enrolment_id
    seen = version_in(ctx, "enrolment", row)
    enrolment.set_attendance(ctx, row, session_ids(ctx, cohort_id)[0], True, today=date(2026, 12, 1))
    cohort = training.get_cohort(ctx, cohort_id)
    training.update_cohort(ctx, cohort_id, training.CohortInput(
        programme_id, cohort.name, cohort.start_date, None, cohort.venue, False, None, 12, trainer))
    listed = enrolment.list_enrolments(ctx, cohort_id)[0]
    assert (listed.status, listed.trained_by) == ("completed", "Ada Trainer")
    assert version_in(ctx, "enrolment", row) == seen


def test_the_programme_dialog_merges_a_colleagues_change(window, ctx, qtbot):
    programme_id = make_programme(ctx)
    dialog = ProgrammeDialog(window.env, programme_id)
    qtbot.addWidget(dialog)
    colleague_sets(ctx, "programme", programme_id, description="Their description")
    dialog.outcomes.setPlainText("Explain BRAN")
    seen: list[str] = []
    answer_merge("&Merge and save", seen)
    dialog.accept()
    assert dialog.result() == ProgrammeDialog.DialogCode.Accepted
    assert set(seen) == {"description", "learning_outcomes"}
    stored = programmes.get_programme(ctx, programme_id)
    assert (stored.description, stored.learning_outcomes) == ("Their description", "Explain BRAN")


def test_the_cohort_panel_keeps_the_users_values_then_keeps_theirs(window, ctx, qtbot):
    programme_id = make_programme(ctx)
    cohort_id = make_cohort(ctx, programme_id, sessions=0)
    panel = window.show_view("training").cohort_panel
    panel.edit(cohort_id, programme_id)
    colleague_sets(ctx, "cohort", cohort_id, capacity=30)
    panel.f.widgets["capacity"].setValue(15)
    answer_merge("Go back")
    assert not panel.save()
    assert panel.f.widgets["capacity"].value() == 15
    answer_merge("Keep &theirs")
    assert not panel.save()
    assert panel.f.widgets["capacity"].value() == 30 and training.get_cohort(ctx, cohort_id).capacity == 30
    panel.f.set("venue", "Riverside Library")
    assert panel.save()                                    # from their version now: saved
    panel.f.set("facilitators", "Dr Ada Lovelace, Sam Okafor")
    assert panel.save()                                    # and again: its own save is no conflict
    stored = training.get_cohort(ctx, cohort_id)
    assert (stored.venue, stored.facilitators) == ("Riverside Library", "Dr Ada Lovelace, Sam Okafor")


def test_the_command_line_refuses_a_withdrawal_a_colleague_overtook(data_dir, ctx, capsys, monkeypatch):
    cohort_id = make_cohort(ctx, make_programme(ctx), name="Evening", sessions=0)
    person_id = make_person(ctx, first_name="Ada", last_name="Sample")
    row = enrolment.enrol(ctx, cohort_id, person_id).enrolment_id
    ctx.close()
    real = enrolment.list_enrolments

    def read_then_colleague_saves(*args, **kwargs):
        rows = real(*args, **kwargs)
        with sqlite3.connect(data_dir / DATABASE_FILE_NAME) as db:
            db.execute("UPDATE enrolment SET status = 'invited', row_version = row_version + 1 WHERE id = ?", (row,))
        return rows
    monkeypatch.setattr(enrolment, "list_enrolments", read_then_colleague_saves)
    code = main(["--data-dir", str(data_dir), "training", "withdraw", "--cohort", "Evening",
                 "--person", str(person_id)])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "Ada Sample (enrolment" in err and "was changed" in err
    with sqlite3.connect(data_dir / DATABASE_FILE_NAME) as db:
        assert db.execute("SELECT status FROM enrolment WHERE id = ?", (row,)).fetchone() == ("invited",)
