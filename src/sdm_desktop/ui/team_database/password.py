"""Asking for a saved team database's password at start-up (when it is not kept in the keyring)."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit

from sdm_desktop.services.team_database.connection import TeamConnection


def ask_password(connection: TeamConnection) -> str | None:
    value, ok = QInputDialog.getText(None, "Team database", f"Password for {connection.shown}:",
                                     QLineEdit.EchoMode.Password)
    return value if ok and value else None
