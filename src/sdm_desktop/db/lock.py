"""One writer per data folder and per SQLite database file: an OS-level lock on a file beside it.

The lock disappears with the process (even after a crash), so a stale lock file never
keeps the user out.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

from sdm_desktop.errors import DataFolderLocked, UserError

LOCK_FILE_NAME = "sdm-desktop.lock"
DATABASE_LOCK_SUFFIX = ".lock"


class DataFolderLock:
    def __init__(self, data_dir: Path):
        self.path = data_dir / LOCK_FILE_NAME
        self._handle = None

    def _cannot_use(self, reason: str) -> str:
        return f"Cannot use the data folder {self.path.parent}: {reason} (SDM Desktop needs to write there)."

    def _in_use(self, holder: str) -> str:
        return (f"The data folder {self.path.parent} is in use by another SDM Desktop ({holder}). "
                "Close it first, or choose another data folder.")

    def acquire(self) -> DataFolderLock:
        try:
            handle = self.path.open("a+")
        except OSError as exc:
            raise UserError(self._cannot_use(exc.strerror or str(exc))) from exc
        try:
            _lock_nonblocking(handle)
        except OSError:
            holder = _read_holder(handle)
            handle.close()
            raise DataFolderLocked(self._in_use(holder)) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} on {_host()} by {_user()}")
        handle.flush()
        self._handle = handle
        return self

    def release(self) -> None:
        if self._handle is not None:
            try:
                _unlock(self._handle)
            finally:
                self._handle.close()
                self._handle = None

    @property
    def held(self) -> bool:
        return self._handle is not None

    def __enter__(self) -> DataFolderLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


class DatabaseFileLock(DataFolderLock):
    """One writer per SQLite file, whichever data folder it is reached from (``--database``): a lock on
    ``<database>.lock`` beside it."""

    def __init__(self, database: Path):
        self.path = Path(f"{database}{DATABASE_LOCK_SUFFIX}")
        self.database = Path(database)
        self._handle = None

    def _cannot_use(self, reason: str) -> str:
        return (f"Cannot use the database {self.database}: {reason} (SDM Desktop needs to write in its folder, "
                f"{self.database.parent}).")

    def _in_use(self, holder: str) -> str:
        return (f"The database {self.database} is in use by another SDM Desktop ({holder}), perhaps opened from "
                "another data folder. Close it first. Nothing was changed.")


def _read_holder(handle) -> str:
    try:
        handle.seek(0)
        return handle.read().strip() or "another program"
    except OSError:
        return "another program"


def _host() -> str:
    """This computer's name, as shown to whoever finds the folder in use (read without the socket module: 6 ms of
    the start-up)."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    return os.environ.get("COMPUTERNAME", "this computer")


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name is not worth failing for
        return "unknown user"


if os.name == "nt":  # pragma: no cover - exercised on Windows
    import msvcrt

    def _lock_nonblocking(handle) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock_nonblocking(handle) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
