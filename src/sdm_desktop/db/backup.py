"""Backups of the SQLite file: consistent copies through SQLite's backup API."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from sdm_desktop.errors import UserError

SQLITE_HEADER = b"SQLite format 3\x00"
KEEP_AUTOMATIC = 10


def timestamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S-%f")


def backup_sqlite_file(source: Path, backups_dir: Path, label: str = "backup",
                       target: Path | None = None) -> Path:
    backups_dir.mkdir(parents=True, exist_ok=True)
    target = target or backups_dir / f"sdm-desktop-{label}-{timestamp()}.sqlite3"
    temp = target.with_name(target.name + ".part")
    try:
        src = sqlite3.connect(f"file:{source.as_posix()}?mode=ro", uri=True)
        dst = sqlite3.connect(temp)
        with dst:
            src.backup(dst)
        dst.close()
        src.close()
        os.replace(temp, target)
    except sqlite3.Error as exc:
        temp.unlink(missing_ok=True)
        raise UserError(f"Cannot back up {source}: {exc}.") from exc
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise UserError(f"Cannot write the backup {target}: {exc.strerror or exc}.") from exc
    return target


def prune_automatic_backups(backups_dir: Path, keep: int = KEEP_AUTOMATIC) -> None:
    automatic = sorted(backups_dir.glob("sdm-desktop-automatic-*.sqlite3"))
    for old in automatic[:-keep]:
        old.unlink(missing_ok=True)


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
    try:
        conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
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
