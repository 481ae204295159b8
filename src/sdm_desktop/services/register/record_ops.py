"""Archive, delete and undo for register rows, shared by organisations and people."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select, update

from sdm_desktop.db.models import utcnow
from sdm_desktop.services.core import audit, snapshots, versions
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.undo import UndoStep


def get_row(s, model, row_id: int, noun: str):
    """The row of ``model`` with this id, or LookupError naming it as a ``noun``."""
    row = s.get(model, row_id)
    if row is None:
        raise LookupError(f"No {noun} with id {row_id}")
    return row


@dataclass(frozen=True)
class RecordKind:
    model: type
    entity: str          # audit name: "organisation", "person"
    singular: str
    plural: str

    def count(self, ids: list[int]) -> str:
        return f"1 {self.singular}" if len(ids) == 1 else f"{len(ids)} {self.plural}"


def set_archived(ctx: AppContext, kind: RecordKind, ids: list[int], archived: bool) -> None:
    with ctx.session() as s:
        before = dict(s.execute(select(kind.model.id, kind.model.archived_at).where(kind.model.id.in_(ids))).all())
        _archive(s, kind, ids, archived)
    word = "archive" if archived else "restore"
    # Undo puts back each row's own state: of several rows archived together, one may have been
    # archived already (with its own date), and must stay so.
    ctx.undo.push(UndoStep(f"{word} {kind.count(ids)}", lambda: _put_back_archived(ctx, kind, before)))


def _put_back_archived(ctx: AppContext, kind: RecordKind, before: dict) -> None:
    with ctx.session() as s:
        for row_id, archived_at in before.items():
            s.execute(update(kind.model).where(kind.model.id == row_id).values(archived_at=archived_at))
            audit.record(s, "undo archive", kind.entity, row_id)


def _archive(s, kind: RecordKind, ids: list[int], archived: bool) -> None:
    s.execute(update(kind.model).where(kind.model.id.in_(ids))
              .values(archived_at=utcnow() if archived else None))
    for row_id in ids:
        audit.record(s, "archive" if archived else "unarchive", kind.entity, row_id)


def delete_rows(ctx: AppContext, kind: RecordKind, ids: list[int], after=None,
                expected: dict[int, int] | None = None) -> None:
    """Delete with everything that hangs off the rows; one undo puts it all back. ``after(session)``
    runs in the same transaction after the delete and after its undo (e.g. to refresh derived data).
    ``expected`` (id → the version the user saw) refuses the delete if one was changed or deleted since."""
    with ctx.session() as s:
        for row_id, version in (expected or {}).items():
            row = s.get(kind.model, row_id)
            versions.expect_version(s, row, version, kind.entity, row_id, f"This {kind.singular}",
                                    doing="deleted")
        snap = snapshots.capture(s, kind.model.__table__, ids)
        s.execute(delete(kind.model).where(kind.model.id.in_(ids)))
        for row_id in ids:
            audit.record(s, "delete", kind.entity, row_id)
        if after is not None:
            after(s)
    ctx.undo.push(UndoStep(f"delete {kind.count(ids)}", lambda: _restore(ctx, kind, snap, after)))


def _restore(ctx: AppContext, kind: RecordKind, snap: snapshots.Snapshot, after=None) -> None:
    with ctx.session() as s:
        snapshots.restore(s, snap)
        audit.record(s, "undo delete", kind.entity)
        if after is not None:
            after(s)


def delete_created(ctx: AppContext, kind: RecordKind, ids: list[int]) -> None:
    """Undo of an add: remove what was created."""
    with ctx.session() as s:
        s.execute(delete(kind.model).where(kind.model.id.in_(ids)))
        audit.record(s, "undo create", kind.entity, ids[0] if len(ids) == 1 else None)
