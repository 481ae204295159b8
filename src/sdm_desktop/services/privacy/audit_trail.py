"""Reading the audit trail (``services/core/audit.py`` writes it): filter by subject, date and text, in SQL.

Events "about" a person are those on their own record, on rows that belong to them (their
interactions, assessments, enrolments and resource shares) and those whose detail names them by
id (an enrolment records ``person_id``). The same rule serves the subject access export, the erase
(which clears those details) and ``sdm-desktop privacy audit --person``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, or_, select

from sdm_desktop.db.models import (
    Assessment,
    AuditEvent,
    Enrolment,
    Interaction,
    Organisation,
    Person,
    ShareLog,
)
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.text import MAX_SEARCH_TERMS, MAX_TERM_LENGTH, like_escape
from sdm_desktop.services.exporting.tables import Table

# Rows that belong to a person or a group, by the audit trail's entity name.
OWNED = {"interaction": Interaction, "assessment": Assessment, "share_log": ShareLog}
PERSON_ONLY = {"enrolment": Enrolment}
HEADERS = ["When", "Who", "Action", "Record", "Record id", "About", "Detail"]


@dataclass
class AuditFilter:
    person_id: int | None = None
    organisation_id: int | None = None
    date_from: date | None = None          # local dates, inclusive
    date_to: date | None = None
    text: str = ""


@dataclass
class AuditRow:
    id: int
    at: datetime                           # local time
    actor: str
    action: str
    entity: str
    entity_id: int | None
    about: str
    detail: str


def person_condition(person_id: int):
    """Audit events about one person (see the module's note)."""
    parts = [and_(AuditEvent.entity == "person", AuditEvent.entity_id == person_id)]
    for entity, model in {**OWNED, **PERSON_ONLY}.items():
        parts.append(and_(AuditEvent.entity == entity,
                          AuditEvent.entity_id.in_(select(model.id).where(model.person_id == person_id))))
    parts.append(AuditEvent.detail.like(f'%"person_id": {person_id},%'))
    parts.append(AuditEvent.detail.like(f'%"person_id": {person_id}}}'))
    return or_(*parts)


def organisation_condition(organisation_id: int):
    parts = [and_(AuditEvent.entity == "organisation", AuditEvent.entity_id == organisation_id)]
    for entity, model in OWNED.items():
        parts.append(and_(AuditEvent.entity == entity,
                          AuditEvent.entity_id.in_(select(model.id).where(model.organisation_id == organisation_id))))
    return or_(*parts)


def to_utc(day: date) -> datetime:
    """Local midnight at the start of ``day``, as the naive UTC time the trail stores."""
    local = datetime.combine(day, time.min).astimezone()
    return local.astimezone(UTC).replace(tzinfo=None)


def to_local(stored: datetime) -> datetime:
    return stored.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


def conditions(flt: AuditFilter) -> list:
    out = []
    if flt.person_id is not None:
        out.append(person_condition(flt.person_id))
    if flt.organisation_id is not None:
        out.append(organisation_condition(flt.organisation_id))
    if flt.date_from is not None:
        out.append(AuditEvent.at >= to_utc(flt.date_from))
    if flt.date_to is not None:
        out.append(AuditEvent.at < to_utc(flt.date_to + timedelta(days=1)))
    # as the register's search: a pasted page stays a search SQLite can run ("LIKE pattern too complex")
    terms = dict.fromkeys(t[:MAX_TERM_LENGTH] for t in flt.text[:100_000].split())
    for term in list(terms)[:MAX_SEARCH_TERMS]:
        pattern = f"%{like_escape(term)}%"
        out.append(or_(*(column.ilike(pattern, escape="\\") for column in
                         (AuditEvent.action, AuditEvent.entity, AuditEvent.actor, AuditEvent.detail))))
    return out


SORTS = {"when": (AuditEvent.at,), "actor": (AuditEvent.actor, AuditEvent.at),
         "action": (AuditEvent.action, AuditEvent.at),
         "record": (AuditEvent.entity, AuditEvent.entity_id, AuditEvent.at)}


def search_audit_ids(ctx: AppContext, flt: AuditFilter, sort: str = "when", descending: bool = True) -> list[int]:
    """Ids of the matching events in order (newest first by default); other keys fall back to time."""
    columns = (*SORTS.get(sort, SORTS["when"]), AuditEvent.id)
    order = [c.desc() for c in columns] if descending else list(columns)
    with ctx.session() as s:
        return list(s.scalars(select(AuditEvent.id).where(*conditions(flt)).order_by(*order)))


def describe_detail(detail: str | None) -> str:
    """The stored JSON as 'key: value; …' for people to read."""
    if not detail:
        return ""
    try:
        values = json.loads(detail)
    except ValueError:
        return detail
    if not isinstance(values, dict):
        return str(values)
    return "; ".join(f"{key.replace('_', ' ')}: {value}" for key, value in values.items())


def load_audit_rows(ctx: AppContext, ids: list[int]) -> dict[int, AuditRow]:
    if not ids:
        return {}
    with ctx.session() as s:
        events = list(s.scalars(select(AuditEvent).where(AuditEvent.id.in_(ids))))
        return _rows(s, events)


def _rows(s, events: list[AuditEvent]) -> dict[int, AuditRow]:
    people = {e.entity_id for e in events if e.entity == "person" and e.entity_id}
    orgs = {e.entity_id for e in events if e.entity == "organisation" and e.entity_id}
    names: dict[tuple[str, int], str] = {}
    for chunk in _chunks(sorted(people)):
        for pid, title, first, last in s.execute(select(Person.id, Person.title, Person.first_name, Person.last_name)
                                                 .where(Person.id.in_(chunk))):
            names[("person", pid)] = " ".join(p for p in (title, first, last) if p)
    for chunk in _chunks(sorted(orgs)):
        for oid, name in s.execute(select(Organisation.id, Organisation.name).where(Organisation.id.in_(chunk))):
            names[("organisation", oid)] = name
    return {e.id: AuditRow(e.id, to_local(e.at), e.actor or "", e.action, e.entity, e.entity_id,
                           names.get((e.entity, e.entity_id), ""), describe_detail(e.detail)) for e in events}


def _chunks(ids: list[int], size: int = 900):
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def audit_rows(ctx: AppContext, flt: AuditFilter) -> list[AuditRow]:
    """Every matching event, newest first (for the command line, the export and the SAR)."""
    with ctx.session() as s:
        events = list(s.scalars(select(AuditEvent).where(*conditions(flt))
                                .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())))
        rows = _rows(s, events)
    return [rows[e.id] for e in events]


def row_values(row: AuditRow) -> list:
    return [row.at.replace(microsecond=0), row.actor, row.action, row.entity, row.entity_id, row.about, row.detail]


def audit_table(ctx: AppContext, flt: AuditFilter, ids: list[int] | None = None) -> Table:
    """The events matching ``flt`` (or exactly ``ids``, in that order: "Export shown")."""
    if ids is None:
        rows = audit_rows(ctx, flt)
    else:
        loaded: dict[int, AuditRow] = {}
        for chunk in _chunks(ids):
            loaded.update(load_audit_rows(ctx, chunk))
        rows = [loaded[i] for i in ids if i in loaded]
    return Table(HEADERS, [row_values(r) for r in rows], len(rows), "Audit trail")
