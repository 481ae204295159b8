"""Bulk writes of an import: Core ``INSERT … executemany`` in chunks, never an ORM object per row.

Every created or updated row is recorded as an ``import_change`` of the batch (updated rows
with their values before), so the whole batch can be undone later.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import countOf, itemgetter

from sqlalchemy import Boolean, Date, DateTime, Table, bindparam, func, insert, literal, select, update
from sqlalchemy.orm import Session

from sdm_desktop.db import bulk_insert, data_stamp, tally
from sdm_desktop.db.models import (
    ImportChange,
    Membership,
    Organisation,
    Person,
    Tag,
    organisation_tags,
    person_tags,
    utcnow,
)
from sdm_desktop.services.importing.fields import ORGANISATIONS
from sdm_desktop.services.register.search_text import organisation_search_text_of, person_search_text_of

CHUNK = 2000
CHANGE_TABLE = ImportChange.__table__
MEMBERSHIP_TABLE = Membership.__table__


@dataclass
class Pending:
    row: dict                                  # column values (create) or changed columns (update)
    tags: list[str] | None = None              # None on update: leave the tags alone
    memberships: list[tuple[int, str]] = field(default_factory=list)
    target: int | None = None                  # the existing row an update changes


class BatchWriter:
    def __init__(self, session: Session, kind: str, batch_id: int, type_names: dict[int, str],
                 org_names: dict[int, str], now: datetime | None = None, expected_rows: int = 0):
        self.s = session
        self.kind = kind
        self.batch_id = batch_id
        self.type_names = type_names            # organisation_type id -> name
        self.org_names = org_names              # organisation id -> name (people's memberships)
        self.table: Table = (Organisation if kind == ORGANISATIONS else Person).__table__
        self.links = organisation_tags if kind == ORGANISATIONS else person_tags
        self.owner_col = self.links.c.organisation_id if kind == ORGANISATIONS else self.links.c.person_id
        self.entity = "organisation" if kind == ORGANISATIONS else "person"
        self.tag_ids = {name: tid for tid, name in session.execute(select(Tag.id, Tag.name))}
        self.now = now or utcnow()
        self._stamped = {"import_batch_id": batch_id, "created_at": self.now, "updated_at": self.now,
                         "archived_at": None}           # what every created row carries
        self.expected_rows = expected_rows      # the file's estimate: whether rebuilding the indexes pays
        self._creates: list[Pending] = []
        self._updates: list[Pending] = []
        self.created = 0
        self.updated = 0
        self.updated_ids: list[int] = []        # existing rows this batch changed
        self._tally_suspended = False           # see finish()
        self._stamp_set_aside: list[str] = []    # the data stamp's, likewise
        self._set_aside: list[str] | None = None    # the search trigger and indexes to make again (bulk_insert)

    # --- queueing ---------------------------------------------------------------------------
    def create(self, item: Pending) -> None:
        self._creates.append(item)
        if len(self._creates) >= CHUNK:
            self._flush_creates()

    def update(self, item: Pending) -> None:
        self._updates.append(item)
        if len(self._updates) >= CHUNK:
            self._flush_updates()

    def finish(self) -> None:
        self._flush_creates()
        self._flush_updates()
        if self._tally_suspended:              # Home's counts, once, for every row the batch added
            tally.rebuild(self.s.connection())
            self._tally_suspended = False
        data_stamp.resume(self.s.connection(), self._stamp_set_aside)
        self._stamp_set_aside = []
        bulk_insert.put_back(self.s.connection(), self._set_aside or [])
        self._set_aside = None

    # --- creates ----------------------------------------------------------------------------
    def _flush_creates(self) -> None:
        if not self._creates:
            return
        if len(self._creates) >= CHUNK and not self._tally_suspended:     # a bulk insert: count once at the end
            self._tally_suspended = tally.suspend_inserts(self.s.connection(), self.table.name)
        if len(self._creates) >= CHUNK and not self._stamp_set_aside:       # the stamp moves once, likewise
            self._stamp_set_aside = data_stamp.suspend_inserts(
                self.s.connection(), [self.table.name, self.links.name, MEMBERSHIP_TABLE.name])
        ids = self._insert_returning_ids([item.row for item in self._creates])
        links, members = [], []
        for new_id, item in zip(ids, self._creates, strict=False):
            item.row["id"] = new_id                # for what is set once every row is in (importing/links.py)
            if item.tags:
                links += [(new_id, tag_id) for tag_id in self._tag_ids(item.tags)]
            if item.memberships:
                members.extend({"person_id": new_id, "organisation_id": org, "role": role}
                               for org, role in item.memberships)
        self._insert_links(links)
        self._insert(MEMBERSHIP_TABLE, members)
        self._journal_created(ids)
        self.created += len(ids)
        self._creates.clear()

    def _journal_created(self, ids: list[int]) -> None:
        """An ``import_change`` for each created row. On SQLite, where this writer numbered the rows in one run,
        by one statement without a parameter per row."""
        if ids and self.s.get_bind().dialect.name == "sqlite" and ids[-1] - ids[0] == len(ids) - 1:
            t = self.table
            made = (select(literal(self.batch_id), literal(self.entity), t.c.id, literal("create"))
                    .where(t.c.id.between(ids[0], ids[-1]), t.c.import_batch_id == self.batch_id).order_by(t.c.id))
            self.s.execute(insert(CHANGE_TABLE).from_select(["batch_id", "entity", "entity_id", "action"], made))
        else:
            self._insert(CHANGE_TABLE, [{"batch_id": self.batch_id, "entity": self.entity, "entity_id": new_id,
                                         "action": "create", "before_json": None} for new_id in ids])

    def _insert_returning_ids(self, rows: list[dict]) -> list[int]:
        if self.s.get_bind().dialect.name != "sqlite":
            for row in rows:
                row.update(self._stamped)
            statement = insert(self.table).returning(self.table.c.id, sort_by_parameter_order=True)
            return list(self.s.execute(statement, rows).scalars())
        # SQLite: this transaction already holds the write lock (it wrote the batch), so the next ids
        # are ours to number; a plain executemany is many times faster than RETURNING row by row.
        start = (self.s.scalar(select(func.max(self.table.c.id))) or 0) + 1
        if len(rows) >= CHUNK and self._set_aside is None:           # a bulk insert: indexed once at the end
            self._set_aside = bulk_insert.set_aside(self.s.connection(), self.table.name, start,
                                                    max(self.expected_rows, len(rows)))
        ids = list(range(start, start + len(rows)))
        _sqlite_executemany(self.s, self.table, rows, {**self._stamped, "id": ids})
        return ids

    def _insert(self, table: Table, rows: list[dict]) -> None:
        if not rows:
            return
        if self.s.get_bind().dialect.name == "sqlite":
            _sqlite_executemany(self.s, table, rows)
        else:
            self.s.execute(insert(table), rows)

    def _link_rows(self, owner_id: int, tags: list[str]) -> list[dict]:
        key = self.owner_col.name
        return [{key: owner_id, "tag_id": tag_id} for tag_id in self._tag_ids(tags)]

    def _tag_ids(self, tags: list[str]) -> list[int]:
        return [self._tag_id(name) for name in (sorted(set(tags)) if len(tags) > 1 else tags)]

    def _insert_links(self, pairs: list[tuple[int, int]]) -> None:
        """(owner id, tag id) pairs; on SQLite as they are, not as a dict each (one a created row, mostly)."""
        if not pairs:
            return
        key = self.owner_col.name
        if self.s.get_bind().dialect.name != "sqlite":
            self._insert(self.links, [{key: owner, "tag_id": tag_id} for owner, tag_id in pairs])
            return
        self.s.connection().exec_driver_sql(f'INSERT INTO "{self.links.name}" ("{key}", "tag_id") VALUES (?, ?)', pairs)

    def _tag_id(self, name: str) -> int:
        name = name.strip()[:80]
        if name not in self.tag_ids:
            self.tag_ids[name] = self.s.execute(insert(Tag.__table__).returning(Tag.id), {"name": name}).scalar_one()
        return self.tag_ids[name]

    # --- updates ----------------------------------------------------------------------------
    def _flush_updates(self) -> None:
        if not self._updates:
            return
        ids = [item.target for item in self._updates]
        befores = {r.id: dict(r._mapping) for r in self.s.execute(select(self.table).where(self.table.c.id.in_(ids)))}
        tags = self._owned_tags(ids)
        members = self._memberships(ids) if self.kind != ORGANISATIONS else {}
        params, changes, renamed = [], [], []
        for item in self._updates:
            before = befores[item.target]
            if self.kind == ORGANISATIONS and item.row.get("name", before["name"]) != before["name"]:
                renamed.append(item.target)
            # An import's update is an edit: a colleague's form opened before it is refused, not saved over it
            merged = {**before, **item.row, "updated_at": self.now, "row_version": before["row_version"] + 1}
            tag_names = item.tags if item.tags else [n for _i, n in tags.get(item.target, [])]
            had = members.get(item.target, [])
            added = [m for m in item.memberships if m not in had]
            merged["search_text"] = self._search_text(merged, tag_names, had + added)
            params.append({f"v_{k}": v for k, v in merged.items()})
            changes.append({"batch_id": self.batch_id, "entity": self.entity, "entity_id": item.target,
                            "action": "update", "before_json": _before_json(before, tags.get(item.target, []), had)})
            if item.tags:
                self.s.execute(self.links.delete().where(self.owner_col == item.target))
                self._insert(self.links, self._link_rows(item.target, item.tags))
            self._insert(MEMBERSHIP_TABLE, [{"person_id": item.target, "organisation_id": o, "role": r}
                                            for o, r in added])
        columns = [c.name for c in self.table.columns if c.name != "id"]
        statement = (update(self.table).where(self.table.c.id == bindparam("v_id"))
                     .values({c: bindparam(f"v_{c}") for c in columns}))
        self.s.connection().execute(statement, params)
        refresh_member_search_text(self.s, renamed)
        self._insert(CHANGE_TABLE, changes)
        self.updated += len(self._updates)
        self.updated_ids += ids
        self._updates.clear()

    def _owned_tags(self, ids: list[int]) -> dict[int, list[tuple[int, str]]]:
        out: dict[int, list[tuple[int, str]]] = {}
        for owner, tid, name in self.s.execute(select(self.owner_col, Tag.id, Tag.name)
                                               .join(Tag, Tag.id == self.links.c.tag_id)
                                               .where(self.owner_col.in_(ids))):
            out.setdefault(owner, []).append((tid, name))
        return out

    def _memberships(self, ids: list[int]) -> dict[int, list[tuple[int, str]]]:
        out: dict[int, list[tuple[int, str]]] = {}
        for pid, oid, role in self.s.execute(select(Membership.person_id, Membership.organisation_id,
                                                    Membership.role).where(Membership.person_id.in_(ids))):
            out.setdefault(pid, []).append((oid, role))
        return out

    def _search_text(self, row: dict, tag_names: list[str], memberships: list[tuple[int, str]]) -> str:
        if self.kind == ORGANISATIONS:
            return organisation_search_text_of(row, self.type_names.get(row["org_type_id"]), tag_names)
        names = [self.org_names.get(org_id, "") for org_id, _role in memberships]
        return person_search_text_of(row, names, tag_names)


def _before_json(row: dict, tags: list[tuple[int, str]], memberships: list[tuple[int, str]]) -> str:
    plain = {k: (v.isoformat() if isinstance(v, (date, datetime)) else v) for k, v in row.items()}
    return json.dumps({"row": plain, "tags": [tid for tid, _n in tags], "memberships": memberships})


def _sqlite_value(column_type):
    """A converter to what SQLAlchemy's SQLite dialect stores for this column type. Booleans go in as the integers
    they are stored as: Python's sqlite3 binds a bool (and None) through its adapter lookup, about 1 µs each."""
    if isinstance(column_type, DateTime):
        return lambda v: None if v is None else v.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(column_type, Date):
        return lambda v: None if v is None else v.isoformat()
    if isinstance(column_type, Boolean):
        return int
    return None


