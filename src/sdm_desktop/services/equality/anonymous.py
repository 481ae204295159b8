"""Anonymous monitoring counts for an activity or a training session: how many attended and, of them, how many
in each category of the reach report's dimensions, with no names (e.g. 40 attended: 12 aged 65 to 74)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from sdm_desktop.db.models import Activity, AnonymousCount, AnonymousMonitoring, Cohort, TrainingSession
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.validation import FieldErrors, ValidationError
from sdm_desktop.services.equality.dimensions import all_dimensions
from sdm_desktop.services.equality.plus_groups import read_plus_groups

MAX_ATTENDED = 1_000_000
ACTIVITY, SESSION = "activity", "session"


@dataclass
class AnonymousInput:
    attended: int = 0
    counts: dict[tuple[str, str], int] = field(default_factory=dict)    # (dimension, category) -> how many


def _event(s, kind: str, event_id: int):
    model = Activity if kind == ACTIVITY else TrainingSession
    if s.get(model, event_id) is None:
        raise LookupError(f"No {'activity' if kind == ACTIVITY else 'training session'} with id {event_id}")
    column = AnonymousMonitoring.activity_id if kind == ACTIVITY else AnonymousMonitoring.training_session_id
    return s.scalar(select(AnonymousMonitoring).where(column == event_id))


def get_anonymous(ctx: AppContext, kind: str, event_id: int) -> AnonymousInput:
    with ctx.session() as s:
        row = _event(s, kind, event_id)
        if row is None:
            return AnonymousInput()
        return AnonymousInput(row.attended, {(c.dimension, c.category): c.count for c in row.counts})


def validate_anonymous(ctx: AppContext, data: AnonymousInput) -> AnonymousInput:
    errors = FieldErrors()
    if not 0 <= data.attended <= MAX_ATTENDED:
        errors.add("attended", f"must be from 0 to {MAX_ATTENDED:,}")
    with ctx.session() as s:
        known = {d.key: d for d in all_dimensions(read_plus_groups(s))}
    totals: dict[str, int] = {}
    counts = {}
    for (dimension, category), n in data.counts.items():
        if dimension not in known or category not in known[dimension].categories:
            errors.add("counts", f"name a category the reach report does not have ({dimension}: {category})")
        elif n < 0:
            errors.add("counts", f"cannot be below 0 ({category})")
        elif n:
            counts[(dimension, category)] = n
            totals[dimension] = totals.get(dimension, 0) + n
    for dimension, total in totals.items():
        if total > data.attended and dimension != "plus group":     # one person may be in several PLUS groups
            errors.add("counts", f"add up to {total} for {known[dimension].label.lower()}, more than the "
                                 f"{data.attended} who attended")
    if errors:
        raise ValidationError(errors)
    return AnonymousInput(data.attended, counts)


def save_anonymous(ctx: AppContext, kind: str, event_id: int, data: AnonymousInput) -> None:
    """Replace the event's counts (all or nothing); none attended and no counts removes them."""
    data = validate_anonymous(ctx, data)
    with ctx.session() as s:
        row = _event(s, kind, event_id)
        if not data.attended and not data.counts:
            if row is not None:
                s.delete(row)
            return
        if row is None:
            row = AnonymousMonitoring(**{"activity_id" if kind == ACTIVITY else "training_session_id": event_id})
            s.add(row)
        row.attended = data.attended
        row.counts.clear()
        s.flush()           # the old counts go before the new: one category may be in both
        row.counts.extend(AnonymousCount(dimension=d, category=c, count=n) for (d, c), n in sorted(data.counts.items()))
        audit.record(s, "update", "anonymous monitoring", event_id, event=kind)


@dataclass(frozen=True)
class EventChoice:
    kind: str           # ACTIVITY or SESSION
    event_id: int
    label: str
    counted: bool       # has anonymous counts already


def event_choices(ctx: AppContext, limit: int = 2000) -> list[EventChoice]:
    """Activities and training sessions to record anonymous counts for, the latest first."""
    with ctx.session() as s:
        counted_activities = set(s.scalars(select(AnonymousMonitoring.activity_id)
                                           .where(AnonymousMonitoring.activity_id.is_not(None))))
        counted_sessions = set(s.scalars(select(AnonymousMonitoring.training_session_id)
                                         .where(AnonymousMonitoring.training_session_id.is_not(None))))
        activities = s.execute(select(Activity.id, Activity.title, Activity.planned_date)
                               .order_by(Activity.planned_date.desc().nulls_last(), Activity.id.desc()).limit(limit))
        out = [(day, EventChoice(ACTIVITY, i, f"{day:%d %b %Y} · {title}" if day else f"(no date) · {title}",
                                 i in counted_activities)) for i, title, day in activities]
        sessions = s.execute(select(TrainingSession.id, TrainingSession.starts_at, TrainingSession.topic, Cohort.name)
                             .join(Cohort).order_by(TrainingSession.starts_at.desc()).limit(limit))
        out += [(at.date(), EventChoice(SESSION, i, f"{at:%d %b %Y} · training: {cohort}"
                                        + (f" ({topic})" if topic else ""), i in counted_sessions))
                for i, at, topic, cohort in sessions]
    out.sort(key=lambda pair: (pair[0] is not None, pair[0] or date.min), reverse=True)
    return [choice for _day, choice in out]
