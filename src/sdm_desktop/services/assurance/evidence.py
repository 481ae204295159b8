"""What evidences each principle in a period: the activities tagged with it (or whose plan is), with their
outcomes and the people they reached, the "you said, we did" items that came from them, and the gaps."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select, union

from sdm_desktop.db.models import (
    Activity,
    ActivityTarget,
    EngagementPlan,
    Interaction,
    activity_principles,
    plan_principles,
)
from sdm_desktop.services.assurance.principles import Principle, principles
from sdm_desktop.services.assurance.ratings import RATING_WORDS, get_rating
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.vocab import PPE_LEVEL_LONG


@dataclass
class EvidenceActivity:
    id: int
    title: str
    held_on: date | None
    level: str
    status: str
    outcome: str
    people_reached: int


@dataclass
class YouSaid:
    you_said: str
    we_did: str


@dataclass
class PrincipleEvidence:
    principle: Principle
    rating: str | None
    rating_words: str
    narrative: str
    evidence: str
    activities: list[EvidenceActivity] = field(default_factory=list)
    you_said_we_did: list[YouSaid] = field(default_factory=list)

    @property
    def people_reached(self) -> int:
        return sum(a.people_reached for a in self.activities)

    @property
    def has_evidence(self) -> bool:
        return bool(self.activities)


def _activities_by_principle(s, principle_ids: list[int], date_from: date, date_to: date) -> dict[int, set[int]]:
    """Principle id → ids of activities in the period evidencing it (tagged themselves, or through their plan)."""
    direct = select(activity_principles.c.principle_id, activity_principles.c.activity_id)
    through_plan = (select(plan_principles.c.principle_id, Activity.id)
                    .join(Activity, Activity.plan_id == plan_principles.c.plan_id))
    tagged = union(direct, through_plan).subquery()
    rows = s.execute(select(tagged.c[0], tagged.c[1]).join(Activity, Activity.id == tagged.c[1])
                     .where(tagged.c[0].in_(principle_ids), Activity.planned_date.between(date_from, date_to)))
    out: dict[int, set[int]] = defaultdict(set)
    for principle_id, activity_id in rows:
        out[principle_id].add(activity_id)
    return out


def _people_reached(s, activity_ids: set[int]) -> dict[int, int]:
    """Distinct people each activity reached: its people targets and the people its interactions were with."""
    people: dict[int, set[int]] = defaultdict(set)
    ids = list(activity_ids)
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        for activity_id, person_id in s.execute(
                select(ActivityTarget.activity_id, ActivityTarget.person_id)
                .where(ActivityTarget.activity_id.in_(chunk), ActivityTarget.person_id.is_not(None))):
            people[activity_id].add(person_id)
        for activity_id, person_id in s.execute(
                select(Interaction.activity_id, Interaction.person_id)
                .where(Interaction.activity_id.in_(chunk), Interaction.person_id.is_not(None))):
            people[activity_id].add(person_id)
    return {a: len(p) for a, p in people.items()}


def _you_said(s, activity_ids: set[int]) -> dict[int, list[YouSaid]]:
    out: dict[int, list[YouSaid]] = defaultdict(list)
    if not activity_ids:
        return out
    rows = s.execute(select(Interaction.activity_id, Interaction.summary, Interaction.change_made)
                     .where(Interaction.is_feedback.is_(True), Interaction.activity_id.in_(list(activity_ids)))
                     .order_by(Interaction.occurred_on, Interaction.id))
    for activity_id, said, did in rows:
        out[activity_id].append(YouSaid(said or "", did or "Not yet recorded"))
    return out


def evidence_for(ctx: AppContext, framework: int, date_from: date, date_to: date) -> list[PrincipleEvidence]:
    """Every principle of the framework, evidenced or not, in its order."""
    listed = principles(ctx, framework)
    with ctx.session() as s:
        by_principle = _activities_by_principle(s, [p.id for p in listed], date_from, date_to)
        every = set().union(*by_principle.values()) if by_principle else set()
        activities = {a.id: a for a in s.scalars(select(Activity).where(Activity.id.in_(list(every))))} if every else {}
        reached = _people_reached(s, every)
        said = _you_said(s, every)
    out = []
    for p in listed:
        rating = get_rating(ctx, p.id, date_from, date_to)
        item = PrincipleEvidence(p, rating.rating, RATING_WORDS.get(rating.rating or "", "Not rated"),
                                 rating.narrative, rating.evidence)
        for activity_id in sorted(by_principle.get(p.id, ()), key=lambda i: (activities[i].planned_date, i)):
            a = activities[activity_id]
            item.activities.append(EvidenceActivity(a.id, a.title, a.planned_date,
                                                    PPE_LEVEL_LONG.get(a.ppe_level or "", a.ppe_level or ""),
                                                    a.status, a.outcome or "", reached.get(a.id, 0)))
            item.you_said_we_did.extend(said.get(a.id, []))
        out.append(item)
    return out


def activities_in_period(ctx: AppContext, date_from: date, date_to: date, limit: int = 2000) -> list[tuple]:
    """(id, title, date, plan id) of the activities held in the period, for tagging."""
    with ctx.session() as s:
        return [tuple(r) for r in s.execute(
            select(Activity.id, Activity.title, Activity.planned_date, Activity.plan_id)
            .where(Activity.planned_date.between(date_from, date_to))
            .order_by(Activity.planned_date, Activity.id).limit(limit))]


def count_evidenced(ctx: AppContext, framework: int, date_from: date, date_to: date) -> int:
    listed = principles(ctx, framework)
    with ctx.session() as s:
        return len(_activities_by_principle(s, [p.id for p in listed], date_from, date_to))





def plans_in_period(ctx: AppContext, date_from: date, date_to: date, limit: int = 500) -> list[tuple[int, str]]:
    """(id, title) of the plans with an activity in the period, for tagging."""
    with ctx.session() as s:
        return [(r.id, r.title) for r in s.execute(
            select(EngagementPlan.id, EngagementPlan.title)
            .where(EngagementPlan.id.in_(select(Activity.plan_id)
                                         .where(Activity.planned_date.between(date_from, date_to))))
            .order_by(EngagementPlan.title).limit(limit))]
