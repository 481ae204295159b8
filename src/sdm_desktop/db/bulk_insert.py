"""A big insert on SQLite without the work its table's triggers and indexes would do row by row.

Measured on 100,000 people (an empty register, ``tests/benchmarks/bench_bundle_and_xlsx.py``): the search index's
insert trigger, which does nothing while the index is left to the background (``text_index.reset``), still costs
about 30 µs a row only to be called; growing the five plain indexes row by row about 29 µs a row, where building
them once from every row costs about 6 µs a row. ``set_aside`` drops both in the caller's transaction and
returns the statements that make them again, exactly as the schema has them; ``put_back`` runs those before
the commit. A rollback brings everything back by itself (SQLite's schema changes are transactional).
PostgreSQL: nothing is set aside.
"""

from __future__ import annotations

from sqlalchemy import Connection

from sdm_desktop.db import text_index

# The plain indexes are rebuilt when the insert adds at least this share of the rows already there: below it,
# building them again over the whole table would cost more than growing them.
REBUILD_SHARE = 0.5


def set_aside(connection: Connection, table: str, first_id: int, adding: int) -> list[str]:
    """Before inserting about ``adding`` rows into ``table``, numbered from ``first_id``: drop the search index's
    insert trigger when it would index none of them, and the table's plain (not unique) indexes when rebuilding
    them pays. Returns the statements that make them again, for ``put_back``."""
    if connection.dialect.name != "sqlite":
        return []
    schema = connection.exec_driver_sql(
        "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('trigger', 'index') "
        "AND sql IS NOT NULL", (table,)).all()
    dropped: list[tuple[str, str, str]] = []
    trigger = f"{text_index.index_name(table)}_insert"
    mark = text_index.filled_to(connection, table)
    if mark is not None and mark < first_id:            # the trigger's WHEN holds for no new row
        dropped += [row for row in schema if row[0] == "trigger" and row[1] == trigger]
    present = connection.exec_driver_sql(f'SELECT count(*) FROM "{table}"').scalar()
    if adding >= present * REBUILD_SHARE:
        dropped += [row for row in schema if row[0] == "index" and not _unique(row[2])]
    return _drop(connection, dropped)


def set_aside_named(connection: Connection, names) -> list[str]:
    """Drop the triggers or indexes of these names that the schema has; the statements that make them again, for
    ``put_back``."""
    wanted = set(names)
    schema = connection.exec_driver_sql(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('trigger', 'index') AND sql IS NOT NULL").all()
    return _drop(connection, [row for row in schema if row[1] in wanted])


def _drop(connection: Connection, rows) -> list[str]:
    for kind, name, _sql in rows:
        connection.exec_driver_sql(f'DROP {kind.upper()} "{name}"')
    return [sql for _kind, _name, sql in rows]


def put_back(connection: Connection, statements: list[str]) -> None:
    """Make again what ``set_aside`` dropped (an index is built from every row), in the same transaction."""
    for statement in statements:
        connection.exec_driver_sql(statement)


def _unique(sql: str) -> bool:
    return sql.lstrip().upper().startswith("CREATE UNIQUE")
