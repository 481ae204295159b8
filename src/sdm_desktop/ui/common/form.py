"""Form building blocks: a field with its validation message beside it."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from sdm_desktop.services.core.dates import DateTextError
from sdm_desktop.services.core.validation import FieldErrors, ValidationError
from sdm_desktop.services.core.vocab import GLOSSARY
from sdm_desktop.ui.common.accessible import focus_target
from sdm_desktop.ui.common.date_field import DateField
from sdm_desktop.ui.common.search_picker import SearchPicker


class FormFields:
    """Keeps each field's widget and error label by name, and reads/writes plain values."""

    def __init__(self, layout: QFormLayout):
        self.layout = layout
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.on_edit = lambda: None     # called whenever the user changes a value

    @property
    def layout(self) -> QFormLayout:
        return self._layout

    @layout.setter
    def layout(self, layout: QFormLayout) -> None:
        # In a narrow editor (the side pane on a 1366-wide screen) a row too wide for label and field side by
        # side puts its field under the label, instead of pushing the field past the edge where it is cut off.
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._layout = layout

    def add(self, name: str, label: str, widget: QWidget) -> QWidget:
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(widget)
        error = QLabel()
        error.setWordWrap(True)
        error.setVisible(False)
        error.setAccessibleName(f"{label.replace('&', '')} problem")
        box.addWidget(error)
        self.layout.addRow(label, holder)
        buddy = self.layout.labelForField(holder)
        if isinstance(buddy, QLabel):
            buddy.setBuddy(focus_target(widget))
        spoken = label.replace("&", "")
        if isinstance(widget, QCheckBox):       # its own words say what it is; the row's label adds context
            own = widget.text().replace("&", "")
            spoken = f"{spoken}: {own}" if spoken else own
        widget.setAccessibleName(spoken)
        self._watch(widget)
        self.widgets[name] = widget
        self.errors[name] = error
        return widget

    def line(self, name: str, label: str, max_length: int = 300, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setMaxLength(max_length)
        edit.setPlaceholderText(placeholder)
        return self.add(name, label, edit)

    def text(self, name: str, label: str) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(70)
        return self.add(name, label, edit)

    def combo(self, name: str, label: str, choices: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        # As wide as the form makes it, not as its longest choice: a long choice (a type, a message in
        # "How we told them") would push the form past the edge of a small screen. The list shows it whole.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(12)
        for code, text in choices:
            combo.addItem(text, code)
        return self.add(name, label, combo)

    def check(self, name: str, label: str, text: str) -> QCheckBox:
        return self.add(name, label, QCheckBox(text))

    def date(self, name: str, label: str) -> DateField:
        return self.add(name, label, DateField())

    def _watch(self, widget: QWidget) -> None:
        if isinstance(widget, SearchPicker):             # typing, and choosing one of the names offered
            widget.chosen.connect(lambda *_: self.on_edit())
        if isinstance(widget, DateField):
            widget.edited.connect(lambda: self.on_edit())
            return
        signal = {QLineEdit: "textEdited", QPlainTextEdit: "textChanged", QComboBox: "currentIndexChanged",
                  QCheckBox: "toggled"}
        for kind, name in signal.items():
            if isinstance(widget, kind):
                getattr(widget, name).connect(lambda *_: self.on_edit())
                return

    # --- values -----------------------------------------------------------------------------
    def get(self, name: str):
        w = self.widgets[name]
        if isinstance(w, SearchPicker):
            return w.value()
        if isinstance(w, QLineEdit):
            return w.text().strip() or None
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText().strip() or None
        if isinstance(w, QComboBox):
            if w.isEditable() and w.currentText() != w.itemText(w.currentIndex()):
                return w.currentText().strip() or None      # typed in, not one of the choices
            return w.currentData() if w.currentData() is not None else w.currentText()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, DateField):
            try:
                return w.value()
            except DateTextError as exc:        # shown beside the field; nothing is saved
                raise ValidationError(FieldErrors({name: str(exc)})) from None
        raise TypeError(name)

    def set(self, name: str, value) -> None:
        w = self.widgets[name]
        if isinstance(w, SearchPicker):
            w.set_value(value)
        elif isinstance(w, QLineEdit):
            w.setText("" if value is None else str(value))
            w.setCursorPosition(0)          # a long name shows its beginning, not its end
        elif isinstance(w, QPlainTextEdit):
            w.setPlainText("" if value is None else str(value))
        elif isinstance(w, QComboBox):
            index = w.findData(value if value is not None else "")
            if index < 0:
                index = w.findText(str(value or ""))
            w.setCurrentIndex(max(0, index))
            if index < 0 and value and w.isEditable():
                w.setEditText(str(value))                   # a value of their own, e.g. the title "Sister"
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, DateField):
            w.set_value(value)

    def show_errors(self, errors: dict[str, str]) -> dict[str, str]:
        """Show each message beside its field; return those for names that have no field here."""
        for name, label in self.errors.items():
            message = errors.get(name)
            if isinstance(self.widgets[name], DateField) and self.widgets[name].problem():
                message = None              # the field says what is wrong beside it already
            label.setText(f"⚠ {self._label_text(name)} {message}" if message else "")
            label.setVisible(bool(message))
        first = next((n for n in self.widgets if n in errors), None)
        if first:
            self.widgets[first].setFocus()
        return {name: message for name, message in errors.items() if name not in self.errors}

    def explain(self, name: str, term: str) -> None:
        """The glossary's sentence for ``term`` on hover over the field and its label."""
        tip = f"{term}: {GLOSSARY[term]}"
        self.widgets[name].setToolTip(tip)
        label = self.layout.labelForField(self.widgets[name].parentWidget())
        if label is not None:
            label.setToolTip(tip)

    def show_notes(self, notes: dict[str, str]) -> None:
        """Warnings about values that were saved (e.g. a postcode off the Royal Mail pattern), beside them."""
        for name, message in notes.items():
            if name in self.errors:
                self.errors[name].setText(f"⚠ {message}")
                self.errors[name].setVisible(True)

    def _label_text(self, name: str) -> str:
        return self.widgets[name].accessibleName()
