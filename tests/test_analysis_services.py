"""Assessments, rounds, the grid's quadrants and movement, coverage and gaps — without Qt."""

from __future__ import annotations

from datetime import date

import pytest

from helpers import make_org, make_person
from sdm_desktop.db.models import Activity, ActivityTarget, EngagementPlan, Interaction
from sdm_desktop.errors import UserError
from sdm_desktop.services.analysis import assessments as svc
from sdm_desktop.services.analysis.assessments import ORGANISATION, PERSON, AssessmentInput, Subject
from sdm_desktop.services.analysis.coverage import coverage_matrix, gap_list
from sdm_desktop.services.analysis.export import assessments_table
from sdm_desktop.services.analysis.grid import (
    GridFilter,
    GridPoint,
    compare_rounds,
    layout_cells,
    load_points,
    mendelow_quadrant,
)
from sdm_desktop.services.core.validation import ValidationError


def assess(ctx, subject, influence, interest, round_name=None, on=date(2026, 3, 1), **extra):
    return svc.create_assessment(ctx, AssessmentInput(subject, influence, interest, on, round_name, **extra))


def test_a_new_assessment_keeps_the_old_one_as_history(ctx):
    org = Subject(ORGANISATION, make_org(ctx, "Riverside PPG"))
    assess(ctx, org, 2, 3, on=date(2026, 1, 10), attitude="sceptical")
    assess(ctx, org, 4, 5, on=date(2026, 6, 1), attitude="supportive")
    history = svc.history(ctx, org)
    assert [(h.influence, h.interest, h.attitude) for h in history] == [(4, 5, "supportive"), (2, 3, "sceptical")]
    assert [p.influence for p in load_points(ctx)] == [4]


def test_bad_scores_and_choices_are_refused_naming_each_field(ctx):
    org = Subject(ORGANISATION, make_org(ctx))
    with pytest.raises(ValidationError) as caught:
        svc.create_assessment(ctx, AssessmentInput(org, influence=7, interest="lots", attitude="grumpy"))
    assert set(caught.value.errors) == {"influence", "interest", "attitude"}
    assert svc.history(ctx, org) == []


def test_a_future_or_implausibly_old_date_is_refused_so_it_cannot_hide_later_assessments(ctx):
    from datetime import timedelta
    org = Subject(ORGANISATION, make_org(ctx))
    assess(ctx, org, 2, 2)
    tomorrow = date.today() + timedelta(days=1)
    for bad, words in ((date(2062, 3, 1), "01 March 2062 is in the future"), (tomorrow, "in the future"),
                       (date(1, 1, 1), "0001-01-01 is before 01 January 2000")):
        with pytest.raises(ValidationError, match=words) as caught:
            assess(ctx, org, 1, 1, on=bad)
        assert set(caught.value.errors) == {"assessed_on"}
    assess(ctx, org, 5, 5, on=date.today())             # today is fine, and is now the latest
    assert [(h.influence, h.assessed_on) for h in svc.history(ctx, org)] == [(5, date.today()), (2, date(2026, 3, 1))]
    assert [p.cell for p in load_points(ctx)] == [(5, 5)]


def test_assessment_of_a_missing_stakeholder_is_refused(ctx):
    with pytest.raises(ValidationError, match="person 999 does not exist"):
        assess(ctx, Subject(PERSON, 999), 3, 3)


def test_unknown_round_is_a_user_error_and_nothing_is_stored(ctx):
    org = Subject(ORGANISATION, make_org(ctx))
    with pytest.raises(UserError, match="no analysis round called 'Spring'"):
        assess(ctx, org, 3, 3, round_name="Spring")
    assert svc.history(ctx, org) == []


def test_undo_removes_the_assessment_just_made(ctx):
    org = Subject(ORGANISATION, make_org(ctx))
    assess(ctx, org, 3, 3)
    ctx.undo.undo()
    assert svc.history(ctx, org) == []


def test_round_names_are_unique(ctx):
    svc.create_round(ctx, "Baseline", date(2026, 3, 1))
    with pytest.raises(ValidationError, match="already exists"):
        svc.create_round(ctx, "Baseline")


