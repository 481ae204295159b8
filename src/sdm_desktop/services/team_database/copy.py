"""Copy the whole database into an empty one: SQLite to a PostgreSQL team database, or back into an SQLite file.

All or nothing. On a server the schema (Alembic, up to the newest revision), every row, the check and the
sequences are one transaction: anything that fails rolls it back. An SQLite file is written beside the target
under a temporary name and put in place only once checked. The tables and their columns are read from the
databases themselves (reflection), so columns that later migrations add come along without a change here.
Rows go in foreign-key order, in batches, each table checked afterwards by row count and checksum.
"""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, Engine, Integer, MetaData, Table, delete, func, insert, inspect, select, text, update
from sqlalchemy.exc import DBAPIError, OperationalError, SAWarning

from sdm_desktop.db.engine import display_url, make_engine, parse_url, sqlite_file, upgrade_on
from sdm_desktop.db.models import Base
from sdm_desktop.errors import UserError
from sdm_desktop.progress import Progress
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.team_database.checksum import TableDigest, key_order

BATCH_ROWS = 1000
SKIPPED_TABLES = {"alembic_version"}        # written by the migrations on the target
# The tables of records (those the ORM maps). Derived tables (SQLite's search index and Home's tally) are not
# copied: the target's own triggers build them from the rows as they arrive.
RECORD_TABLES = frozenset(Base.metadata.tables)
NOTHING_COPIED = "Nothing was copied."


class CopyMismatch(UserError):
    """A table on the target does not hold what was read from the source (count or checksum)."""


@dataclass
class TableCopied:
    name: str
    rows: int
    checksum: str


@dataclass
class CopyReport:
    source: str                 # shown with the password hidden
    target: str
    tables: list[TableCopied] = field(default_factory=list)
    seconds: float = 0.0

    def __post_init__(self) -> None:
        self.source, self.target = display_url(self.source), display_url(self.target)

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)

    def sentence(self) -> str:
        return (f"Copied {self.rows:,} rows in {len(self.tables)} tables from {self.source} to {self.target} "
                f"in {self.seconds:.1f} s; every table's row count and checksum match.")


def copy_database(ctx: AppContext, target_url: str, progress: Progress | None = None) -> CopyReport:
    """Copy ``ctx``'s database into the empty database at ``target_url``."""
    progress = progress or Progress()
    started = time.perf_counter()
    report = CopyReport(ctx.db.url, target_url)
    path = sqlite_file(target_url)
    if path is not None:
        report.tables = _copy_to_sqlite_file(ctx.db.engine, target_url, path, progress)
    else:
        report.tables = _copy_to_server(ctx.db.engine, target_url, progress)
    report.seconds = time.perf_counter() - started
    return report


# --- the target ---------------------------------------------------------------------------------------------

def _copy_to_server(source: Engine, target_url: str, progress: Progress) -> list[TableCopied]:
    engine = make_engine(target_url)
    try:
        with _reaching(target_url):
            conn = engine.connect()
        with conn, conn.begin():
            _refuse_non_empty(conn, display_url(target_url))
            return _copy_into(source, conn, progress)
    finally:
        engine.dispose()


def _copy_to_sqlite_file(source: Engine, target_url: str, path: Path, progress: Progress) -> list[TableCopied]:
    if path.is_dir():
        raise UserError(f"{path} is a folder; give the name of a new database file. {NOTHING_COPIED}")
    if not path.parent.is_dir():
        raise UserError(f"Cannot write {path}: the folder {path.parent} does not exist. {NOTHING_COPIED}")
    if path.exists() and path.stat().st_size > 0:
        raise UserError(f"The target {path} already exists and is not empty; copy only into a new file. "
                        f"{NOTHING_COPIED}")
    temp = path.with_name(path.name + ".copying")
    temp.unlink(missing_ok=True)
    temp_url = parse_url(target_url).set(database=str(temp)).render_as_string(hide_password=False)
    engine = make_engine(temp_url)
    try:
        with engine.connect() as conn, conn.begin():
            tables = _copy_into(source, conn, progress)
        engine.dispose()
        os.replace(temp, path)
        return tables
    except BaseException:
        engine.dispose()
        temp.unlink(missing_ok=True)
        raise


