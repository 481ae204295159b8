"""Import batches: list them, and undo one as a whole (remove what it created, restore what it updated)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Date, DateTime, delete, func, select, update
from sqlalchemy.orm import Session

from sdm_desktop.db.models import (
    ImportBatch, ImportChange, Membership, Organisation, Person, organisation_tags, person_tags, utcnow,
)
from sdm_desktop.errors import UserError
from sdm_desktop.services import audit
from sdm_desktop.services.context import AppContext
from sdm_desktop.services.importing.writer import refresh_member_search_text
from sdm_desktop.services.progress import Progress

CHUNK = 900
TABLES = {"organisation": (Organisation.__table__, organisation_tags, organisation_tags.c.organisation_id),
          "person": (Person.__table__, person_tags, person_tags.c.person_id)}


@dataclass
class BatchInfo:
    id: int
    file_name: str
    kind: str
    created_at: datetime
    created: int
    updated: int
    rejected: int
    undone_at: datetime | None
    still_present: int               # created rows not since deleted by hand

    @property
    def undone(self) -> bool:
        return self.undone_at is not None


def list_batches(ctx: AppContext) -> list[BatchInfo]:
    with ctx.session() as s:
        present = {}
        for entity, (table, _links, _owner) in TABLES.items():
            rows = s.execute(select(table.c.import_batch_id, func.count()).where(table.c.import_batch_id.is_not(None))
                             .group_by(table.c.import_batch_id))
            for batch_id, count in rows:
                present[batch_id] = present.get(batch_id, 0) + count
        return [BatchInfo(b.id, b.file_name, b.kind, b.created_at, b.created_count, b.updated_count,
                          b.rejected_count, b.undone_at, present.get(b.id, 0))
                for b in s.scalars(select(ImportBatch).order_by(ImportBatch.id.desc()))]


def undo_batch(ctx: AppContext, batch_id: int, progress: Progress | None = None) -> BatchInfo:
    """Remove the rows the batch created and put back the values of the rows it updated."""
    progress = progress or Progress()
    with ctx.session() as s:
        batch = s.get(ImportBatch, batch_id)
        if batch is None:
            raise UserError(f"There is no import batch {batch_id}.")
        if batch.undone_at is not None:
            raise UserError(f"Import batch {batch_id} was already undone on {batch.undone_at:%d %b %Y %H:%M}.")
        changes = list(s.execute(select(ImportChange.entity, ImportChange.entity_id, ImportChange.action,
                                        ImportChange.before_json).where(ImportChange.batch_id == batch_id)
                                 .order_by(ImportChange.id.desc())))
        progress.start(len(changes), f"Undoing import {batch_id}")
        _restore_updates(s, [c for c in changes if c.action == "update"], progress)
        _delete_created(s, [c for c in changes if c.action == "create"], progress)
        batch.undone_at = utcnow()
        audit.record(s, "undo import", "import_batch", batch_id, file=batch.file_name)
    return next(b for b in list_batches(ctx) if b.id == batch_id)


def _delete_created(s: Session, changes: list, progress: Progress) -> None:
    by_entity: dict[str, list[int]] = {}
    for change in changes:
        by_entity.setdefault(change.entity, []).append(change.entity_id)
    for entity, ids in by_entity.items():
        table = TABLES[entity][0]
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            s.execute(delete(table).where(table.c.id.in_(chunk)))
            progress.step(len(chunk))


def _restore_updates(s: Session, changes: list, progress: Progress) -> None:
    renamed = []
    for change in changes:
        table, links, owner_col = TABLES[change.entity]
        before = json.loads(change.before_json)
        row = _typed(table, before["row"])
        row_id = row.pop("id")
        if change.entity == "organisation" and s.scalar(select(table.c.name).where(table.c.id == row_id)) != row["name"]:
            renamed.append(row_id)
        s.execute(update(table).where(table.c.id == row_id).values(**row))
        s.execute(delete(links).where(owner_col == row_id))
        if before["tags"]:
            s.execute(links.insert(), [{owner_col.name: row_id, "tag_id": t} for t in before["tags"]])
        if change.entity == "person":
            _restore_memberships(s, row_id, before.get("memberships", []))
        progress.step()
    refresh_member_search_text(s, renamed)


def _restore_memberships(s: Session, person_id: int, memberships: list) -> None:
    s.execute(delete(Membership.__table__).where(Membership.person_id == person_id))
    rows = [{"person_id": person_id, "organisation_id": org_id, "role": role} for org_id, role in memberships]
    existing = set(s.scalars(select(Organisation.id).where(Organisation.id.in_([r["organisation_id"] for r in rows]))))
    rows = [r for r in rows if r["organisation_id"] in existing]
    if rows:
        s.execute(Membership.__table__.insert(), rows)


def _typed(table, values: dict) -> dict:
    """JSON values back to the column types (dates were stored as ISO text)."""
    out = {}
    for name, value in values.items():
        if name not in table.c:
            continue
        kind = table.c[name].type
        if value is not None and isinstance(kind, DateTime):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(kind, Date):
            value = date.fromisoformat(value)
        out[name] = value
    return out
