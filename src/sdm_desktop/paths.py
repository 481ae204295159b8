"""Where the data folder is, and where bundled files are.

Order: --data-dir, else SDM_DESKTOP_DATA_DIR, else a portable folder beside the app
(``SDM Desktop Data`` next to the executable or checkout, used only if it exists),
else the folder chosen in the first-run welcome (remembered in the user's settings folder),
else platformdirs' user data folder.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

import platformdirs

from sdm_desktop.errors import UserError

ENV_DATA_DIR = "SDM_DESKTOP_DATA_DIR"
ENV_DATABASE_URL = "SDM_DESKTOP_DATABASE_URL"
ENV_CONFIG_DIR = "SDM_DESKTOP_CONFIG_DIR"
REMEMBERED_FOLDER_FILE = "data-folder.txt"
PORTABLE_FOLDER_NAME = "SDM Desktop Data"
DATABASE_FILE_NAME = "sdm-desktop.sqlite3"
TEAM_DATABASE_FILE_NAME = "team-database.json"     # a saved team database connection (no password in it)
DATA_SUBFOLDERS = ("backups", "letters", "templates", "resources", "exports")


@cache
def app_root() -> Path:
    """The folder the app runs from: the PyInstaller bundle, or the source checkout (found once: each icon asks)."""
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    return Path(__file__).resolve().parents[2]


def resources_dir() -> Path:
    return app_root() / "resources"


def templates_dir() -> Path:
    return app_root() / "templates"


def portable_data_dir() -> Path:
    base = Path(sys.executable).parent if getattr(sys, "frozen", False) else app_root()
    return base / PORTABLE_FOLDER_NAME


def choose_data_dir(cli_value: str | None = None, *, create: bool = True) -> Path:
    """The data folder, made (with its subfolders) unless ``create`` is False: a check only reads."""
    if cli_value:
        chosen = Path(cli_value).expanduser()
    elif os.environ.get(ENV_DATA_DIR):
        chosen = Path(os.environ[ENV_DATA_DIR]).expanduser()
    elif portable_data_dir().is_dir():
        chosen = portable_data_dir()
    else:
        chosen = remembered_data_dir() or default_data_dir()
    return ensure_data_dir(chosen) if create else chosen.resolve()


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("SDM Desktop", appauthor=False))


def data_dir_is_fixed(cli_value: str | None = None) -> str:
    """Why the data folder cannot be chosen in the welcome ('' when it can): given on the command line,
    by the environment, or the portable folder beside the app."""
    if cli_value:
        return "it was given on the command line (--data-dir)"
    if os.environ.get(ENV_DATA_DIR):
        return f"it is set by {ENV_DATA_DIR}"
    if portable_data_dir().is_dir():
        return f"the portable folder {portable_data_dir()} is beside the app"
    return ""


def user_config_dir() -> Path:
    """The user's own settings (theme, first-run welcome, the chosen data folder), outside any data folder."""
    if os.environ.get(ENV_CONFIG_DIR):
        return Path(os.environ[ENV_CONFIG_DIR]).expanduser()
    return Path(platformdirs.user_config_dir("SDM Desktop", appauthor=False))


def remembered_data_dir() -> Path | None:
    try:
        text = (user_config_dir() / REMEMBERED_FOLDER_FILE).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return Path(text) if text else None


def remember_data_dir(folder: Path) -> None:
    """Use ``folder`` from now on when no other data folder is given."""
    config = user_config_dir()
    try:
        config.mkdir(parents=True, exist_ok=True)
        (config / REMEMBERED_FOLDER_FILE).write_text(str(folder.resolve()) + "\n", encoding="utf-8")
    except OSError as exc:
        raise UserError(f"Cannot remember the data folder in {config}: {exc.strerror or exc}.") from exc


def ensure_data_dir(folder: Path) -> Path:
    folder = folder.resolve()
    if folder.exists() and not folder.is_dir():
        raise UserError(f"The data folder {folder} is a file, not a folder.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for sub in DATA_SUBFOLDERS:
            (folder / sub).mkdir(exist_ok=True)
    except OSError as exc:
        raise UserError(f"Cannot create or use the data folder {folder}: {exc.strerror or exc}.") from exc
    return folder


def default_database_url(data_dir: Path) -> str:
    return f"sqlite:///{(data_dir / DATABASE_FILE_NAME).as_posix()}"


def own_database_file(data_dir: Path, cli_value: str | None = None) -> Path | None:
    """The data folder's own SQLite file when that is the database that opens: no --database, no
    SDM_DESKTOP_DATABASE_URL and no team database saved in the folder."""
    if cli_value or os.environ.get(ENV_DATABASE_URL) or (data_dir / TEAM_DATABASE_FILE_NAME).exists():
        return None
    return data_dir / DATABASE_FILE_NAME


def choose_database_url(data_dir: Path, cli_value: str | None = None) -> str:
    return cli_value or os.environ.get(ENV_DATABASE_URL) or default_database_url(data_dir)


def stored_path(data_dir: Path, path: Path | str) -> str:
    """How a written file is recorded: relative to the data folder when inside it (so it is still found after
    the folder is moved to another drive or a USB stick), else absolute."""
    path = Path(path)
    try:
        return path.resolve().relative_to(data_dir.resolve()).as_posix()
    except (ValueError, OSError):
        return str(path)


def resolve_stored(data_dir: Path, value: str | None) -> Path | None:
    """The file a recorded path means now: a relative one is inside the data folder; an absolute one recorded
    before paths were kept relative, and no longer there, is looked for at the same place in this data folder."""
    if not value:
        return None
    path = Path(value)
    if not path.is_absolute():
        return data_dir / path
    if path.exists():
        return path
    return _in_moved_data_folder(data_dir, path) or path


def _in_moved_data_folder(data_dir: Path, path: Path) -> Path | None:
    """``…/letters/run/x.docx`` of an old data folder as ``letters/run/x.docx`` of this one, if it is there."""
    parts = path.parts
    for index, part in enumerate(parts[:-1]):
        if part in DATA_SUBFOLDERS:
            candidate = data_dir.joinpath(*parts[index:])
            if candidate.exists():
                return candidate
    return None
