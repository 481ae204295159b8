"""A dialog holding a form: Save stores through a service, validation messages appear beside fields."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sdm_desktop.errors import DatabaseUnreachable
from sdm_desktop.services.core.validation import ValidationError
from sdm_desktop.services.core.versions import RecordChanged
from sdm_desktop.services.engagement.plans import format_pence, parse_pounds
from sdm_desktop.ui import prompts
from sdm_desktop.ui.common.form import FormFields
from sdm_desktop.ui.common.versioned_editor import VersionedEditor
from sdm_desktop.ui.unsaved import AskBeforeClosing


class FormDialog(VersionedEditor, QDialog):
    """Subclasses build fields on ``self.f`` and implement ``store() -> int`` (raise ValidationError).
    An editor of an existing record opens it with ``open_record`` and stores with
    ``expected_version=self.loaded_version``: a colleague's change in between shows the merge dialog."""

    def __init__(self, env, title: str, parent=None):
        super().__init__(parent)
        self.env = env
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.saved_id: int | None = None
        outer = QVBoxLayout(self)
        self.heading = QLabel(f"<h3>{title}</h3>")
        outer.addWidget(self.heading)
        self.colleague_note = QLabel()        # a colleague saved or has open this record: said at once
        self.colleague_note.setWordWrap(True)
        self.colleague_note.setAccessibleName("Changes by colleagues")
        self.colleague_note.setVisible(False)
        outer.addWidget(self.colleague_note)
        self.follow_colleagues()
        self.finished.connect(lambda _result: self.stop_following_colleagues())
        self._scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setAccessibleName(f"{title}: fields")         # a Tab stop: named for screen readers
        self._widened = False
        inner = QWidget()
        column = QVBoxLayout(inner)
        self.form_layout = QFormLayout()
        column.addLayout(self.form_layout)
        column.addStretch(1)            # spare height goes below the fields, not between them
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
        self.unsaved = AskBeforeClosing(self, self.save)

    def reject(self) -> None:
        """Escape, Cancel and the close button ask first when something was changed."""
        if self.unsaved.may_close():
            super().reject()

    def showEvent(self, event) -> None:
        if not self._widened:
            self._widened = True
            self._widen_to_fit_rows()
        super().showEvent(event)

    def _widen_to_fit_rows(self) -> None:
        """Wide enough for each label beside its field (a long check box otherwise drops under its label),
        as far as the screen allows."""
        form = self.form_layout
        labels = fields = 0
        for row in range(form.rowCount()):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            labels = max(labels, label.sizeHint().width() if label else 0)
            fields = max(fields, field.sizeHint().width() if field else 0)
        outer, inner = self.layout().contentsMargins(), form.parentWidget().layout().contentsMargins()
        around = (outer.left() + outer.right() + inner.left() + inner.right() + 2 * self._scroll.frameWidth()
                  + self._scroll.verticalScrollBar().sizeHint().width() + form.horizontalSpacing() + 4)
        screen = self.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry().width() if screen is not None else self.width()
        wanted = min(labels + fields + around, room)
        if wanted > self.width():
            self.resize(wanted, self.height())

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

    def shown_as(self, name: str, value) -> str:
        if name.endswith("_pence") and isinstance(value, int):
            return format_pence(value)
        return super().shown_as(name, value)

    def store(self) -> int:
        raise NotImplementedError

    def save(self) -> bool:
        try:
            self.saved_id = self.store()
        except RecordChanged as exc:
            return self.settle_conflict(exc, self.save)
        except ValidationError as exc:
            self.f.show_errors(exc.errors)
            return False
        except (LookupError, DatabaseUnreachable) as exc:       # the dialog stays open with what was typed
            prompts.error(self, prompts.describe_error(exc))
            return False
        self.f.show_errors({})
        prompts.saved(self.parentWidget(), self.windowTitle().replace("New ", "").replace("Edit ", ""))
        self.accept()
        return True


def _errors(mapping: dict[str, str]):
    from sdm_desktop.services.core.validation import FieldErrors
    return FieldErrors(dict(mapping))
