"""A dialog holding changes asks before it closes (Escape, Cancel, its close button): Save, Discard or
Cancel. What it holds is compared with what it showed when it opened, so any field counts. Ctrl+S (and
Ctrl+Enter, from a box of several lines where Enter starts a new line) saves it, as in the register's editor."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QWidget,
)

from sdm_desktop.ui import prompts

QUESTION = "You have changes that are not saved. Save them before closing?"


def shown_values(root: QWidget, ignore: tuple[QWidget, ...] = ()) -> list:
    """What every input of ``root`` holds now, in a form that compares equal when nothing changed."""
    values: list = []
    for w in root.findChildren(QWidget):
        if w in ignore:
            continue
        inside_another = isinstance(w.parent(), (QAbstractSpinBox, QComboBox))     # counted with its owner
        if isinstance(w, QLineEdit) and not w.isReadOnly() and not inside_another:
            values.append(w.text())
        elif isinstance(w, QPlainTextEdit) and not w.isReadOnly():
            values.append(w.toPlainText())
        elif isinstance(w, QComboBox):
            values.append((w.currentIndex(), w.currentText()))
        elif isinstance(w, QAbstractButton) and w.isCheckable():
            values.append(w.isChecked())
        elif isinstance(w, QAbstractSpinBox):
            values.append(w.text())
        elif isinstance(w, QListWidget):
            values.append([w.item(i).text() for i in range(w.count())])
    return values


class AskBeforeClosing(QObject):
    """Remembers a dialog's values when it is first shown. ``may_close()`` is True when nothing changed or
    the user chose Discard; Save calls ``save`` (which closes the dialog itself when the values are good)."""

    def __init__(self, dialog: QDialog, save: Callable[[], object], ignore: tuple[QWidget, ...] = ()):
        super().__init__(dialog)
        self.dialog, self.save, self.ignore = dialog, save, ignore
        self.opened_with: list | None = None
        dialog.installEventFilter(self)
        for keys in (QKeySequence(QKeySequence.StandardKey.Save), QKeySequence("Ctrl+Return"),
                     QKeySequence("Ctrl+Enter")):
            QShortcut(keys, dialog, lambda: self.save())

    def eventFilter(self, watched, event) -> bool:
        if watched is self.dialog and event.type() == QEvent.Type.Show and self.opened_with is None:
            self.opened_with = shown_values(self.dialog, self.ignore)
        return False

    def changed(self) -> bool:
        return self.opened_with is not None and shown_values(self.dialog, self.ignore) != self.opened_with

    def may_close(self) -> bool:
        if not self.changed():
            return True
        answer = prompts.save_discard_cancel(self.dialog, QUESTION)
        if answer == "save":
            self.save()
        return answer == "discard"
