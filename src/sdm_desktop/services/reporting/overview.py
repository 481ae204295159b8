"""The Home view's summary of the whole programme, in a handful of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from sdm_desktop.db.models import (
    Activity,
    AnalysisRound,
    EngagementPlan,
    Enrolment,
    Letter,
    TrainingSession,
)
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.engagement.followups import follow_up_counts
from sdm_desktop.services.register.search import register_counts


@dataclass
class Overview:
    register: dict[str, int]
    actions_overdue: int
    actions_this_week: int
    active_plans: int
    activities_next_30_days: int
    sessions_next_30_days: int
    people_completed_training: int
    latest_round: str
    letters_sent: int


def programme_overview(ctx: AppContext, today: date | None = None) -> Overview:
    today = today or date.today()
    soon = today + timedelta(days=30)
    actions = follow_up_counts(ctx, today)
    with ctx.session() as s:
        count = lambda query: s.scalar(query) or 0  # noqa: E731
        overview = Overview(
            register=register_counts(ctx),
            actions_overdue=actions.overdue,
            actions_this_week=actions.this_week,
            active_plans=count(select(func.count()).select_from(EngagementPlan)
                               .where(EngagementPlan.status == "active")),
            activities_next_30_days=count(select(func.count()).where(
                Activity.planned_date >= today, Activity.planned_date <= soon,
                Activity.status.in_(("planned", "in progress")))),
            sessions_next_30_days=count(select(func.count()).where(
                TrainingSession.starts_at >= datetime.combine(today, datetime.min.time()),
                TrainingSession.starts_at <= datetime.combine(soon, datetime.max.time()))),
            people_completed_training=count(select(func.count(func.distinct(Enrolment.person_id)))
                                            .where(Enrolment.status == "completed")),
            latest_round=s.scalar(select(AnalysisRound.name).order_by(
                AnalysisRound.held_on.desc().nulls_last(), AnalysisRound.id.desc()).limit(1)) or "none yet",
            letters_sent=count(select(func.count()).select_from(Letter)),
        )
    return overview
