"""A dialog holding a form: Save stores through a service, validation messages appear beside fields."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QScrollArea, QVBoxLayout, QWidget,
)

from sdm_desktop.services.engagement import format_pence, parse_pounds
from sdm_desktop.services.validation import ValidationError
from sdm_desktop.ui import prompts
from sdm_desktop.ui.widgets.form import FormFields


class FormDialog(QDialog):
    """Subclasses build fields on ``self.f`` and implement ``store() -> int`` (raise ValidationError)."""

    def __init__(self, env, title: str, parent=None):
        super().__init__(parent)
        self.env = env
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.saved_id: int | None = None
        outer = QVBoxLayout(self)
        self.heading = QLabel(f"<h3>{title}</h3>")
        outer.addWidget(self.heading)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        inner = QWidget()
        self.form_layout = QFormLayout(inner)
        self.f = FormFields(self.form_layout)
        scroll.setWidget(inner)
        outer.addWidget(scroll, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setAccessibleName("Save")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self.resize(620, 640)

    def money(self, name: str, label: str) -> QLineEdit:
        edit = self.f.line(name, label, 20, "£0.00")
        return edit

    def pence(self, name: str) -> int:
        """Read a money field; a bad amount is reported beside the field as a ValidationError."""
        try:
            return parse_pounds(self.f.widgets[name].text())
        except ValueError as exc:
            raise ValidationError(_errors({name: str(exc)})) from None

    def set_pence(self, name: str, pence: int) -> None:
        self.f.widgets[name].setText(format_pence(pence).replace("£", "") if pence else "")

    def store(self) -> int:
        raise NotImplementedError

    def save(self) -> bool:
        try:
            self.saved_id = self.store()
        except ValidationError as exc:
            self.f.show_errors(exc.errors)
            return False
        except LookupError as exc:
            prompts.error(self, str(exc))
            return False
        self.f.show_errors({})
        self.accept()
        return True


def _errors(mapping: dict[str, str]):
    from sdm_desktop.services.validation import FieldErrors
    return FieldErrors(dict(mapping))