@pytest.mark.parametrize("influence, interest, quadrant", [
    (5, 5, "manage_closely"), (3, 3, "manage_closely"), (5, 1, "keep_satisfied"),
    (2, 5, "keep_informed"), (2, 2, "monitor"), (1, 3, "keep_informed"),
])
def test_mendelow_quadrants(influence, interest, quadrant):
    assert mendelow_quadrant(influence, interest) == quadrant


def test_comparing_two_rounds_lists_moved_new_and_dropped(ctx):
    svc.create_round(ctx, "Baseline")
    svc.create_round(ctx, "Review")
    a, b, c, d = (Subject(ORGANISATION, make_org(ctx, name)) for name in ("Alpha", "Beta", "Gamma", "Delta"))
    assess(ctx, a, 2, 2, "Baseline")
    assess(ctx, a, 4, 5, "Review", on=date(2026, 9, 1))       # moved
    assess(ctx, b, 3, 3, "Baseline")
    assess(ctx, b, 3, 3, "Review", on=date(2026, 9, 1))       # stayed
    assess(ctx, c, 1, 1, "Baseline")                          # dropped
    assess(ctx, d, 5, 1, "Review", on=date(2026, 9, 1))       # new
    result = compare_rounds(ctx, "Baseline", "Review")
    assert [(m.before.name, m.before.cell, m.after.cell) for m in result.moved] == [("Alpha", (2, 2), (5, 4))]
    assert "Monitor → Manage closely" in result.moved[0].description
    assert [p.name for p in result.new] == ["Delta"]
    assert [p.name for p in result.dropped] == ["Gamma"]
    assert result.unchanged == 1


def test_filters_by_type_tag_and_ppe_level(ctx):
    ppg = Subject(ORGANISATION, make_org(ctx, "Riverside PPG", ppe_service=True, tags=["north"]))
    trust = Subject(ORGANISATION, make_org(ctx, "City Trust", org_type="NHS trust", ppe_individual=True))
    person = Subject(PERSON, make_person(ctx, "Okafor", orgs=[(ppg.id, "chair")]))
    for subject in (ppg, trust, person):
        assess(ctx, subject, 3, 3)
    points = load_points(ctx)
    names = lambda flt: sorted(p.name for p in points if flt.matches(p))  # noqa: E731
    assert names(GridFilter(org_type="NHS trust")) == ["City Trust"]
    assert names(GridFilter(org_type="Person")) == ["Ada Okafor"]
    assert names(GridFilter(tag="north")) == ["Riverside PPG"]
    assert names(GridFilter(ppe_level="service")) == ["Ada Okafor", "Riverside PPG"]


def _point(n: int, influence=3, interest=3) -> GridPoint:
    return GridPoint(f"o:{n}", ORGANISATION, n, f"Group {n:03}", "Other", influence, interest, None, n,
                     date.today(), None)


def test_a_crowded_cell_shows_some_markers_and_a_cluster_with_the_rest():
    points = [_point(n) for n in range(30)] + [_point(99, 1, 1)]
    cells = layout_cells(points, capacity=10, priority={"o:29"})
    assert len(cells[(3, 3)].shown) == 9 and len(cells[(3, 3)].clustered) == 21
    assert cells[(3, 3)].shown[0].key == "o:29"
    assert [p.key for p in cells[(1, 1)].shown] == ["o:99"] and cells[(1, 1)].clustered == []


def _activity(session, plan, level, on, status="done", **target):
    act = Activity(plan_id=plan.id, title=f"{level} work", ppe_level=level, planned_date=on, status=status)
    session.add(act)
    session.flush()
    session.add(ActivityTarget(activity_id=act.id, **target))
    return act


