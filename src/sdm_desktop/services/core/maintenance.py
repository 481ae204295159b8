"""Backup, restore and integrity check of the data folder's database."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import URL

from sdm_desktop.db import backup as db_backup
from sdm_desktop.db.engine import (
    display_url,
    head_revision,
    known_revisions,
    open_database,
    parse_url,
    sqlite_file,
)
from sdm_desktop.db.integrity import quick_check
from sdm_desktop.db.models import Base
from sdm_desktop.errors import DatabaseDamaged, UserError
from sdm_desktop.services.core.backup_retention import daily_backups_kept
from sdm_desktop.services.core.damage import DAMAGED_LABEL, find_damage


@dataclass
class CheckReport:
    database: str
    problems: list[str]
    counts: dict[str, int]
    revision: str | None

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        out = [f"Database: {self.database}",
               f"Schema revision: {self.revision or 'none'} (app expects {head_revision()})"]
        out += [f"  {name}: {count}" for name, count in self.counts.items()]
        out += ["Problems:"] + [f"  - {p}" for p in self.problems] if self.problems else ["No problems found."]
        return out


def _sqlite_path_or_error(url: str, action: str = "check") -> Path:
    path = sqlite_file(url)
    if path is None:
        raise UserError(server_instead(url, action))
    return path


def server_instead(url: str, action: str) -> str:
    """What to do instead of SDM Desktop's own backup or restore on a team database (a server)."""
    parsed = parse_url(url)
    if parsed.get_backend_name() != "postgresql":
        return (f"SDM Desktop's {action} works on an SQLite database file; use the tools of your database server "
                f"({parsed.get_backend_name()}) for {display_url(url)}.")
    # the address for PostgreSQL's own tools: no driver name, never the password (they ask for it)
    address = URL.create("postgresql", username=parsed.username, host=parsed.host, port=parsed.port,
                         database=parsed.database, query=parsed.query).render_as_string(hide_password=False)
    if action == "backup":
        return (f"A team database is backed up on its server, not by SDM Desktop. Run: pg_dump --format=custom "
                f"--file=sdm-desktop-{datetime.now():%Y%m%d}.dump \"{address}\" (or ask whoever runs the server). "
                "Nothing was backed up.")
    return (f"A team database is restored on its server, not by SDM Desktop. When everyone has closed SDM "
            f"Desktop, run: pg_restore --clean --if-exists --dbname=\"{address}\" FILE.dump (or ask whoever runs "
            "the server). Nothing was restored.")


def _refuse_if_not_sqlite(path: Path, outcome: str) -> None:
    """The database file must be an SQLite database (an empty file is a new one): never copy over,
    or back up as if it were one, a file that is something else."""
    if path.is_dir() or (path.stat().st_size > 0 and not db_backup.is_sqlite_file(path)):
        raise UserError(f"{path} is not an SQLite database (it may be damaged or another kind of file). {outcome}.")


def check_database(data_dir: Path, url: str) -> CheckReport:
    path = _sqlite_path_or_error(url)
    problems = db_backup.integrity_problems(path)
    counts: dict[str, int] = {}
    revision = None
    if not problems:
        import sqlite3
        conn = db_backup.read_only_connection(path)
        try:
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = revision[0] if revision else None
            problems.extend(revision_problems(revision))
            for table in ("organisation", "person", "membership", "assessment", "activity", "interaction",
                          "enrolment", "letter", "resource"):
                try:
                    counts[table] = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                except sqlite3.OperationalError:
                    problems.append(f"Table {table} is missing.")
        finally:
            conn.close()
    return CheckReport(str(path), problems, counts, revision)


def revision_problems(revision: str | None) -> list[str]:
    """Why this version of the app could not open a database at ``revision``, if it could not."""
    if revision is None:
        return ["The database has no schema revision: it was not made by SDM Desktop, or its set-up never finished."]
    if revision not in known_revisions():
        return [f"Schema revision {revision} is from a newer version of SDM Desktop; "
                f"this version knows up to {head_revision()} and cannot open it."]
    return []