@contextmanager
def _reaching(url: str) -> Iterator[None]:
    """Turns a failure to connect into one line naming the server (its password hidden)."""
    try:
        yield
    except OperationalError as exc:
        reason = (str(exc.orig).strip().splitlines() or ["no answer"])[0]
        raise UserError(f"Cannot reach the database {display_url(url)}: {reason}. {NOTHING_COPIED}") from exc


def _refuse_non_empty(conn: Connection, shown: str) -> None:
    tables = inspect(conn).get_table_names()
    if tables:
        raise UserError(f"The target database {shown} is not empty (it has {len(tables)} tables, e.g. "
                        f"{sorted(tables)[0]}); copy only into a new, empty database. {NOTHING_COPIED}")


# --- the copy -----------------------------------------------------------------------------------------------

def _copy_into(source: Engine, target: Connection, progress: Progress) -> list[TableCopied]:
    try:
        upgrade_on(target)
    except DBAPIError as exc:           # e.g. a user who may not create tables there
        reason = (str(exc.orig).strip().splitlines() or [exc.__class__.__name__])[0]
        raise UserError(f"Cannot create SDM Desktop's tables in the target database: {reason}. "
                        f"{NOTHING_COPIED}") from exc
    target_tables = _reflected(target)
    with source.connect() as reading:
        # one snapshot for the whole read, whatever the app writes meanwhile
        if reading.dialect.name == "postgresql":
            reading.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        else:
            reading.exec_driver_sql("BEGIN")
        source_tables = _reflected(reading)
        order = [t for t in target_tables.sorted_tables if t.name in RECORD_TABLES and t.name not in SKIPPED_TABLES]
        _refuse_different_schema(order, source_tables)
        _clear_seeded_rows(target, order)
        progress.start(sum(_count(reading, source_tables.tables[t.name]) for t in order), "Copying")
        copied = []
        for table in order:
            progress.label = f"Copying {table.name}"
            digest = _copy_table(reading, source_tables.tables[table.name], target, table, progress)
            _verify(target, table, digest)
            copied.append(TableCopied(table.name, digest.rows, digest.hexdigest))
    if target.dialect.name == "postgresql":
        _reset_sequences(target, order)
    return copied


def _reflected(conn: Connection) -> MetaData:
    metadata = MetaData()
    with warnings.catch_warnings():     # expression indexes are not reflected: only tables and columns matter here
        warnings.filterwarnings("ignore", "Skipped unsupported reflection", SAWarning)
        metadata.reflect(bind=conn)
    return metadata


def _clear_seeded_rows(target: Connection, order: list[Table]) -> None:
    """The migrations seed some rows (e.g. the organisation types); the source's own rows replace them."""
    for table in reversed(order):
        target.execute(delete(table))


def _refuse_different_schema(order: list[Table], source: MetaData) -> None:
    for table in order:
        theirs = source.tables.get(table.name)
        if theirs is None or set(theirs.columns.keys()) != set(table.columns.keys()):
            raise UserError(f"The table {table.name} is not the same in both databases (their schema revisions "
                            f"differ); open the source with this version of SDM Desktop first. {NOTHING_COPIED}")


def _count(conn: Connection, table: Table) -> int:
    return conn.scalar(select(func.count()).select_from(table))


def _rows(conn: Connection, table: Table, names: list[str]) -> Iterator[list]:
    """The table's rows in key order, a batch at a time (memory stays bounded whatever its size)."""
    query = select(*(table.c[n] for n in names)).order_by(*(table.c[c.name] for c in key_order(table)))
    result = conn.execute(query, execution_options={"yield_per": BATCH_ROWS})
    yield from result.partitions()


