"""Confirm an erase: what will be removed, with counts, and a typed confirmation."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from sdm_desktop.services.privacy.erase import ErasePlan
from sdm_desktop.ui.common.accessible import buddy_label, named

WORD = "ERASE"


class EraseDialog(QDialog):
    def __init__(self, plan: ErasePlan, parent=None):
        super().__init__(parent)
        self.plan = plan
        count = len(plan.people)
        title = "Erase person" if count == 1 else f"Erase {count} people"
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        who = plan.people[0].name if count == 1 else f"{count} people"
        intro = QLabel(f"<b>Erase {who}?</b> Their personal data is removed for good; only what the "
                       "programme's figures need is kept, under the name \"Erased person N\".")
        intro.setWordWrap(True)
        self.details = named(QPlainTextEdit("\n".join(plan.lines()[:-1])), "What will be erased")
        self.details.setReadOnly(True)
        self.details.setTabChangesFocus(True)
        self.details.setMinimumHeight(240)
        warning = QLabel("⚠ This cannot be undone: Undo does not bring it back. " + plan.backups.sentence())
        warning.setWordWrap(True)
        bold = QFont(warning.font())
        bold.setBold(True)
        warning.setFont(bold)
        self.confirmation = QLineEdit()
        self.confirmation.setAccessibleName("Confirmation")
        self.confirmation.setPlaceholderText(WORD)
        self.confirmation.textChanged.connect(self._update)
        self.expected = [WORD]
        if count == 1:
            self.expected.append(plan.people[0].last_name)
            prompt = f"To confirm, &type their last name ({plan.people[0].last_name}) or {WORD}:"
        else:
            prompt = f"To confirm, &type {WORD}:"
        self.erase_button = named(QPushButton("&Erase for good"), "Erase for good",
                                  "Erase the personal data listed above; this cannot be undone")
        self.erase_button.setEnabled(False)
        self.erase_button.setAutoDefault(False)
        buttons = QDialogButtonBox()
        buttons.addButton(self.erase_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName("Cancel, erase nothing")
        cancel.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.details, 1)
        layout.addWidget(warning)
        layout.addWidget(buddy_label(prompt, self.confirmation))
        layout.addWidget(self.confirmation)
        layout.addWidget(buttons)
        self.resize(720, 520)
        self.confirmation.setFocus()

    def confirmed(self) -> bool:
        typed = self.confirmation.text().strip()
        return any(typed.casefold() == word.casefold() for word in self.expected if word)

    def _update(self) -> None:
        self.erase_button.setEnabled(self.confirmed())

    def accept(self) -> None:
        if self.confirmed():
            super().accept()

    @classmethod
    def ask(cls, plan: ErasePlan, parent=None) -> bool:
        return cls(plan, parent).exec() == QDialog.DialogCode.Accepted