def backup_now(data_dir: Path, url: str, target: Path | None = None, label: str = "manual") -> Path:
    """A copy of the database. A damaged database is not copied: its copy could be taken for a good backup."""
    path = _sqlite_path_or_error(url, "backup")
    if not path.exists():
        raise UserError(f"There is no database to back up at {path}.")
    _refuse_if_not_sqlite(path, "Nothing was backed up")
    damage = find_damage(path, data_dir / "backups")
    if damage is not None:
        raise DatabaseDamaged(damage.message("No backup was made, so that a copy of the damage cannot be "
                                             "mistaken for a good backup."))
    if target is not None:
        target = Path(target)
        if target.is_dir():
            target = target / f"sdm-desktop-{label}-{db_backup.timestamp()}.sqlite3"
        if not target.parent.is_dir():
            raise UserError(f"Cannot write the backup: the folder {target.parent} does not exist.")
    return db_backup.backup_sqlite_file(path, data_dir / "backups", label, target)


def automatic_backup(data_dir: Path, url: str) -> Path | None:
    """One backup a day, at start-up; the last ten are kept, or the number set (``backup --keep N``). None of a
    damaged database: its copy would push a good backup out of them."""
    path = sqlite_file(url)
    if path is None or not path.exists():
        return None
    backups = data_dir / "backups"
    today = datetime.now().strftime("%Y%m%d")
    if any(backups.glob(f"sdm-desktop-automatic-{today}-*.sqlite3")) or quick_check(path).damaged:
        return None
    made = db_backup.backup_sqlite_file(path, backups, "automatic")
    db_backup.prune_automatic_backups(backups, daily_backups_kept(data_dir))
    return made


@dataclass
class Restored:
    kept: Path | None            # the data as it was before, kept as a backup (None: there was none)
    erased_again: int            # people the register of erasures erased again

    def sentence(self) -> str:
        if not self.erased_again:
            return "No one erased since was in the backup."
        who = "1 person" if self.erased_again == 1 else f"{self.erased_again:,} people"
        return f"{who} erased since this backup was made {'was' if self.erased_again == 1 else 'were'} erased again."


def _erase_again(data_dir: Path, db) -> int:
    """Re-apply the register of erasures (kept outside the database) to the restored data."""
    from sdm_desktop.services.core.context import AppContext
    from sdm_desktop.services.privacy.erase import reapply_erasures

    return reapply_erasures(AppContext(data_dir=data_dir, db=db))


def restore_backup(data_dir: Path, url: str, source: Path) -> Restored:
    """Replace the database with a backup; the current one is kept as a backup first. Everyone erased since
    (the register of erasures lists them) is erased again.

    The caller holds the data folder's lock and has closed its own connections.
    """
    path = _sqlite_path_or_error(url, "restore")
    source = Path(source)
    if path.exists():
        _refuse_if_not_sqlite(path, "Not restored: it was left as it is")
    problems = db_backup.integrity_problems(source) or revision_problems(_revision_of(source))
    if problems:
        raise UserError(f"Not restored: {problems[0]} The current data is unchanged.")
    kept = _safety_copy(data_dir, path) if path.exists() else None
    _replace_database_file(source, path)
    try:
        db = open_database(url, backups_dir=data_dir / "backups")
        try:
            erased_again = _erase_again(data_dir, db)
        finally:
            db.dispose()
    except UserError as exc:
        _put_back(path, kept)
        raise UserError(f"Not restored: {exc} The previous data was put back.") from exc
    return Restored(kept, erased_again)


def _safety_copy(data_dir: Path, path: Path) -> Path:
    """The current database, kept before a restore replaces it. A damaged one is copied byte for byte (SQLite
    cannot read all of it) under a name that keeps it out of the automatic backups and of "the newest good
    backup"."""
    backups = data_dir / "backups"
    if not quick_check(path).damaged:
        return db_backup.backup_sqlite_file(path, backups, "before-restore")
    return db_backup.copy_damaged_file(path, backups, f"{DAMAGED_LABEL}-before-restore")


