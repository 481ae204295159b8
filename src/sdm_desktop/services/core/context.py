"""The running app's data: folder, database, locks, undo stack, and whether the database is damaged."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from sdm_desktop.db.engine import BUSY_TIMEOUT_MS, Database, parse_url
from sdm_desktop.db.lock import DatabaseFileLock, DataFolderLock
from sdm_desktop.errors import DatabaseDamaged, DatabaseUnreachable
from sdm_desktop.services.core.damage import Damage
from sdm_desktop.services.core.undo import UndoStack, UndoStep
from sdm_desktop.services.core.versions import OwnWrites, check_undo, from_stale_data, note_pending

# What a server's driver says when it cannot reach the server, or lost it
_UNREACHABLE = ("connection failed", "connection refused", "server closed the connection", "terminating connection",
                "could not connect", "connection timeout", "timeout expired", "the connection is closed",
                "connection is lost", "no route to host", "could not translate host name")

# What SQLite says about a damaged database, and what that meant for what the user asked
_DAMAGE_OUTCOMES = {
    "readonly database": "This needed to write to it (if only to the audit trail), so it was not done",
    "malformed": "This needed a damaged part of it, so it could not be done",
    "not a database": "This needed a damaged part of it, so it could not be done",
}


@dataclass
class AppContext:
    data_dir: Path
    db: Database
    lock: DataFolderLock | None = None
    database_lock: DatabaseFileLock | None = None
    # Set when the database failed its check on opening: it is open read-only, and every write is refused
    # with the damage's message (what is wrong, which backup to restore).
    damage: Damage | None = None
    undo: UndoStack = field(default_factory=UndoStack)
    # Set by the window: how long work on the main (GUI) thread may wait for another program's
    # write lock before giving up with "the database is busy". Background jobs and the command
    # line wait the full BUSY_TIMEOUT_MS.
    foreground_busy_timeout_ms: int | None = None
    # The row versions this running app wrote: undo may go through its own later steps, never a colleague's.
    own_writes: OwnWrites = field(default_factory=OwnWrites)

    def __post_init__(self) -> None:
        event.listen(self.db.sessions, "after_flush", self.own_writes.note_flush)
        event.listen(self.db.sessions, "before_flush", note_pending)
        self.undo.guard = self._check_undo

    def _check_undo(self, step: UndoStep) -> None:
        with self.session() as s:
            check_undo(s, self.own_writes, step.written)

    @cached_property
    def _is_sqlite(self) -> bool:
        return self.db.sqlite_path is not None

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed on success, rolled back on any error. On a damaged database a write
        (or a read of a damaged page) raises DatabaseDamaged, saying what to do."""
        try:
            with self.db.sessions() as session, session.begin():
                if self.foreground_busy_timeout_ms is not None and self._is_sqlite:
                    main = threading.current_thread() is threading.main_thread()
                    timeout = self.foreground_busy_timeout_ms if main else BUSY_TIMEOUT_MS
                    session.connection().exec_driver_sql(f"PRAGMA busy_timeout={int(timeout)}")
                try:
                    yield session
                    session.flush()         # here, so a stale write is named while the session knows its rows
                except StaleDataError as exc:
                    raise from_stale_data(exc, session) from exc
        except StaleDataError as exc:
            raise from_stale_data(exc) from exc
        except DBAPIError as exc:
            outcome = self.damage and _damage_outcome(exc)
            if outcome:
                raise DatabaseDamaged(self.damage.message(outcome)) from exc
            if not self._is_sqlite and _lost_connection(exc):
                raise DatabaseUnreachable(parse_url(self.db.url).host or "its socket") from exc
            raise

    def close(self) -> None:
        self.db.dispose()
        for lock in (self.database_lock, self.lock):
            if lock is not None:
                lock.release()


def _lost_connection(exc: DBAPIError) -> bool:
    """The server went away or cannot be reached (as against a statement it refused)."""
    if exc.connection_invalidated:
        return True
    said = str(exc.orig).lower()
    return isinstance(exc, OperationalError) and any(words in said for words in _UNREACHABLE)


def _damage_outcome(exc: DBAPIError) -> str | None:
    said = str(exc.orig).lower()
    return next((outcome for words, outcome in _DAMAGE_OUTCOMES.items() if words in said), None)
