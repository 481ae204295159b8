"""Who the letters come from: name, role, organisation, address, contact, programme."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QPlainTextEdit, QVBoxLayout

from sdm_desktop.services.letters.templates import SENDER_FIELDS, save_sender_details, sender_details
from sdm_desktop.ui.unsaved import AskBeforeClosing

ALT_KEYS = {"sender_name": "S", "sender_role": "r", "sender_organisation": "O", "sender_address": "A",
            "sender_phone": "T", "sender_email": "E", "programme_name": "P", "programme_website": "w"}


def with_alt_key(label: str, letter: str | None) -> str:
    at = label.find(letter) if letter else -1
    return label if at < 0 else f"{label[:at]}&{label[at:]}"


class SenderDetailsDialog(QDialog):
    def __init__(self, values: dict[str, str], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Sender and programme details")
        self.setAccessibleName("Sender and programme details")
        self.setMinimumWidth(520)
        form = QFormLayout()
        self.widgets: dict[str, QLineEdit | QPlainTextEdit] = {}
        for key, label, example in SENDER_FIELDS:
            if key == "sender_address":
                widget = QPlainTextEdit(values.get(key, ""))
                widget.setTabChangesFocus(True)
                widget.setFixedHeight(widget.fontMetrics().height() * 5)
            else:
                widget = QLineEdit(values.get(key, ""))
            widget.setPlaceholderText(example.replace("\n", ", "))
            widget.setAccessibleName(label)
            self.widgets[key] = widget
            form.addRow(f"{with_alt_key(label, ALT_KEYS.get(key))}:", widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.unsaved = AskBeforeClosing(self, self.accept)

    def reject(self) -> None:
        """Escape, Cancel and the close button ask first when something was changed."""
        if self.unsaved.may_close():
            super().reject()

    def values(self) -> dict[str, str]:
        return {key: (w.toPlainText() if isinstance(w, QPlainTextEdit) else w.text())
                for key, w in self.widgets.items()}

    @classmethod
    def ask(cls, ctx, parent=None) -> bool:
        dialog = cls(sender_details(ctx), parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        save_sender_details(ctx, dialog.values())
        return True
