"""Setting up training from the command line: programmes, cohorts and sessions, and bad input refused."""

from __future__ import annotations

import pytest

from sdm_desktop.cli import main
from sdm_desktop.services.training import cohorts as training


def run(data_dir, capsys, *words):
    code = main(["--data-dir", str(data_dir), "training", *words])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_programme_cohort_and_session_are_set_up_from_the_command_line(data_dir, capsys, ctx):
    ctx.close()
    assert run(data_dir, capsys, "add-programme", "--name", "CLI TtT", "--sessions-required", "2",
               "--train-the-trainer", "--outcomes", "Explain BRAN")[:2] == (0, "Added programme CLI TtT\n")
    assert run(data_dir, capsys, "add-cohort", "--programme", "cli ttt", "--name", "Evening", "--capacity", "3",
               "--starts", "2027-01-05", "--venue", "Fernbridge Hall")[0] == 0
    assert run(data_dir, capsys, "add-session", "--cohort", "evening", "--at", "2027-01-05 10:00",
               "--minutes", "90", "--topic", "Welcome")[0] == 0
    code, out, _err = run(data_dir, capsys, "cohorts")
    assert code == 0 and "Evening\tCLI TtT\t2027-01-05\t0\t3\t0\t1\tnobody yet" in out


@pytest.mark.parametrize("capacity", ["0", "-5", "99999999999999999999"])
def test_a_capacity_out_of_range_is_one_line_exit_1_and_nothing_stored(data_dir, capsys, ctx, capacity):
    from training_helpers import make_programme
    make_programme(ctx, "Course")
    ctx.close()
    code, _out, err = run(data_dir, capsys, "add-cohort", "--programme", "Course", "--name", "Bad",
                          f"--capacity={capacity}")
    assert (code, err) == (1, "sdm-desktop: error: Not saved: capacity must be a whole number from 1 to 500\n")
    code, out, _err = run(data_dir, capsys, "cohorts")
    assert out.splitlines()[1:] == []


def test_a_trainer_not_in_the_register_is_refused_without_a_traceback(data_dir, capsys, ctx):
    from training_helpers import make_programme
    make_programme(ctx, "Course")
    ctx.close()
    code, _out, err = run(data_dir, capsys, "add-cohort", "--programme", "Course", "--name", "Led", "--trainer", "77")
    assert (code, err) == (1, "sdm-desktop: error: The chosen trainer is not in the register.\n")


def test_a_session_that_is_too_short_or_badly_dated_is_refused(data_dir, capsys, ctx):
    from training_helpers import make_cohort, make_programme
    make_cohort(ctx, make_programme(ctx, "Course"), "Day one", sessions=0)
    ctx.close()
    code, _out, err = run(data_dir, capsys, "add-session", "--cohort", "Day one", "--at", "2027-01-05 10:00",
                          "--minutes", "5")
    assert code == 1 and "duration minutes must be from 10 minutes to 24 hours" in err
    with pytest.raises(SystemExit) as usage:
        run(data_dir, capsys, "add-session", "--cohort", "Day one", "--at", "tomorrow")
    assert usage.value.code == 2
    assert "is not a date and time like" in capsys.readouterr().err


def test_creating_a_cohort_with_a_missing_trainer_is_refused_by_the_service(ctx):
    from sdm_desktop.errors import UserError
    from training_helpers import make_programme
    programme = make_programme(ctx, "Course")
    with pytest.raises(UserError, match="not in the register"):
        training.create_cohort(ctx, training.CohortInput(programme_id=programme, name="Led", trainer_person_id=77))
    assert training.list_cohorts(ctx) == []


