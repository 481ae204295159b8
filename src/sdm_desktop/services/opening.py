"""Opening the data folder: the database brought up to date (schema, then derived search text), then the context.

Above both ``core`` and the register: the register's search text is derived data that opening keeps current.
"""

from __future__ import annotations

from pathlib import Path

from sdm_desktop import paths
from sdm_desktop.db.engine import check_sqlite_file_before_opening, open_database, sqlite_file
from sdm_desktop.db.integrity import QuickCheckAhead
from sdm_desktop.db.lock import DatabaseFileLock, DataFolderLock
from sdm_desktop.errors import DatabaseDamaged, DataFolderLocked, UserError
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.damage import Damage, find_damage
from sdm_desktop.services.register.search_index import ensure_search_text_current, search_text_is_current
from sdm_desktop.services.team_database.connection import AskPassword, choose_database_url

UPGRADE_REFUSED = ("SDM Desktop is open on this folder ({folder}); close it to let this version upgrade the "
                   "database. Nothing was changed.")


def lock_database_file(url: str) -> DatabaseFileLock | None:
    """The lock beside an SQLite database file, taken (None for a database server, which has its own)."""
    path = sqlite_file(url)
    return DatabaseFileLock(path).acquire() if path is not None else None


class _UpgradeLock:
    """For a context opened without the data folder's lock (read-only commands, e.g. export): the locks of the
    folder and of the database file, taken only if the database has to be upgraded (its schema or its search
    text), and only for that. An older SDM Desktop window holding them must not find its database changed
    under it."""

    def __init__(self, folder: Path, url: str):
        self.folder, self.url = folder, url
        self.locks: list[DataFolderLock] = []

    def take(self) -> None:
        if self.locks:
            return
        try:
            self.locks.append(DataFolderLock(self.folder).acquire())
            database_lock = lock_database_file(self.url)
            if database_lock is not None:
                self.locks.append(database_lock)
        except DataFolderLocked:
            self.release()
            raise DataFolderLocked(UPGRADE_REFUSED.format(folder=self.folder)) from None

    def release(self) -> None:
        while self.locks:
            self.locks.pop().release()


def open_context(data_dir: str | Path | None = None, database_url: str | None = None,
                 *, take_lock: bool = True, lock: DataFolderLock | None = None,
                 ask_password: AskPassword | None = None, search_upkeep_later: bool = False,
                 quick_check_ahead: QuickCheckAhead | None = None) -> AppContext:
    """Open the data folder's database. ``lock``: one the caller already holds for the folder.

    Which database: ``database_url`` (--database), else SDM_DESKTOP_DATABASE_URL, else the team database saved in
    the data folder (its password from the keyring, or ``ask_password``), else the folder's SQLite file.

    With a lock, the database file's own lock is taken too (it may be reached from another data folder).
    Without a lock (``take_lock=False``) the database is only read, except that a database an older
    version made is upgraded first; that takes the locks for the upgrade, or refuses with one
    line if another SDM Desktop holds them.

    A database that fails its quick check is opened read-only, with ``ctx.damage`` saying what is wrong and
    which backup to restore; every write to it is refused with that message.

    ``quick_check_ahead``: the quick check the window started before loading the database layer.

    ``search_upkeep_later`` (the window, which holds the folder's lock): search text made by an older version is
    not rebuilt here but by ``search_upkeep.bring_search_up_to_date``, run in the background."""
    folder = paths.choose_data_dir(str(data_dir) if data_dir else None)
    if lock is None and take_lock:
        lock = DataFolderLock(folder).acquire()
    try:
        url = choose_database_url(folder, database_url, ask_password)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    upgrade = _UpgradeLock(folder, url) if lock is None else None
    database_lock = damage = None
    try:
        database_lock = lock_database_file(url) if lock is not None else None
        damage = _damage(url, folder, quick_check_ahead)
        db = _open(url, folder, upgrade, damage)
    except BaseException:
        for held in (upgrade, database_lock, lock):
            if held is not None:
                held.release()
        raise
    ctx = AppContext(data_dir=folder, db=db, lock=lock, database_lock=database_lock, damage=damage)
    try:
        if damage is None and not (search_upkeep_later and lock is not None):
            _bring_search_text_up_to_date(ctx, upgrade.take if upgrade else None)
    except BaseException:
        ctx.close()
        raise
    finally:
        if upgrade is not None:
            upgrade.release()
    return ctx


def _damage(url: str, folder: Path, ahead: QuickCheckAhead | None = None) -> Damage | None:
    path = sqlite_file(url)
    if path is None:
        return None
    check_sqlite_file_before_opening(path)      # not ours, or on a network drive: refused as it is
    return find_damage(path, folder / "backups", ahead=ahead)


def _open(url: str, folder: Path, upgrade: _UpgradeLock | None, damage: Damage | None):
    if damage is None:
        return open_database(url, backups_dir=folder / "backups", before_upgrade=upgrade.take if upgrade else None)
    try:
        return open_database(url, read_only=True)
    except UserError as exc:
        raise DatabaseDamaged(damage.message("It cannot be opened.")) from exc


def _bring_search_text_up_to_date(ctx: AppContext, before_rebuild=None) -> None:
    if before_rebuild is not None:
        with ctx.session() as session:
            if search_text_is_current(session):
                return
        before_rebuild()
    with ctx.session() as session:
        ensure_search_text_current(session)