def test_coverage_counts_groups_that_can_contribute_and_those_engaged(ctx):
    ppg1 = make_org(ctx, "PPG One", ppe_individual=True, ppe_service=True)
    ppg2 = make_org(ctx, "PPG Two", ppe_individual=True)
    ppg3 = make_org(ctx, "PPG Three", ppe_individual=True, ppe_community=True)
    carers = make_org(ctx, "Carers", org_type="Carers' group", ppe_service=True)
    make_org(ctx, "Closed PPG", ppe_individual=True, active=False)
    member = make_person(ctx, "Member", orgs=[(ppg2, "member")])
    with ctx.session() as s:
        plan = EngagementPlan(title="Plan")
        s.add(plan)
        s.flush()
        _activity(s, plan, "individual", date(2026, 2, 1), organisation_id=ppg1)
        _activity(s, plan, "individual", date(2026, 2, 1), person_id=member)          # via membership
        _activity(s, plan, "service", date(2026, 2, 1), status="cancelled", organisation_id=carers)
        _activity(s, plan, "service", date(2024, 2, 1), organisation_id=carers)        # before the period
        _activity(s, plan, "service", date(2026, 12, 1), status="planned", organisation_id=ppg1)  # not yet
        linked = _activity(s, plan, "community", date(2025, 1, 1), organisation_id=ppg3)
        s.add(Interaction(occurred_on=date(2026, 3, 3), organisation_id=ppg3, activity_id=linked.id))
        s.add(Interaction(occurred_on=date(2026, 3, 4), organisation_id=carers))     # no activity: its levels
    m = coverage_matrix(ctx, date(2026, 1, 1), date(2026, 12, 31), today=date(2026, 6, 30))
    ppg = "Patient Participation Group (PPG)"
    assert (m.cell(ppg, "individual").can_contribute, m.cell(ppg, "individual").engaged) == (3, 2)
    assert (m.cell(ppg, "service").can_contribute, m.cell(ppg, "service").engaged) == (1, 0)
    assert (m.cell(ppg, "community").can_contribute, m.cell(ppg, "community").engaged) == (1, 1)
    assert (m.cell("Carers' group", "service").can_contribute, m.cell("Carers' group", "service").engaged) == (1, 1)
    assert not m.cell(ppg, "individual").weak
    assert m.cell(ppg, "service").weak and not m.cell(ppg, "service").empty
    assert m.cell("Healthwatch", "service").empty and m.cell("Healthwatch", "service").weak
    assert m.totals("individual").text == "2 of 3"


def test_period_ending_before_it_starts_is_refused(ctx):
    with pytest.raises(UserError, match="starts"):
        coverage_matrix(ctx, date(2026, 5, 1), date(2026, 1, 1))


def test_gap_list_is_sorted_by_gap_then_influence(ctx):
    small = Subject(ORGANISATION, make_org(ctx, "Small gap, big voice"))
    big = Subject(ORGANISATION, make_org(ctx, "Big gap"))
    tie = Subject(ORGANISATION, make_org(ctx, "Big gap, bigger voice"))
    none = Subject(ORGANISATION, make_org(ctx, "On target"))
    assess(ctx, small, 5, 3, involvement_current="consult", involvement_target="involve")
    assess(ctx, big, 2, 3, involvement_current="inform", involvement_target="collaborate",
           commitment_current="resistant", commitment_target="neutral")
    assess(ctx, tie, 4, 3, involvement_current="inform", involvement_target="empower",
           commitment_current="supportive", commitment_target="supportive")
    assess(ctx, none, 5, 5, involvement_current="empower", involvement_target="involve")
    gaps = gap_list(ctx)
    assert [(g.point.name, g.size) for g in gaps] == [
        ("Big gap, bigger voice", 4), ("Big gap", 4), ("Small gap, big voice", 1)]
    assert (gaps[1].involvement_gap, gaps[1].commitment_gap) == (3, 1)


def test_reassessing_a_position_carries_over_the_other_fields(ctx):
    org = Subject(ORGANISATION, make_org(ctx, "Riverside PPG"))
    assess(ctx, org, 2, 2, attitude="champion", involvement_current="consult", involvement_target="involve")
    svc.reassess_position(ctx, org, influence=4, interest=5, on=date(2026, 7, 1))
    latest = svc.history(ctx, org)[0]
    assert (latest.influence, latest.interest, latest.attitude, latest.involvement_target) == (
        4, 5, "champion", "involve")
    assert "was influence 2, interest 2" in latest.rationale
    assert ctx.undo.next_label == "reassess Riverside PPG"


def test_assessments_export_table_has_one_row_per_assessment(ctx):
    org = Subject(ORGANISATION, make_org(ctx, "=cmd|' /C calc'!A0"))
    assess(ctx, org, 2, 2)
    assess(ctx, org, 4, 4, on=date(2026, 4, 1))
    table, _withheld = assessments_table(ctx)
    rows = list(table.rows)
    assert [r[6:9] for r in rows] == [[2, 2, "Monitor"], [4, 4, "Manage closely"]]


