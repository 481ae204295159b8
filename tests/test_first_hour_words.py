"""Small things a new user trips over (issue 16, defect 8): "1 people shown", enrolling on a cohort that
ended months ago without a word, and sample "SDM skills for clinicians" cohorts with no clinicians."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from helpers import make_org, make_person
from sdm_desktop.cli import main
from sdm_desktop.services.core.text import counted
from sdm_desktop.services.engagement import plans as eng
from sdm_desktop.services.training import cohorts as training
from sdm_desktop.services.training import enrolment
from sdm_desktop.services.training.cohorts import ended_warning
from training_helpers import make_cohort, make_programme


@pytest.mark.parametrize("n, text", [(0, "0 people"), (1, "1 person"), (2, "2 people"), (12345, "12,345 people")])
def test_counted_says_one_person_and_two_people(n, text):
    assert counted(n, "person", "people") == text


def test_counted_adds_an_s_when_no_plural_is_given():
    assert (counted(1, "plan"), counted(3, "plan")) == ("1 plan", "3 plans")


def test_one_of_each_is_shown_in_the_singular(window, ctx, qtbot):
    org = make_org(ctx, "Riverside PPG")
    make_person(ctx, "Sample", orgs=[(org, "member")])
    eng.create_plan(ctx, eng.PlanInput(title="Listening", ppe_service=True))
    view = window.show_view("stakeholders")
    qtbot.waitUntil(lambda: "shown" in view.status.text())
    assert view.status.text().startswith("1 organisation or group shown")
    view.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: "person" in view.status.text())
    assert view.status.text().startswith("1 person shown")
    plans = window.show_view("engagement")
    qtbot.waitUntil(lambda: "shown" in plans.status.text())
    assert plans.status.text() == "1 plan shown"


def _ended_cohort(ctx):
    programme = make_programme(ctx)
    cohort = make_cohort(ctx, programme, "Spring 2025", sessions=2, start=datetime(2025, 3, 3, 10))
    return cohort, make_person(ctx, "Late")


def test_enrolling_on_a_cohort_that_ended_months_ago_warns(ctx):
    cohort, _person = _ended_cohort(ctx)
    warning = ended_warning(training.get_cohort(ctx, cohort), date(2026, 12, 7))
    assert "Spring 2025 ended on 10 March 2025" in warning and "21 months ago" in warning
    programme = make_programme(ctx, name="Later")
    upcoming = make_cohort(ctx, programme, "Spring 2027", start=datetime(2027, 3, 1, 10))
    assert ended_warning(training.get_cohort(ctx, upcoming), date(2026, 12, 7)) is None


def test_the_view_asks_before_enrolling_on_an_ended_cohort_and_no_enrols_no_one(window, ctx, answer_prompts,
                                                                                 monkeypatch):
    from sdm_desktop.ui.training.dialogs import EnrolDialog
    asked = answer_prompts(False)
    cohort, person = _ended_cohort(ctx)
    monkeypatch.setattr(EnrolDialog, "ask", staticmethod(lambda _c, _p, exclude: ([person], False)))
    view = window.show_view("training")
    view.programme.setCurrentIndex(view.programme.findData(training.get_cohort(ctx, cohort).programme_id))
    view.tabs.setCurrentIndex(1)
    view.participants.cohort_id = cohort
    view.participants.enrol_people()
    assert any("ended on 10 March 2025" in q for q in asked)
    assert enrolment.list_enrolments(ctx, cohort) == []


def test_the_command_line_enrols_on_an_ended_cohort_with_a_warning(data_dir, ctx, capsys):
    from sdm_desktop.services.opening import open_context
    cohort, person = _ended_cohort(ctx)
    ctx.close()
    assert main(["--data-dir", str(data_dir), "training", "enrol", "--cohort", "Spring 2025",
                 "--person", str(person)]) == 0
    err = capsys.readouterr().err
    assert "Warning: Spring 2025 ended on 10 March 2025" in err
    again = open_context(data_dir)
    assert len(enrolment.list_enrolments(again, cohort)) == 1
    again.close()


def test_the_sample_clinician_cohorts_hold_clinicians(demo_ctx):
    skills = [c for c in training.list_cohorts(demo_ctx) if c.name.startswith("SDM skills for clinicians")]
    assert len(skills) == 3
    for cohort in skills:
        types = {r.participant_type for r in enrolment.list_enrolments(demo_ctx, cohort.id)}
        assert types == {"clinician"}, cohort.name
