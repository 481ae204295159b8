"""Add or reword a principle of a framework."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QPlainTextEdit

from sdm_desktop.services.assurance import principles as principle_service
from sdm_desktop.services.assurance.principles import Principle
from sdm_desktop.ui import prompts


class PrincipleDialog(QDialog):
    def __init__(self, parent, principle: Principle | None):
        super().__init__(parent)
        self.setWindowTitle("Edit principle" if principle else "Add principle")
        form = QFormLayout(self)
        self.title = QLineEdit(principle.title if principle else "")
        self.title.setAccessibleName("Principle")
        self.title.setMaxLength(principle_service.TITLE_LIMIT)
        self.description = QPlainTextEdit(principle.description if principle else "")
        self.description.setAccessibleName("What it means")
        self.description.setTabChangesFocus(True)
        form.addRow("&Principle", self.title)
        form.addRow("&What it means", self.description)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(620, 260)


def edit_principle(parent, env, framework: int, principle: Principle | None) -> bool:
    """Ask for the wording and save it; True if saved."""
    if prompts.kept("Add or edit a principle"):
        return False
    dialog = PrincipleDialog(parent, principle)
    while dialog.exec() == QDialog.DialogCode.Accepted:
        try:
            if principle is None:
                principle_service.add_principle(env.ctx, framework, dialog.title.text(),
                                                dialog.description.toPlainText())
            else:
                principle_service.update_principle(env.ctx, principle.id, dialog.title.text(),
                                                   dialog.description.toPlainText(),
                                                   expected_version=principle.row_version)
            return True
        except Exception as exc:  # noqa: BLE001 - say why and let the user try again or cancel
            prompts.error(parent, f"Not saved: {prompts.describe_error(exc)}")
    return False
