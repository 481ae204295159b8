"""Import batches: list them, and undo one as a whole (remove what it created, restore what it updated)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Date, DateTime, delete, func, select, update
from sqlalchemy.orm import Session

from sdm_desktop.db.models import (
    ImportBatch,
    ImportChange,
    Interaction,
    Membership,
    Organisation,
    Person,
    Tag,
    organisation_tags,
    person_tags,
    utcnow,
)
from sdm_desktop.db.models.consultation import (
    AnswerCoding,
    ConsultationAnswer,
    ConsultationQuestion,
    ConsultationResponse,
)
from sdm_desktop.errors import UserError
from sdm_desktop.progress import Progress
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.importing.writer import refresh_member_search_text
from sdm_desktop.services.register.search_upkeep import defer_index

CHUNK = 900
RESPONSES = "responses"          # a batch of consultation responses (services/consultation/storing.py)
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
        for _entity, (table, _links, _owner) in TABLES.items():
            rows = s.execute(select(table.c.import_batch_id, func.count()).where(table.c.import_batch_id.is_not(None))
                             .group_by(table.c.import_batch_id))
            for batch_id, count in rows:
                present[batch_id] = present.get(batch_id, 0) + count
        for batch_id, count in s.execute(select(ConsultationResponse.batch_id, func.count())
                                         .where(ConsultationResponse.batch_id.is_not(None))
                                         .group_by(ConsultationResponse.batch_id)):
            present[batch_id] = count
        return [BatchInfo(b.id, b.file_name, b.kind, b.created_at, b.created_count, b.updated_count,
                          b.rejected_count, b.undone_at, present.get(b.id, 0))
                for b in s.scalars(select(ImportBatch).order_by(ImportBatch.id.desc()))]


@dataclass
class UndoImpact:
    """What undoing a batch would do, and what work done since the import it would lose."""

    batch_id: int
    to_remove: int = 0                  # created records still there
    to_restore: int = 0                 # updated records still there
    gone: int = 0                       # updated records deleted since: nothing to put back
    edited_created: list[str] = field(default_factory=list)    # created records changed since the import
    edited_updated: list[str] = field(default_factory=list)    # updated records changed again since
    recorded: dict[tuple[str, str], int] = field(default_factory=dict)   # {("interaction", "interactions"): 3}

    @property
    def loses_work(self) -> bool:
        return bool(self.edited_created or self.edited_updated or self.recorded)

    def losses(self) -> str:
        """One sentence on the work an undo would lose ("" if none)."""
        parts = []
        if self.edited_created:
            parts.append(f"{_count(len(self.edited_created), 'record')} it created {_were(self.edited_created)} "
                         f"edited since ({_names(self.edited_created)}) and would be deleted")
        if self.edited_updated:
            parts.append(f"{_count(len(self.edited_updated), 'record')} it updated {_were(self.edited_updated)} "
                         f"changed again since ({_names(self.edited_updated)}) and would lose those changes")
        if self.recorded:
            things = ", ".join(_count(n, what) for what, n in sorted(self.recorded.items(), key=lambda i: i[0][1]))
            parts.append(f"{things} recorded since against records it created would be deleted with them")
        return "; ".join(parts)


class UndoWouldLoseWork(UserError):
    """Undo refused because it would delete or overwrite work done since the import."""

    def __init__(self, impact: UndoImpact):
        self.impact = impact
        super().__init__(f"Import batch {impact.batch_id} was not undone: {impact.losses()}.")


@dataclass
class UndoResult:
    batch_id: int
    removed: int
    restored: int
    gone: int
    lost: str                           # the work given up (undo was forced), or ""

    def message(self) -> str:
        text = (f"Import batch {self.batch_id} undone: {_count(self.removed, 'created record')} removed, "
                f"{_count(self.restored, 'updated record')} restored")
        if self.gone:
            text += f" ({_count(self.gone, 'updated record')} had been deleted since and stay deleted)"
        return text + "."


def undo_impact(ctx: AppContext, batch_id: int) -> UndoImpact:
    """What ``undo_batch`` would do, without doing it."""
    with ctx.session() as s:
        batch = _batch_to_undo(s, batch_id)
        if batch.kind == RESPONSES:
            return _responses_impact(s, batch)
        return _impact(s, batch, _changes(s, batch_id))


def undo_batch(ctx: AppContext, batch_id: int, progress: Progress | None = None, *,
               force: bool = False) -> UndoResult:
    """Remove the rows the batch created and put back the values of the rows it updated.

    Refused (``UndoWouldLoseWork``, nothing changed) when records were edited since the import or
    have interactions, assessments, letters… recorded against them, unless ``force`` is given.
    """
    progress = progress or Progress()
    with ctx.session() as s:
        batch = _batch_to_undo(s, batch_id)
        changes = _changes(s, batch_id)
        impact = _responses_impact(s, batch) if batch.kind == RESPONSES else _impact(s, batch, changes)
        if impact.loses_work and not force:
            raise UndoWouldLoseWork(impact)
        progress.start(len(changes), f"Undoing import {batch_id}")
        if batch.kind == RESPONSES:
            _delete_responses(s, batch_id, changes)
        else:
            defer_index(s, batch.kind, len(changes))
            _restore_updates(s, [c for c in changes if c.action == "update"], progress)
            _delete_created(s, [c for c in changes if c.action == "create"], progress)
        batch.undone_at = utcnow()
        lost = impact.losses()
        audit.record(s, "undo import", "import_batch", batch_id, file=batch.file_name, removed=impact.to_remove,
                     restored=impact.to_restore, **({"lost": lost} if lost else {}))
    return UndoResult(batch_id, impact.to_remove, impact.to_restore, impact.gone, lost)


def _responses_impact(s: Session, batch: ImportBatch) -> UndoImpact:
    """A batch of consultation responses: they go, with the interactions made for matched people; coding done
    on them since is the work it would lose."""
    impact = UndoImpact(batch.id)
    impact.to_remove = s.scalar(select(func.count()).where(ConsultationResponse.batch_id == batch.id)) or 0
    coded = s.scalar(select(func.count(func.distinct(AnswerCoding.answer_id)))
                     .join(ConsultationAnswer, ConsultationAnswer.id == AnswerCoding.answer_id)
                     .join(ConsultationResponse, ConsultationResponse.id == ConsultationAnswer.response_id)
                     .where(ConsultationResponse.batch_id == batch.id)) or 0
    if coded:
        impact.recorded[("coded answer", "coded answers")] = coded
    return impact


def _delete_responses(s: Session, batch_id: int, changes: list) -> None:
    made = select(ConsultationResponse.interaction_id).where(ConsultationResponse.batch_id == batch_id,
                                                            ConsultationResponse.interaction_id.is_not(None))
    interactions = list(s.scalars(made))
    s.execute(delete(ConsultationResponse).where(ConsultationResponse.batch_id == batch_id))
    for start in range(0, len(interactions), CHUNK):
        s.execute(delete(Interaction.__table__).where(Interaction.id.in_(interactions[start:start + CHUNK])))
    questions = [c.entity_id for c in changes if c.entity == "consultation_question"]
    answered = select(ConsultationAnswer.question_id).where(ConsultationAnswer.question_id.in_(questions))
    s.execute(delete(ConsultationQuestion).where(ConsultationQuestion.id.in_(questions),
                                                 ConsultationQuestion.id.not_in(answered)))


def _batch_to_undo(s: Session, batch_id: int) -> ImportBatch:
    batch = s.get(ImportBatch, batch_id)
    if batch is None:
        raise UserError(f"There is no import batch {batch_id}.")
    if batch.undone_at is not None:
        raise UserError(f"Import batch {batch_id} was already undone on {batch.undone_at:%d %b %Y %H:%M}.")
    return batch


def _changes(s: Session, batch_id: int) -> list:
    return list(s.execute(select(ImportChange.entity, ImportChange.entity_id, ImportChange.action,
                                 ImportChange.before_json).where(ImportChange.batch_id == batch_id)
                          .order_by(ImportChange.id.desc())))


def _impact(s: Session, batch: ImportBatch, changes: list) -> UndoImpact:
    impact = UndoImpact(batch.id)
    for entity, (table, _links, _owner) in TABLES.items():
        created = [c.entity_id for c in changes if c.entity == entity and c.action == "create"]
        updated = [c.entity_id for c in changes if c.entity == entity and c.action == "update"]
        name = _name_column(table)
        for start in range(0, len(created), CHUNK):
            chunk = created[start:start + CHUNK]
            rows = s.execute(select(table.c.id, name, table.c.created_at, table.c.updated_at)
                             .where(table.c.id.in_(chunk))).all()
            impact.to_remove += len(rows)
            # A created row carries the batch's time in both columns until someone changes it.
            impact.edited_created += [r[1] for r in rows
                                      if r.updated_at and r.created_at and r.updated_at > r.created_at]
            for what, count in _recorded_against(s, entity, [r.id for r in rows], batch.id).items():
                impact.recorded[what] = impact.recorded.get(what, 0) + count
        for start in range(0, len(updated), CHUNK):
            chunk = updated[start:start + CHUNK]
            rows = s.execute(select(table.c.id, name, table.c.updated_at).where(table.c.id.in_(chunk))).all()
            impact.to_restore += len(rows)
            impact.gone += len(set(chunk)) - len(rows)
            impact.edited_updated += [r[1] for r in rows if r.updated_at and r.updated_at > batch.created_at]
    return impact


def _name_column(table):
    if "last_name" in table.c:
        return func.trim(func.coalesce(table.c.first_name, "") + " " + table.c.last_name)
    return table.c.name


# Rows that point at an organisation or a person and are deleted with it (or lose the link), by table and
# column, as (one, many). A people batch's own memberships are part of the import, so they do not count.
RECORDED = {("interaction", "organisation_id"): ("interaction", "interactions"),
            ("interaction", "person_id"): ("interaction", "interactions"),
            ("assessment", "organisation_id"): ("assessment", "assessments"),
            ("assessment", "person_id"): ("assessment", "assessments"),
            ("activity_target", "organisation_id"): ("activity target", "activity targets"),
            ("activity_target", "person_id"): ("activity target", "activity targets"),
            ("letter", "organisation_id"): ("letter", "letters"), ("letter", "person_id"): ("letter", "letters"),
            ("share_log", "organisation_id"): ("share", "shares"), ("share_log", "person_id"): ("share", "shares"),
            ("enrolment", "person_id"): ("enrolment", "enrolments"),
            ("enrolment", "trained_by_person_id"): ("trained-by link", "trained-by links"),
            ("cohort", "trainer_person_id"): ("cohort trainer", "cohort trainers"),
            ("membership", "organisation_id"): ("membership", "memberships"),
            ("organisation", "reached_through_id"): ("“reached through” link", "“reached through” links")}
NOT_RECORDED = {organisation_tags.name, person_tags.name, "import_change"}     # a record's own tags go with it


def _recorded_against(s: Session, entity: str, ids: list[int], batch_id: int) -> dict[tuple[str, str], int]:
    if not ids:
        return {}
    out: dict[tuple[str, str], int] = {}
    target = TABLES[entity][0]
    for table in target.metadata.sorted_tables:
        if table.name in NOT_RECORDED or (entity == "person" and table.name == "membership"):
            continue
        for fk in table.foreign_keys:
            if fk.column.table is not target:
                continue
            query = select(func.count()).select_from(table).where(fk.parent.in_(ids))
            if table is target:          # links between rows of this very import are part of it
                query = query.where(table.c.id.not_in(select(ImportChange.entity_id).where(
                    ImportChange.batch_id == batch_id, ImportChange.entity == entity)))
            count = s.scalar(query) or 0
            if count:
                plain = table.name.replace("_", " ")
                what = RECORDED.get((table.name, fk.parent.name), (f"{plain} row", f"{plain} rows"))
                out[what] = out.get(what, 0) + count
    return out


def _count(n: int, word: str | tuple[str, str]) -> str:
    one, many = word if isinstance(word, tuple) else (word, word + "s")
    return f"{n:,} {one if n == 1 else many}"


def _were(names: list) -> str:
    return "was" if len(names) == 1 else "were"


def _names(names: list[str], shown: int = 3) -> str:
    text = ", ".join(str(n) for n in names[:shown])
    return text + (f" and {len(names) - shown:,} more" if len(names) > shown else "")


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
    tag_ids = set(s.scalars(select(Tag.id)))
    for change in changes:
        table, links, owner_col = TABLES[change.entity]
        before = json.loads(change.before_json)
        row = _typed(table, before["row"])
        row_id = row.pop("id")
        current_name = s.scalar(select(table.c.id if change.entity == "person" else table.c.name)
                                .where(table.c.id == row_id))
        if current_name is None:                 # deleted since: nothing to put back
            progress.step()
            continue
        if change.entity == "organisation" and current_name != row["name"]:
            renamed.append(row_id)
        row.pop("row_version", None)          # the undo is an edit too: versions only go up
        s.execute(update(table).where(table.c.id == row_id).values(**row, row_version=table.c.row_version + 1))
        s.execute(delete(links).where(owner_col == row_id))
        if tags := [t for t in before["tags"] if t in tag_ids]:     # a tag removed since stays removed
            s.execute(links.insert(), [{owner_col.name: row_id, "tag_id": t} for t in tags])
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
