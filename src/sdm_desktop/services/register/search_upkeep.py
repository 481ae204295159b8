"""Bringing the register's search data up to date while the register is in use.

Derived data can be behind after an upgrade: the search text (made by an older version, see ``search_index``)
and, on SQLite, the search index (``db/text_index``: new, or found incomplete) and Home's tally (``db/tally``,
when its triggers were lost); after a big import, the index (``defer_index``). They are brought up to date here in
small batches, each its own short transaction, so the window opens at once and saves go on between batches.
Meanwhile the register searches what is stored: the LIKE path until the index is complete, and each record's
older text until its batch has been rebuilt.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from sdm_desktop.db import tally, text_index
from sdm_desktop.db.models import Organisation, Person
from sdm_desktop.progress import Progress
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.register.search_index import (
    mark_search_text_current,
    rebuild_organisations,
    rebuild_people,
    search_text_is_current,
    set_search_index_aside,
)

BULK_ROWS = 2000            # an import or its undo this big leaves the index to the background (see defer_index)
TEXT_BATCH = 1000           # records re-texted per transaction (about 25 ms): a save waits at most that long
INDEX_BATCH = 1000          # rows indexed per transaction (about 30 ms): the window's saves wait up to 250 ms


@dataclass
class Upkeep:
    texts_rebuilt: int = 0
    rows_indexed: int = 0

    @property
    def changed_anything(self) -> bool:
        return bool(self.texts_rebuilt or self.rows_indexed)


def defer_index(session: Session, kind: str, rows: int) -> None:
    """Before a bulk write of ``rows`` records of this kind (``organisations`` or ``people``), in its transaction:
    a big one marks the table's index to be filled again in the background, where its triggers would otherwise
    index row by row inside the write (about 2.5 times the cost of filling, and all of it in the user's wait).
    Searches take the LIKE path meanwhile; if the write rolls back, so does this."""
    connection = session.connection()
    if rows >= BULK_ROWS and text_index.is_sqlite(connection):
        text_index.reset(connection, "organisation" if kind == "organisations" else "person")


def purge_index(session: Session) -> None:
    """After an erase, in its transaction: the search index holds nothing of what was erased (see
    ``text_index.purge``); it is filled again in the background and searches take the LIKE path meanwhile."""
    connection = session.connection()
    if text_index.is_sqlite(connection):
        for table in text_index.TABLES:
            if text_index.is_intact(connection, table):
                text_index.purge(connection, table)


def needs_upkeep(ctx: AppContext) -> bool:
    """Whether the search text or the search index is behind (a quick read)."""
    with ctx.session() as s:
        return not search_text_is_current(s) or bool(_indexes_to_fill(s)) or _tally_lost(s)


def _tally_lost(session: Session) -> bool:
    connection = session.connection()
    return text_index.is_sqlite(connection) and not tally.usable(connection)


def _indexes_to_fill(session: Session) -> list[str]:
    connection = session.connection()
    if not text_index.is_sqlite(connection) or not text_index.trigram_available():
        return []
    return [table for table in text_index.TABLES
            if not text_index.is_intact(connection, table) or not text_index.is_ready(connection, table)]


def bring_search_up_to_date(ctx: AppContext, progress: Progress | None = None) -> Upkeep:
    """Rebuild stale search text, then fill the search index, batch by batch. Cancelling stops between batches;
    what was done is kept and the rest is done next time."""
    progress = progress or Progress()
    done = Upkeep()
    with ctx.session() as s:
        if _tally_lost(s):
            tally.rebuild(s.connection())
    with ctx.session() as s:
        text_current = search_text_is_current(s)
    if not text_current:
        done.texts_rebuilt = _rebuild_texts(ctx, progress)
    with ctx.session() as s:
        tables = _indexes_to_fill(s)
    for table in tables:
        done.rows_indexed += _fill_index(ctx, table, progress)
    return done


def _rebuild_texts(ctx: AppContext, progress: Progress) -> int:
    changed = 0
    with ctx.session() as s:
        set_search_index_aside(s)
    for model, rebuild in ((Organisation, rebuild_organisations), (Person, rebuild_people)):
        with ctx.session() as s:
            ids = list(s.scalars(select(model.id).order_by(model.id)))
        for start in range(0, len(ids), TEXT_BATCH):
            progress.label = "Updating the search text"
            progress.step()
            with ctx.session() as s:
                _hold_write_lock(s)
                changed += rebuild(s, ids[start:start + TEXT_BATCH])
    with ctx.session() as s:
        mark_search_text_current(s)
    return changed


def _hold_write_lock(session: Session) -> None:
    """On SQLite, take the write lock before reading, so no save lands between reading a record and writing
    its text (on PostgreSQL the write itself checks the text it read is still there)."""
    if text_index.is_sqlite(session.connection()):
        session.execute(text("UPDATE setting SET value = value WHERE 0"))


def _fill_index(ctx: AppContext, table: str, progress: Progress) -> int:
    with ctx.session() as s:
        connection = s.connection()
        if not text_index.is_intact(connection, table):
            text_index.create(connection, table)        # missing or a trigger lost: made again, filled afresh
            text_index.reset(connection, table)
    indexed = 0
    while True:
        progress.label = "Indexing the register for search"
        progress.step()
        with ctx.session() as s:
            connection = s.connection()
            indexed += text_index.fill_batch(connection, table, INDEX_BATCH)
            if text_index.is_ready(connection, table):
                return indexed
