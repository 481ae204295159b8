"""Sample engagement data: plans at all three levels, activities, interactions, feedback
("you said, we did") and follow-up actions, some of them overdue. Dates are relative to today."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.engagement.activities import ActivityInput, TargetRef, create_activity
from sdm_desktop.services.engagement.interactions import InteractionInput, create_interaction
from sdm_desktop.services.engagement.plans import PlanInput, create_plan

OWNERS = ["Priya Shah (SDM lead)", "Tom Reed (PPE officer)", "Dr Amina Okafor (clinical lead)"]
PLANS = [
    ("Shared decisions in diabetes reviews", "Help people with diabetes share decisions about their care plan "
     "at annual review, using BRAN and decision aids.", (True, False, False), -120, 150, "active"),
    ("Co-designing the respiratory pathway", "Work with Breathe Easy members and carers to redesign the COPD "
     "pathway and evaluate the new SDM clinic letters.", (False, True, False), -90, 120, "active"),
    ("Community priorities for SDM 2026/27", "Ask communities and the public, including seldom-heard groups, "
     "what matters most for next year's SDM priorities.", (False, False, True), -60, 200, "active"),
    ("Maternity choices with MNVP", "Plan decision aids for birth choices with the Maternity & Neonatal "
     "Voices Partnership.", (True, True, False), 20, 180, "draft"),
]
ACTIVITIES = {
    0: [("Annual review SDM pilot briefing", "presentation", "individual", "inform", -100, "done"),
        ("Decision-aid testing with patients", "workshop", "individual", "involve", -45, "done"),
        ("1:1 follow-up conversations", "conversation", "individual", "consult", -10, "in_progress"),
        ("Newsletter: what we learned", "newsletter", "individual", "inform", 14, "planned")],
    1: [("Pathway mapping workshop", "workshop", "service", "collaborate", -70, "done"),
        ("Carers' focus group", "focus_group", "service", "consult", -30, "done"),
        ("Survey of clinic letters", "survey", "service", "consult", -5, "in_progress"),
        ("Evaluation panel with patient reps", "meeting", "service", "collaborate", 30, "planned"),
        ("Training session for reps", "training_session", "service", "involve", -20, "planned")],
    2: [("Citizens' jury on priorities", "meeting", "community", "empower", -40, "done"),
        ("Market-day event stall", "event_stall", "community", "inform", -15, "done"),
        ("Faith leaders' round table", "meeting", "community", "consult", 10, "planned"),
        ("Letter to all PPGs", "letter", "community", "inform", -3, "planned"),
        ("Public survey on priorities", "survey", "community", "consult", 45, "planned")],
    3: [("Birth choices workshop", "workshop", "individual", "involve", 40, "planned"),
        ("MNVP service walk-through", "meeting", "service", "collaborate", 60, "planned")],
}
SAID = [("Clinic letters use too much jargon.", "Rewrote the letter template in plain English with the group."),
        ("Evening sessions would let working carers come.", "Moved two focus groups to 6pm."),
        ("The decision aid was hard to read in print.", "Produced a large-print and easy-read version."),
        ("People want to know what happens to their feedback.", "Started a quarterly 'you said, we did' newsletter."),
        ("Interpreters were not booked for the stall.", None)]


def seed(ctx: AppContext, rng: random.Random, ids) -> None:
    today = date.today()
    groups = [i for ids_ in ids.organisations.values() for i in ids_]
    activity_ids: list[int] = []
    for n, (title, objective, levels, start, length, status) in enumerate(PLANS):
        plan_id = create_plan(ctx, PlanInput(
            title=title, objective=objective, owner=OWNERS[n % len(OWNERS)], status=status,
            start_date=today + timedelta(days=start), end_date=today + timedelta(days=start + length),
            ppe_individual=levels[0], ppe_service=levels[1], ppe_community=levels[2]))
        for title_, method, level, iap2, offset, a_status in ACTIVITIES[n]:
            activity_ids.append(_activity(ctx, rng, ids, groups, plan_id, title_, method, level, iap2,
                                          today + timedelta(days=offset), a_status))
    _interactions(ctx, rng, ids, groups, activity_ids, today)


def _activity(ctx, rng, ids, groups, plan_id, title, method, level, iap2, when, status) -> int:
    targets = [TargetRef("organisation", g) for g in rng.sample(groups, 3)]
    targets += [TargetRef("person", p) for p in rng.sample(ids.patient_reps or ids.people, 2)]
    budget = rng.choice([0, 25000, 50000, 120000])
    spent = status == "done"
    return create_activity(ctx, plan_id, ActivityInput(
        title=title, method=method, ppe_level=level, iap2_level=iap2, owner=rng.choice(OWNERS), planned_date=when,
        end_date=when + timedelta(days=1) if method == "survey" else None, status=status, budget_pence=budget,
        cost_pence=rng.randint(0, budget // 100) * 100 // 2 if spent and budget else 0,
        involvement_payments_pence=rng.choice([0, 7500, 15000]) if spent else 0,
        expenses_pence=rng.choice([0, 1240, 2860]) if spent else 0,
        outcome="Notes and actions circulated to attendees." if spent else None, targets=targets))


def _interactions(ctx, rng, ids, groups, activity_ids, today) -> None:
    channels = ["meeting", "email", "phone", "letter", "event", "video"]
    for n in range(60):
        when = today - timedelta(days=rng.randint(0, 150))
        person = rng.choice(ids.people) if rng.random() < 0.5 else None
        action = None
        due = None
        if n % 3 == 0:
            action = rng.choice(["Send the slides", "Book a room for the next meeting", "Share the decision aid",
                                 "Confirm involvement payment", "Reply about parking", "Arrange an interpreter"])
            due = today + timedelta(days=rng.choice([-20, -6, -1, 0, 2, 5, 12, 30]))
        create_interaction(ctx, InteractionInput(
            occurred_on=min(when, due or when), channel=rng.choice(channels), direction=rng.choice(["in", "out"]),
            summary=rng.choice(["Discussed the SDM pilot", "Asked about the next workshop", "Shared the BRAN leaflet",
                                "Feedback on clinic letters", "Agreed to join the evaluation panel"]),
            outcome=rng.choice([None, "Positive", "Wants more information"]), action=action,
            action_owner=rng.choice(OWNERS) if action else None, due_on=due,
            done=bool(action) and due is not None and due < today and rng.random() < 0.4,
            organisation_id=rng.choice(groups), person_id=person,
            activity_id=rng.choice(activity_ids) if rng.random() < 0.6 else None))
    for n, (said, did) in enumerate(SAID):
        group = rng.choice(groups)
        said_on = today - timedelta(days=80 - n * 12)
        response = None
        if did and n % 2 == 0:
            response = create_interaction(ctx, InteractionInput(
                occurred_on=said_on + timedelta(days=21), channel="email", direction="out", organisation_id=group,
                summary=f"You said, we did: {did}"))
        create_interaction(ctx, InteractionInput(
            occurred_on=said_on, channel="meeting", direction="in", organisation_id=group, summary=said,
            is_feedback=True, change_made=did, response_interaction_id=response,
            activity_id=rng.choice(activity_ids),
            action=None if did else "Agree interpreter booking process", action_owner=None if did else OWNERS[1],
            due_on=None if did else today - timedelta(days=2)))
