"""Who the letters come from: name, role, organisation, address, contact, programme."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QPlainTextEdit, QVBoxLayout

from sdm_desktop.services.core.versions import RecordChanged, three_way
from sdm_desktop.services.letters.templates import (
    SENDER_FIELDS,
    save_sender_details,
    sender_details,
    sender_details_versions,
)
from sdm_desktop.ui.common.merge_dialog import ask_merge
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

    def show_values(self, values: dict[str, str]) -> None:
        for key, widget in self.widgets.items():
            (widget.setPlainText if isinstance(widget, QPlainTextEdit) else widget.setText)(values.get(key, ""))

    @classmethod
    def ask(cls, ctx, parent=None) -> bool:
        """Edit and save. A colleague's save since the dialog opened shows what each changed (keep theirs,
        keep yours, merge); "Go back" or "Keep theirs" opens the dialog again, nothing typed lost."""
        versions = sender_details_versions(ctx)         # before the values: a save in between is a conflict
        loaded = sender_details(ctx)
        dialog = cls(loaded, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        while accepted:
            try:
                save_sender_details(ctx, dialog.values(), expected=versions)
                return True
            except RecordChanged as exc:
                versions, theirs = sender_details_versions(ctx), sender_details(ctx)
                merge = three_way(loaded, theirs, dialog.values())
                outcome = ask_merge(dialog, merge, lambda key: dialog.widgets[key].accessibleName(),
                                    str(exc).removeprefix("Not saved: "))
                loaded = theirs
                if outcome.values is not None:
                    dialog.show_values(outcome.values)          # saved from their version on the next turn
                    continue
                if outcome.action == "theirs":
                    dialog.show_values(theirs)
                accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return False
