"""Home's dashboard: every figure of the programme at a glance, for a period, in a handful of aggregate queries
(counted in the database, never by loading rows), plus what changed since the user last opened the app.

Each figure is counted exactly as the view it links to filters its records, so "5 overdue" opens 5 actions:
groups as the Stakeholders view lists them (not archived), activities by their planned date and level as
Engagement's filters select them, the grid's quadrants as the Analysis view's "Latest assessment of each"."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Integer, and_, case, cast, func, select

from sdm_desktop.db.models import (
    Activity,
    AnalysisRound,
    Assessment,
    ConsultationAnswer,
    ConsultationResponse,
    ConsultationTheme,
    Enrolment,
    Interaction,
    Letter,
    Organisation,
    OrganisationType,
    Person,
    TrainingSession,
)
from sdm_desktop.db.models.consultation import AnswerTheme
from sdm_desktop.services.analysis.grid_counts import moved_between, quadrant_counts
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.vocab import PPE_LEVELS
from sdm_desktop.services.engagement.followups import follow_up_counts
from sdm_desktop.services.register.search import register_counts
from sdm_desktop.services.reporting.dashboard_figures import NO_LEVEL, Dashboard, Since
from sdm_desktop.services.reporting.periods import Period, Slot, slot_index, slots
from sdm_desktop.services.training.statuses import TRAINED

MOST_THEMES = 6


def _day_span(period: Period) -> tuple[datetime, datetime]:
    return datetime.combine(period.first, time.min), datetime.combine(period.last, time.max)


def _groups(s) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """Live groups of each type, and marked for each level: one pass over the groups."""
    flags = [func.sum(cast(getattr(Organisation, f"ppe_{code}").is_(True), Integer)) for code, _t in PPE_LEVELS]
    rows = s.execute(select(Organisation.org_type_id, func.count(Organisation.id), *flags)
                     .where(Organisation.archived_at.is_(None)).group_by(Organisation.org_type_id)).all()
    per_type = {row[0]: row[1] for row in rows}
    types = s.execute(select(OrganisationType.id, OrganisationType.name)
                      .order_by(OrganisationType.sort_order, OrganisationType.name)).all()
    levels = [(code, sum(row[2 + n] or 0 for row in rows)) for n, (code, _t) in enumerate(PPE_LEVELS)]
    return [(name, per_type.get(type_id, 0)) for type_id, name in types], levels


def _activities(s, period: Period, slots_: list[Slot]) -> dict[tuple[int, str], int]:
    known = [code for code, _t in PPE_LEVELS]
    level = case(*((Activity.ppe_level == code, code) for code in known), else_=NO_LEVEL)
    rows = s.execute(select(Activity.planned_date, level, func.count(Activity.id))
                     .where(Activity.planned_date.between(period.first, period.last))
                     .group_by(Activity.planned_date, level)).all()
    return _by_slot(rows, slots_)


def _by_slot(rows, slots_: list[Slot]) -> dict:
    out: dict = {}
    for day, key, n in rows:
        slot = slot_index(slots_, day)
        if slot is not None:
            out[(slot, key)] = out.get((slot, key), 0) + n
    return out


def _training(s, period: Period, slots_: list[Slot]) -> tuple[dict[tuple[int, bool], int], int, int, int]:
    """People trained in each slot (by the cascade or not), in the period, in it by the cascade, and ever: two
    passes over the trained enrolments."""
    trained = Enrolment.status.in_(TRAINED)
    in_period = Enrolment.completed_on.between(period.first, period.last)
    cascade = Enrolment.trained_by_person_id.is_not(None)
    rows = s.execute(select(Enrolment.completed_on, cascade, func.count(func.distinct(Enrolment.person_id)))
                     .where(trained, in_period).group_by(Enrolment.completed_on, cascade)).all()
    people = func.count(func.distinct(Enrolment.person_id))
    only = lambda condition: func.count(func.distinct(case((condition, Enrolment.person_id))))  # noqa: E731
    totals = s.execute(select(only(in_period), only(and_(in_period, cascade)), people).where(trained)).one()
    return (_by_slot([(day, bool(by), n) for day, by, n in rows], slots_), totals[0] or 0, totals[1] or 0,
            totals[2] or 0)


def _consultation(s, period: Period) -> tuple[int, list[tuple[str, int]], list[int]]:
    start, end = _day_span(period)
    received = func.coalesce(ConsultationResponse.submitted_at, ConsultationResponse.created_at).between(start, end)
    responses = s.scalar(select(func.count(ConsultationResponse.id)).where(received)) or 0
    answers = func.count(func.distinct(AnswerTheme.answer_id))
    themes = s.execute(select(ConsultationTheme.name, answers, func.min(ConsultationResponse.activity_id))
                       .join(AnswerTheme, AnswerTheme.theme_id == ConsultationTheme.id)
                       .join(ConsultationAnswer, ConsultationAnswer.id == AnswerTheme.answer_id)
                       .join(ConsultationResponse, ConsultationResponse.id == ConsultationAnswer.response_id)
                       .where(received).group_by(ConsultationTheme.id, ConsultationTheme.name)
                       .order_by(answers.desc(), ConsultationTheme.name).limit(MOST_THEMES)).all()
    return responses, [(name, n) for name, n, _activity in themes], [activity for _n, _a, activity in themes]


def _grid(s) -> tuple[list[tuple[str, int]], str | None, str | None, int]:
    """The quadrants as the grid shows each stakeholder's latest assessment, and who moved on the grid between
    the two latest rounds (as the grid shows them when the latest is compared with the one before)."""
    rounds = s.execute(select(AnalysisRound.id, AnalysisRound.name)       # the order of list_rounds
                       .order_by(AnalysisRound.held_on.is_(None), AnalysisRound.held_on, AnalysisRound.id)).all()
    latest, previous = (rounds[-1] if rounds else None), (rounds[-2] if len(rounds) > 1 else None)
    moved = moved_between(s, previous[0], latest[0]) if previous else 0
    return quadrant_counts(s), latest and latest[1], previous and previous[1], moved


def since_last_opened(ctx: AppContext, at_utc: datetime, now_utc: datetime | None = None) -> Since:
    """New interactions and assessments recorded (their creation times are UTC) and training sessions held
    (their start times are local) since ``at_utc``."""
    now_utc = now_utc or datetime.utcnow()
    offset = datetime.now() - datetime.utcnow()
    local_from, local_to = at_utc + offset, now_utc + offset
    with ctx.session() as s:
        def count(column, *conditions) -> int:
            return s.scalar(select(func.count(column)).where(*conditions)) or 0

        return Since(local_from.replace(microsecond=0),
                     count(Interaction.id, Interaction.created_at > at_utc),
                     count(Assessment.id, Assessment.created_at > at_utc),
                     count(TrainingSession.id, TrainingSession.starts_at > local_from,
                           TrainingSession.starts_at <= local_to))


def dashboard(ctx: AppContext, period: Period, today: date | None = None) -> Dashboard:
    today = today or date.today()
    slots_ = slots(period)
    start, end = _day_span(period)
    followups = follow_up_counts(ctx, today)
    register = register_counts(ctx)
    with ctx.session() as s:
        by_type, by_level = _groups(s)
        activities = _activities(s, period, slots_)
        training = _training(s, period, slots_)
        letters = s.scalar(select(func.count(Letter.id)).where(Letter.created_at.between(start, end))) or 0
        due = s.scalar(select(func.count(Person.id)).where(Person.erased_at.is_(None),
                                                           Person.retention_review_on <= today)) or 0
        responses, themes, theme_activities = _consultation(s, period)
        quadrants, latest, previous, moved = _grid(s)
    return Dashboard(period, today, register, by_type, by_level, slots_, activities, followups.overdue,
                     followups.this_week, quadrants, latest, previous, moved, *training, letters, due, responses,
                     themes, theme_activities)

