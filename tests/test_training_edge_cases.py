"""Training as a user tries to break it: names, dates, re-enrolment, future ticks, the waiting list."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from sdm_desktop.cli import main
from sdm_desktop.errors import UserError
from sdm_desktop.services.core.validation import ValidationError
from sdm_desktop.services.training import cohorts as training
from sdm_desktop.services.training import enrolment
from sdm_desktop.services.training import sessions as training_sessions
from training_helpers import make_cohort, make_programme, people


def run(data_dir, capsys, *words):
    code = main(["--data-dir", str(data_dir), "training", *words])
    out, err = capsys.readouterr()
    return code, out, err


# --- cohort names ------------------------------------------------------------------------------
def test_a_second_cohort_with_the_same_name_is_refused_even_in_another_programme(ctx):
    first = make_programme(ctx, "First")
    make_cohort(ctx, first, "Evening group", sessions=0)
    with pytest.raises(ValidationError) as refused:
        training.create_cohort(ctx, training.CohortInput(make_programme(ctx, "Second"), " evening GROUP ", capacity=5))
    assert refused.value.errors == {"name": "is already used by another cohort (in First)"}
    assert [c.name for c in training.list_cohorts(ctx)] == ["Evening group"]


def test_renaming_a_cohort_to_a_name_in_use_is_refused_and_keeps_the_old_name(ctx):
    programme = make_programme(ctx)
    make_cohort(ctx, programme, "Morning", sessions=0)
    evening = make_cohort(ctx, programme, "Evening", sessions=0)
    data = training.get_cohort(ctx, evening)
    data.name = "MORNING"
    with pytest.raises(ValidationError, match="already used by another cohort"):
        training.update_cohort(ctx, evening, data)
    data.name = "Evening"                      # its own name, saved again, is fine
    training.update_cohort(ctx, evening, data)
    assert sorted(c.name for c in training.list_cohorts(ctx)) == ["Evening", "Morning"]


def test_cli_refuses_a_duplicate_cohort_name_so_every_cohort_stays_reachable_by_name(data_dir, capsys, ctx):
    make_cohort(ctx, make_programme(ctx, "Course"), "C1", sessions=0)
    ctx.close()
    code, _out, err = run(data_dir, capsys, "add-cohort", "--programme", "Course", "--name", "c1")
    assert (code, err) == (1, "sdm-desktop: error: Not saved: name is already used by another cohort (in Course)\n")
    code, _out, err = run(data_dir, capsys, "enrol", "--cohort", "C1", "--person", "1")
    assert (code, err) == (1, "sdm-desktop: error: There is no person with id 1 in the register.\n")   # not "2 cohorts"


# --- sessions and the cohort's dates -------------------------------------------------------------
def dated_cohort(ctx, name="Dated"):
    return training.create_cohort(ctx, training.CohortInput(
        make_programme(ctx, f"For {name}"), name, date(2027, 1, 1), date(2027, 1, 31), capacity=4))


def test_a_session_outside_the_cohorts_dates_is_refused_with_the_dates(ctx):
    cohort = dated_cohort(ctx)
    with pytest.raises(UserError, match=r"A session on 1 Mar 2027 is outside Dated, which runs 1 Jan 2027 to "
                                        r"31 Jan 2027; change the session's date or the cohort's dates first\."):
        training_sessions.add_session(ctx, cohort, training.SessionInput(datetime(2027, 3, 1, 10)))
    with pytest.raises(UserError, match="outside Dated"):
        training_sessions.add_session(ctx, cohort, training.SessionInput(datetime(2026, 12, 31, 18)))
    first = training_sessions.add_session(ctx, cohort, training.SessionInput(datetime(2027, 1, 1, 10)))
    training_sessions.add_session(ctx, cohort, training.SessionInput(datetime(2027, 1, 31, 10)))
    with pytest.raises(UserError, match="outside Dated"):
        training_sessions.update_session(ctx, first, training.SessionInput(datetime(2027, 2, 1, 10)))
    assert [s.starts_at for s in training.get_cohort(ctx, cohort).sessions] == [
        datetime(2027, 1, 1, 10), datetime(2027, 1, 31, 10)]


def test_a_session_before_the_start_of_an_open_ended_cohort_is_refused(ctx):
    cohort = make_cohort(ctx, make_programme(ctx), "Open", sessions=0, start=datetime(2027, 1, 5, 10))
    with pytest.raises(UserError, match="outside Open, which starts on 5 Jan 2027"):
        training_sessions.add_session(ctx, cohort, training.SessionInput(datetime(2027, 1, 4, 10)))


def test_cohort_dates_that_would_leave_a_session_outside_are_refused(ctx):
    cohort = dated_cohort(ctx)
    training_sessions.add_session(ctx, cohort, training.SessionInput(datetime(2027, 1, 12, 10)))
    data = training.get_cohort(ctx, cohort)
    data.start_date, data.end_date = date(2027, 1, 13), date(2027, 1, 10)
    with pytest.raises(ValidationError) as refused:
        training.update_cohort(ctx, cohort, data)
    assert set(refused.value.errors) == {"end_date"}          # end before start is reported first
    data.end_date = date(2027, 1, 31)
    with pytest.raises(ValidationError) as refused:
        training.update_cohort(ctx, cohort, data)
    assert refused.value.errors == {"start_date": "is after the first session (12 Jan 2027); "
                                                  "move or remove that session first"}
    stored = training.get_cohort(ctx, cohort)
    assert (stored.start_date, stored.end_date) == (date(2027, 1, 1), date(2027, 1, 31))


def test_cli_refuses_a_session_outside_the_cohort_in_one_line(data_dir, capsys, ctx):
    dated_cohort(ctx, "Winter")
    ctx.close()
    code, _out, err = run(data_dir, capsys, "add-session", "--cohort", "Winter", "--at", "2027-03-01 10:00")
    assert code == 1 and err.count("\n") == 1 and "outside Winter, which runs 1 Jan 2027 to 31 Jan 2027" in err
    code, out, _err = run(data_dir, capsys, "cohorts")
    assert out.splitlines()[1].split("\t")[6] == "0"


def test_a_session_at_the_same_time_as_another_of_the_cohort_is_refused(ctx):
    cohort = dated_cohort(ctx)
    first = training_sessions.add_session(ctx, cohort, training.SessionInput(datetime(2027, 1, 5, 10), 120))
    for clash in (datetime(2027, 1, 5, 10), datetime(2027, 1, 5, 11, 59), datetime(2027, 1, 5, 9, 0)):
        with pytest.raises(UserError, match=r"overlaps the session on 5 Jan 2027 at 10:00"):
            training_sessions.add_session(ctx, cohort, training.SessionInput(clash, 120))
    training_sessions.add_session(ctx, cohort, training.SessionInput(datetime(2027, 1, 5, 12), 60))   # right after
    second = training_sessions.add_session(ctx, cohort, training.SessionInput(datetime(2027, 1, 12, 10), 120))
    with pytest.raises(UserError, match="overlaps"):
        training_sessions.update_session(ctx, second, training.SessionInput(datetime(2027, 1, 5, 11), 30))
    training_sessions.update_session(ctx, first, training.SessionInput(datetime(2027, 1, 5, 10), 90, "Longer topic"))
    assert len(training.get_cohort(ctx, cohort).sessions) == 3


def test_cli_adding_the_same_session_twice_adds_it_once(data_dir, capsys, ctx):
    dated_cohort(ctx, "Winter")
    ctx.close()
    assert run(data_dir, capsys, "add-session", "--cohort", "Winter", "--at", "2027-01-05 10:00")[0] == 0
    code, _out, err = run(data_dir, capsys, "add-session", "--cohort", "Winter", "--at", "2027-01-05 10:00")
    assert code == 1 and err.count("\n") == 1 and "overlaps the session on 5 Jan 2027 at 10:00" in err
    code, out, _err = run(data_dir, capsys, "cohorts")
    assert out.splitlines()[1].split("\t")[6] == "1"


# --- enrolment: twice, again after withdrawing, the waiting list's numbers --------------------------
def test_enrolling_the_same_person_twice_is_refused_with_their_status(ctx):
    cohort = make_cohort(ctx, make_programme(ctx), capacity=1)
    a, b = people(ctx, 2)
    enrolment.enrol(ctx, cohort, a)
    enrolment.enrol(ctx, cohort, b)
    with pytest.raises(UserError, match=r"Test P000 is already on Cohort A \(enrolled\)\."):
        enrolment.enrol(ctx, cohort, a)
    with pytest.raises(UserError, match=r"already on Cohort A \(waiting list\)"):
        enrolment.enrol(ctx, cohort, b)
    assert len(enrolment.list_enrolments(ctx, cohort)) == 2


def test_someone_who_withdrew_can_enrol_again_and_joins_the_waiting_list_when_full(ctx):
    cohort = make_cohort(ctx, make_programme(ctx), capacity=1)
    a, b = people(ctx, 2)
    first = enrolment.enrol(ctx, cohort, a).enrolment_id
    enrolment.enrol(ctx, cohort, b)
    assert enrolment.withdraw(ctx, first) is not None                  # b takes the place
    again = enrolment.enrol(ctx, cohort, a)
    assert (again.enrolment_id, again.status, again.waiting_position) == (first, "waiting", 1)
    ctx.undo.undo()
    assert {r.name: r.status for r in enrolment.list_enrolments(ctx, cohort)} == {
        "Test P000": "withdrawn", "Test P001": "enrolled"}


def test_a_returning_participant_keeps_the_attendance_they_had(ctx):
    cohort = make_cohort(ctx, make_programme(ctx, sessions_required=2), sessions=3)
    person = people(ctx, 1)[0]
    first = enrolment.enrol(ctx, cohort, person).enrolment_id
    s1, s2, _s3 = [t.id for t in training.get_cohort(ctx, cohort).sessions]
    enrolment.set_attendance(ctx, first, s1, True)
    enrolment.set_attendance(ctx, first, s2, True)
    enrolment.withdraw(ctx, first)
    again = enrolment.enrol(ctx, cohort, person)
    assert (again.enrolment_id, again.status) == (first, "completed")
    assert enrolment.list_enrolments(ctx, cohort)[0].completed_on == date(2026, 3, 9)


def test_cli_enrols_again_someone_who_withdrew(ctx, data_dir, capsys):
    cohort = make_cohort(ctx, make_programme(ctx), "Evening", capacity=3, start=datetime(2099, 1, 5, 10))
    person = people(ctx, 1)[0]
    enrolment.withdraw(ctx, enrolment.enrol(ctx, cohort, person).enrolment_id)
    ctx.close()
    code, out, _err = run(data_dir, capsys, "enrol", "--cohort", "Evening", "--person", str(person))
    assert (code, out) == (0, f"Test P000 (person {person}) is on Evening: enrolled\n")
    code, _out, err = run(data_dir, capsys, "enrol", "--cohort", "Evening", "--person", str(person))
    assert (code, err) == (1, "sdm-desktop: error: Test P000 is already on Evening (enrolled).\n")


def test_the_waiting_list_is_numbered_from_one_after_promotions_and_departures(ctx):
    cohort = make_cohort(ctx, make_programme(ctx), capacity=1)
    a, b, c, d = people(ctx, 4)
    first = enrolment.enrol(ctx, cohort, a).enrolment_id
    second, third, fourth = (enrolment.enrol(ctx, cohort, p).enrolment_id for p in (b, c, d))

    def waiting():
        return [(r.name, r.waiting_position) for r in enrolment.list_enrolments(ctx, cohort) if r.status == "waiting"]
    assert waiting() == [("Test P001", 1), ("Test P002", 2), ("Test P003", 3)]
    enrolment.withdraw(ctx, first)                                   # P001 moves up
    assert waiting() == [("Test P002", 1), ("Test P003", 2)]
    enrolment.set_status(ctx, third, "withdrawn")                     # P002 leaves the list
    assert waiting() == [("Test P003", 1)]
    ctx.undo.undo()
    assert waiting() == [("Test P002", 1), ("Test P003", 2)]
    assert {second, fourth} <= {r.id for r in enrolment.list_enrolments(ctx, cohort)}


def test_withdrawing_from_a_full_cohort_gives_the_place_to_the_first_waiting(ctx, data_dir, capsys):
    cohort = make_cohort(ctx, make_programme(ctx), "Full house", capacity=2, start=datetime(2099, 1, 5, 10))
    a, b, c, d = people(ctx, 4)
    for person in (a, b, c, d):
        enrolment.enrol(ctx, cohort, person)
    ctx.close()
    code, out, _err = run(data_dir, capsys, "withdraw", "--cohort", "Full house", "--person", str(b))
    assert (code, out) == (0, "Withdrew Test P001 from Full house; Test P002 moved up from the waiting list\n")
    code, out, _err = run(data_dir, capsys, "cohorts")
    assert out.splitlines()[1].split("\t")[3:6] == ["2", "2", "1"]


# --- attendance ----------------------------------------------------------------------------------
def test_attendance_at_a_session_still_to_come_is_refused(ctx):
    cohort = make_cohort(ctx, make_programme(ctx, sessions_required=1), "Later", sessions=2,
                         start=datetime(2027, 1, 5, 10))
    e = enrolment.enrol(ctx, cohort, people(ctx, 1)[0]).enrolment_id
    first, second = [t.id for t in training.get_cohort(ctx, cohort).sessions]
    with pytest.raises(UserError, match=r"The session on 5 Jan 2027 has not happened yet; attendance can be "
                                        r"recorded from that day\."):
        enrolment.set_attendance(ctx, e, first, True, today=date(2027, 1, 4))
    assert enrolment.set_attendance(ctx, e, first, True, today=date(2027, 1, 5)) == "completed"   # on the day
    assert enrolment.set_attendance(ctx, e, second, False, today=date(2027, 1, 4)) == "completed"  # unticking is fine
    row = enrolment.list_enrolments(ctx, cohort)[0]
    assert (row.attended, row.completed_on) == (1, date(2027, 1, 5))


def test_the_status_of_someone_with_attendance_is_left_to_attendance(ctx):
    cohort = make_cohort(ctx, make_programme(ctx, sessions_required=1), sessions=1)
    person = people(ctx, 1)[0]
    e = enrolment.enrol(ctx, cohort, person).enrolment_id
    enrolment.set_attendance(ctx, e, training.get_cohort(ctx, cohort).sessions[0].id, True)
    for status in ("enrolled", "invited", "waiting", "did_not_attend"):
        with pytest.raises(UserError, match="has attendance recorded at 1 session, so attendance decides"):
            enrolment.set_status(ctx, e, status)
    enrolment.set_status(ctx, e, "withdrawn")                        # dropping out is always possible
    assert enrolment.list_enrolments(ctx, cohort)[0].status == "withdrawn"


# --- certificates ----------------------------------------------------------------------------------
def test_certificates_for_a_cohort_with_no_completers_write_nothing_and_make_no_folder(ctx, data_dir, tmp_path,
                                                                                       capsys):
    from sdm_desktop.services.training.documents import write_documents
    cohort = make_cohort(ctx, make_programme(ctx), "Nobody yet", sessions=1)
    enrolment.enrol(ctx, cohort, people(ctx, 1)[0])
    report = write_documents(ctx, cohort, "certificate", tmp_path / "out")
    assert report.written == [] and not (tmp_path / "out").exists()
    assert report.summary() == "0 certificates written: nobody on the cohort has completed it yet"
    ctx.close()
    code, _out, err = run(data_dir, capsys, "certificates", "--cohort", "Nobody yet", "-o", str(tmp_path / "cli"))
    assert code == 1 and "nobody on it qualifies" in err and not (tmp_path / "cli").exists()


def test_a_certificate_keeps_apostrophes_ampersands_and_letters_of_any_alphabet(ctx, tmp_path):
    from docx import Document

    from helpers import make_person
    from sdm_desktop.services.training.documents import write_documents
    from training_helpers import train
    cohort = make_cohort(ctx, make_programme(ctx, "Skills & Confidence", sessions_required=1), "Côte d'Azur",
                         sessions=1)
    names = [("Siobhán", "O'Connor-Ní Bhriain"), ("Łukasz", "Żółkiewski & Søn"), ("Zoë", "Ωmega")]
    ids = [make_person(ctx, last, first_name=first, email=None) for first, last in names]
    for person in ids:
        train(ctx, cohort, person)
    report = write_documents(ctx, cohort, "certificate", tmp_path)
    slugs = ["Siobhán-O-Connor-Ní-Bhriain", "Łukasz-Żółkiewski-Søn", "Zoë-Ωmega"]
    assert sorted(p.name for p in report.written) == sorted(
        f"certificate-Côte-d-Azur-{slug}-{person}.docx" for slug, person in zip(slugs, ids, strict=False))
    texts = ["\n".join(p.text for p in Document(str(path)).paragraphs) for path in report.written]
    for first, last in names:
        assert sum(f"{first} {last}" in text for text in texts) == 1
    assert all("Skills & Confidence" in t and "Côte d'Azur" in t for t in texts)


# --- the trainer among the participants ------------------------------------------------------------
def trained_trainer(ctx):
    from training_helpers import train
    programme = make_programme(ctx, "TtT", sessions_required=1)
    trainer = people(ctx, 1, prefix="Trainer")[0]
    train(ctx, make_cohort(ctx, programme, "Original", sessions=1), trainer)
    return programme, trainer


def test_the_trainer_of_a_cohort_cannot_enrol_on_it(ctx, data_dir, capsys):
    programme, trainer = trained_trainer(ctx)
    cohort = make_cohort(ctx, programme, "Cascade", sessions=1, trainer=trainer)
    with pytest.raises(UserError, match="The trainer of a cohort cannot enrol on it"):
        enrolment.enrol(ctx, cohort, trainer)
    ctx.close()
    code, _out, err = run(data_dir, capsys, "enrol", "--cohort", "Cascade", "--person", str(trainer))
    assert (code, err) == (1, "sdm-desktop: error: The trainer of a cohort cannot enrol on it: "
                              "they would be trained by themselves.\n")


def test_a_participant_cannot_be_made_the_trainer_of_their_own_cohort(ctx):
    programme, trainer = trained_trainer(ctx)
    cohort = make_cohort(ctx, programme, "Second", sessions=1)
    enrolment.enrol(ctx, cohort, trainer)
    data = training.get_cohort(ctx, cohort)
    data.trainer_person_id = trainer
    with pytest.raises(UserError,
                       match="Test Trainer000 is a participant of this cohort and cannot also be its trainer"):
        training.update_cohort(ctx, cohort, data)
    stored = training.get_cohort(ctx, cohort)
    assert stored.trainer_person_id is None
    assert {r.trained_by for r in enrolment.list_enrolments(ctx, cohort)} == {""}


# --- undo keeps statuses in step with attendance ---------------------------------------------------
def test_undoing_a_session_removal_puts_back_the_completion_it_took_away(ctx):
    cohort = make_cohort(ctx, make_programme(ctx, sessions_required=2), sessions=2)
    e = enrolment.enrol(ctx, cohort, people(ctx, 1)[0]).enrolment_id
    first, second = [t.id for t in training.get_cohort(ctx, cohort).sessions]
    enrolment.set_attendance(ctx, e, first, True)
    enrolment.set_attendance(ctx, e, second, True)
    training_sessions.delete_session(ctx, second)
    assert enrolment.list_enrolments(ctx, cohort)[0].status == "attended"
    ctx.undo.undo()
    row = enrolment.list_enrolments(ctx, cohort)[0]
    assert (row.status, row.attended, row.completed_on) == ("completed", 2, date(2026, 3, 9))


def test_undoing_an_added_session_applies_the_rule_again(ctx):
    cohort = make_cohort(ctx, make_programme(ctx, sessions_required=1), sessions=0, start=datetime(2020, 1, 6, 10))
    enrolment.enrol(ctx, cohort, people(ctx, 1)[0])
    training_sessions.add_session(ctx, cohort, training.SessionInput(datetime(2020, 1, 6, 10)))
    assert enrolment.list_enrolments(ctx, cohort)[0].status == "did_not_attend"
    ctx.undo.undo()
    assert enrolment.list_enrolments(ctx, cohort)[0].status == "enrolled"


def test_a_tick_is_undone_by_ctrl_z_before_anything_earlier(ctx):
    cohort = make_cohort(ctx, make_programme(ctx, sessions_required=1), sessions=2)
    person = people(ctx, 1)[0]
    e = enrolment.enrol(ctx, cohort, person).enrolment_id
    first, second = [t.id for t in training.get_cohort(ctx, cohort).sessions]
    enrolment.set_attendance(ctx, e, first, True)
    enrolment.set_attendance(ctx, e, second, False)           # an explicit "absent" cell
    assert ctx.undo.next_label == "untick Test P000 on 9 Mar"
    ctx.undo.undo()
    assert ctx.undo.next_label == "tick Test P000 on 2 Mar"
    ctx.undo.undo()
    row = enrolment.list_enrolments(ctx, cohort)[0]
    assert (row.status, row.attended, row.completed_on) == ("did_not_attend", 0, None)    # sessions are past
    assert ctx.undo.next_label == "enrol Test P000"             # the enrolment itself is still there


def test_an_override_is_undone_with_its_reason(ctx):
    cohort = make_cohort(ctx, make_programme(ctx, sessions_required=2), sessions=2)
    e = enrolment.enrol(ctx, cohort, people(ctx, 1)[0]).enrolment_id
    enrolment.set_attendance(ctx, e, training.get_cohort(ctx, cohort).sessions[0].id, True)
    enrolment.override_completion(ctx, e, True, "Caught up one-to-one")
    enrolment.override_completion(ctx, e, False, "Missed the assessed role-play")
    ctx.undo.undo()
    row = enrolment.list_enrolments(ctx, cohort)[0]
    assert (row.status, row.completion_override, row.override_reason, row.completed_on) == (
        "completed", True, "Caught up one-to-one", date(2026, 3, 2))
    ctx.undo.undo()
    row = enrolment.list_enrolments(ctx, cohort)[0]
    assert (row.status, row.completion_override, row.override_reason) == ("attended", None, None)
