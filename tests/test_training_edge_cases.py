"""Training as a user tries to break it: names, dates, re-enrolment, future ticks, the waiting list."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from sdm_desktop.cli import main
from sdm_desktop.errors import UserError
from sdm_desktop.services import training, training_enrolment as enrolment, training_sessions
from sdm_desktop.services.validation import ValidationError
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
    assert (code, err) == (1, "sdm-desktop: error: That cohort or person no longer exists.\n")   # not "2 cohorts"


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
