"""The register's tally on SQLite: the counts Home shows, kept current by triggers.

Counting 100,000 people who are not archived, and how many of them are patient representatives or marked do not
contact, reads every row (50-150 ms on a busy machine); Home reads these four numbers instead. The triggers change
them in the same transaction as the insert, update or delete, whatever made it (editor, import, undo, erase).
Made by migration 0009; when its triggers are missing (a migration that copied the table) Home counts the rows
again and ``rebuild`` puts the tally right. PostgreSQL counts the rows: the server does that quickly.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

TABLE = "register_tally"
NAMES = ("organisations", "people", "patient_reps", "do_not_contact")

_LIVE = "{row}.archived_at IS NULL"
_PERSON_PARTS = {"people": _LIVE,
                 "patient_reps": _LIVE + " AND coalesce({row}.is_patient_rep, 0) <> 0",
                 "do_not_contact": _LIVE + " AND coalesce({row}.do_not_contact, 0) <> 0"}
_ORG_PARTS = {"organisations": _LIVE}
_TRIGGERS = {"person": (_PERSON_PARTS, "archived_at, is_patient_rep, do_not_contact"),
             "organisation": (_ORG_PARTS, "archived_at")}


def _change(parts: dict[str, str], sign: str, row: str) -> str:
    cases = " ".join(f"WHEN '{name}' THEN ({part.format(row=row)})" for name, part in parts.items())
    names = ", ".join(f"'{name}'" for name in parts)
    return f"UPDATE {TABLE} SET value = value {sign} (CASE name {cases} ELSE 0 END) WHERE name IN ({names});"


def trigger_names() -> list[str]:
    return [f"{table}_tally_{what}" for table in _TRIGGERS for what in ("insert", "update", "delete")]


def create_statements() -> list[str]:
    statements = [f"CREATE TABLE IF NOT EXISTS {TABLE} (name VARCHAR(40) PRIMARY KEY, value INTEGER NOT NULL)"]
    for table, (parts, columns) in _TRIGGERS.items():
        statements += [
            f"CREATE TRIGGER IF NOT EXISTS {table}_tally_insert AFTER INSERT ON {table} "
            f"BEGIN {_change(parts, '+', 'new')} END",
            f"CREATE TRIGGER IF NOT EXISTS {table}_tally_update AFTER UPDATE OF {columns} ON {table} "
            f"BEGIN {_change(parts, '-', 'old')} {_change(parts, '+', 'new')} END",
            f"CREATE TRIGGER IF NOT EXISTS {table}_tally_delete AFTER DELETE ON {table} "
            f"BEGIN {_change(parts, '-', 'old')} END",
        ]
    return statements


def count_statement() -> str:
    """The tally counted from the rows: (name, value) pairs."""
    selects = [f"SELECT '{name}', count(*) FROM {table} WHERE {part.format(row=table)}"
               for table, (parts, _columns) in _TRIGGERS.items() for name, part in parts.items()]
    return " UNION ALL ".join(selects)


def usable(connection: Connection) -> bool:
    """SQLite, and the tally and all its triggers are there."""
    if connection.dialect.name != "sqlite":
        return False
    names = {row[0] for row in connection.execute(
        text("SELECT name FROM sqlite_master WHERE name LIKE '%tally%'"))}
    return {TABLE, *trigger_names()} <= names


def read(connection: Connection) -> dict[str, int]:
    return dict(connection.execute(text(f"SELECT name, value FROM {TABLE}")).all())


def suspend_inserts(connection: Connection, table: str) -> bool:
    """Before a bulk insert into ``table`` (``person`` or ``organisation``), in its transaction: its insert trigger
    goes, which would change the tally row by row (a quarter of the insert's cost); ``rebuild`` must then make it
    again and count afresh before the transaction commits (a rollback brings it back by itself).
    False, and nothing done, when there is no tally (PostgreSQL) or its triggers are already missing."""
    if not usable(connection):
        return False
    connection.exec_driver_sql(f"DROP TRIGGER {table}_tally_insert")
    return True


def rebuild(connection: Connection) -> None:
    """The table and triggers made if missing, and the numbers counted afresh, in the caller's transaction."""
    for statement in create_statements():
        connection.exec_driver_sql(statement)
    connection.exec_driver_sql(f"DELETE FROM {TABLE}")
    connection.exec_driver_sql(f"INSERT INTO {TABLE} (name, value) {count_statement()}")
