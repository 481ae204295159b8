"""The register's search index on SQLite: an FTS5 table with the trigram tokenizer over each record's search text.

Why trigrams and not word prefixes: people search the register by fragments in the middle of words as often as by
their starts: "smith" for Goldsmith or Smith-Jones, "1 2ab" or "s12ab" for a postcode, "nhs.net" or "@leeds" for
an email. Today's search finds any substring of the search text; a trigram index finds exactly those rows too
(a word-prefix index would silently stop finding them), and it is only a pre-filter: the search still checks
each candidate with today's LIKE, so results are identical with and without it.

The index is kept in step by triggers on ``search_text``, inside the same transaction as the write, whatever
made it (editor, import, undo, rebuild). It is filled in batches by id (``search_index_state.filled_to``): the
triggers look after rows at or below that mark, the filling after the rest; ``FILLED`` means complete. Until
then searches take the LIKE path. PostgreSQL uses a ``pg_trgm`` GIN index instead (migration 0009).
"""

from __future__ import annotations

import sqlite3
from functools import cache

from sqlalchemy import Connection, text
from sqlalchemy.exc import OperationalError

TABLES = ("person", "organisation")
FILLED = 2 ** 63 - 1                   # the mark once every row is in the index
STATE_TABLE = "search_index_state"
MIN_SQLITE = (3, 34, 0)                 # the trigram tokenizer


def index_name(table: str) -> str:
    return f"{table}_fts"


@cache
def trigram_available() -> bool:
    """Whether this SQLite library has FTS5 with the trigram tokenizer."""
    if sqlite3.sqlite_version_info < MIN_SQLITE:
        return False
    probe = sqlite3.connect(":memory:")
    try:
        probe.execute("CREATE VIRTUAL TABLE probe USING fts5(x, tokenize='trigram')")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        probe.close()


def create_statements(table: str) -> list[str]:
    """The index of one table and the triggers that keep it in step (idempotent)."""
    fts, mark = index_name(table), (f"(SELECT filled_to FROM {STATE_TABLE} WHERE name = '{table}')")
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(search_text, tokenize='trigram')",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON {table} WHEN new.id <= {mark} "
        f"BEGIN INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_update AFTER UPDATE OF search_text ON {table} WHEN new.id <= {mark} "
        f"BEGIN DELETE FROM {fts} WHERE rowid = old.id; "
        f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON {table} "
        f"BEGIN DELETE FROM {fts} WHERE rowid = old.id; END",
    ]


STATE_STATEMENT = (f"CREATE TABLE IF NOT EXISTS {STATE_TABLE} "
                   "(name VARCHAR(40) PRIMARY KEY, filled_to INTEGER NOT NULL)")


def drop_statements(table: str) -> list[str]:
    fts = index_name(table)
    return [f"DROP TRIGGER IF EXISTS {fts}_{what}" for what in ("insert", "update", "delete")] + [
        f"DROP TABLE IF EXISTS {fts}", f"DELETE FROM {STATE_TABLE} WHERE name = '{table}'"]


def is_sqlite(connection: Connection) -> bool:
    return connection.dialect.name == "sqlite"


def is_intact(connection: Connection, table: str) -> bool:
    """The index table and its three triggers are all there (a migration that copies the table to change it
    loses its triggers: the index is then made again)."""
    fts = index_name(table)
    names = {row[0] for row in connection.execute(
        text("SELECT name FROM sqlite_master WHERE name LIKE :prefix"), {"prefix": f"{fts}%"})}
    return {fts, f"{fts}_insert", f"{fts}_update", f"{fts}_delete"} <= names


def filled_to(connection: Connection, table: str) -> int | None:
    """How far the index of this table is filled (``FILLED``: complete); None: there is no index."""
    if not is_sqlite(connection):
        return None
    try:
        value = connection.execute(text(f"SELECT filled_to FROM {STATE_TABLE} WHERE name = :name"),
                                   {"name": table}).scalar()
    except OperationalError:    # an SQLite database made before the index: no state table yet
        return None
    return value if value is not None else 0


