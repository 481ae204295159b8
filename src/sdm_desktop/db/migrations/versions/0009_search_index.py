"""Search through an index: FTS5 (trigram) tables on SQLite, pg_trgm GIN indexes on PostgreSQL; and on SQLite the
register's tally (Home's counts) kept current by triggers.

On SQLite the index tables and the triggers that keep them in step are made here, empty; the app fills them in
the background (``db/text_index.py``), so an upgrade of a big register does not wait for it. Without FTS5 or its
trigram tokenizer (SQLite before 3.34) only the state table is made and searches keep the LIKE path.

On PostgreSQL ``pg_trgm`` (a trusted extension since PostgreSQL 13) lets ``LIKE '%x%'`` on the search text use a
GIN index. A server that refuses the extension keeps working, unindexed: the upgrade is not stopped for it.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""
import logging
import sqlite3

from alembic import op
from sqlalchemy.exc import DBAPIError

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TABLES = ("person", "organisation")
STATE = "search_index_state"
FILLED = 2 ** 63 - 1

# Copied here from db/text_index.py on purpose: a migration must not change later.


def _sqlite_statements(table: str) -> list[str]:
    fts, mark = f"{table}_fts", f"(SELECT filled_to FROM {STATE} WHERE name = '{table}')"
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(search_text, tokenize='trigram')",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON {table} WHEN new.id <= {mark} "
        f"BEGIN INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_update AFTER UPDATE OF search_text ON {table} WHEN new.id <= {mark} "
        f"BEGIN DELETE FROM {fts} WHERE rowid = old.id; "
        f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON {table} "
        f"BEGIN DELETE FROM {fts} WHERE rowid = old.id; END",
        # An empty table (a new database) is fully indexed from the start; a filled one is filled by the app.
        f"INSERT OR IGNORE INTO {STATE} (name, filled_to) "
        f"VALUES ('{table}', CASE WHEN EXISTS (SELECT 1 FROM {table}) THEN 0 ELSE {FILLED} END)",
    ]


def _trigram_available() -> bool:
    if sqlite3.sqlite_version_info < (3, 34, 0):
        return False
    probe = sqlite3.connect(":memory:")
    try:
        probe.execute("CREATE VIRTUAL TABLE probe USING fts5(x, tokenize='trigram')")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        probe.close()


TALLY = "register_tally"
_LIVE = "{row}.archived_at IS NULL"
_TALLY_PARTS = {"person": ({"people": _LIVE,
                            "patient_reps": _LIVE + " AND coalesce({row}.is_patient_rep, 0) <> 0",
                            "do_not_contact": _LIVE + " AND coalesce({row}.do_not_contact, 0) <> 0"},
                           "archived_at, is_patient_rep, do_not_contact"),
                "organisation": ({"organisations": _LIVE}, "archived_at")}


def _tally_change(parts: dict[str, str], sign: str, row: str) -> str:
    cases = " ".join(f"WHEN '{name}' THEN ({part.format(row=row)})" for name, part in parts.items())
    names = ", ".join(f"'{name}'" for name in parts)
    return f"UPDATE {TALLY} SET value = value {sign} (CASE name {cases} ELSE 0 END) WHERE name IN ({names});"


def _tally_statements() -> list[str]:
    statements = [f"CREATE TABLE IF NOT EXISTS {TALLY} (name VARCHAR(40) PRIMARY KEY, value INTEGER NOT NULL)"]
    counts = []
    for table, (parts, columns) in _TALLY_PARTS.items():
        statements += [
            f"CREATE TRIGGER IF NOT EXISTS {table}_tally_insert AFTER INSERT ON {table} "
            f"BEGIN {_tally_change(parts, '+', 'new')} END",
            f"CREATE TRIGGER IF NOT EXISTS {table}_tally_update AFTER UPDATE OF {columns} ON {table} "
            f"BEGIN {_tally_change(parts, '-', 'old')} {_tally_change(parts, '+', 'new')} END",
            f"CREATE TRIGGER IF NOT EXISTS {table}_tally_delete AFTER DELETE ON {table} "
            f"BEGIN {_tally_change(parts, '-', 'old')} END"]
        counts += [f"SELECT '{name}', count(*) FROM {table} WHERE {part.format(row=table)}"
                   for name, part in parts.items()]
    return statements + [f"DELETE FROM {TALLY}", f"INSERT INTO {TALLY} (name, value) " + " UNION ALL ".join(counts)]


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        bind.exec_driver_sql(f"CREATE TABLE IF NOT EXISTS {STATE} "
                             "(name VARCHAR(40) PRIMARY KEY, filled_to INTEGER NOT NULL)")
        if _trigram_available():
            for table in TABLES:
                for statement in _sqlite_statements(table):
                    bind.exec_driver_sql(statement)
        for statement in _tally_statements():
            bind.exec_driver_sql(statement)
    elif bind.dialect.name == "postgresql":
        try:
            with bind.begin_nested():
                bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                for table in TABLES:
                    bind.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS ix_{table}_search_trgm ON {table} "
                                         "USING gin (search_text gin_trgm_ops)")
        except DBAPIError as exc:       # no rights to the extension: search works, unindexed
            logging.getLogger(__name__).warning("pg_trgm index not made: %s", exc)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for table in TABLES:
            for what in ("insert", "update", "delete"):
                bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_fts_{what}")
            bind.exec_driver_sql(f"DROP TABLE IF EXISTS {table}_fts")
        bind.exec_driver_sql(f"DROP TABLE IF EXISTS {STATE}")
        for table in _TALLY_PARTS:
            for what in ("insert", "update", "delete"):
                bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_tally_{what}")
        bind.exec_driver_sql(f"DROP TABLE IF EXISTS {TALLY}")
    elif bind.dialect.name == "postgresql":
        for table in TABLES:
            bind.exec_driver_sql(f"DROP INDEX IF EXISTS ix_{table}_search_trgm")
