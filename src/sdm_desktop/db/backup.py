"""Backups of the SQLite file: consistent copies through SQLite's backup API."""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from sdm_desktop.errors import UserError

SQLITE_HEADER = b"SQLite format 3\x00"
KEEP_AUTOMATIC = 10


def timestamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S-%f")


def read_only_connection(path: Path, immutable: bool = False) -> sqlite3.Connection:
    """A connection that only reads ``path``, also when its folder cannot be written. ``immutable``: a file
    nothing writes (a backup), read as it is, leaving no -wal or -shm file beside it.

    A database in WAL mode needs its -shm file even to be read; when that file does not exist and the
    folder is read-only (e.g. someone else's data folder, or a backup on read-only media), SQLite says
    "attempt to write a readonly database". The file is then opened as immutable: it is read as it
    is, which is exact when no -wal file holds changes (``unread_wal`` tells when one does).
    """
    uri = "file:" + quote(Path(path).as_posix())
    if immutable:
        return sqlite3.connect(f"{uri}?immutable=1", uri=True)
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
        if not _shm_cannot_be_made(Path(path)):
            raise
    return sqlite3.connect(f"{uri}?immutable=1", uri=True)


def _shm_cannot_be_made(path: Path) -> bool:
    return not Path(f"{path}-shm").exists() and not os.access(path.parent, os.W_OK)


def unread_wal(path: Path) -> Path | None:
    """The -wal file whose changes a read-only check cannot see (folder read-only, no -shm), if any."""
    wal = Path(f"{path}-wal")
    if _shm_cannot_be_made(Path(path)) and wal.is_file() and wal.stat().st_size > 0:
        return wal
    return None


def backup_sqlite_file(source: Path, backups_dir: Path, label: str = "backup",
                       target: Path | None = None) -> Path:
    target = target or backups_dir / f"sdm-desktop-{label}-{timestamp()}.sqlite3"
    temp = target.with_name(target.name + ".part")
    _start_writing(temp, target)
    try:
        src = read_only_connection(source)
    except sqlite3.Error as exc:
        temp.unlink(missing_ok=True)
        raise UserError(f"Cannot back up {source}: {exc}.") from exc
    try:
        dst = sqlite3.connect(temp)
        with dst:
            src.backup(dst)
        dst.close()
        os.replace(temp, target)
    except sqlite3.Error as exc:
        temp.unlink(missing_ok=True)
        if _is_about_writing(exc):
            raise UserError(f"Cannot write the backup to {target}: {exc}.") from exc
        raise UserError(f"Cannot back up {source}: {exc}.") from exc
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise UserError(f"Cannot write the backup to {target}: {os_reason(exc)}.") from exc
    finally:
        src.close()
    return target


def copy_damaged_file(source: Path, backups_dir: Path, label: str) -> Path:
    """A byte-for-byte copy of a database SQLite cannot read in full (its -wal file beside it, if any)."""
    target = backups_dir / f"sdm-desktop-{label}-{timestamp()}.sqlite3"
    temp = target.with_name(target.name + ".part")
    _start_writing(temp, target)
    try:
        shutil.copyfile(source, temp)
        wal = Path(f"{source}-wal")
        if wal.is_file() and wal.stat().st_size > 0:
            shutil.copyfile(wal, Path(f"{target}-wal"))
        os.replace(temp, target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise UserError(f"Cannot write the copy of the damaged database to {target}: {os_reason(exc)}.") from exc
    return target


def _start_writing(temp: Path, target: Path) -> None:
    """Make the folder and an empty file to copy into, or say in words why they cannot be written."""
    try:
        temp.parent.mkdir(parents=True, exist_ok=True)
        temp.open("wb").close()
    except OSError as exc:
        raise UserError(f"Cannot write the backup to {target}: {os_reason(exc)}.") from exc


def os_reason(exc: OSError) -> str:
    """'permission denied', 'no space left on device': what the system said, as part of a sentence."""
    text = exc.strerror or exc.__class__.__name__
    return text[:1].lower() + text[1:]


def _is_about_writing(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return any(word in text for word in ("disk is full", "readonly", "unable to open", "disk i/o"))


def prune_automatic_backups(backups_dir: Path, keep: int = KEEP_AUTOMATIC) -> list[Path]:
    """Remove all but the newest ``keep`` automatic backups; the ones removed."""
    automatic = sorted(backups_dir.glob("sdm-desktop-automatic-*.sqlite3"))
    removed = automatic[:-keep] if keep > 0 else automatic
    for old in removed:
        old.unlink(missing_ok=True)
    return removed


def is_sqlite_file(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def integrity_problems(path: Path) -> list[str]:
    """SQLite's integrity and foreign-key checks, as plain sentences. Read-only."""
    if not path.exists():
        return [f"{path} does not exist."]
    if not is_sqlite_file(path):
        return [f"{path} is not an SQLite database (it may be damaged or another kind of file)."]
    problems: list[str] = []
    wal = unread_wal(path)
    if wal is not None:
        problems.append(f"The folder {path.parent} cannot be written, so the latest changes, in {wal.name}, "
                        "could not be read and were not checked; run the check as a user who can write that folder.")
    try:
        conn = read_only_connection(path)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "alembic_version" not in tables:
                problems.append(f"{path} is an SQLite database but not an SDM Desktop database.")
                return problems
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            if rows != ["ok"]:
                problems.extend(f"Integrity: {r}" for r in rows[:50])
            for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
                problems.append(f"Foreign key: row {rowid} of {table} points to a missing {parent}.")
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        problems.append(f"{path} cannot be read as a database: {exc}.")
    return problems
