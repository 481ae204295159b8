"""The UID and SEQUENCE of each event sent: the UID never changes, so an update moves the event in people's
diaries instead of adding a second one; the SEQUENCE goes up whenever what was sent changes."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from sdm_desktop.db.models import CalendarEvent, utcnow
from sdm_desktop.services.calendar.ics import EventSpec, Stamped


def stamp(session: Session, specs: list[EventSpec], scope: str) -> list[Stamped]:
    """Stamped events, recording new ones and raising the sequence of changed ones (the app's own writes)."""
    out = []
    for spec in specs:
        row = session.scalar(select(CalendarEvent).where(CalendarEvent.source_kind == spec.kind,
                                                         CalendarEvent.source_id == spec.source_id))
        digest = hashlib.sha256(spec.fingerprint_text().encode()).hexdigest()
        if row is None:
            row = CalendarEvent(source_kind=spec.kind, source_id=spec.source_id, scope=scope, sequence=0,
                                uid=f"sdm-{spec.kind}-{spec.source_id}-{secrets.token_hex(8)}@sdm-desktop",
                                fingerprint=digest, label=spec.title[:300])
            session.add(row)
        elif row.fingerprint != digest:
            row.sequence += 1
            row.fingerprint, row.label = digest, spec.title[:300]
        row.cancelled_at = utcnow() if spec.cancelled else None
        row.all_day = spec.all_day
        row.starts_at = spec.start if isinstance(spec.start, datetime) else datetime.combine(spec.start, time())
        out.append(Stamped(spec, row.uid, row.sequence))
    session.flush()
    return out


def gone(session: Session, kind: str, scope: str, present: set[int]) -> list[Stamped]:
    """Events sent before whose session (or activity) has since been deleted: their cancellations, each
    with a higher sequence the first time."""
    out = []
    rows = session.scalars(select(CalendarEvent).where(CalendarEvent.source_kind == kind,
                                                       CalendarEvent.scope == scope)
                           .order_by(CalendarEvent.id))
    for row in rows:
        if row.source_id in present:
            continue
        if row.cancelled_at is None:
            row.sequence += 1
            row.cancelled_at = utcnow()
        start = row.starts_at or row.created_at
        spec = EventSpec(kind, row.source_id, row.label, start.date() if row.all_day else start, cancelled=True)
        out.append(Stamped(spec, row.uid, row.sequence))
    return out