def _sqlite_executemany(session: Session, table: Table, rows: list[dict], given: dict | None = None) -> None:
    """One plain DB-API executemany: the same rows as ``insert(table)`` without per-row SQLAlchemy work.
    A column empty in every row is left out: it is stored as NULL all the same, without binding a None per row.
    The values are taken and converted a column at a time, each distinct value once (a chunk's rows share their
    times, the batch's, and their yes/no values). ``given``: columns the rows do not hold, each with one value for
    every row or a list of them, one a row (the batch and its time, the ids: not put in 100,000 dicts first)."""
    names = list(rows[0])
    take = itemgetter(*names) if len(names) > 1 else (lambda row: (row[names[0]],))
    columns = dict(zip(names, zip(*map(take, rows), strict=True), strict=True))
    for name, value in (given or {}).items():
        columns[name] = tuple(value) if isinstance(value, list) else (value,) * len(rows)
    names += [name for name in given or () if name not in names]
    kept = [n for n in names if not _empty_column(table, n, columns[n])] or names[:1]
    for name in kept:
        if conv := _sqlite_value(table.c[name].type):
            made = {value: None if value is None else conv(value) for value in set(columns[name])}
            columns[name] = map(made.__getitem__, columns[name])
    sql = (f'INSERT INTO "{table.name}" ({", ".join(f"{chr(34)}{n}{chr(34)}" for n in kept)}) '
           f'VALUES ({", ".join("?" * len(kept))})')
    session.connection().exec_driver_sql(sql, list(zip(*(columns[n] for n in kept), strict=True)))


def _empty_column(table: Table, name: str, values: tuple) -> bool:
    """None in every row, and left out it is NULL too (no default of the schema's own)."""
    if table.c[name].server_default is not None:
        return False
    return countOf(values, None) == len(values)     # None is equal only to itself


def refresh_member_search_text(session: Session, org_ids: list[int]) -> None:
    """People's search text holds their organisations' names: refresh it after a rename."""
    from sdm_desktop.services.register.people import refresh_person_search_text

    for start in range(0, len(org_ids), 900):
        chunk = org_ids[start:start + 900]
        members = session.scalars(select(Membership.person_id).where(Membership.organisation_id.in_(chunk)))
        for person_id in set(members):
            refresh_person_search_text(session, person_id)