def _copy_table(reading: Connection, source: Table, target: Connection, table: Table,
                progress: Progress) -> TableDigest:
    names = list(table.columns.keys())
    # A column pointing into its own table (an interaction answering an earlier one) is filled in after all
    # the table's rows are in: a row may point at one with a higher key.
    self_refs = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    digest, later = TableDigest([source.c[n] for n in names]), []
    for batch in _rows(reading, source, names):
        rows = [dict(zip(names, row, strict=True)) for row in batch]
        for row in batch:
            digest.add(row)
        for row in rows:
            pointers = {n: row[n] for n in self_refs if row[n] is not None}
            if pointers:
                later.append(({c.name: row[c.name] for c in table.primary_key.columns}, pointers))
                row.update(dict.fromkeys(pointers))
        _write_batch(target, table, rows)
        progress.step(len(rows))
    for key, pointers in later:
        target.execute(update(table).where(*(table.c[k] == v for k, v in key.items())).values(**pointers))
    return digest


def _write_batch(target: Connection, table: Table, rows: list[dict]) -> None:
    try:
        if target.dialect.driver == "psycopg":
            _copy_rows_in(target, table, rows)
        elif target.dialect.name == "sqlite":
            _insert_rows_in_sqlite(target, table, rows)
        else:
            target.execute(insert(table), rows)
    except Exception as exc:
        if not _is_database_error(exc):
            raise
        reason = (str(getattr(exc, "orig", exc)).strip().splitlines() or [exc.__class__.__name__])[0]
        raise UserError(f"A row of the table {table.name} could not be written to the target: {reason}. "
                        f"{NOTHING_COPIED}") from exc


def _copy_rows_in(target: Connection, table: Table, rows: list[dict]) -> None:
    """PostgreSQL's COPY, on the transaction's own connection: some twenty times faster than one INSERT a row."""
    from psycopg import sql

    names = list(table.columns.keys())
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(sql.Identifier(table.name),
                                                          sql.SQL(", ").join(map(sql.Identifier, names)))
    with target.connection.driver_connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([row[name] for name in names])


def _insert_rows_in_sqlite(target: Connection, table: Table, rows: list[dict]) -> None:
    """One executemany of the driver, each value turned into what SQLite stores by its column's own type (as
    SQLAlchemy would, without building its parameters row by row: most of the time of a copy into a file)."""
    names = list(table.columns.keys())
    processors = [table.c[name].type.dialect_impl(target.dialect).bind_processor(target.dialect) for name in names]
    quoted = ", ".join(f'"{name}"' for name in names)
    statement = f'INSERT INTO "{table.name}" ({quoted}) VALUES ({", ".join("?" * len(names))})'
    target.exec_driver_sql(statement, [tuple(value if convert is None else convert(value)
                                             for value, convert in zip(map(row.__getitem__, names), processors,
                                                                       strict=True))
                                       for row in rows])


def _is_database_error(exc: Exception) -> bool:
    if isinstance(exc, DBAPIError):
        return True
    try:
        import psycopg
    except ImportError:
        return False
    return isinstance(exc, psycopg.Error)


def _verify(target: Connection, table: Table, expected: TableDigest) -> None:
    found = TableDigest(list(table.columns))
    for batch in _rows(target, table, list(table.columns.keys())):
        for row in batch:
            found.add(row)
    if found.rows != expected.rows:
        raise CopyMismatch(f"The copy of the table {table.name} has {found.rows:,} rows, the original "
                           f"{expected.rows:,}. {NOTHING_COPIED}")
    if found.hexdigest != expected.hexdigest:
        raise CopyMismatch(f"The copy of the table {table.name} does not match the original (its checksum "
                           f"differs). {NOTHING_COPIED}")


def _reset_sequences(target: Connection, tables: list[Table]) -> None:
    """Each serial key's sequence continues after the highest key copied (else the next new record would
    collide with a copied one)."""
    for table in tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not isinstance(keys[0].type, Integer):
            continue
        key = keys[0].name
        target.execute(text(f'SELECT setval(pg_get_serial_sequence(:table, :key), coalesce(max("{key}"), 1), '
                            f'max("{key}") IS NOT NULL) FROM "{table.name}"'),
                       {"table": table.name, "key": key})
