"""No lost updates: a save or delete that started from an older version of a record is refused with
``RecordChanged``, and a three-way comparison (what was loaded, what is there now, what the user typed)
says field by field who changed what, so the user can keep theirs, keep yours or merge."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import inspect, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from sdm_desktop.db.models import AuditEvent, Base, utcnow
from sdm_desktop.errors import UserError


class RecordChanged(UserError):
    """A save, delete or undo that would overwrite a change someone else made since. Nothing was changed."""

    def __init__(self, entity: str, record_id: int | None, label: str, *, deleted: bool = False,
                 by: str | None = None, at: datetime | None = None, doing: str = "saved"):
        self.entity, self.record_id, self.label = entity, record_id, label
        self.deleted, self.by, self.at, self.doing = deleted, by, at, doing
        super().__init__(self._sentence())

    def _sentence(self) -> str:
        what = f"{self.label} ({self.entity} {self.record_id})" if self.record_id is not None else self.label
        who = f" by {self.by}" if self.by else ""
        local = self.at.replace(tzinfo=UTC).astimezone() if self.at else None     # the audit trail keeps UTC
        when = f" at {local:%H:%M on %d/%m/%Y}" if local else ""
        happened = "was deleted" if self.deleted else "was changed"
        return f"Not {self.doing}: {what} {happened}{who}{when} since you opened it. Nothing was changed."


def last_change(session: Session, entity: str, record_id: int) -> tuple[str | None, datetime | None]:
    """Who last changed the record and when, from the audit trail."""
    row = session.execute(select(AuditEvent.actor, AuditEvent.at)
                          .where(AuditEvent.entity == entity, AuditEvent.entity_id == record_id)
                          .order_by(AuditEvent.id.desc()).limit(1)).first()
    return (row.actor, row.at) if row else (None, None)


def expect_version(session: Session, row, expected: int | None, entity: str, record_id: int, label: str,
                   *, doing: str = "saved") -> None:
    """Refuse the write if the row is gone or is no longer at the version the user started from.
    ``expected`` None means the caller loaded and writes in this one transaction (e.g. the command line)."""
    if row is None:
        by, at = last_change(session, entity, record_id)
        raise RecordChanged(entity.replace("_", " "), record_id, label, deleted=True, by=by, at=at, doing=doing)
    if expected is not None and row.row_version != expected:
        by, at = last_change(session, entity, record_id)
        raise RecordChanged(entity.replace("_", " "), record_id, label, by=by, at=at, doing=doing)


def get_expected(session: Session, model, record_id: int, expected: int | None, label_of, fallback: str,
                 *, doing: str = "saved"):
    """The row to write (its table named in the audit trail as the entity), refused with RecordChanged if
    it is gone or no longer at ``expected``. ``label_of(row)`` names it; ``fallback`` names it when gone."""
    row = session.get(model, record_id)
    label = label_of(row) if row is not None else fallback
    expect_version(session, row, expected, model.__tablename__, record_id, label, doing=doing)
    return row


def expect_versions(session: Session, model, expected: Mapping[int, int] | None, label_of=None,
                    *, doing: str = "deleted") -> None:
    """Before a delete: each row (id → the version the user saw) still exists at that version."""
    noun = model.__tablename__.replace("_", " ")
    for record_id, version in (expected or {}).items():
        row = session.get(model, record_id)
        label = label_of(row) if row is not None and label_of else f"This {noun}"
        expect_version(session, row, version, model.__tablename__, record_id, label, doing=doing)


def written_row(session: Session, row, label: str) -> list[Written]:
    """The row as this step leaves it (flushed, so its version is the new one), for the undo guard."""
    session.flush()
    return [Written(row.__tablename__, row.id, row.row_version, label)]


_STALE_TABLE = re.compile(r"on table '([^']+)'")


def from_stale_data(exc: Exception, session: Session | None = None) -> RecordChanged:
    """SQLAlchemy's StaleDataError (another connection wrote the row between this session's read and its
    write) as the same typed refusal, naming the row when only one of that table was being written."""
    match = _STALE_TABLE.search(str(exc))
    table = match.group(1) if match else None
    noun = table.replace("_", " ") if table else "record"
    pending = [p for p in (session.info.get(PENDING, []) if session is not None else []) if p[0] == table]
    if len(pending) == 1:
        return _named(session, noun, *pending[0])
    return RecordChanged(noun, None, f"This {noun}")


PENDING = "versioned_rows_being_written"


def note_pending(session: Session, _context=None, _instances=None) -> None:
    """before_flush: the versioned rows about to be updated, each named as it is stored, so that a write
    found stale can say which record it was (the failed flush expires them)."""
    pending = []
    for row in session.dirty:
        if getattr(row, "row_version", None) is not None and getattr(row, "id", None) is not None:
            stored = inspect(row).committed_state
            label = next((str(v) for v in (stored.get(a, getattr(row, a, None))
                                           for a in ("display_name", "name", "title")) if v), "")
            pending.append((row.__tablename__, row.id, label or f"This {row.__tablename__.replace('_', ' ')}"))
    session.info[PENDING] = pending


def _named(session: Session, noun: str, table: str, record_id: int, label: str) -> RecordChanged:
    """Who changed it, read on a connection of its own (this session's transaction has failed)."""
    try:
        with Session(session.get_bind()) as fresh:
            by, at = last_change(fresh, table, record_id)
    except Exception:  # noqa: BLE001 - naming who changed it is a courtesy, never a second failure
        by, at = None, None
    return RecordChanged(noun, record_id, label, by=by, at=at)


@dataclass(frozen=True)
class FieldChange:
    name: str
    base: object       # when the user opened the record
    theirs: object     # in the database now
    yours: object      # in the user's form


@dataclass
class Merge:
    """The three-way comparison of one record. ``values`` already holds every field only one side changed
    (and the fields both changed alike); ``conflicts`` are those both changed differently."""
    values: dict
    base: dict = field(default_factory=dict)
    yours: dict = field(default_factory=dict)
    theirs_changed: list[str] = field(default_factory=list)
    yours_changed: list[str] = field(default_factory=list)
    conflicts: list[FieldChange] = field(default_factory=list)

    def resolved(self, choices: Mapping[str, str]) -> dict:
        """The merged values with each conflict settled as ``choices[name]`` ("theirs" or "yours")."""
        values = dict(self.values)
        for change in self.conflicts:
            values[change.name] = change.yours if choices.get(change.name) == "yours" else change.theirs
        return values


def three_way(base: Mapping, theirs: Mapping, yours: Mapping) -> Merge:
    merge = Merge(values=dict(theirs), base=dict(base), yours={**theirs, **yours})
    for name in theirs:
        was, now, mine = base.get(name), theirs[name], yours.get(name, base.get(name))
        they_changed, you_changed = now != was, mine != was
        if they_changed:
            merge.theirs_changed.append(name)
        if you_changed:
            merge.yours_changed.append(name)
            if they_changed and mine != now:
                merge.conflicts.append(FieldChange(name, was, now, mine))
            else:
                merge.values[name] = mine
    return merge


def read_version(session: Session, table: str, record_id: int) -> int | None:
    """The row's version now (None if it is gone). An editor reads it BEFORE the record's values: a
    colleague's save in between then shows as a conflict, never as a silently lost change."""
    rows = Base.metadata.tables[table]
    return session.scalar(select(rows.c.row_version).where(rows.c.id == record_id))


class OwnWrites:
    """The versions this running app wrote, per row, so undo can tell its own later steps (which it may
    undo through) from a colleague's change (which it must not overwrite)."""

    def __init__(self) -> None:
        self._versions: dict[tuple[str, int], set[int]] = {}
        self.audit_ids: set[int] = set()     # this app's own audit events: no reason to refresh on them

    def note_flush(self, session: Session, _context=None) -> None:
        for obj in session.new:
            if isinstance(obj, AuditEvent) and obj.id is not None:
                self.audit_ids.add(obj.id)
        for obj in (*session.new, *session.dirty):
            version = getattr(obj, "row_version", None)
            if version is not None and getattr(obj, "id", None) is not None:
                self._versions.setdefault((obj.__tablename__, obj.id), set()).add(version)

    def forget_audit_until(self, event_id: int) -> None:
        self.audit_ids = {i for i in self.audit_ids if i > event_id}

    def all_ours(self, table: str, record_id: int, since: int, now: int) -> bool:
        ours = self._versions.get((table, record_id), set())
        return all(v in ours for v in range(since + 1, now + 1))


@dataclass(frozen=True)
class Written:
    """A row as one step left it: its table, id, version afterwards, and how to name it."""
    table: str
    record_id: int
    version: int
    label: str


def check_undo(session: Session, own: OwnWrites, written: list[Written]) -> None:
    """Refuse an undo that would put back values over a change made after the step by someone else."""
    for row in written:
        now = read_version(session, row.table, row.record_id)
        if now is None:
            continue        # deleted since: the undo's own code says what it can still put back
        if now != row.version and not own.all_ours(row.table, row.record_id, row.version, now):
            by, at = last_change(session, row.table, row.record_id)
            raise RecordChanged(row.table.replace("_", " "), row.record_id, row.label, by=by, at=at,
                                doing="undone")


def write_derived(session: Session, row, **values) -> None:
    """Derived data (e.g. search text) refreshed, not the record edited: a Core UPDATE, so neither its
    version (a colleague's save must not look stale) nor its "updated" time (which undoing an import reads)
    moves. The loaded object is brought in step without being marked as changed."""
    table = row.__table__
    keep = {"updated_at": table.c.updated_at} if "updated_at" in table.c else {}
    session.execute(update(table).where(table.c.id == row.id).values(**values, **keep))
    for name, value in values.items():
        set_committed_value(row, name, value)


def mark_changed(row) -> None:
    """A change the row's own columns do not show (its tags, a person's groups) still counts as an edit:
    its version goes up, so a colleague's form that started before it is refused rather than undoing it."""
    row.updated_at = utcnow()


def current_version(ctx, table: str, record_id: int) -> int | None:
    """The version an editor opens (``ctx`` an AppContext), read before the record's values."""
    with ctx.session() as s:
        return read_version(s, table, record_id)