def test_a_renamed_type_keeps_its_shape_and_an_added_type_gets_a_real_one(ctx):
    from sdm_desktop.services.analysis.grid_shapes import legend_entries, type_shapes
    from sdm_desktop.services.register import organisation_types
    before = type_shapes(ctx)
    assert (before["GP practice"], before["Healthwatch"], before["Person"]) == ("square", "star", "person")
    organisation_types.rename_type(ctx, "GP practice", "GP surgery")
    organisation_types.rename_type(ctx, "Healthwatch", "Healthwatch Wessex")
    organisation_types.add_type(ctx, "Faith group")
    shapes = type_shapes(ctx)
    assert (shapes["GP surgery"], shapes["Healthwatch Wessex"]) == ("square", "star")
    assert shapes["Faith group"] in ("circle", "triangle", "star", "square", "hexagon", "plus", "diamond")
    assert "GP practice" not in shapes
    legend = dict(legend_entries(shapes))
    assert "GP surgery" in legend["square"] and "NHS trust" in legend["square"]
    assert legend["star"] == "Healthwatch Wessex"
    assert "Faith group" in legend[shapes["Faith group"]]
    assert legend["person"] == "People"


def test_shapes_stay_with_the_type_when_the_list_is_reordered(ctx):
    from sdm_desktop.services.analysis.grid_shapes import type_shapes
    from sdm_desktop.services.register import organisation_types
    organisation_types.rename_type(ctx, "NHS trust", "Acute trust")
    organisation_types.move_type(ctx, "Acute trust", -1)
    organisation_types.move_type(ctx, "Acute trust", -1)
    assert type_shapes(ctx)["Acute trust"] == "square"


def test_coverage_never_reads_more_engaged_than_can_contribute(ctx):
    marked = make_org(ctx, "Marked PPG", ppe_community=True)
    unmarked = make_org(ctx, "Unmarked PPG", ppe_individual=True)
    with ctx.session() as s:
        plan = EngagementPlan(title="Plan")
        s.add(plan)
        s.flush()
        _activity(s, plan, "community", date(2026, 2, 1), organisation_id=marked)
        _activity(s, plan, "community", date(2026, 2, 2), organisation_id=unmarked)
        _activity(s, plan, "service", date(2026, 2, 3), organisation_id=unmarked)
    m = coverage_matrix(ctx, date(2026, 1, 1), date(2026, 12, 31), today=date(2026, 6, 30))
    ppg = "Patient Participation Group (PPG)"
    community, service = m.cell(ppg, "community"), m.cell(ppg, "service")
    assert (community.can_contribute, community.engaged, community.engaged_other) == (1, 1, 1)
    assert community.text == "1 of 1 +1 other" and not community.weak
    assert (service.can_contribute, service.engaged, service.engaged_other) == (0, 0, 1)
    assert service.text == "none can contribute (1 engaged)" and service.weak
    assert m.totals("community").text == "1 of 1 +1 other"


def test_reassessing_in_an_earlier_round_starts_from_that_rounds_assessment_not_a_later_one(ctx):
    svc.create_round(ctx, "Baseline", date(2026, 3, 1))
    svc.create_round(ctx, "Review", date(2026, 9, 1))
    org = Subject(ORGANISATION, make_org(ctx, "Riverside PPG"))
    assess(ctx, org, 2, 2, "Baseline", on=date(2026, 3, 1), attitude="sceptical", rationale="At baseline.")
    assess(ctx, org, 5, 5, "Review", on=date(2026, 9, 1), attitude="champion", rationale="At review.")
    # the Baseline grid shows the marker at (2, 2), sceptical; dragging it there moves *that* marker
    svc.reassess_position(ctx, org, influence=3, interest=2, round_name="Baseline")
    [point] = load_points(ctx, "Baseline")
    assert (point.influence, point.interest, point.attitude) == (3, 2, "sceptical")
    assert point.rationale.startswith("Moved on the grid (was influence 2, interest 2). Before: At baseline.")
    [later] = load_points(ctx, "Review")
    assert (later.influence, later.interest, later.attitude) == (5, 5, "champion")
