"""A damaged database: what is wrong, and the way out (the newest good backup, with its date)."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sdm_desktop.db.backup import read_only_connection
from sdm_desktop.db.engine import known_revisions
from sdm_desktop.db.integrity import QUICK_CHECK_SECONDS, QuickCheckAhead, quick_check

DAMAGED_LABEL = "damaged"        # in the name of a copy of a damaged file: never taken for a good backup
MAX_BACKUPS_TRIED = 5


@dataclass(frozen=True)
class GoodBackup:
    path: Path
    saved: datetime
    checked: bool = True         # False: the check ran out of time, the backup is only the newest one

    def sentence(self) -> str:
        quoted = f'"{self.path}"' if " " in str(self.path) else str(self.path)
        newest = "the newest good one" if self.checked else "the newest one (too big to check quickly)"
        return (f"Restore a backup: {newest} is {self.path.name}, saved {self.saved:%d %b %Y at %H:%M} "
                f"(sdm-desktop restore {quoted}, or File > Restore from a backup… in the window).")


@dataclass(frozen=True)
class Damage:
    database: Path
    problem: str
    backup: GoodBackup | None
    backups_dir: Path

    def message(self, outcome: str = "") -> str:
        """One paragraph: what is wrong, what was (not) done, and the way out."""
        way_out = self.backup.sentence() if self.backup else f"There is no good backup in {self.backups_dir}."
        done = f" {outcome.rstrip('.')}." if outcome else ""
        return (f"The database file {self.database} is damaged ({self.problem}) and has been left unchanged: "
                f"SDM Desktop does not write to a damaged database.{done} {way_out} "
                "'sdm-desktop check' gives details.")


def find_damage(database: Path, backups_dir: Path, seconds: float = QUICK_CHECK_SECONDS,
                ahead: QuickCheckAhead | None = None) -> Damage | None:
    """The quick check of ``database`` (bounded by ``seconds``; or the one started ``ahead``, when it checks this
    file); None when it passes or could not finish."""
    check = (ahead.result(database) if ahead is not None else None) or quick_check(database, seconds)
    if not check.damaged:
        return None
    return Damage(Path(database), check.problem or "damaged", newest_good_backup(backups_dir, seconds), backups_dir)


def is_damaged_copy(path: Path) -> bool:
    return f"-{DAMAGED_LABEL}-" in Path(path).name


def newest_good_backup(backups_dir: Path, seconds: float = QUICK_CHECK_SECONDS) -> GoodBackup | None:
    """The newest backup that passes the quick check and that this version can open. Within ``seconds`` in
    all: when time runs out the newest backup is named, marked unchecked."""
    candidates = sorted((p for p in Path(backups_dir).glob("*.sqlite3") if p.is_file() and not is_damaged_copy(p)),
                        key=lambda p: p.stat().st_mtime, reverse=True)
    deadline = time.monotonic() + seconds
    for path in candidates[:MAX_BACKUPS_TRIED]:
        left = deadline - time.monotonic()
        if left <= 0:
            return GoodBackup(path, _saved(path), checked=False)
        check = quick_check(path, left, immutable=True)
        if check.damaged or not _opens_here(path):
            continue
        return GoodBackup(path, _saved(path), checked=check.finished)
    return None


def _opens_here(path: Path) -> bool:
    try:
        conn = read_only_connection(path, immutable=True)
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return bool(row) and row[0] in known_revisions()


def _saved(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime)
