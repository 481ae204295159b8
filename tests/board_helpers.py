"""A large generated programme for the board summary (tests and the benchmark): 3,000 organisations with long
names, 2,000 people, 500 activities, 200 feedback items with long texts, assessments, training and follow-ups,
written with bulk inserts (a few seconds)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from sqlalchemy import insert, select

from sdm_desktop.db.models import (
    Activity,
    ActivityTarget,
    Assessment,
    Cohort,
    EngagementPlan,
    Enrolment,
    Interaction,
    Organisation,
    OrganisationType,
    Person,
    Programme,
)

PERIOD = (date(2026, 4, 1), date(2026, 6, 30))
LONG = ("Association of Patients, Carers and Community Members for the Improvement of Shared Decision Making "
        "in Primary, Community and Specialist Services across the Whole Integrated Care System")


def build_large(ctx, organisations: int = 3000, people: int = 2000, activities: int = 500, feedback: int = 200,
                seed: int = 7) -> None:
    rng = random.Random(seed)
    start = PERIOD[0] - timedelta(days=91)
    span = (PERIOD[1] - start).days
    with ctx.session() as s:
        types = list(s.scalars(select(OrganisationType.id)))
        s.execute(insert(OrganisationType), [{"name": f"{LONG[:60]} type {n}", "sort_order": 100 + n}
                                             for n in range(12)])
        types += list(s.scalars(select(OrganisationType.id).where(OrganisationType.sort_order >= 100)))
        s.execute(insert(Organisation), [
            {"name": f"{LONG} number {n:04d}", "org_type_id": types[n % len(types)],
             "ppe_individual": n % 2 == 0, "ppe_service": n % 3 == 0, "ppe_community": n % 5 == 0}
            for n in range(organisations)])
        org_ids = list(s.scalars(select(Organisation.id)))
        s.execute(insert(Person), [
            {"first_name": f"Alexandra-Montgomery {n}", "last_name": f"Featherstonehaugh-Cholmondeley {n}",
             "imd_decile": rng.choice([None, *range(1, 11)])} for n in range(people)])
        person_ids = list(s.scalars(select(Person.id)))
        s.execute(insert(EngagementPlan), [{"title": f"{LONG} plan", "status": "active"}])
        plan_id = s.scalar(select(EngagementPlan.id))
        s.execute(insert(Activity), [
            {"plan_id": plan_id, "title": f"{LONG} activity {n}", "method": "meeting",
             "ppe_level": rng.choice(["individual", "service", "community", None]),
             "planned_date": start + timedelta(days=rng.randrange(span)),
             "status": rng.choice(["done", "done", "in_progress", "planned", "cancelled"])}
            for n in range(activities)])
        activity_ids = list(s.scalars(select(Activity.id)))
        s.execute(insert(ActivityTarget), [
            {"activity_id": a, "organisation_id": rng.choice(org_ids)} for a in activity_ids for _ in range(4)] + [
            {"activity_id": a, "person_id": rng.choice(person_ids)} for a in activity_ids for _ in range(3)])
        s.execute(insert(Interaction), [
            {"occurred_on": start + timedelta(days=rng.randrange(span)), "summary": f"You said {n}: {LONG} " * 3,
             "is_feedback": True, "change_made": f"We changed {n}: {LONG} " * 3 if n % 3 else None,
             "person_id": rng.choice(person_ids), "activity_id": rng.choice(activity_ids)}
            for n in range(feedback)] + [
            {"occurred_on": start + timedelta(days=rng.randrange(span)), "summary": "Follow-up call",
             "action": "Send the notes", "due_on": date(2026, 5, 1), "done": False,
             "organisation_id": rng.choice(org_ids)} for _ in range(300)])
        s.execute(insert(Assessment), [
            {"organisation_id": o, "assessed_on": date(2026, 3, 1), "influence": rng.randint(1, 5),
             "interest": rng.randint(1, 5)} for o in org_ids])
        s.execute(insert(Programme), [{"name": f"{LONG} training"}])
        programme_id = s.scalar(select(Programme.id))
        s.execute(insert(Cohort), [{"programme_id": programme_id, "name": f"Cohort {n}"} for n in range(10)])
        cohort_ids = list(s.scalars(select(Cohort.id)))
        s.execute(insert(Enrolment), [
            {"cohort_id": cohort_ids[n % 10], "person_id": p, "status": "completed",
             "completed_on": start + timedelta(days=rng.randrange(span)),
             "trained_by_person_id": person_ids[0] if n % 2 else None,
             "created_at": datetime(2026, 1, 1)} for n, p in enumerate(person_ids[:400])])
