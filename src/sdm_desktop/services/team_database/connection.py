"""The saved connection to a team database: a small file in the data folder, never the password.

The password is kept in the operating system's keyring (``keyring``: Windows Credential Manager, macOS
Keychain, the Secret Service on Linux), or asked for at each start. Which database is used:
``--database`` (or SDM_DESKTOP_DATABASE_URL), else the saved connection, else the SQLite file in the data folder.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from sdm_desktop import paths
from sdm_desktop.db.engine import display_url, make_engine
from sdm_desktop.errors import UserError

CONFIG_FILE_NAME = paths.TEAM_DATABASE_FILE_NAME
KEYRING_SERVICE = "SDM Desktop team database"
DEFAULT_PORT = 5432
DRIVER = "postgresql+psycopg"


@dataclass(frozen=True)
class TeamConnection:
    host: str
    database: str
    user: str
    port: int = DEFAULT_PORT
    ask_password: bool = False          # True: asked at each start, kept nowhere

    def url(self, password: str | None = None) -> str:
        return URL.create(DRIVER, username=self.user, password=password or None, host=self.host,
                          port=self.port, database=self.database).render_as_string(hide_password=False)

    @property
    def shown(self) -> str:
        return display_url(self.url("hidden"))

    @property
    def keyring_user(self) -> str:
        return f"{self.user}@{self.host}:{self.port}/{self.database}"


# Asks the person at the keyboard for the password of a saved connection; None when they cancel.
AskPassword = Callable[[TeamConnection], "str | None"]


def config_path(data_dir: Path) -> Path:
    return Path(data_dir) / CONFIG_FILE_NAME


def load_saved(data_dir: Path) -> TeamConnection | None:
    path = config_path(data_dir)
    if not path.is_file():
        return None
    try:
        values = json.loads(path.read_text(encoding="utf-8"))
        return TeamConnection(host=str(values["host"]), database=str(values["database"]),
                              user=str(values["user"]), port=int(values.get("port", DEFAULT_PORT)),
                              ask_password=bool(values.get("ask_password", False)))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UserError(f"The saved team database connection {path} cannot be read ({exc.__class__.__name__}: "
                        f"{exc}); delete it to use the data folder's own database, or connect again.") from exc


def save(data_dir: Path, connection: TeamConnection, password: str | None) -> Path:
    """Keep ``connection`` for the next start: its password in the keyring (unless asked each time)."""
    _check(connection)
    if not connection.ask_password:
        _keyring_store(connection, password or "")
    else:
        _keyring_forget(connection)
    path = config_path(data_dir)
    temp = path.with_name(path.name + ".saving")
    temp.write_text(json.dumps(asdict(connection), indent=2) + "\n", encoding="utf-8")
    os.replace(temp, path)
    return path


def forget(data_dir: Path) -> None:
    """Back to the data folder's own database at the next start; the keyring entry goes too."""
    try:
        saved = load_saved(data_dir)
    except UserError:           # unreadable: nothing to take out of the keyring, the file goes all the same
        saved = None
    if saved is not None:
        _keyring_forget(saved)
    config_path(data_dir).unlink(missing_ok=True)


def _check(connection: TeamConnection) -> None:
    missing = [name for name in ("host", "database", "user") if not getattr(connection, name).strip()]
    if missing:
        raise UserError(f"Give the {', '.join(missing)} of the team database.")
    if not 1 <= connection.port <= 65535:
        raise UserError(f"The port must be from 1 to 65535, not {connection.port}.")


def _keyring_store(connection: TeamConnection, password: str) -> None:
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, connection.keyring_user, password)
    except KeyringError as exc:
        raise UserError(f"The password cannot be kept in this computer's keyring ({exc}); choose "
                        "\"ask each time\" instead. Nothing was saved.") from exc


def _keyring_forget(connection: TeamConnection) -> None:
    import keyring
    from keyring.errors import KeyringError

    with contextlib.suppress(KeyringError):     # nothing kept, or no keyring at all: nothing to forget
        keyring.delete_password(KEYRING_SERVICE, connection.keyring_user)


def _keyring_password(connection: TeamConnection) -> str | None:
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, connection.keyring_user)
    except KeyringError:
        return None


def saved_url(data_dir: Path, ask: AskPassword | None = None) -> str | None:
    """The saved connection's URL with its password (from the keyring, or asked), or None if none is saved."""
    saved = load_saved(data_dir)
    if saved is None:
        return None
    password = None if saved.ask_password else _keyring_password(saved)
    if password is None:
        password = ask(saved) if ask is not None else None
        if password is None:
            raise UserError(f"The team database {saved.shown} needs its password, and none was given. Give it "
                            "when asked, or use --database for another database.")
    return saved.url(password)


def choose_database_url(data_dir: Path, cli_value: str | None = None, ask: AskPassword | None = None) -> str:
    """--database, else SDM_DESKTOP_DATABASE_URL, else the saved team database, else the data folder's file."""
    chosen = cli_value or os.environ.get(paths.ENV_DATABASE_URL)
    if chosen:
        return chosen
    return saved_url(data_dir, ask) or paths.default_database_url(data_dir)


@dataclass
class ConnectionFound:
    """What a successful test found on the server."""

    shown_url: str
    tables: int
    is_sdm_database: bool

    def sentence(self) -> str:
        if self.is_sdm_database:
            return f"Connected to {self.shown_url}: it holds an SDM Desktop register."
        if self.tables == 0:
            return (f"Connected to {self.shown_url}: the database is empty. Copy your register into it with "
                    "File → Team database… (or SDM Desktop sets it up empty at the next start).")
        return (f"Connected to {self.shown_url}, but it holds {self.tables} tables of another program; "
                "SDM Desktop will not use it.")


def try_connection(url: str) -> ConnectionFound:
    """Connect once and look: refused in one line (server unreachable, wrong password, no such database)."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            tables = inspect(conn).get_table_names()
    except DBAPIError as exc:
        reason = (str(exc.orig).strip().splitlines() or [exc.__class__.__name__])[0]
        raise UserError(f"Cannot connect to {display_url(url)}: {reason}") from exc
    finally:
        engine.dispose()
    return ConnectionFound(display_url(url), len(tables), "alembic_version" in tables)


def check_connection_fields(connection: TeamConnection) -> None:
    """Refuse, in one line, a connection with a field missing or a port out of range."""
    _check(connection)