def test_completion_is_overridden_with_a_reason_and_handed_back_to_the_rule(data_dir, capsys, ctx):
    from helpers import make_person
    from sdm_desktop.services.training import enrolment
    from training_helpers import make_cohort, make_programme
    cohort = make_cohort(ctx, make_programme(ctx, "Course", sessions_required=2), "Day one", sessions=2)
    person = make_person(ctx, "Override")
    enrolment.enrol(ctx, cohort, person)
    ctx.close()
    words = ["override", "--cohort", "Day one", "--person", str(person)]
    code, _out, err = run(data_dir, capsys, *words, "--completed")
    assert (code, err) == (1, "sdm-desktop: error: Give a reason for overriding the completion rule.\n")
    code, out, _err = run(data_dir, capsys, *words, "--completed", "--reason", "Did the Leeds course")
    assert out == "Ada Override on Day one: now completed (override)\n"
    code, out, _err = run(data_dir, capsys, *words, "--follow-rule")
    assert code == 0 and "now did not attend (by the programme's rule)" in out     # sessions in the past, no ticks


def test_withdrawing_someone_already_withdrawn_says_so_instead_of_withdrew(data_dir, capsys, ctx):
    from datetime import datetime

    from sdm_desktop.services.training import enrolment
    from training_helpers import make_cohort, make_programme, people
    cohort = make_cohort(ctx, make_programme(ctx), "Spring", capacity=3, start=datetime(2099, 1, 5, 10))
    person = people(ctx, 1)[0]
    enrolment.enrol(ctx, cohort, person)
    ctx.close()
    words = ["withdraw", "--cohort", "Spring", "--person", str(person)]
    code, out, _err = run(data_dir, capsys, *words)
    assert (code, out) == (0, "Withdrew Test P000 from Spring\n")
    code, out, err = run(data_dir, capsys, *words)
    assert (code, out) == (1, "")
    assert err == "sdm-desktop: error: Test P000 has already withdrawn from Spring; nothing changed.\n"


def test_certificates_name_the_chosen_people_who_are_not_on_the_cohort(data_dir, capsys, ctx, tmp_path):
    from helpers import make_person
    from training_helpers import make_cohort, make_programme, train
    cohort = make_cohort(ctx, make_programme(ctx, sessions_required=1), "Autumn", sessions=1)
    done = make_person(ctx, "Done")
    train(ctx, cohort, done)
    elsewhere = make_person(ctx, "Elsewhere")
    ctx.close()
    code, out, err = run(data_dir, capsys, "certificates", "--cohort", "Autumn", "-o", str(tmp_path / "c"),
                         "--person", str(done), "--person", str(elsewhere), "--person", "99999")
    assert code == 0 and out.startswith("1 certificate written")
    assert "Left out Ada Elsewhere: not on this cohort" in err
    assert "Left out person 99999: not in the register" in err
    code, _out, err = run(data_dir, capsys, "certificates", "--cohort", "Autumn", "-o", str(tmp_path / "d"),
                          "--person", "99999")
    assert code == 1 and "None of the chosen people are on this cohort" in err


def test_enrolling_from_the_command_line_names_the_person_and_their_place(data_dir, capsys, ctx):
    from helpers import make_person
    from training_helpers import make_cohort, make_programme

    make_cohort(ctx, make_programme(ctx, "Course"), "Evening", capacity=1)
    first, second = make_person(ctx, "Hawthorn", "Priya"), make_person(ctx, "Juniper", "Tom")
    ctx.close()
    code, out, err = run(data_dir, capsys, "enrol", "--cohort", "Evening", "--person", str(first))
    assert code == 0, err
    assert out == f"Priya Hawthorn (person {first}) is on Evening: enrolled\n"
    code, out, _err = run(data_dir, capsys, "enrol", "--cohort", "Evening", "--person", str(second))
    assert out == f"Tom Juniper (person {second}) is on Evening: waiting list no. 1\n"


def test_a_note_date_without_a_note_is_refused_not_ignored(data_dir, capsys, ctx):
    from training_helpers import make_cohort, make_programme

    make_cohort(ctx, make_programme(ctx, "Course"), "Evening")
    ctx.close()
    code, _out, err = run(data_dir, capsys, "evaluation", "--cohort", "Evening", "--on", "2026-11-01")
    assert (code, err) == (1, "sdm-desktop: error: --on gives the date of a note: use it with --add-note LEVEL TEXT.\n")
