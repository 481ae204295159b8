"""One writer per data folder: an OS-level lock on a file in the folder.

The lock disappears with the process (even after a crash), so a stale lock file never
keeps the user out.
"""

from __future__ import annotations

import getpass
import os
import socket
from pathlib import Path

from sdm_desktop.errors import DataFolderLocked, UserError

LOCK_FILE_NAME = "sdm-desktop.lock"


class DataFolderLock:
    def __init__(self, data_dir: Path):
        self.path = data_dir / LOCK_FILE_NAME
        self._handle = None

    def acquire(self) -> "DataFolderLock":
        try:
            handle = open(self.path, "a+")
        except OSError as exc:
            raise UserError(f"Cannot use the data folder {self.path.parent}: {exc.strerror or exc} "
                            "(SDM Desktop needs to write there).") from exc
        try:
            _lock_nonblocking(handle)
        except OSError:
            holder = _read_holder(handle)
            handle.close()
            raise DataFolderLocked(
                f"The data folder {self.path.parent} is in use by another SDM Desktop ({holder}). "
                "Close it first, or choose another data folder."
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} on {socket.gethostname()} by {_user()}")
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

    def __enter__(self) -> "DataFolderLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def _read_holder(handle) -> str:
    try:
        handle.seek(0)
        return handle.read().strip() or "another program"
    except OSError:
        return "another program"


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
