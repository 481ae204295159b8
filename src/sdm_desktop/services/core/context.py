"""The running app's data: folder, database, lock and undo stack."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Iterator

from sqlalchemy.orm import Session

from sdm_desktop.db.engine import BUSY_TIMEOUT_MS, Database
from sdm_desktop.db.lock import DataFolderLock
from sdm_desktop.services.core.undo import UndoStack


@dataclass
class AppContext:
    data_dir: Path
    db: Database
    lock: DataFolderLock | None = None
    undo: UndoStack = field(default_factory=UndoStack)
    # Set by the window: how long work on the main (GUI) thread may wait for another program's
    # write lock before giving up with "the database is busy". Background jobs and the command
    # line wait the full BUSY_TIMEOUT_MS.
    foreground_busy_timeout_ms: int | None = None

    @cached_property
    def _is_sqlite(self) -> bool:
        return self.db.sqlite_path is not None

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed on success, rolled back on any error."""
        with self.db.sessions() as session, session.begin():
            if self.foreground_busy_timeout_ms is not None and self._is_sqlite:
                main = threading.current_thread() is threading.main_thread()
                timeout = self.foreground_busy_timeout_ms if main else BUSY_TIMEOUT_MS
                session.connection().exec_driver_sql(f"PRAGMA busy_timeout={int(timeout)}")
            yield session

    def close(self) -> None:
        self.db.dispose()
        if self.lock is not None:
            self.lock.release()
