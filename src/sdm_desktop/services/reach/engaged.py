"""Who was engaged in a period: people with an interaction, people targeted by an activity that took place,
people who attended a training session; and the anonymous counts of activities and sessions in the period.
A plan, an activity type or a PPE level narrows it to activities (training belongs to none)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy import select

from sdm_desktop.db.models import (
    Activity,
    ActivityTarget,
    AnonymousCount,
    AnonymousMonitoring,
    Attendance,
    EngagementPlan,
    Enrolment,
    Interaction,
    TrainingSession,
)
from sdm_desktop.errors import UserError

REACHING_STATUSES = ("done", "in_progress")        # an activity that has reached its targets


@dataclass(frozen=True)
class ReachFilter:
    date_from: date
    date_to: date
    plan: str | None = None
    level: str | None = None            # individual | service | community
    activity_type: str | None = None    # an activity's method

    @property
    def activities_only(self) -> bool:
        return bool(self.plan or self.level or self.activity_type)

    def description(self) -> str:
        parts = [f"{self.date_from:%d %b %Y} to {self.date_to:%d %b %Y}"]
        if self.plan:
            parts.append(f"plan “{self.plan}”")
        if self.level:
            parts.append(f"{self.level} level")
        if self.activity_type:
            parts.append(f"activities of type {self.activity_type}")
        return ", ".join(parts)


@dataclass
class Engaged:
    people: set[int] = field(default_factory=set)
    through: dict[str, int] = field(default_factory=dict)    # how: interactions, activities, training -> people
    attended_anonymously: int = 0
    anonymous: dict[tuple[str, str], int] = field(default_factory=dict)
    anonymous_events: int = 0
    groups: set[int] = field(default_factory=set)


def _activity_conditions(s, f: ReachFilter) -> list:
    conditions = []
    if f.plan:
        plan_id = s.scalar(select(EngagementPlan.id).where(EngagementPlan.title == f.plan))
        if plan_id is None:
            raise UserError(f"There is no engagement plan called “{f.plan}”.")
        conditions.append(Activity.plan_id == plan_id)
    if f.level:
        conditions.append(Activity.ppe_level == f.level)
    if f.activity_type:
        conditions.append(Activity.method == f.activity_type)
    return conditions


def engaged_in(s, f: ReachFilter) -> Engaged:
    if f.date_to < f.date_from:
        raise UserError(f"The period ends ({f.date_to}) before it starts ({f.date_from}).")
    out = Engaged()
    narrow = _activity_conditions(s, f)
    interactions = select(Interaction.person_id, Interaction.organisation_id).where(
        Interaction.occurred_on.between(f.date_from, f.date_to))
    if narrow:
        interactions = interactions.join(Activity, Activity.id == Interaction.activity_id).where(*narrow)
    people = set()
    for person_id, org_id in s.connection().execute(interactions.distinct()):
        if person_id is not None:
            people.add(person_id)
        elif org_id is not None:
            out.groups.add(org_id)
    out.through["interactions"] = len(people)
    took_place = [Activity.planned_date.between(f.date_from, f.date_to), Activity.status.in_(REACHING_STATUSES),
                  *narrow]
    targeted = set()
    for person_id, org_id in s.execute(select(ActivityTarget.person_id, ActivityTarget.organisation_id)
                                       .join(Activity).where(*took_place)):
        if person_id is not None:
            targeted.add(person_id)
        else:
            out.groups.add(org_id)
    out.through["activities"] = len(targeted)
    people |= targeted
    trained: set[int] = set()
    if not f.activities_only:
        start, end = datetime.combine(f.date_from, time.min), datetime.combine(f.date_to, time.max)
        trained = set(s.scalars(select(Enrolment.person_id).distinct()
                                .join(Attendance, Attendance.enrolment_id == Enrolment.id)
                                .join(TrainingSession, TrainingSession.id == Attendance.session_id)
                                .where(Attendance.attended.is_(True), TrainingSession.starts_at.between(start, end))))
    out.through["training"] = len(trained)
    out.people = people | trained
    _anonymous(s, f, narrow, out)
    return out


def _anonymous(s, f: ReachFilter, narrow: list, out: Engaged) -> None:
    events = select(AnonymousMonitoring.id, AnonymousMonitoring.attended).join(
        Activity, Activity.id == AnonymousMonitoring.activity_id).where(
        Activity.planned_date.between(f.date_from, f.date_to), Activity.status.in_(REACHING_STATUSES), *narrow)
    rows = list(s.execute(events))
    if not f.activities_only:
        start, end = datetime.combine(f.date_from, time.min), datetime.combine(f.date_to, time.max)
        rows += list(s.execute(select(AnonymousMonitoring.id, AnonymousMonitoring.attended).join(
            TrainingSession, TrainingSession.id == AnonymousMonitoring.training_session_id)
            .where(TrainingSession.starts_at.between(start, end))))
    ids = [r[0] for r in rows]
    out.anonymous_events = len(ids)
    out.attended_anonymously = sum(r[1] for r in rows)
    for start in range(0, len(ids), 500):
        for dimension, category, n in s.execute(select(AnonymousCount.dimension, AnonymousCount.category,
                                                       AnonymousCount.count)
                                                .where(AnonymousCount.monitoring_id.in_(ids[start:start + 500]))):
            out.anonymous[(dimension, category)] = out.anonymous.get((dimension, category), 0) + n


def plan_titles(s) -> list[str]:
    return list(s.scalars(select(EngagementPlan.title).order_by(EngagementPlan.title)))
