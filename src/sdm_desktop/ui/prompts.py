"""Every question and warning goes through here, so tests can answer them in one place."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from sdm_desktop.errors import UserError
from sdm_desktop.services.validation import ValidationError


def confirm(parent: QWidget | None, question: str, title: str = "Please confirm",
            yes: str = "Yes", no: str = "Cancel") -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, question, QMessageBox.StandardButton.NoButton, parent)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes_button)
    box.exec()
    return box.clickedButton() is yes_button


def warn(parent: QWidget | None, message: str, title: str = "Warning") -> None:
    QMessageBox.warning(parent, title, message)


def error(parent: QWidget | None, message: str, title: str = "Something went wrong") -> None:
    QMessageBox.critical(parent, title, message)


def info(parent: QWidget | None, message: str, title: str = "SDM Desktop") -> None:
    QMessageBox.information(parent, title, message)


def ask_text(parent: QWidget | None, label: str, title: str = "SDM Desktop", text: str = "") -> str | None:
    value, ok = QInputDialog.getText(parent, title, label, text=text)
    return value.strip() if ok and value.strip() else None


def describe_error(exc: BaseException) -> str:
    if isinstance(exc, (UserError, ValidationError)):
        return str(exc)
    return f"Unexpected {exc.__class__.__name__}: {exc}. Nothing was half-written."
