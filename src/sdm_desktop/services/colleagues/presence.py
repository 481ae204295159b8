"""Who else has a record open for editing. Advisory: an editor refreshes its mark while open, marks older
than STALE_AFTER are ignored (a crashed or unplugged PC strands nothing), and nothing is ever refused."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from sdm_desktop.db.models import RecordPresence, utcnow
from sdm_desktop.services.core.audit import current_user
from sdm_desktop.services.core.context import AppContext

STALE_AFTER = timedelta(seconds=90)
FORGET_AFTER = timedelta(days=1)


@dataclass(frozen=True)
class Editing:
    actor: str
    since: datetime        # UTC


def mark_editing(ctx: AppContext, instance: str, records: set[tuple[str, int]]) -> None:
    """This app has exactly these records open for editing now (refreshing their marks)."""
    now = utcnow()
    with ctx.session() as s:
        mine = {(p.entity, p.record_id): p for p in s.scalars(select(RecordPresence)
                                                               .where(RecordPresence.instance == instance))}
        for key, row in mine.items():
            if key not in records:
                s.delete(row)
        for entity, record_id in records:
            if (entity, record_id) in mine:
                mine[(entity, record_id)].seen_at = now
            else:
                s.add(RecordPresence(entity=entity, record_id=record_id, actor=current_user(), instance=instance,
                                     since=now, seen_at=now))
        s.execute(delete(RecordPresence).where(RecordPresence.seen_at < now - FORGET_AFTER))


def stop_editing(ctx: AppContext, instance: str) -> None:
    with ctx.session() as s:
        s.execute(delete(RecordPresence).where(RecordPresence.instance == instance))


def others_editing(ctx: AppContext, instance: str,
                   records: set[tuple[str, int]]) -> dict[tuple[str, int], list[Editing]]:
    """For each of these records, who else has it open (fresh marks only)."""
    if not records:
        return {}
    fresh = utcnow() - STALE_AFTER
    out: dict[tuple[str, int], list[Editing]] = {}
    with ctx.session() as s:
        rows = s.scalars(select(RecordPresence).where(RecordPresence.instance != instance,
                                                      RecordPresence.seen_at >= fresh,
                                                      RecordPresence.record_id.in_({r for _e, r in records})))
        for row in rows:
            if (row.entity, row.record_id) in records:
                out.setdefault((row.entity, row.record_id), []).append(Editing(row.actor, row.since))
    return out

