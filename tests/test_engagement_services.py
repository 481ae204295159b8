"""Engagement services on hand-made data: plans, activities, interactions, follow-ups, overdue, money."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from helpers import make_org, make_person
from sdm_desktop.services.core.validation import ValidationError
from sdm_desktop.services.engagement import activities as act
from sdm_desktop.services.engagement import interactions as inter
from sdm_desktop.services.engagement import plans as eng
from sdm_desktop.services.engagement.followups import FollowUpFilter, follow_up_bucket, follow_up_counts, follow_ups
from sdm_desktop.services.register.timeline import stakeholder_timeline

TODAY = date(2026, 3, 10)   # a Tuesday
EARLIER = TODAY - timedelta(days=30)   # when the follow-ups below were logged (a due date is never before that)


def make_plan(ctx, title="Diabetes SDM", **fields) -> int:
    fields.setdefault("ppe_individual", True)
    return eng.create_plan(ctx, eng.PlanInput(title=title, **fields))


def make_activity(ctx, plan_id, title="Workshop", **fields) -> int:
    fields.setdefault("ppe_level", "individual")
    return act.create_activity(ctx, plan_id, act.ActivityInput(title=title, **fields))


def log(ctx, **fields) -> int:
    fields.setdefault("occurred_on", TODAY)
    fields.setdefault("summary", "Talked")
    return inter.create_interaction(ctx, inter.InteractionInput(**fields))


@pytest.mark.parametrize("text, pence", [("", 0), ("150", 15000), ("£1,234.5", 123450), ("0.07", 7),
                                         (" £ 12.30 ", 1230), ("10000000", 1_000_000_000)])
def test_pounds_are_read_into_pence(text, pence):
    assert eng.parse_pounds(text) == pence


@pytest.mark.parametrize("text", ["abc", "1.234", "-5", "12,34", "10000000.01", "1e5"])
def test_bad_amounts_are_refused(text):
    with pytest.raises(ValueError):
        eng.parse_pounds(text)


def test_pence_are_shown_as_pounds():
    assert eng.format_pence(123450) == "£1,234.50"
    assert eng.format_pence(7) == "£0.07"
    assert eng.format_pence(-250) == "-£2.50"


def test_a_plan_needs_a_title_a_level_and_an_end_after_its_start(ctx):
    with pytest.raises(ValidationError) as err:
        eng.create_plan(ctx, eng.PlanInput(title=" ", start_date=date(2026, 5, 1), end_date=date(2026, 4, 1)))
    assert set(err.value.errors) == {"title", "end_date", "ppe_individual"}
    assert eng.list_plans(ctx) == []


@pytest.mark.parametrize("status, planned, end, overdue", [
    ("planned", TODAY - timedelta(days=1), None, True),
    ("planned", TODAY, None, False),                        # due today is not overdue
    ("in_progress", TODAY - timedelta(days=3), TODAY, False),   # still running until today
    ("in_progress", TODAY - timedelta(days=3), TODAY - timedelta(days=1), True),
    ("done", TODAY - timedelta(days=30), None, False),
    ("cancelled", TODAY - timedelta(days=30), None, False),
    ("planned", None, None, False),
])
def test_activity_overdue_at_date_boundaries(ctx, status, planned, end, overdue):
    plan_id = make_plan(ctx)
    make_activity(ctx, plan_id, status=status, planned_date=planned, end_date=end)
    [row] = act.list_activities(ctx, act.ActivityFilter(plan_id=plan_id), today=TODAY)
    assert row.overdue is overdue
    assert eng.activity_is_overdue(status, planned, end, TODAY) is overdue
    only_overdue = act.list_activities(ctx, act.ActivityFilter(overdue_only=True), today=TODAY)
    assert len(only_overdue) == int(overdue)


@pytest.mark.parametrize("due, bucket", [
    (TODAY - timedelta(days=1), "overdue"), (TODAY, "this_week"), (TODAY + timedelta(days=6), "this_week"),
    (TODAY + timedelta(days=7), "later"),
])
def test_follow_up_buckets_at_date_boundaries(ctx, due, bucket):
    org = make_org(ctx)
    log(ctx, organisation_id=org, action="Send slides", due_on=due, occurred_on=EARLIER)
    assert follow_up_bucket(due, False, TODAY) == bucket
    [item] = follow_ups(ctx, today=TODAY)
    assert item.bucket == bucket
    assert len(follow_ups(ctx, FollowUpFilter(bucket=bucket), today=TODAY)) == 1
    counts = follow_up_counts(ctx, today=TODAY)
    assert (counts.overdue, counts.this_week, counts.later) == (
        int(bucket == "overdue"), int(bucket == "this_week"), int(bucket == "later"))


def test_follow_up_list_puts_overdue_then_this_week_first_and_leaves_out_done(ctx):
    org = make_org(ctx)
    later = log(ctx, organisation_id=org, action="Later", due_on=TODAY + timedelta(days=20), occurred_on=EARLIER)
    week = log(ctx, organisation_id=org, action="This week", due_on=TODAY + timedelta(days=2), occurred_on=EARLIER)
    old = log(ctx, organisation_id=org, action="Very late", due_on=TODAY - timedelta(days=9), occurred_on=EARLIER)
    late = log(ctx, organisation_id=org, action="Late", due_on=TODAY - timedelta(days=1), occurred_on=EARLIER)
    done = log(ctx, organisation_id=org, action="Done already", due_on=TODAY - timedelta(days=5), done=True,
               occurred_on=EARLIER)
    log(ctx, organisation_id=org)   # no action: not a follow-up
    assert [f.id for f in follow_ups(ctx, today=TODAY)] == [old, late, week, later]
    assert follow_up_counts(ctx, today=TODAY).needing_attention == 3
    everything = follow_ups(ctx, FollowUpFilter(include_done=True), today=TODAY)
    assert [f.id for f in everything][-1] == done


def test_marking_done_takes_it_off_the_list_and_undo_puts_it_back(ctx):
    org = make_org(ctx)
    item = log(ctx, organisation_id=org, action="Reply", due_on=TODAY - timedelta(days=1), action_owner="Tom",
               occurred_on=EARLIER)
    assert inter.set_done(ctx, [item], today=TODAY) == 1
    assert follow_ups(ctx, today=TODAY) == []
    stored = inter.get_interaction(ctx, item)
    assert (stored.done, stored.done_on) == (True, TODAY)
    assert inter.set_done(ctx, [item], today=TODAY) == 0      # already done: nothing changes
    assert ctx.undo.undo() == "mark done 1 action"
    assert [f.id for f in follow_ups(ctx, today=TODAY)] == [item]


def test_an_interaction_needs_a_summary_a_date_and_someone_or_something(ctx):
    with pytest.raises(ValidationError) as err:
        inter.create_interaction(ctx, inter.InteractionInput(summary="", action="Call back"))
    assert {"summary", "occurred_on", "organisation_id", "due_on"} <= set(err.value.errors)
    assert inter.list_interactions(ctx) == []


def test_you_said_we_did_links_feedback_to_the_change_and_the_response(ctx):
    org = make_org(ctx)
    said = log(ctx, organisation_id=org, direction="in", summary="Letters are full of jargon", is_feedback=True)
    told = log(ctx, organisation_id=org, direction="out", summary="Newsletter: letters rewritten",
               occurred_on=TODAY + timedelta(days=14))
    assert [c[0] for c in inter.response_choices(ctx, said)] == [told]
    [before] = inter.feedback_items(ctx)
    assert before.state == "Awaiting a change"
    inter.record_we_did(ctx, said, "Rewrote the letters in plain English", told)
    [after] = inter.feedback_items(ctx)
    assert (after.we_did, after.told_on, after.loop_closed) == ("Rewrote the letters in plain English",
                                                                TODAY + timedelta(days=14), True)
    with pytest.raises(ValidationError):
        inter.record_we_did(ctx, said, "x", said)


def test_counts_by_level_and_cost_totals(ctx):
    plan = make_plan(ctx, ppe_service=True, ppe_community=True)
    make_activity(ctx, plan, "A", ppe_level="individual", budget_pence=50000, cost_pence=12000,
                  involvement_payments_pence=7500, expenses_pence=1240)
    make_activity(ctx, plan, "B", ppe_level="service", budget_pence=10000, cost_pence=2500)
    make_activity(ctx, plan, "C", ppe_level="service", status="cancelled", budget_pence=5000, cost_pence=100)
    assert act.counts_by_level(ctx) == {"individual": 1, "service": 2, "community": 0}
    rows = act.list_activities(ctx)
    totals = act.cost_totals(rows)
    assert (totals.budget_pence, totals.cost_pence, totals.involvement_payments_pence, totals.expenses_pence) == (
        65000, 14600, 7500, 1240)
    assert totals.spent_pence == 23340
    assert totals.formatted()["remaining"] == "£416.60"
    assert act.cost_totals(rows, include_cancelled=False).spent_pence == 23240
    [plan_row] = eng.list_plans(ctx)
    assert (plan_row.activities, plan_row.budget_pence, plan_row.spent_pence) == (3, 65000, 23340)


def test_negative_or_huge_money_is_refused(ctx):
    plan = make_plan(ctx)
    with pytest.raises(ValidationError) as err:
        make_activity(ctx, plan, cost_pence=-1, budget_pence=10**12)
    assert {"cost_pence", "budget_pence"} <= set(err.value.errors)


def test_plan_filters_by_level_status_owner_and_overdue(ctx):
    a = make_plan(ctx, "Individual plan", owner="Priya", status="active")
    b = make_plan(ctx, "Community plan", ppe_individual=False, ppe_community=True, owner="Tom")
    make_activity(ctx, b, ppe_level="community", owner="Priya", planned_date=TODAY - timedelta(days=2))
    titles = lambda f: [p.title for p in eng.list_plans(ctx, f, today=TODAY)]  # noqa: E731
    assert titles(eng.PlanFilter(ppe_level="community")) == ["Community plan"]
    assert titles(eng.PlanFilter(status="active")) == ["Individual plan"]
    assert sorted(titles(eng.PlanFilter(owner="Priya"))) == ["Community plan", "Individual plan"]
    assert titles(eng.PlanFilter(overdue_only=True)) == ["Community plan"]
    assert eng.owners(ctx) == ["Priya", "Tom"]
    assert a


def test_activity_targets_groups_and_people_and_edit_keeps_them(ctx):
    org = make_org(ctx, "Carers Together", org_type="Carers' group")
    person = make_person(ctx, "Okafor", "Amina")
    plan = make_plan(ctx)
    activity = make_activity(ctx, plan, targets=[act.TargetRef("organisation", org), act.TargetRef("person", person)])
    stored = act.get_activity(ctx, activity)
    assert [(t.kind, t.name) for t in stored.targets] == [("organisation", "Carers Together"),
                                                          ("person", "Amina Okafor")]
    stored.targets = stored.targets[:1]
    stored.status = "done"
    act.update_activity(ctx, activity, stored)
    assert act.list_activities(ctx)[0].targets == "Carers Together"
    ctx.undo.undo()
    assert act.list_activities(ctx)[0].targets == "Carers Together; Amina Okafor"


def test_deleting_a_plan_removes_its_activities_and_log_and_undo_restores_them(ctx):
    org = make_org(ctx)
    plan = make_plan(ctx)
    activity = make_activity(ctx, plan, targets=[act.TargetRef("organisation", org)])
    log(ctx, activity_id=activity, summary="On the day")
    eng.delete_plans(ctx, [plan])
    assert (eng.list_plans(ctx), act.list_activities(ctx), inter.list_interactions(ctx)) == ([], [], [])
    ctx.undo.undo()
    assert [r.title for r in act.list_activities(ctx)] == ["Workshop"]
    assert [r.summary for r in inter.list_interactions(ctx, activity_id=activity)] == ["On the day"]


def test_contacts_with_a_group_outlive_the_deleted_plan_and_undo_links_them_again(ctx):
    org = make_org(ctx)
    plan = make_plan(ctx)
    activity = make_activity(ctx, plan, targets=[act.TargetRef("organisation", org)])
    log(ctx, activity_id=activity, organisation_id=org, summary="Chair phoned back")
    log(ctx, activity_id=activity, summary="Room booked")
    eng.delete_plans(ctx, [plan])
    [kept] = inter.list_interactions(ctx)
    assert (kept.summary, inter.list_interactions(ctx, organisation_id=org)[0].summary) == (
        "Chair phoned back", "Chair phoned back")
    assert inter.list_interactions(ctx, activity_id=activity) == []
    ctx.undo.undo()
    assert sorted(r.summary for r in inter.list_interactions(ctx, activity_id=activity)) == [
        "Chair phoned back", "Room booked"]
    second = make_activity(ctx, plan, "Second")
    log(ctx, activity_id=second, organisation_id=org, summary="Thanked them")
    act.delete_activities(ctx, [second])
    assert [r.summary for r in inter.list_interactions(ctx, organisation_id=org)
            if r.summary == "Thanked them"] == ["Thanked them"]


def test_stakeholder_timeline_is_newest_first_and_includes_activities_aimed_at_them(ctx):
    org = make_org(ctx)
    person = make_person(ctx, orgs=[(org, "member")])
    plan = make_plan(ctx)
    make_activity(ctx, plan, "Focus group", planned_date=TODAY + timedelta(days=5),
                  targets=[act.TargetRef("person", person)])
    log(ctx, person_id=person, summary="Phoned", occurred_on=TODAY - timedelta(days=3), channel="phone")
    log(ctx, person_id=person, summary="Met", occurred_on=TODAY, channel="meeting")
    log(ctx, organisation_id=org, summary="Group only")
    entries = stakeholder_timeline(ctx, person_id=person)
    assert [(e.kind, e.on) for e in entries] == [("activity", TODAY + timedelta(days=5)),
                                                  ("interaction", TODAY), ("interaction", TODAY - timedelta(days=3))]
    assert [e.detail for e in stakeholder_timeline(ctx, organisation_id=org)] == ["Group only"]


def test_person_timeline_includes_letters_training_and_resources(ctx):
    # Letters, training and resources have no services on this branch yet; their tables do exist.
    from datetime import datetime

    from sdm_desktop.db.models import Cohort, Enrolment, Letter, Programme, Resource, ShareLog
    person = make_person(ctx, "Reid", "Rosa")
    with ctx.session() as s:
        s.add(Letter(person_id=person, template_name="Invitation", purpose="invite",
                     created_at=datetime(2026, 3, 1, 9, 30)))
        programme = Programme(name="SDM train-the-trainer", is_train_the_trainer=True)
        cohort = Cohort(programme=programme, name="Spring cohort", start_date=date(2026, 2, 1))
        s.add(Enrolment(cohort=cohort, person_id=person, status="completed", completed_on=date(2026, 4, 2)))
        resource = Resource(title="BRAN leaflet")
        s.add(resource)
        s.flush()
        s.add(ShareLog(resource_id=resource.id, person_id=person, shared_on=date(2026, 1, 15), channel="email"))
    log(ctx, person_id=person, occurred_on=date(2026, 5, 1), summary="Thanked for training")
    entries = stakeholder_timeline(ctx, person_id=person)
    assert [(e.kind, e.on) for e in entries] == [
        ("interaction", date(2026, 5, 1)), ("training", date(2026, 4, 2)), ("letter", date(2026, 3, 1)),
        ("resource", date(2026, 1, 15))]
    assert entries[1].title == "Training: SDM train-the-trainer"
    assert "completed" in entries[1].detail
    assert entries[3].title == "Shared: BRAN leaflet"


def test_a_follow_up_due_before_the_interaction_is_refused_and_nothing_is_logged(ctx):
    org = make_org(ctx)
    with pytest.raises(ValidationError) as err:
        log(ctx, organisation_id=org, action="Send the notes", due_on=TODAY - timedelta(days=1))
    assert set(err.value.errors) == {"due_on"}
    assert "before the interaction itself (10 Mar 2026)" in err.value.errors["due_on"]
    assert inter.list_interactions(ctx) == []
    same_day = log(ctx, organisation_id=org, action="Send the notes", due_on=TODAY)   # due the same day is fine
    assert inter.get_interaction(ctx, same_day).due_on == TODAY


def test_we_told_you_must_be_a_message_from_us_on_or_after_the_feedback(ctx):
    org = make_org(ctx)
    said = log(ctx, organisation_id=org, direction="in", summary="Too much jargon", is_feedback=True)
    earlier = log(ctx, organisation_id=org, direction="out", occurred_on=TODAY - timedelta(days=1))
    from_them = log(ctx, organisation_id=org, direction="in", occurred_on=TODAY + timedelta(days=3))
    for wrong in (earlier, from_them):
        with pytest.raises(ValidationError) as err:
            inter.record_we_did(ctx, said, "Plain English", wrong)
        assert "message from us on or after" in err.value.errors["response_interaction_id"]
    assert inter.get_interaction(ctx, said).response_interaction_id is None
    same_day = log(ctx, organisation_id=org, direction="out", summary="Told them")
    inter.record_we_did(ctx, said, "Plain English", same_day)
    assert inter.feedback_items(ctx)[0].loop_closed


def test_the_message_that_told_them_cannot_be_edited_to_no_longer_be_one(ctx):
    org = make_org(ctx)
    said = log(ctx, organisation_id=org, direction="in", summary="Too much jargon", is_feedback=True)
    told = log(ctx, organisation_id=org, direction="out", summary="Newsletter", occurred_on=TODAY + timedelta(days=2))
    inter.record_we_did(ctx, said, "Plain English", told)
    for change in ({"occurred_on": TODAY - timedelta(days=1)}, {"direction": "in"}):
        data = inter.get_interaction(ctx, told)
        for name, value in change.items():
            setattr(data, name, value)
        with pytest.raises(ValidationError) as err:
            inter.update_interaction(ctx, told, data)
        assert "told them about the change" in " ".join(err.value.errors.values())
    assert inter.get_interaction(ctx, told).occurred_on == TODAY + timedelta(days=2)
    assert inter.feedback_items(ctx)[0].loop_closed
    data = inter.get_interaction(ctx, told)
    data.summary = "Newsletter, spring issue"                    # other edits are fine
    inter.update_interaction(ctx, told, data)
    data.occurred_on = TODAY                                     # the same day as the feedback is fine
    inter.update_interaction(ctx, told, data)


def test_an_archived_group_cannot_be_newly_targeted_but_stays_on_activities_that_had_it(ctx):
    from sdm_desktop.services.register import organisations, people
    kept = make_org(ctx, "Closed Carers Group", org_type="Carers' group")
    closed = make_org(ctx, "Closed Forum")
    gone = make_person(ctx, "Former", "Fay")
    plan = make_plan(ctx)
    activity = make_activity(ctx, plan, targets=[act.TargetRef("organisation", kept)])
    organisations.set_archived(ctx, [kept, closed], True)
    people.set_archived(ctx, [gone], True)
    for target in (act.TargetRef("organisation", closed), act.TargetRef("person", gone)):
        with pytest.raises(ValidationError) as err:
            make_activity(ctx, plan, "Another", targets=[target])
        assert "archived; restore the record in Stakeholders first" in err.value.errors["targets"]
    assert len(act.list_activities(ctx)) == 1
    stored = act.get_activity(ctx, activity)
    assert [(t.name, t.archived) for t in stored.targets] == [("Closed Carers Group", True)]
    with pytest.raises(ValidationError):
        act.update_activity(ctx, activity, act.ActivityInput(**{**stored.__dict__, "targets": stored.targets + [
            act.TargetRef("organisation", closed)]}))
    stored.status = "done"
    act.update_activity(ctx, activity, stored)          # the group archived since stays on the activity
    [row] = act.list_activities(ctx)
    assert (row.status_code, row.targets) == ("done", "Closed Carers Group (archived)")


def test_the_question_before_deleting_counts_the_interactions_that_go_with_the_activities(ctx):
    org = make_org(ctx)
    plan = make_plan(ctx)
    first, second = make_activity(ctx, plan, "First"), make_activity(ctx, plan, "Second")
    log(ctx, activity_id=first)
    log(ctx, activity_id=first, organisation_id=org)
    log(ctx, activity_id=second)
    log(ctx, organisation_id=org)                      # not on an activity: stays
    assert eng.logged_on(ctx, plan_ids=[plan]) == eng.LoggedOn(3, 1)
    assert eng.logged_on(ctx, activity_ids=[second]).phrase("it") == " and the 1 interaction logged only on it"
    assert eng.logged_on(ctx, activity_ids=[first]).phrase() == (
        " and the 1 interaction logged only on them (1 more, with groups or people, stays on their timelines)")
    assert eng.LoggedOn(2, 2).phrase() == " (2 interactions, with groups or people, stay on their timelines)"
    assert eng.logged_on(ctx, plan_ids=[make_plan(ctx, "Empty")]).phrase() == ""
