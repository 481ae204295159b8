"""Home's figures (services/reporting/dashboard) against a hand-made programme, the periods and the charts."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from home_helpers import CARERS, PPG, build_programme, month_start
from sdm_desktop.db.models import Assessment, Cohort, Interaction, TrainingSession
from sdm_desktop.errors import UserError
from sdm_desktop.services.reporting import dashboard_charts as charts
from sdm_desktop.services.reporting.dashboard import NO_LEVEL, dashboard, since_last_opened
from sdm_desktop.services.reporting.periods import Period, custom, last_12_months, slots, this_quarter


def test_every_figure_counts_the_hand_made_records(ctx):
    today = date.today()
    build_programme(ctx, today)
    d = dashboard(ctx, last_12_months(today), today)
    assert (d.register["organisations"], d.register["people"], d.register["patient_reps"]) == (3, 3, 1)
    by_type = dict(d.by_type)
    assert (by_type[PPG], by_type[CARERS]) == (2, 1)            # the archived group is not counted
    assert dict(d.by_level) == {"individual": 1, "service": 2, "community": 1}
    assert len(d.slots) == 12 and d.slots[-1].first == month_start(today)
    assert d.activities == {(11, "individual"): 1, (11, "service"): 2, (10, "community"): 1, (10, NO_LEVEL): 1}
    assert (d.overdue, d.due_this_week) == (2, 1)
    assert dict(d.quadrants) == {"manage_closely": 2, "keep_satisfied": 0, "keep_informed": 1, "monitor": 0}
    assert (d.latest_round, d.previous_round, d.moved) == ("Round two", "Round one", 3)
    assert d.trained == {(11, False): 1, (11, True): 1}
    assert (d.trained_in_period, d.trained_by_cascade, d.trained_ever) == (2, 1, 2)
    assert (d.letters, d.retention_due, d.responses) == (1, 1, 3)
    assert d.themes == [("Waiting times", 3), ("Parking", 1)]     # answers, each counted once however many coders


def test_a_period_counts_only_its_own_days(ctx):
    today = date.today()
    build_programme(ctx, today)
    first = month_start(today, 1)
    d = dashboard(ctx, custom(first, first + timedelta(days=27)), today)
    assert d.activities == {(0, "community"): 1, (0, NO_LEVEL): 1}
    assert (d.letters, d.responses, d.trained_in_period, d.themes) == (0, 0, 0, [])
    assert d.trained_ever == 2 and d.overdue == 2                 # not of the period: as of today


def test_the_charts_have_a_bar_for_each_key_and_say_their_figures_in_words(ctx):
    today = date.today()
    build_programme(ctx, today)
    d = dashboard(ctx, last_12_months(today), today)
    activity = charts.activities_by_month(d)
    assert activity.series == ("Individual care", "Service design and evaluation",
                               "Community prioritisation and planning", "Level not set")
    assert activity.bars[11].value == 3 and activity.bars[11].parts == (1, 2, 0, 0)
    assert activity.bars[10].parts == (0, 0, 1, 1)
    assert "(individual care 1, service design and evaluation 2)" in activity.description()
    assert [b.value for b in charts.quadrants(d).bars] == [2, 0, 1, 0]
    assert charts.training_reach(d).bars[11].parts == (1, 1)
    assert [b.label for b in charts.consultation_themes(d).bars] == ["Waiting times", "Parking"]


def test_what_changed_since_the_app_was_last_opened(ctx):
    build_programme(ctx, date.today())
    at = datetime.utcnow() - timedelta(hours=1)
    before = since_last_opened(ctx, at)
    assert (before.new_interactions, before.new_assessments, before.sessions_held) == (0, 0, 0)
    now = datetime.now()
    with ctx.session() as s:
        cohort_id = s.query(Cohort.id).scalar()
        s.add(Interaction(occurred_on=date.today(), summary="new"))
        s.add(Assessment(organisation_id=None, person_id=1, influence=3, interest=3, assessed_on=date.today()))
        s.add_all([TrainingSession(cohort_id=cohort_id, starts_at=now - timedelta(minutes=10)),
                   TrainingSession(cohort_id=cohort_id, starts_at=now - timedelta(days=2)),
                   TrainingSession(cohort_id=cohort_id, starts_at=now + timedelta(days=2))])
    after = since_last_opened(ctx, at)
    assert (after.new_interactions, after.new_assessments, after.sessions_held) == (1, 1, 1)


def test_periods_and_their_bars():
    assert this_quarter(date(2026, 5, 14)) == Period(date(2026, 4, 1), date(2026, 6, 30))
    assert last_12_months(date(2026, 5, 14)) == Period(date(2025, 6, 1), date(2026, 5, 31))
    months = slots(last_12_months(date(2026, 5, 14)))
    assert [s.label for s in months[:2]] == ["Jun 25", "Jul 25"] and months[-1].last == date(2026, 5, 31)
    cut = slots(Period(date(2026, 1, 15), date(2026, 2, 10)))
    assert [(s.first, s.last, s.label) for s in cut] == [(date(2026, 1, 15), date(2026, 1, 31), "Jan"),
                                                         (date(2026, 2, 1), date(2026, 2, 10), "Feb")]
    years = slots(Period(date(2020, 3, 1), date(2026, 5, 31)))
    assert [s.label for s in years] == [str(y) for y in range(2020, 2027)] and years[0].first == date(2020, 3, 1)
    with pytest.raises(UserError):
        custom(date(2026, 2, 1), date(2026, 1, 1))


def test_the_grids_counts_in_sql_agree_with_the_grid_itself(ctx):
    """Random assessments over two rounds, some stakeholders archived, some assessed twice in a round."""
    import random

    from sqlalchemy import update

    from helpers import make_org, make_person
    from sdm_desktop.db.models import AnalysisRound, Organisation, Person
    from sdm_desktop.services.analysis.grid import GridFilter, apply_filter, compare_points, load_points
    from sdm_desktop.services.analysis.grid_counts import moved_between, quadrant_counts

    rng = random.Random(3)
    orgs = [make_org(ctx, f"Group {n}") for n in range(12)]
    people = [make_person(ctx, f"Person{n}") for n in range(12)]
    with ctx.session() as s:
        rounds = [AnalysisRound(name="A", held_on=date(2026, 1, 1)), AnalysisRound(name="B", held_on=date(2026, 6, 1))]
        s.add_all(rounds)
        s.flush()
        for round_ in rounds:
            for kind, ids in (("organisation_id", orgs), ("person_id", people)):
                for subject in rng.sample(ids, 9):
                    for _ in range(rng.choice((1, 1, 2))):
                        s.add(Assessment(**{kind: subject}, round_id=round_.id, influence=rng.randint(1, 5),
                                         interest=rng.randint(1, 5),
                                         assessed_on=round_.held_on + timedelta(days=rng.randint(0, 9))))
        s.execute(update(Organisation).where(Organisation.id.in_(orgs[:3])).values(archived_at=datetime.now()))
        s.execute(update(Person).where(Person.id.in_(people[:3])).values(archived_at=datetime.now()))
        ids = [r.id for r in rounds]
    every = GridFilter()
    points = apply_filter(load_points(ctx), every)
    expected = compare_points(apply_filter(load_points(ctx, "A"), every), apply_filter(load_points(ctx, "B"), every))
    with ctx.session() as s:
        assert dict(quadrant_counts(s)) == {code: sum(p.quadrant == code for p in points)
                                            for code in ("manage_closely", "keep_satisfied", "keep_informed",
                                                         "monitor")}
        assert moved_between(s, ids[0], ids[1]) == len(expected.moved) > 0


def test_report_home_writes_every_figure_from_the_command_line(ctx, tmp_path):
    import csv

    from sdm_desktop.cli import main

    today = date.today()
    build_programme(ctx, today)
    period = last_12_months(today)
    target = tmp_path / "home.csv"
    assert main(["--data-dir", str(ctx.data_dir), "report", "home", "--from", str(period.first), "--to",
                 str(period.last), "-o", str(target)]) == 0
    rows = list(csv.reader(target.open(encoding="utf-8-sig")))
    values = {(section, figure): value for section, figure, value in rows[1:]}
    assert rows[0] == ["Section", "Figure", "Value"]
    assert values[("Follow-up actions", "Overdue")] == "2"
    assert values[("Analysis grid", "Moved on the grid from Round one to Round two")] == "3"
    this_month = month_start(today)
    month = next(f for s, f in values if s == "Engagement activities" and f"({this_month} to" in f
                 and f.endswith("Service design and evaluation"))
    assert values[("Engagement activities", month)] == "2"
    assert values[("Consultation themes", "Waiting times")] == "3"
    assert main(["--data-dir", str(ctx.data_dir), "report", "home", "--from", "2026-02-01", "--to", "2026-01-01",
                 "-o", str(target)]) == 1                        # one clear message, nothing written over


@pytest.mark.slow
def test_the_same_figures_on_postgresql(pg_url, tmp_path):
    """The aggregate queries and the migration's indexes on a team database give the hand-made figures too."""
    from sdm_desktop.services.opening import open_context

    pg = open_context(tmp_path / "pg-data", pg_url)
    try:
        today = date.today()
        build_programme(pg, today)
        d = dashboard(pg, last_12_months(today), today)
        assert (d.register["organisations"], d.register["people"], d.register["patient_reps"]) == (3, 3, 1)
        assert dict(d.by_level) == {"individual": 1, "service": 2, "community": 1}
        assert d.activities == {(11, "individual"): 1, (11, "service"): 2, (10, "community"): 1, (10, NO_LEVEL): 1}
        assert dict(d.quadrants) == {"manage_closely": 2, "keep_satisfied": 0, "keep_informed": 1, "monitor": 0}
        assert (d.moved, d.trained_in_period, d.trained_by_cascade, d.letters, d.retention_due) == (3, 2, 1, 1, 1)
        assert (d.responses, d.themes) == (3, [("Waiting times", 3), ("Parking", 1)])
    finally:
        pg.close()
