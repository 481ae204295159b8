"""The File menu's team database entries."""

from __future__ import annotations

from PySide6.QtGui import QAction


def add_team_database_actions(window, file_menu) -> None:
    for text, slot in (("&Team database…", lambda: _open(window, "copy")),
                       ("Co&nnect to team database…", lambda: _open(window, "connect"))):
        action = QAction(text, window)
        action.triggered.connect(slot)
        file_menu.addAction(action)


def _open(window, which: str) -> None:
    if which == "copy":
        from sdm_desktop.ui.team_database.copy_dialog import CopyDialog
        CopyDialog(window.env, window).exec()
    else:
        window.connect_team_database()
