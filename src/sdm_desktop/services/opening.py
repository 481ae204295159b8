"""Opening the data folder: the database brought up to date (schema, then derived search text), then the context.

Above both ``core`` and the register: the register's search text is derived data that opening keeps current.
"""

from __future__ import annotations

from pathlib import Path

from sdm_desktop import paths
from sdm_desktop.db.engine import open_database
from sdm_desktop.db.lock import DataFolderLock
from sdm_desktop.errors import DataFolderLocked
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.register.search_index import ensure_search_text_current, search_text_is_current


UPGRADE_REFUSED = ("SDM Desktop is open on this folder ({folder}); close it to let this version upgrade the "
                   "database. Nothing was changed.")


class _UpgradeLock:
    """For a context opened without the data folder's lock (read-only commands, e.g. export): the lock,
    taken only if the database has to be upgraded (its schema or its search text), and only for that.
    An older SDM Desktop window holding the folder must not find its database changed under it."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.lock: DataFolderLock | None = None

    def take(self) -> None:
        if self.lock is None:
            try:
                self.lock = DataFolderLock(self.folder).acquire()
            except DataFolderLocked:
                raise DataFolderLocked(UPGRADE_REFUSED.format(folder=self.folder)) from None

    def release(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def open_context(data_dir: str | Path | None = None, database_url: str | None = None,
                 *, take_lock: bool = True, lock: DataFolderLock | None = None) -> AppContext:
    """Open the data folder's database. ``lock``: one the caller already holds for the folder.

    Without a lock (``take_lock=False``) the database is only read, except that a database an older
    version made is upgraded first; that takes the folder's lock for the upgrade, or refuses with one
    line if another SDM Desktop holds it."""
    folder = paths.choose_data_dir(str(data_dir) if data_dir else None)
    if lock is None and take_lock:
        lock = DataFolderLock(folder).acquire()
    upgrade = _UpgradeLock(folder) if lock is None else None
    try:
        url = paths.choose_database_url(folder, database_url)
        db = open_database(url, backups_dir=folder / "backups", before_upgrade=upgrade.take if upgrade else None)
    except BaseException:
        if upgrade is not None:
            upgrade.release()
        if lock is not None:
            lock.release()
        raise
    ctx = AppContext(data_dir=folder, db=db, lock=lock)
    try:
        _bring_search_text_up_to_date(ctx, upgrade.take if upgrade else None)
    except BaseException:
        ctx.close()
        raise
    finally:
        if upgrade is not None:
            upgrade.release()
    return ctx


def _bring_search_text_up_to_date(ctx: AppContext, before_rebuild=None) -> None:
    if before_rebuild is not None:
        with ctx.session() as session:
            if search_text_is_current(session):
                return
        before_rebuild()
    with ctx.session() as session:
        ensure_search_text_current(session)
