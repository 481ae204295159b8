"""How many daily automatic backups are kept: a setting in the data folder, outside the database, so that it
holds before the database is opened and is not undone by a restore."""

from __future__ import annotations

import json
import os
from pathlib import Path

from sdm_desktop.db import backup as db_backup
from sdm_desktop.errors import UserError

SETTINGS_NAME = "backup-settings.json"
MIN_KEEP, MAX_KEEP = 1, 3650


def settings_path(data_dir: Path) -> Path:
    return Path(data_dir) / SETTINGS_NAME


def daily_backups_kept(data_dir: Path) -> int:
    """The number set with ``keep_daily_backups``; the default (10) when none was set or the file is unreadable,
    so that a damaged settings file never stops the daily backup."""
    try:
        keep = json.loads(settings_path(data_dir).read_text(encoding="utf-8"))["keep_daily"]
    except (OSError, ValueError, TypeError, KeyError):
        return db_backup.KEEP_AUTOMATIC
    return keep if isinstance(keep, int) and MIN_KEEP <= keep <= MAX_KEEP else db_backup.KEEP_AUTOMATIC


def keep_daily_backups(data_dir: Path, keep: int) -> list[Path]:
    """Keep the newest ``keep`` daily automatic backups from now on; the older ones are removed now (returned)."""
    if not MIN_KEEP <= keep <= MAX_KEEP:
        raise UserError(f"The number of daily backups to keep must be from {MIN_KEEP} to {MAX_KEEP:,}, not {keep}.")
    path = settings_path(data_dir)
    temp = path.with_name(f".{path.name}.writing")
    try:
        temp.write_text(json.dumps({"keep_daily": keep}) + "\n", encoding="utf-8")
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise UserError(f"Cannot save the setting in {path}: {exc.strerror or exc}. Nothing was changed.") from exc
    return db_backup.prune_automatic_backups(Path(data_dir) / "backups", keep)