def is_ready(connection: Connection, table: str) -> bool:
    return filled_to(connection, table) == FILLED


def usable(connection: Connection, table: str) -> bool:
    """Searches may go through the index: complete, and the table and its triggers there (``is_ready`` and
    ``is_intact`` in one query: it is asked at every keystroke of a search)."""
    if not is_sqlite(connection):
        return False
    fts = index_name(table)
    try:
        filled, parts = connection.exec_driver_sql(
            f"SELECT (SELECT filled_to FROM {STATE_TABLE} WHERE name = ?), "
            "(SELECT count(*) FROM sqlite_master WHERE name IN (?, ?, ?, ?))",
            (table, fts, f"{fts}_insert", f"{fts}_update", f"{fts}_delete")).one()
    except OperationalError:    # an SQLite database made before the index: no state table yet
        return False
    return filled == FILLED and parts == 4


def create(connection: Connection, table: str) -> None:
    """The index, its triggers and its state row: filled to 0 (the filling starts from the first id), or
    complete if the table is empty."""
    connection.exec_driver_sql(STATE_STATEMENT)
    for statement in create_statements(table):
        connection.exec_driver_sql(statement)
    connection.execute(text(f"INSERT OR IGNORE INTO {STATE_TABLE} (name, filled_to) "
                            f"VALUES (:name, CASE WHEN EXISTS (SELECT 1 FROM {table}) THEN 0 ELSE {FILLED} END)"),
                       {"name": table})


def fill_batch(connection: Connection, table: str, batch: int) -> int:
    """Put the next ``batch`` rows above the mark into the index and move the mark past them, in the caller's
    transaction; when none are left the mark becomes ``FILLED``. Returns how many rows were added."""
    # A write first, so the transaction holds SQLite's write lock before it reads: no save can land
    # between reading a row's text and indexing it.
    connection.execute(text(f"UPDATE {STATE_TABLE} SET filled_to = filled_to WHERE name = :name"), {"name": table})
    mark = filled_to(connection, table)
    if mark is None or mark == FILLED:
        return 0
    fts = index_name(table)
    if mark == 0:
        connection.exec_driver_sql(f"DELETE FROM {fts}")       # a fresh start: nothing half-filled stays
    rows = connection.execute(text(f"SELECT id, search_text FROM {table} WHERE id > :mark ORDER BY id LIMIT :n"),
                              {"mark": mark, "n": batch}).all()
    if rows:
        connection.execute(text(f"INSERT INTO {fts}(rowid, search_text) VALUES (:id, :text)"),
                           [{"id": r[0], "text": r[1]} for r in rows])
    new_mark = rows[-1][0] if len(rows) == batch else FILLED
    connection.execute(text(f"UPDATE {STATE_TABLE} SET filled_to = :mark WHERE name = :name"),
                       {"mark": new_mark, "name": table})
    return len(rows)


def reset(connection: Connection, table: str) -> None:
    """Mark the index as empty, to be filled again from the start (e.g. it was found damaged)."""
    connection.execute(text(f"UPDATE {STATE_TABLE} SET filled_to = 0 WHERE name = :name"), {"name": table})


def purge(connection: Connection, table: str) -> None:
    """Drop the index with everything it held and make it again, empty, to be filled afresh: FTS5 keeps a
    deleted row's trigrams in its older segments until they are merged, so an erased person's name would linger.
    (With ``PRAGMA secure_delete`` on, as the erase sets it, the dropped pages are zeroed.)"""
    for statement in drop_statements(table):
        connection.exec_driver_sql(statement)
    create(connection, table)
    reset(connection, table)


def match_expression(terms: list[str]) -> str:
    """An FTS5 query finding rows whose text holds every term (each of three or more characters)."""
    return " AND ".join('"' + term.replace('"', '""') + '"' for term in terms)