def _replace_database_file(source: Path, path: Path) -> None:
    temp = path.with_name(path.name + ".restoring")
    try:
        shutil.copyfile(source, temp)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise UserError(f"Not restored: cannot copy {source}: {exc.strerror or exc}. "
                        "The current data is unchanged.") from exc
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    os.replace(temp, path)


@dataclass
class BackupInfo:
    """What a backup file holds, for the question "restore this one?"."""

    path: Path
    revision: str
    modified: datetime
    people: int
    organisations: int

    def sentence(self) -> str:
        people = "1 person" if self.people == 1 else f"{self.people:,} people"
        groups = "1 group" if self.organisations == 1 else f"{self.organisations:,} groups"
        return f"{self.path.name}, saved {self.modified:%d %b %Y at %H:%M}, holds {people} and {groups}."


def inspect_backup(source: Path) -> BackupInfo:
    """Check that ``source`` is an undamaged SDM Desktop database this version can open. Read-only."""
    import sqlite3

    source = Path(source)
    problems = db_backup.integrity_problems(source)
    if problems:
        raise UserError(f"Not restored: {problems[0]} The current data is unchanged.")
    conn = db_backup.read_only_connection(source)
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = row[0] if row else ""
        people = conn.execute("SELECT count(*) FROM person").fetchone()[0]
        organisations = conn.execute("SELECT count(*) FROM organisation").fetchone()[0]
    except sqlite3.Error as exc:
        raise UserError(f"Not restored: {source} is not a complete SDM Desktop database ({exc}). "
                        "The current data is unchanged.") from exc
    finally:
        conn.close()
    if revision not in known_revisions():
        raise UserError(f"Not restored: {source.name} was saved by a newer SDM Desktop (database version "
                        f"{revision or 'unknown'}); update SDM Desktop first. The current data is unchanged.")
    return BackupInfo(source, revision, datetime.fromtimestamp(source.stat().st_mtime), people, organisations)


def restore_in_place(ctx, source: Path) -> Restored:
    """Restore a backup into the running app's context: check it, keep a safety backup of the current
    data, close the database, replace it, reopen it (upgrading an older backup). All or nothing: if
    anything fails after the file was replaced, the safety backup is put back and reopened.
    Everyone erased since (the register of erasures lists them) is erased again.
    The caller makes sure nothing else is using the database."""
    from sdm_desktop.services.core import audit

    source = Path(source)
    url, backups = ctx.db.url, ctx.data_dir / "backups"
    path = _sqlite_path_or_error(url, "restore")
    if path.exists() and source.resolve() == path.resolve():
        raise UserError("That is the database in use, not a backup; choose a file from the backups folder.")
    inspect_backup(source)
    kept = _safety_copy(ctx.data_dir, path)
    ctx.db.dispose()
    try:
        _replace_database_file(source, path)
        db = open_database(url, backups_dir=backups)
        try:
            erased_again = _erase_again(ctx.data_dir, db)
        except BaseException:
            db.dispose()
            raise
    except BaseException:
        _replace_database_file(kept, path)
        ctx.db = open_database(url, backups_dir=backups, read_only=ctx.damage is not None)
        raise
    ctx.db, ctx.damage = db, None
    ctx.undo.clear()
    with ctx.session() as s:
        audit.record(s, "restore", "database", None, source=source.name, safety_backup=kept.name,
                     erased_again=erased_again)
    return Restored(kept, erased_again)


def _revision_of(path: Path) -> str | None:
    conn = db_backup.read_only_connection(path)
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        conn.close()


def _put_back(path: Path, kept: Path | None) -> None:
    """Undo a restore whose file would not open: the copy made just before it goes back."""
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    if kept is None:
        path.unlink(missing_ok=True)
    else:
        shutil.copyfile(kept, path)


def table_counts(url: str) -> dict[str, int]:
    db = open_database(url, upgrade=False)
    try:
        with db.sessions() as s:
            return {t.name: s.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}
    finally:
        db.dispose()


def data_folder_summary(data_dir: Path, url: str) -> str:
    return f"Data folder: {data_dir}\nDatabase: {display_url(url)}\nBackups: {data_dir / 'backups'}"


