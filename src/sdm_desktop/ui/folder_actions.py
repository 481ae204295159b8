"""The data folder's actions on the File and Help menus: open it, back up now, check the database, where the data
is, About. Each loads what it needs when chosen, Qt's classes too: the menus are built with the window's frame, and
PySide makes a Qt class's Python enums when the class is first named (QFileDialog and QUrl: 3 ms)."""

from __future__ import annotations

from pathlib import Path

from sdm_desktop import APP_NAME, __version__


def open_data_folder(window) -> None:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    QDesktopServices.openUrl(QUrl.fromLocalFile(str(window.env.ctx.data_dir)))


def backup_now(window) -> None:
    from sdm_desktop.services.core import maintenance
    from sdm_desktop.ui import prompts

    if window.env.ctx.db.sqlite_path is None:       # a team database: backed up on its server
        prompts.info(window, maintenance.server_instead(window.env.ctx.db.url, "backup"), "Back up now")
        return
    from PySide6.QtWidgets import QFileDialog

    default = str(window.env.ctx.data_dir / "backups")
    target, _ = QFileDialog.getSaveFileName(window, "Back up to", default + "/sdm-desktop-backup.sqlite3",
                                            "SQLite database (*.sqlite3)")
    if not target:
        return
    ctx = window.env.ctx
    window.env.jobs.run(lambda _p: maintenance.backup_now(ctx.data_dir, ctx.db.url, target=Path(target)),
                        label="Backing up", on_done=lambda made: prompts.info(window, f"Backup written to {made}"))


def check_database(window) -> None:
    from sdm_desktop.services.team_database import server_check
    from sdm_desktop.ui import prompts

    ctx = window.env.ctx
    window.env.jobs.run(lambda _p: server_check.check_database(ctx.data_dir, ctx.db.url),
                        label="Checking the database",
                        on_done=lambda report: prompts.info(window, "\n".join(report.lines()), "Database check"))


def where_is_data(window) -> None:
    from sdm_desktop.services.core import maintenance
    from sdm_desktop.ui import prompts

    prompts.info(window, maintenance.data_folder_summary(window.env.ctx.data_dir, window.env.ctx.db.url),
                 "Where is my data?")


def about(window) -> None:
    from sdm_desktop.services.core import maintenance
    from sdm_desktop.ui import prompts

    prompts.info(window, f"{APP_NAME} {__version__}\n\nOffline tool for running a local Shared Decision "
                         "Making programme. Your data stays on this computer.\n\n"
                         + maintenance.data_folder_summary(window.env.ctx.data_dir, window.env.ctx.db.url),
                 f"About {APP_NAME}")
