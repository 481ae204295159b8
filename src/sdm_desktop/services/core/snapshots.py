"""Row snapshots for undo: capture rows (and everything that cascades from them), put them back.

Works on the SQLAlchemy Core tables so any model's delete can be undone the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from sdm_desktop.db.models import Base


@dataclass
class Snapshot:
    rows: list[tuple[str, dict]] = field(default_factory=list)          # parents first
    nulled: list[tuple[str, dict, str, object]] = field(default_factory=list)  # table, pk, column, value


def _pk_filter(table: Table, row: dict):
    return [col == row[col.name] for col in table.primary_key.columns]


def _referencing(table: Table):
    for other in Base.metadata.sorted_tables:
        for fk in other.foreign_keys:
            if fk.column.table is table:
                yield other, fk


def capture(session: Session, table: Table, ids: list[int], snapshot: Snapshot | None = None) -> Snapshot:
    snapshot = snapshot or Snapshot()
    if not ids:
        return snapshot
    rows = [dict(r._mapping) for r in session.execute(select(table).where(table.c.id.in_(ids)))]
    snapshot.rows.extend((table.name, r) for r in rows)
    for other, fk in _referencing(table):
        col = fk.parent
        children = [dict(r._mapping) for r in session.execute(select(other).where(col.in_(ids)))]
        if not children:
            continue
        if fk.ondelete == "CASCADE":
            if "id" in other.c and other is not table:
                capture(session, other, [c["id"] for c in children], snapshot)
            else:
                snapshot.rows.extend((other.name, c) for c in children)
        else:
            snapshot.nulled.extend((other.name, c, col.name, c[col.name]) for c in children)
    return snapshot


def _self_references(table: Table) -> list[str]:
    """Columns that point at another row of the same table (e.g. the organisation a group is reached through)."""
    return [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]


def restore(session: Session, snapshot: Snapshot) -> None:
    tables = Base.metadata.tables
    order = {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}
    seen: set[tuple] = set()
    links: list[tuple[str, dict, str, object]] = []
    for name, row in sorted(snapshot.rows, key=lambda item: order[item[0]]):
        key = (name, *(row[c.name] for c in tables[name].primary_key.columns))
        if key in seen:
            continue
        seen.add(key)
        # A row may point at one put back after it: insert without the link, set it once all are back.
        own = {c: row[c] for c in _self_references(tables[name]) if row.get(c) is not None}
        links.extend((name, row, column, value) for column, value in own.items())
        session.execute(tables[name].insert().values(**{**row, **dict.fromkeys(own)}))
    for name, row, column, value in [*links, *snapshot.nulled]:
        table = tables[name]
        session.execute(update(table).where(*_pk_filter(table, row)).values({column: value}))
