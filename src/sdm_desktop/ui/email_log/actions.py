"""Opening the Log emails dialog: from a button (files or a folder chosen in a dialog) or from a drop."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QPushButton

from sdm_desktop.services.email_log.people import LogTarget
from sdm_desktop.ui import prompts
from sdm_desktop.ui.common.tables.table_helpers import ON_SCREEN, shortcut
from sdm_desktop.ui.email_log.dialog import LogEmailsDialog

FILTER = "Email messages (*.eml *.msg);;All files (*)"


LOG_KEY = "Ctrl+Shift+E"


def log_emails_button(parent, env, target_now) -> QPushButton:
    """"Log emails…" with a menu: files or a folder. ``target_now()`` -> (LogTarget, description)."""
    b = QPushButton("Log emails…")         # every Alt letter of its words is taken on its pages: a key instead
    b.setAccessibleName("Log emails")
    b.setToolTip(f"Log .eml or .msg emails as interactions (you can also drop them onto the window) ({LOG_KEY})")
    shortcut(QKeySequence(LOG_KEY), b, b.click, ON_SCREEN)
    menu = QMenu(b)
    menu.addAction("Choose email &files…", lambda: _choose(parent, env, target_now, folder=False))
    menu.addAction("Choose a f&older of emails…", lambda: _choose(parent, env, target_now, folder=True))
    b.setMenu(menu)
    return b


def _choose(parent, env, target_now, folder: bool) -> None:
    if folder:
        chosen = QFileDialog.getExistingDirectory(parent, "Folder of emails to log")
        paths = [Path(chosen)] if chosen else []
    else:
        names, _f = QFileDialog.getOpenFileNames(parent, "Emails to log", "", FILTER)
        paths = [Path(n) for n in names]
    if paths:
        target, where = target_now()
        open_log_dialog(parent, env, paths, target, where)


def open_log_dialog(parent, env, paths: list[Path], target: LogTarget | None = None, where: str = "",
                    note: str = "", activities: list[tuple[int, str]] | None = None) -> LogEmailsDialog:
    if note:
        prompts.info(parent, note, "Dragged from Outlook")
    dialog = LogEmailsDialog(env, paths, target or LogTarget(), where, parent, activities)
    dialog.show()
    dialog.start()
    return dialog
