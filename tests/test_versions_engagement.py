"""No lost updates in engagement (issue 14): plans, activities, interactions and their follow-up actions."""

from __future__ import annotations

from datetime import date

import pytest

from helpers import make_org, make_person
from sdm_desktop.services.core.versions import RecordChanged
from sdm_desktop.services.engagement import activities as act
from sdm_desktop.services.engagement import interactions as inter
from sdm_desktop.services.engagement import plans as eng
from sdm_desktop.ui.engagement.activity_dialog import ActivityDialog
from sdm_desktop.ui.engagement.plan_dialog import PlanDialog
from versions_helpers import answer_merge, colleague_sets, version_in


def _plan(ctx, title="Listening events") -> int:
    return eng.create_plan(ctx, eng.PlanInput(title=title, owner="Sam", ppe_service=True))


def _activity(ctx, plan_id, title="Drop-in", **values) -> int:
    return act.create_activity(ctx, plan_id, act.ActivityInput(title=title, ppe_level="service", **values))


def _interaction(ctx, org_id, **values) -> int:
    return inter.create_interaction(ctx, inter.InteractionInput(
        occurred_on=date(2026, 3, 2), summary="Called the chair", organisation_id=org_id, **values))


def test_a_stale_plan_save_is_refused_and_nothing_is_lost(ctx):
    plan_id = _plan(ctx)
    opened = version_in(ctx, "engagement_plan", plan_id)
    mine = eng.get_plan(ctx, plan_id)
    colleague_sets(ctx, "engagement_plan", plan_id, owner="Priya")
    mine.title = "Listening events 2026"
    with pytest.raises(RecordChanged, match="Listening events .engagement plan .* by colleague"):
        eng.update_plan(ctx, plan_id, mine, expected_version=opened)
    stored = eng.get_plan(ctx, plan_id)
    assert (stored.title, stored.owner) == ("Listening events", "Priya")
    # From the version it has now, the same save goes through
    eng.update_plan(ctx, plan_id, mine, expected_version=version_in(ctx, "engagement_plan", plan_id))
    assert eng.get_plan(ctx, plan_id).title == "Listening events 2026"


def test_a_stale_interaction_save_and_an_edit_of_a_deleted_activity_are_refused(ctx):
    org_id = make_org(ctx)
    row_id = _interaction(ctx, org_id)
    opened = version_in(ctx, "interaction", row_id)
    mine = inter.get_interaction(ctx, row_id)
    colleague_sets(ctx, "interaction", row_id, outcome="They will reply")
    mine.summary = "Called the chair about the survey"
    with pytest.raises(RecordChanged, match="was changed"):
        inter.update_interaction(ctx, row_id, mine, expected_version=opened)
    assert inter.get_interaction(ctx, row_id).outcome == "They will reply"

    activity_id = _activity(ctx, _plan(ctx))
    opened = version_in(ctx, "activity", activity_id)
    data = act.get_activity(ctx, activity_id)
    act.delete_activities(ctx, [activity_id])
    with pytest.raises(RecordChanged) as refused:
        act.update_activity(ctx, activity_id, data, expected_version=opened)
    assert refused.value.deleted


def test_deleting_a_changed_plan_activity_or_interaction_is_refused(ctx):
    plan_id = _plan(ctx)
    activity_id = _activity(ctx, plan_id)
    row_id = _interaction(ctx, make_org(ctx))
    for table, row, delete in (("engagement_plan", plan_id, eng.delete_plans),
                               ("activity", activity_id, act.delete_activities),
                               ("interaction", row_id, inter.delete_interactions)):
        seen = version_in(ctx, table, row)
        colleague_sets(ctx, table, row, **({"summary": "Theirs"} if table == "interaction" else {"title": "Theirs"}))
        with pytest.raises(RecordChanged, match="Not deleted"):
            delete(ctx, [row], expected={row: seen})
        assert version_in(ctx, table, row) == seen + 1          # still there, with the colleague's change
    listed = {p.id: p.row_version for p in eng.list_plans(ctx)}
    eng.delete_plans(ctx, [plan_id], expected={plan_id: listed[plan_id]})      # as listed now: deleted
    assert plan_id not in {p.id for p in eng.list_plans(ctx)}


