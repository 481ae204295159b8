"""The running app's data: folder, database, lock and undo stack."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from sdm_desktop import paths
from sdm_desktop.db.engine import Database, open_database
from sdm_desktop.db.lock import DataFolderLock
from sdm_desktop.errors import UserError
from sdm_desktop.services.undo import UndoStack


@dataclass
class AppContext:
    data_dir: Path
    db: Database
    lock: DataFolderLock | None = None
    undo: UndoStack = field(default_factory=UndoStack)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed on success, rolled back on any error.

        Another program holding the database's write lock longer than the busy timeout is a
        ``UserError`` in plain words (the work was rolled back), not a driver's traceback.
        """
        try:
            with self.db.sessions() as session, session.begin():
                yield session
        except OperationalError as exc:
            if busy := database_busy(exc, self.db.sqlite_path or self.db.url):
                raise busy from exc
            raise

    def close(self) -> None:
        self.db.dispose()
        if self.lock is not None:
            self.lock.release()


def open_context(data_dir: str | Path | None = None, database_url: str | None = None,
                 *, take_lock: bool = True, lock: DataFolderLock | None = None) -> AppContext:
    """Open the data folder's database. ``lock``: one the caller already holds for the folder."""
    folder = paths.choose_data_dir(str(data_dir) if data_dir else None)
    if lock is None and take_lock:
        lock = DataFolderLock(folder).acquire()
    try:
        url = paths.choose_database_url(folder, database_url)
        db = open_database(url, backups_dir=folder / "backups")
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    return AppContext(data_dir=folder, db=db, lock=lock)


def database_busy(exc: BaseException, where: object) -> UserError | None:
    """The one-line error for "database is locked" (SQLite) or a lock timeout, else None."""
    text = str(getattr(exc, "orig", exc)).lower()
    if "database is locked" in text or "database is busy" in text or "lock timeout" in text:
        return UserError(f"The database {where} is busy: another program is writing to it and did not finish "
                         "in time. Nothing was changed; close that program (or wait for it) and try again.")
    return None
