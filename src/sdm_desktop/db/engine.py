"""Opening the database: pragmas, safety checks, migrations with a backup first."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from sdm_desktop.db.netshare import is_network_path
from sdm_desktop.errors import UserError

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
SERVER_CONNECT_TIMEOUT_S = 10       # a server that does not answer is reported, not waited for


@dataclass
class Database:
    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def sqlite_path(self) -> Path | None:
        return sqlite_file(self.url)

    def dispose(self) -> None:
        self.engine.dispose()


def parse_url(url: str) -> URL:
    try:
        return make_url(url)
    except ArgumentError as exc:
        shown = re.sub(r":[^:/@]*@", ":***@", url)     # never echo a password
        raise UserError(f"The database address {shown!r} is not a valid SQLAlchemy URL "
                        "(for example sqlite:///C:/SDM/sdm.sqlite3 or postgresql+psycopg://server/sdm).") from exc


def display_url(url: str) -> str:
    """The URL as shown in messages: the password hidden."""
    return parse_url(url).render_as_string(hide_password=True)


def is_in_memory_sqlite(parsed: URL) -> bool:
    return parsed.get_backend_name() == "sqlite" and (
        not parsed.database or parsed.database == ":memory:" or parsed.query.get("mode") == "memory")


def sqlite_file(url: str) -> Path | None:
    parsed = parse_url(url)
    if parsed.get_backend_name() != "sqlite" or is_in_memory_sqlite(parsed):
        return None
    return Path(parsed.database)


VERSIONS_DIR = Path(__file__).parent / "migrations" / "versions"
_REVISION_RE = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN_RE = re.compile(r"^down_revision\s*=\s*(None|['\"]([^'\"]+)['\"])", re.M)


def alembic_config():
    from alembic.config import Config  # imported only when migrating: it costs start-up time

    cfg = Config()
    cfg.set_main_option("script_location", "sdm_desktop.db:migrations")
    return cfg


def _revision_graph() -> tuple[set[str], set[str]]:
    revisions, parents = set(), set()
    for path in VERSIONS_DIR.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        rev, down = _REVISION_RE.search(source), _DOWN_RE.search(source)
        if rev:
            revisions.add(rev.group(1))
            if down and down.group(2):
                parents.add(down.group(2))
    return revisions, parents


def known_revisions() -> set[str]:
    """Every schema revision this version of the app can open (and upgrade from)."""
    return _revision_graph()[0]


def head_revision() -> str:
    """The newest migration, read from the version files without importing Alembic."""
    revisions, parents = _revision_graph()
    heads = revisions - parents
    if len(heads) != 1:
        from alembic.script import ScriptDirectory
        return ScriptDirectory.from_config(alembic_config()).get_current_head()
    return heads.pop()


def make_engine(url: str) -> Engine:
    parsed = parse_url(url)
    if is_in_memory_sqlite(parsed):
        raise UserError("An in-memory database keeps nothing once SDM Desktop stops: give a database file "
                        "(for example sqlite:///C:/SDM/sdm.sqlite3), or leave out --database.")
    if parsed.get_backend_name() != "sqlite":
        try:
            connect_args = {}
            if parsed.get_backend_name() == "postgresql" and "connect_timeout" not in parsed.query:
                connect_args["connect_timeout"] = SERVER_CONNECT_TIMEOUT_S
            # pre-ping: a connection the server dropped (restarted, network gone) is replaced, not used
            return create_engine(url, pool_pre_ping=True, connect_args=connect_args)
        except (ImportError, NoSuchModuleError) as exc:
            raise UserError(f"SDM Desktop cannot talk to a {parsed.drivername} database: its driver is not "
                            f"installed ({exc}). For PostgreSQL install the 'postgres' extra.") from exc
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # Per-connection settings only. WAL is a setting stored in the file: it is switched on once,
    # in open_database, after the file is known to be ours (someone else's file stays unchanged).
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _refuse_writes(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA query_only=ON")
    cursor.close()


def _use_wal(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA journal_mode=WAL")


def check_sqlite_file_before_opening(path: Path) -> None:
    """Refuse, without touching it, a file that cannot be our live database."""
    if is_network_path(path.parent if not path.exists() else path):
        raise UserError(
            f"The database {path} is on a network drive. SQLite databases get damaged there: "
            "keep the data folder on a local disk (backups may go to a network folder)."
        )
    if not path.exists() or path.stat().st_size == 0:
        return
    with open(path, "rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise UserError(
            f"{path} is not an SQLite database (it may be damaged or another kind of file). "
            "It has been left unchanged; restore a backup or choose another data folder."
        )


def open_database(url: str, backups_dir: Path | None = None, upgrade: bool = True,
                  before_upgrade: Callable[[], None] | None = None, read_only: bool = False) -> Database:
    """Open (and create or upgrade) the database. ``before_upgrade`` is called just before the schema is
    changed, and may refuse with UserError: the caller that does not hold the data folder's lock takes it
    there, so that no older SDM Desktop window has the database open while its schema changes.

    ``read_only`` (an SQLite file only): nothing is ever written, not even the switch to WAL; every
    connection refuses writes (``PRAGMA query_only``), and a database that would need upgrading is refused."""
    path = sqlite_file(url)
    if path is not None:
        check_sqlite_file_before_opening(path)
    engine = make_engine(url)
    if read_only and path is not None:
        event.listen(engine, "connect", _refuse_writes)
        upgrade = False
    try:
        current = _current_revision(engine, url)
        if current is not None and current not in known_revisions():
            raise UserError(
                f"The database {path or display_url(url)} was written by a newer version of SDM Desktop "
                f"(schema {current}; this version knows up to {head_revision()}). Install the newer version, "
                "or restore a backup made with this one. It has been left unchanged.")
        if read_only and current != head_revision():
            raise UserError(f"The database {path} needs upgrading to this version of SDM Desktop, "
                            "which cannot be done while it may only be read. It has been left unchanged.")
        if path is not None and not read_only:
            _use_wal(engine)
        if upgrade and current != head_revision():
            if before_upgrade is not None:
                before_upgrade()
            if current is not None and path is not None and backups_dir is not None:
                backup_before_upgrade(path, backups_dir, current)
            _upgrade(engine)
    except (DatabaseError, sqlite3.DatabaseError) as exc:
        engine.dispose()
        raise UserError(f"Cannot open the database {path or display_url(url)}: {_reason(exc)}. "
                        "It has been left unchanged.") from exc
    except UserError:
        engine.dispose()
        raise
    return Database(url=url, engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))


def _reason(exc: Exception) -> str:
    text = str(getattr(exc, "orig", exc)) or exc.__class__.__name__
    return text.splitlines()[0]


def _current_revision(engine: Engine, url: str) -> str | None:
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            if tables and "alembic_version" not in tables:
                raise UserError(
                    f"The database {sqlite_file(url) or display_url(url)} holds tables but is not an SDM Desktop "
                    "database. It has been left unchanged."
                )
            if "alembic_version" not in tables:
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except OperationalError as exc:
        raise UserError(f"Cannot open the database {sqlite_file(url) or display_url(url)}: {_reason(exc)}.") from exc


def _upgrade(engine: Engine) -> None:
    with engine.begin() as conn:
        upgrade_on(conn)


def upgrade_on(conn) -> None:
    """Bring the schema up to the newest revision on ``conn``, inside the caller's transaction."""
    from alembic import command

    cfg = alembic_config()
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "head")


def downgrade_to(engine: Engine, revision: str) -> None:
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def backup_before_upgrade(path: Path, backups_dir: Path, revision: str) -> Path:
    from sdm_desktop.db.backup import backup_sqlite_file

    return backup_sqlite_file(path, backups_dir, label=f"before-upgrade-from-{revision}")
