"""Benchmark: the follow-up list, counts, timelines, the report and exports with 50,000 interactions.

Run:  .venv/bin/python tests/benchmarks/bench_engagement.py [INTERACTIONS]
Builds its data in a temporary folder and prints timings.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert

from sdm_desktop.db.models import Activity, ActivityTarget, EngagementPlan, Interaction, Organisation, Person
from sdm_desktop.services.engagement.activities import ActivityFilter, list_activities
from sdm_desktop.services.engagement.export import interactions_table
from sdm_desktop.services.engagement.followups import FollowUpFilter, follow_up_counts, follow_ups
from sdm_desktop.services.engagement.interactions import feedback_items, list_interactions
from sdm_desktop.services.engagement.plans import list_plans
from sdm_desktop.services.engagement.report import build_report_context, write_engagement_report
from sdm_desktop.services.exporting.tables import write_table
from sdm_desktop.services.opening import open_context
from sdm_desktop.services.register.timeline import stakeholder_timeline

TODAY = date(2026, 6, 30)


def timed(label: str, fn, repeat: int = 3):
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    print(f"  {label:<58} {best * 1000:9.1f} ms")
    return result


def build(ctx, n_interactions: int, rng: random.Random, stakeholders: bool = True) -> tuple[list[int], list[int]]:
    """Plans, activities and interactions with groups 1..2,000 and people 1..10,000; ``stakeholders=False``
    when those already exist (another benchmark's register)."""
    with ctx.session() as s:
        if stakeholders:
            s.execute(insert(Organisation), [{"name": f"Group {i}", "org_type_id": 1, "search_text": f"group {i}"}
                                             for i in range(2000)])
            s.execute(insert(Person), [{"last_name": f"Person{i}", "first_name": "Test",
                                        "consent_contact": i % 10 != 0, "search_text": f"person{i}"}
                                       for i in range(10000)])
        s.execute(insert(EngagementPlan), [{"title": f"Plan {i}", "status": "active", "ppe_service": True,
                                            "start_date": TODAY - timedelta(days=300)} for i in range(50)])
        levels = ["individual", "service", "community"]
        s.execute(insert(Activity), [{
            "plan_id": 1 + i % 50, "title": f"Activity {i}", "method": "meeting", "ppe_level": levels[i % 3],
            "planned_date": TODAY - timedelta(days=rng.randint(-60, 360)), "status": rng.choice(["planned", "done"]),
            "budget_pence": 10000, "cost_pence": rng.randint(0, 10000)} for i in range(1000)])
        s.execute(insert(ActivityTarget), [{"activity_id": 1 + i % 1000, "organisation_id": 1 + rng.randrange(2000)}
                                           for i in range(5000)])
        rows = []
        for i in range(n_interactions):
            action = i % 4 == 0
            rows.append({
                "occurred_on": TODAY - timedelta(days=rng.randint(0, 700)), "channel": "email", "direction": "out",
                "summary": f"Interaction {i}", "organisation_id": 1 + rng.randrange(2000),
                "person_id": 1 + rng.randrange(10000) if i % 2 else None,
                "activity_id": 1 + rng.randrange(1000) if i % 3 == 0 else None,
                "action": "Follow up" if action else None, "action_owner": "Owner" if action else None,
                "due_on": TODAY + timedelta(days=rng.randint(-90, 90)) if action else None,
                "done": action and rng.random() < 0.7, "is_feedback": i % 50 == 0,
                "change_made": "Changed it" if i % 100 == 0 else None})
        for start in range(0, len(rows), 5000):
            s.execute(insert(Interaction), rows[start:start + 5000])
    return [1, 2, 3], [2, 4, 6]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder:
        ctx = open_context(Path(folder) / "data")
        started = time.perf_counter()
        orgs, people = build(ctx, n, rng)
        print(f"Built 2,000 groups, 10,000 people, 50 plans, 1,000 activities, {n:,} interactions "
              f"in {time.perf_counter() - started:.1f} s")
        items = timed("follow-up list: every open action, sorted", lambda: follow_ups(ctx, today=TODAY))
        print(f"    ({len(items):,} open actions)")
        done = timed("follow-up list: every done action (loaded in the background)", lambda: follow_ups(
            ctx, FollowUpFilter(bucket="done"), TODAY))
        print(f"    ({len(done):,} done actions)")
        feedback = timed("you said, we did: every feedback item (background)", lambda: feedback_items(ctx))
        print(f"    ({len(feedback):,} feedback items)")
        counts = timed("follow-up counts (the navigation badge)", lambda: follow_up_counts(ctx, TODAY))
        print(f"    ({counts.overdue:,} overdue, {counts.this_week:,} due this week)")
        timed("interaction log of one group", lambda: list_interactions(ctx, organisation_id=orgs[0]))
        timed("interaction log of one activity", lambda: list_interactions(ctx, activity_id=1))
        timed("timeline of one group", lambda: stakeholder_timeline(ctx, organisation_id=orgs[0]))
        timed("timeline of one person", lambda: stakeholder_timeline(ctx, person_id=people[0]))
        timed("plan list with progress and money", lambda: list_plans(ctx, today=TODAY))
        timed("activities of one plan", lambda: list_activities(ctx, ActivityFilter(plan_id=1), TODAY))
        context = timed("report figures for a year", lambda: build_report_context(
            ctx, TODAY - timedelta(days=365), TODAY, TODAY), repeat=2)
        print(f"    ({context['totals']['interactions']:,} interactions, "
              f"{context['totals']['stakeholders_reached']:,} stakeholders reached)")
        out = Path(folder) / "report.docx"
        timed("report written to Word (template render)", lambda: write_engagement_report(
            ctx, TODAY - timedelta(days=365), TODAY, out, today=TODAY), repeat=1)
        print(f"    ({out.stat().st_size / 1024:.0f} KB)")
        csv_out = Path(folder) / "interactions.csv"
        timed("export every interaction to CSV", lambda: write_table(interactions_table(ctx)[0], csv_out), repeat=1)
        xlsx_out = Path(folder) / "interactions.xlsx"
        timed("export every interaction to XLSX", lambda: write_table(interactions_table(ctx)[0], xlsx_out), repeat=1)
        ctx.close()


if __name__ == "__main__":
    main()
