"""The data stamp on SQLite: one value that changes, in the same transaction, with every insert, update or delete of
a record Home counts, whatever made it (the window, the command line, an import, an undo, a restore's copy).

Home keeps the figures it last counted with the stamp it read before counting (``services/reporting/
home_snapshot``). At the next start, when the stamp is still the same, nothing those figures count has changed,
so they are shown at once, before the database layer is even loaded. The stamp is random, not a counter: a
restored backup never carries a stamp that once stood for other data. Made by migration 0014; PostgreSQL has
no stamp (colleagues change a team database at any time; Home counts it afresh).

This module reads the stamp with Python's own sqlite3, so it can run before SQLAlchemy is imported.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sdm_desktop.db.backup import read_only_connection

TABLE = "data_stamp"
EVENTS = ("insert", "update", "delete")
NEW_STAMP = "lower(hex(randomblob(8)))"

# Tables whose writes never change a figure Home shows: the trail of what was done, reference lookups loaded
# by the million, search machinery, the register's own tally, colleagues' presence and the schema version.
UNSTAMPED = frozenset({
    "alembic_version", TABLE, "audit_event", "import_batch", "import_change", "lookup_deprivation",
    "lookup_lsoa_change", "lookup_postcode", "lookup_postcode_decile", "lookup_source", "record_presence",
    "register_tally", "search_index_state", "saved_selection", "share_log",
})


def trigger_names(tables) -> list[str]:
    return [f"{table}_stamp_{event}" for table in tables for event in EVENTS]


def suspend_inserts(connection, tables) -> list[str]:
    """Before a bulk insert, in its transaction (an SQLAlchemy connection): the insert triggers of ``tables`` go, which
    would move the stamp row by row (about 6% of a big import's time); ``resume`` must make them again, as the
    schema had them, and move the stamp once before the commit (a rollback brings them back by itself). Returns
    what ``resume`` needs: nothing on PostgreSQL."""
    if connection.dialect.name != "sqlite":
        return []
    from sdm_desktop.db.bulk_insert import set_aside_named  # SQLAlchemy's; start-up only reads the stamp

    return set_aside_named(connection, [name for name in trigger_names(tables) if name.endswith("_insert")])


def resume(connection, set_aside: list[str]) -> None:
    from sdm_desktop.db.bulk_insert import put_back

    put_back(connection, set_aside)
    if set_aside:
        connection.exec_driver_sql(f"UPDATE {TABLE} SET stamp = {NEW_STAMP}")


def read_stamp(database: Path) -> tuple[str, str] | None:
    """(schema revision, stamp) of the SQLite file, read-only; None when there is no stamp to trust: no file,
    an unreadable one, an older schema without the stamp, or a trigger missing (a migration that rebuilt a table
    drops its triggers)."""
    if not Path(database).is_file():
        return None
    try:
        conn = read_only_connection(Path(database))
    except sqlite3.Error:
        return None
    try:
        schema = conn.execute("SELECT type, name FROM sqlite_master WHERE type IN ('table', 'trigger')").fetchall()
        tables = {name for kind, name in schema if kind == "table"}
        triggers = {name for kind, name in schema if kind == "trigger"}
        if TABLE not in tables or not set(trigger_names(stamped_tables(tables))) <= triggers:
            return None
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        stamp = conn.execute(f"SELECT stamp FROM {TABLE} WHERE id = 1").fetchone()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return (revision[0], stamp[0]) if revision and stamp else None


def stamped_tables(tables) -> list[str]:
    """Of these tables, those whose changes move the stamp: all but the UNSTAMPED ones, the full-text index's
    own tables (person_fts, person_fts_data…) and SQLite's."""
    return sorted(name for name in tables
                  if name not in UNSTAMPED and "_fts" not in name and not name.startswith("sqlite_"))
