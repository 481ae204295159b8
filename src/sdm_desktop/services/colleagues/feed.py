"""What colleagues changed since we last looked, read from the audit trail (every save writes to it in the
same transaction), so open views can refresh within seconds."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from sdm_desktop.db.models import AuditEvent
from sdm_desktop.services.core.changes import Change
from sdm_desktop.services.core.context import AppContext

# The audit trail's entity names and the kind of change a view listens for.
CHANGE_OF_ENTITY = {
    "organisation": Change.ORGANISATION, "organisation_type": Change.ORGANISATION,
    "person": Change.PERSON, "membership": Change.PERSON,
    "assessment": Change.ASSESSMENT, "analysis_round": Change.ASSESSMENT,
    "engagement_plan": Change.PLAN, "activity": Change.ACTIVITY, "interaction": Change.INTERACTION,
    "programme": Change.TRAINING, "cohort": Change.TRAINING, "training_session": Change.TRAINING,
    "enrolment": Change.TRAINING, "attendance": Change.TRAINING, "cohort_evaluation": Change.TRAINING,
    "training": Change.TRAINING,
    "letter_run": Change.LETTER, "letter_template": Change.LETTER_TEMPLATE, "setting": Change.LETTER_SETTINGS,
    "resource": Change.RESOURCE, "share_log": Change.RESOURCE,
    "import_batch": Change.IMPORT,
}
MOST_EVENTS_READ = 2000       # more than this since the last look: refresh everything


@dataclass
class Changes:
    last_event_id: int
    kinds: set[Change] = field(default_factory=set)
    records: set[tuple[str, int]] = field(default_factory=set)      # (entity, id) changed by others
    by: set[str] = field(default_factory=set)


def latest_event_id(ctx: AppContext) -> int:
    with ctx.session() as s:
        return s.scalar(select(func.max(AuditEvent.id))) or 0


def changes_since(ctx: AppContext, after_id: int, own_event_ids: set[int] | frozenset = frozenset()) -> Changes:
    """The audit events after ``after_id`` not written by this app, as the kinds views listen for."""
    with ctx.session() as s:
        rows = s.execute(select(AuditEvent.id, AuditEvent.entity, AuditEvent.entity_id, AuditEvent.actor)
                         .where(AuditEvent.id > after_id).order_by(AuditEvent.id).limit(MOST_EVENTS_READ)).all()
    changes = Changes(last_event_id=rows[-1].id if rows else after_id)
    if len(rows) == MOST_EVENTS_READ:
        changes.last_event_id = latest_event_id(ctx)
        changes.kinds.add(Change.ALL)
    for row in rows:
        if row.id in own_event_ids:
            continue
        changes.kinds.add(CHANGE_OF_ENTITY.get(row.entity, Change.ALL))
        if row.entity_id is not None:
            changes.records.add((row.entity, row.entity_id))
        if row.actor:
            changes.by.add(row.actor)
    return changes
