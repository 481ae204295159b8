"""SQLite's quick check of a database file, bounded in time so that opening a big file never waits long."""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from sdm_desktop.db.backup import read_only_connection

QUICK_CHECK_SECONDS = 2.0
_STEPS_BETWEEN_CLOCK_READS = 1000


@dataclass(frozen=True)
class QuickCheck:
    """What the check found: ``problem`` when the file is damaged; ``finished`` False when time ran out
    (or the file could not be read for another reason, e.g. it was busy): the file is then unchecked,
    not damaged."""

    problem: str | None = None
    finished: bool = True

    @property
    def damaged(self) -> bool:
        return self.problem is not None


UNCHECKED = QuickCheck(finished=False)


class QuickCheckAhead:
    """The quick check of a file started at once on a thread of its own, so that it runs beside start-up's slow
    imports (SQLite works without holding Python's lock; the clock is read less often than in ``quick_check``, for
    the same reason). ``result(path)`` waits for it; None when it checked another file."""

    def __init__(self, path: Path, seconds: float = QUICK_CHECK_SECONDS):
        self.path = Path(path)
        self._found: QuickCheck = UNCHECKED
        self._thread = threading.Thread(target=self._check, args=(seconds,), name="quick check", daemon=True)
        self._thread.start()

    def _check(self, seconds: float) -> None:
        try:
            self._found = quick_check(self.path, seconds, steps_between_clock_reads=_STEPS_BETWEEN_CLOCK_READS * 50)
        except OSError:          # the file went or turned unreadable meanwhile: opening it says what is wrong
            self._found = UNCHECKED

    def result(self, path: Path) -> QuickCheck | None:
        if Path(path).resolve() != self.path.resolve():
            return None
        self._thread.join()
        return self._found


def quick_check(path: Path, seconds: float = QUICK_CHECK_SECONDS, immutable: bool = False,
                steps_between_clock_reads: int = _STEPS_BETWEEN_CLOCK_READS) -> QuickCheck:
    """``PRAGMA quick_check`` on ``path``, read-only, stopped after ``seconds``. A missing or empty file
    (a database still to be made) passes. ``immutable``: a file nothing writes (a backup)."""
    path = Path(path)
    try:
        size = path.stat().st_size if path.is_file() else 0
    except FileNotFoundError:                       # gone since: as a database still to be made
        size = 0
    if size == 0:
        return QuickCheck()
    deadline = time.monotonic() + seconds
    try:
        conn = read_only_connection(path, immutable)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        return UNCHECKED
    except sqlite3.DatabaseError as exc:
        return QuickCheck(problem=_first_line(exc))
    try:
        conn.set_progress_handler(lambda: time.monotonic() > deadline, steps_between_clock_reads)
        rows = [row[0] for row in conn.execute("PRAGMA quick_check(3)")]
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc):
            return UNCHECKED
        return _damage_or_unchecked(exc)
    except sqlite3.DatabaseError as exc:
        return QuickCheck(problem=_first_line(exc))
    finally:
        conn.close()
    return QuickCheck() if rows == ["ok"] else QuickCheck(problem=_first_finding("\n".join(rows)))


def _damage_or_unchecked(exc: sqlite3.OperationalError) -> QuickCheck:
    text = str(exc).lower()
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return QuickCheck(problem=_first_line(exc))
    return UNCHECKED


def _first_finding(report: str) -> str:
    """The first thing the check found, without SQLite's heading ("*** in database main ***")."""
    lines = [line for line in report.splitlines() if line.strip() and not line.startswith("***")]
    return lines[0].strip() if lines else "damaged"


def _first_line(what: object) -> str:
    text = str(what).strip()
    return text.splitlines()[0] if text else "damaged"
