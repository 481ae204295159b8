"""`check` on a team database (PostgreSQL): what can be checked from inside the server.

The server looks after its own files (no quick check as on SQLite). What is checked: the schema revision,
that every foreign key of the models is there, that no row points at a row that does not exist (orphans),
and that every table of a versioned model (the ``Versioned`` mixin) has its version column, without which
two people's edits could overwrite each other.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from sqlalchemy import Connection, MetaData, func, inspect, select, text
from sqlalchemy.exc import DBAPIError, SAWarning

from sdm_desktop.db.engine import display_url, make_engine, sqlite_file
from sdm_desktop.db.models import Base
from sdm_desktop.errors import UserError
from sdm_desktop.services.core import maintenance
from sdm_desktop.services.core.maintenance import CheckReport

COUNTED = ("organisation", "person", "membership", "assessment", "activity", "interaction", "enrolment", "letter",
           "resource")


def check_database(data_dir: Path, url: str) -> CheckReport:
    """The check of whichever database ``url`` is: SQLite's own, or this one on a server."""
    if sqlite_file(url) is not None:
        return maintenance.check_database(data_dir, url)
    return check_server_database(url)


def check_server_database(url: str, mappers=None) -> CheckReport:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return _check(conn, display_url(url), mappers)
    except DBAPIError as exc:
        reason = (str(exc.orig).strip().splitlines() or [exc.__class__.__name__])[0]
        raise UserError(f"Cannot check {display_url(url)}: {reason}") from exc
    finally:
        engine.dispose()


def _check(conn: Connection, shown: str, mappers) -> CheckReport:
    tables = set(inspect(conn).get_table_names())
    revision = conn.scalar(text("SELECT version_num FROM alembic_version")) if "alembic_version" in tables else None
    problems = maintenance.revision_problems(revision)
    problems += [f"Table {name} is missing." for name in sorted(set(Base.metadata.tables) - tables)]
    reflected = _reflected(conn)
    problems += missing_foreign_keys(reflected)
    problems += orphan_rows(conn, reflected)
    problems += missing_version_columns(reflected, mappers)
    counts = {name: conn.scalar(select(func.count()).select_from(reflected.tables[name]))
              for name in COUNTED if name in reflected.tables}
    return CheckReport(shown, problems, counts, revision)


def _reflected(conn: Connection) -> MetaData:
    metadata = MetaData()
    with warnings.catch_warnings():         # expression indexes are not reflected; only keys matter here
        warnings.filterwarnings("ignore", "Skipped unsupported reflection", SAWarning)
        metadata.reflect(bind=conn)
    return metadata


def _key(fk) -> tuple[str, str, str, str]:
    return fk.parent.table.name, fk.parent.name, fk.column.table.name, fk.column.name


def missing_foreign_keys(reflected: MetaData) -> list[str]:
    there = {_key(fk) for table in reflected.tables.values() for fk in table.foreign_keys}
    wanted = {_key(fk) for table in Base.metadata.tables.values() for fk in table.foreign_keys
              if table.name in reflected.tables}
    return [f"The foreign key {table}.{column} → {parent}.{key} is missing: the server would not stop a row "
            "pointing at nothing." for table, column, parent, key in sorted(wanted - there)]


def orphan_rows(conn: Connection, reflected: MetaData) -> list[str]:
    """Rows whose foreign key points at no row (possible only where the key's constraint is missing)."""
    problems = []
    for table in reflected.sorted_tables:
        for fk in Base.metadata.tables[table.name].foreign_keys if table.name in Base.metadata.tables else ():
            child, column, parent_name, key = _key(fk)
            parent = reflected.tables.get(parent_name)
            if parent is None or column not in table.c or key not in parent.c:
                continue
            parent = parent.alias("parent")         # a table may point into itself
            orphan = select(func.count()).select_from(table).where(
                table.c[column].is_not(None), ~select(parent.c[key]).where(parent.c[key] == table.c[column]).exists())
            count = conn.scalar(orphan)
            if count:
                problems.append(f"{count:,} rows of {child} point at a {parent_name} that does not exist "
                                f"({child}.{column}).")
    return problems


def versioned_tables(mappers=None) -> dict[str, str]:
    """Table name → version column name, for every model with a version column (the ``Versioned`` mixin)."""
    mappers = Base.registry.mappers if mappers is None else mappers
    return {mapper.local_table.name: mapper.version_id_col.name for mapper in mappers
            if mapper.version_id_col is not None}


def missing_version_columns(reflected: MetaData, mappers=None) -> list[str]:
    problems = []
    for table, column in sorted(versioned_tables(mappers).items()):
        if table in reflected.tables and column not in reflected.tables[table].c:
            problems.append(f"The table {table} has no {column} column: two people's edits to it could overwrite "
                            "each other. Open the database with this version of SDM Desktop to upgrade it.")
    return problems
