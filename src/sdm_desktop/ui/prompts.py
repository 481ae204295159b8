"""Every question and warning goes through here, so tests can answer them in one place."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtWidgets import QInputDialog, QMainWindow, QMessageBox, QWidget

from sdm_desktop.errors import DatabaseUnreachable, UserError, storage_error_message
from sdm_desktop.services.core.validation import ValidationError

# While a window is driven with no one to answer (--smoke, screenshot), no dialog opens: each message is
# kept here instead (questions answered no), and the caller stops with the first one.
_unanswered: list[str] | None = None


@contextmanager
def headless() -> Iterator[list[str]]:
    """No question or message waits for an answer inside this block; the list collects what was said."""
    global _unanswered
    previous, _unanswered = _unanswered, []
    try:
        yield _unanswered
    finally:
        _unanswered = previous


def kept(message: str) -> bool:
    """True (and the message kept) when no one is there to answer: the caller opens no dialog."""
    if _unanswered is None:
        return False
    _unanswered.append(message)
    return True





def confirm(parent: QWidget | None, question: str, title: str = "Please confirm",
            yes: str = "Yes", no: str = "Cancel") -> bool:
    if kept(question):
        return False
    box = QMessageBox(QMessageBox.Icon.Question, title, question, QMessageBox.StandardButton.NoButton, parent)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes_button)
    box.exec()
    return box.clickedButton() is yes_button


def save_discard_cancel(parent: QWidget | None, question: str, title: str = "Unsaved changes") -> str:
    """"save", "discard" or "cancel" (Escape). With no one to answer (--smoke, screenshot) nothing is saved:
    "discard", so closing never waits."""
    if kept(question):
        return "discard"
    buttons = QMessageBox.StandardButton
    box = QMessageBox(QMessageBox.Icon.Question, title, question,
                      buttons.Save | buttons.Discard | buttons.Cancel, parent)
    box.setDefaultButton(buttons.Save)
    box.setEscapeButton(buttons.Cancel)
    answer = box.exec()
    return {buttons.Save: "save", buttons.Discard: "discard"}.get(buttons(answer), "cancel")


def saved(widget: QWidget, what: str = "") -> None:
    """A brief "Saved" in the main window's status bar, so a save is seen to happen."""
    while widget is not None and not isinstance(widget, QMainWindow):
        widget = widget.parentWidget()
    if widget is not None:
        widget.statusBar().showMessage(f"Saved{': ' + what if what else ''}", 4000)


def warn(parent: QWidget | None, message: str, title: str = "Warning") -> None:
    if not kept(message):
        QMessageBox.warning(parent, title, message)


def error(parent: QWidget | None, message: str, title: str = "Something went wrong") -> None:
    if not kept(message):
        QMessageBox.critical(parent, title, message)


def info(parent: QWidget | None, message: str, title: str = "SDM Desktop") -> None:
    if not kept(message):
        QMessageBox.information(parent, title, message)


def ask_text(parent: QWidget | None, label: str, title: str = "SDM Desktop", text: str = "") -> str | None:
    if kept(label):
        return None
    value, ok = QInputDialog.getText(parent, title, label, text=text)
    return value.strip() if ok and value.strip() else None


def describe_error(exc: BaseException) -> str:
    if isinstance(exc, DatabaseUnreachable):        # the window keeps what the user typed: they can try again
        return exc.in_an_editor
    if isinstance(exc, (UserError, ValidationError)):
        return str(exc)
    storage = storage_error_message(exc)
    if storage:
        return storage
    return f"Unexpected {exc.__class__.__name__}: {exc}. Nothing was half-written."


def install_error_hook(parent: QWidget) -> None:
    """Last resort for an error no handler caught (e.g. in a slot): a message, never a silent failure.

    Where it happened goes to the user's own error log, as on the command line (no personal data in it).
    """
    import sys

    from sdm_desktop.crash_log import write_crash_log

    def hook(kind, exc, tb) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        if exc.__traceback__ is None:
            exc = exc.with_traceback(tb)
        log = write_crash_log(exc)
        where = f"\n\nWhere it happened (without personal data) was written to {log}." if log else ""
        try:
            error(parent, f"{describe_error(exc)}{where}")
        except Exception:  # noqa: BLE001 - the message box itself failed: fall back to stderr
            sys.__excepthook__(kind, exc, tb)

    sys.excepthook = hook