def test_undo_is_refused_after_a_colleagues_change_but_goes_through_its_own(ctx):
    plan_id = _plan(ctx)
    activity_id = _activity(ctx, plan_id)
    data = act.get_activity(ctx, activity_id)
    data.owner = "Jo"
    act.update_activity(ctx, activity_id, data)
    data.notes = "Bring leaflets"
    act.update_activity(ctx, activity_id, data)
    ctx.undo.undo()
    ctx.undo.undo()                                   # through this app's own later step: allowed
    assert act.get_activity(ctx, activity_id).owner is None

    row_id = _interaction(ctx, make_org(ctx), action="Send minutes", due_on=date(2026, 3, 9))
    assert inter.set_done(ctx, [row_id]) == 1
    colleague_sets(ctx, "interaction", row_id, outcome="Minutes sent by post")
    with pytest.raises(RecordChanged, match="Not undone"):
        ctx.undo.undo()
    stored = inter.get_interaction(ctx, row_id)
    assert stored.done and stored.outcome == "Minutes sent by post"


def test_a_change_only_the_targets_show_bumps_the_activity_and_derived_writes_do_not(ctx):
    org_id = make_org(ctx, "Riverside PPG")
    person_id = make_person(ctx)
    plan_id = _plan(ctx)
    activity_id = _activity(ctx, plan_id)
    before = version_in(ctx, "activity", activity_id)
    data = act.get_activity(ctx, activity_id)
    data.targets = [act.TargetRef("organisation", org_id)]
    act.update_activity(ctx, activity_id, data)
    assert version_in(ctx, "activity", activity_id) == before + 1
    # A colleague's form opened before the targets changed is refused rather than dropping them
    stale = act.get_activity(ctx, activity_id)
    stale.targets = []
    with pytest.raises(RecordChanged):
        act.update_activity(ctx, activity_id, stale, expected_version=before)

    # Deleting the plan keeps the contact with the person, unlinked from the activity: the app's own write,
    # which leaves that interaction's version alone.
    kept = inter.create_interaction(ctx, inter.InteractionInput(
        occurred_on=date(2026, 3, 2), summary="Met", person_id=person_id, activity_id=activity_id))
    version = version_in(ctx, "interaction", kept)
    eng.delete_plans(ctx, [plan_id])
    assert inter.get_interaction(ctx, kept).activity_id is None
    assert version_in(ctx, "interaction", kept) == version


def test_the_plan_dialog_merges_a_colleagues_change(window, ctx, qtbot):
    plan_id = _plan(ctx)
    dialog = PlanDialog(window.env, plan_id)
    qtbot.addWidget(dialog)
    colleague_sets(ctx, "engagement_plan", plan_id, owner="Priya")
    dialog.f.widgets["title"].setText("Listening events 2026")
    seen: list[str] = []
    answer_merge("&Merge and save", seen)
    assert dialog.save()
    assert set(seen) == {"owner", "title"}
    stored = eng.get_plan(ctx, plan_id)
    assert (stored.title, stored.owner) == ("Listening events 2026", "Priya")


def test_the_activity_dialog_keeps_the_users_values_on_go_back_and_then_keeps_yours(window, ctx, qtbot):
    activity_id = _activity(ctx, _plan(ctx), budget_pence=15000)
    dialog = ActivityDialog(window.env, act.activity_plan_id(ctx, activity_id), activity_id)
    qtbot.addWidget(dialog)
    colleague_sets(ctx, "activity", activity_id, budget_pence=20000)
    dialog.f.widgets["budget_pence"].setText("175.00")
    answer_merge("Go back")
    assert not dialog.save()
    assert dialog.f.widgets["budget_pence"].text() == "175.00"          # nothing the user typed is lost
    assert act.get_activity(ctx, activity_id).budget_pence == 20000
    answer_merge("Keep &yours")
    assert dialog.save()
    assert act.get_activity(ctx, activity_id).budget_pence == 17500


def test_deleting_from_a_timeline_an_interaction_a_colleague_changed_is_refused(window, ctx, qtbot, answer_prompts):
    person = make_person(ctx, "Okafor", "Amina")
    row_id = inter.create_interaction(ctx, inter.InteractionInput(
        occurred_on=date(2026, 3, 2), summary="Phoned about parking", person_id=person))
    view = window.show_view("stakeholders")
    view.tabs.setCurrentIndex(1)
    view.person_table.selectRow(0)
    timeline = view.timeline
    timeline.table.selectRow(0)
    colleague_sets(ctx, "interaction", row_id, outcome="Parking permit sent")
    asked = answer_prompts(True)
    timeline.delete_selected()
    assert any("was changed by colleague" in q for q in asked)
    assert inter.get_interaction(ctx, row_id).outcome == "Parking permit sent"
