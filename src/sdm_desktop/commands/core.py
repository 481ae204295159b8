"""demo, backup, restore, check, screenshot."""

from __future__ import annotations

import argparse
from contextlib import ExitStack
from pathlib import Path

from sdm_desktop import paths
from sdm_desktop.commands import ask_password_on_terminal, command_context
from sdm_desktop.db.backup import KEEP_AUTOMATIC
from sdm_desktop.db.lock import DataFolderLock
from sdm_desktop.errors import UserError
from sdm_desktop.services.core import maintenance
from sdm_desktop.services.core.backup_retention import MAX_KEEP, MIN_KEEP, keep_daily_backups
from sdm_desktop.services.demo.loader import load_demo, update_demo
from sdm_desktop.services.opening import lock_database_file
from sdm_desktop.services.team_database.connection import choose_database_url
from sdm_desktop.services.team_database.server_check import check_database

VIEW_NAMES = ["home", "stakeholders", "analysis", "engagement", "training", "letters", "resources", "reach",
              "assurance", "consultation"]


def register(sub, common) -> None:
    demo = sub.add_parser("demo", parents=[common], help="load the sample data set (safe to repeat)")
    demo.set_defaults(handler=cmd_demo)

    backup = sub.add_parser("backup", parents=[common], help="copy the database to a backup file")
    what = backup.add_mutually_exclusive_group()
    what.add_argument("-o", "--output", metavar="FILE",
                      help="backup file or folder (default: the data folder's backups)")
    what.add_argument("--keep", metavar="N", type=_days_kept,
                      help="instead of backing up: keep the newest N daily automatic backups from now on "
                           f"(1-{MAX_KEEP}; {KEEP_AUTOMATIC} unless set), removing older ones now")
    backup.set_defaults(handler=cmd_backup)

    restore = sub.add_parser("restore", parents=[common], help="replace the database with a backup")
    restore.add_argument("file", metavar="FILE", help="the backup (.sqlite3) to put back; the current data is kept "
                                                     "as a backup first")
    restore.set_defaults(handler=cmd_restore)

    check = sub.add_parser("check", parents=[common], help="integrity and foreign-key check of the database")
    check.set_defaults(handler=cmd_check)

    shot = sub.add_parser("screenshot", parents=[common], help="render one view offscreen to a PNG")
    shot.add_argument("view", choices=VIEW_NAMES, metavar="VIEW", help=", ".join(VIEW_NAMES))
    shot.add_argument("-o", "--output", required=True, metavar="FILE.png", help="the picture to write")
    shot.add_argument("--size", default=(1280, 800), type=window_size, metavar="WIDTHxHEIGHT",
                      help=f"window size, from {MIN_SHOT[0]}x{MIN_SHOT[1]} to {MAX_SHOT}x{MAX_SHOT} (default 1280x800)")
    shot.add_argument("--theme", choices=("system", "light", "dark"), default=None,
                      help="light or dark palette (default: the one chosen in the app, else the system's)")
    shot.set_defaults(handler=cmd_screenshot)


def cmd_demo(args) -> int:
    with command_context(args) as ctx:
        loaded = load_demo(ctx)
        updated = [] if loaded else update_demo(ctx)
    print("Sample data loaded." if loaded else
          "The sample data is already loaded; " + (" ".join(updated) if updated else "nothing changed."))
    return 0


def _folder_and_url(args) -> tuple[Path, str]:
    folder = paths.choose_data_dir(args.data_dir)
    return folder, choose_database_url(folder, args.database, ask_password_on_terminal)


def _days_kept(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = None
    if number is None or not MIN_KEEP <= number <= MAX_KEEP:
        raise argparse.ArgumentTypeError(f"give a whole number of daily backups from {MIN_KEEP} to {MAX_KEEP}, "
                                         f"not {text!r}")
    return number


def cmd_backup(args) -> int:
    if args.keep is not None:
        folder = paths.choose_data_dir(args.data_dir)
        removed = keep_daily_backups(folder, args.keep)
        print(f"The newest {args.keep} daily backups are kept from now on"
              + (f"; {len(removed)} older {'one' if len(removed) == 1 else 'ones'} removed." if removed else "."))
        return 0
    # a copy through SQLite's backup API: the database is not opened for use, so a database an older
    # version left is backed up as it is, even while that version's window has the folder open
    folder, url = _folder_and_url(args)
    made = maintenance.backup_now(folder, url, Path(args.output) if args.output else None)
    print(f"Backup written to {made}")
    return 0


def cmd_restore(args) -> int:
    folder, url = _folder_and_url(args)
    source = Path(args.file)
    if source.is_dir():
        raise UserError(f"{source} is a folder, not a backup file; give one of the .sqlite3 files in it.")
    if not source.is_file():
        raise UserError(f"The backup file {source} does not exist.")
    with DataFolderLock(folder), ExitStack() as held:
        database_lock = lock_database_file(url)      # a window may hold the file from another data folder
        if database_lock is not None:
            held.callback(database_lock.release)
        restored = maintenance.restore_backup(folder, url, source)
    print(f"Restored from {source}." + (f" The previous data was kept in {restored.kept}." if restored.kept else "")
          + f" {restored.sentence()}")
    return 0


def cmd_check(args) -> int:
    # only reads: works in a folder the user cannot write (someone else's, or read-only media)
    folder = paths.choose_data_dir(args.data_dir, create=False)
    url = choose_database_url(folder, args.database, ask_password_on_terminal)
    report = check_database(folder, url)
    print("\n".join(report.lines()))
    if not report.ok:
        count = len(report.problems)
        raise UserError(f"The check found {count} problem{'s' if count != 1 else ''} with the database "
                        f"{report.database} (listed above): {report.problems[0]}")
    return 0


MIN_SHOT, MAX_SHOT = (640, 480), 4096


def window_size(text: str) -> tuple[int, int]:
    """'1366x768' -> (1366, 768), within sizes a screen can have (a huge one would exhaust memory)."""
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} does not look like 1280x800") from None
    if not (MIN_SHOT[0] <= width <= MAX_SHOT and MIN_SHOT[1] <= height <= MAX_SHOT):
        raise argparse.ArgumentTypeError(
            f"{text} is outside {MIN_SHOT[0]}x{MIN_SHOT[1]} to {MAX_SHOT}x{MAX_SHOT}")
    return width, height


def cmd_screenshot(args) -> int:
    from sdm_desktop.app import render_screenshot
    return render_screenshot(args.data_dir, args.database, args.view, Path(args.output), args.size,
                             args.theme)
