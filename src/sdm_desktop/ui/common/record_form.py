"""What the record editors (organisation, person, resource) share: layout, dirty tracking, the save flow."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sdm_desktop.services.core.changes import Change
from sdm_desktop.services.core.validation import ValidationError, postcode_warning
from sdm_desktop.ui import prompts
from sdm_desktop.ui.common.form import FormFields


class RecordForm(QWidget):
    """Subclasses fill in the hooks below; this class runs edit → validate → duplicates → save."""

    saved = Signal(int)
    noun = "record"           # shown in the heading: "Edit <noun>"
    first_field = "name"      # gets the focus when a new record is started
    changed_what: Change      # announced on the change bus after a save; each subclass names its kind

    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.record_id: int | None = None
        self.dirty = False
        self._loading = False
        outer = QVBoxLayout(self)
        self.heading = QLabel()
        outer.addWidget(self.heading)
        self.scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setAccessibleName(f"{self.noun.capitalize()} details")     # a Tab stop: named for screen readers
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        column = QVBoxLayout(inner)
        self.f = FormFields(QFormLayout())
        self.build(column)
        column.addStretch(1)            # spare height goes below the fields, not between them
        scroll.setWidget(inner)
        outer.addWidget(scroll, 1)
        outer.addLayout(self._buttons())
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self.f.on_edit = self.mark_dirty

    def _buttons(self) -> QVBoxLayout:
        column = QVBoxLayout()
        self.form_error = QLabel()        # problems of parts with no field of their own, e.g. memberships
        self.form_error.setWordWrap(True)
        self.form_error.setAccessibleName(f"Problems with this {self.noun}")
        self.form_error.setVisible(False)
        column.addWidget(self.form_error)
        row = QHBoxLayout()
        column.addLayout(row)
        self.save_button = QPushButton("&Save")
        self.save_button.setAccessibleName(f"Save {self.noun}")
        self.save_button.setToolTip("Save (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("Revert")
        self.revert_button.setAccessibleName("Revert changes")
        self.revert_button.setToolTip("Back to the saved values (Ctrl+R)")
        revert = QShortcut(QKeySequence("Ctrl+R"), self, lambda: self.edit(self.record_id))
        revert.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.revert_button.clicked.connect(lambda: self.edit(self.record_id))
        row.addStretch(1)
        row.addWidget(self.revert_button)
        row.addWidget(self.save_button)
        return column

    # Names, as the user sees them, of parts of the record that have no field of their own.
    PART_NAMES = {"memberships": "Groups they belong to"}

    def show_errors(self, errors: dict[str, str]) -> None:
        others = self.f.show_errors(errors)
        text = "\n".join(f"⚠ {self.PART_NAMES.get(name, name.replace('_', ' ').capitalize())} {message}"
                         for name, message in others.items())
        self.form_error.setText(text)
        self.form_error.setVisible(bool(text))

    # --- hooks ----------------------------------------------------------------------------------
    def build(self, column: QVBoxLayout) -> None:
        raise NotImplementedError

    def load(self, record_id: int | None):
        """The record's values (a blank input for a new one)."""
        raise NotImplementedError

    def show_values(self, data) -> None:
        for name in self.f.widgets:
            value = getattr(data, name)
            self.f.set(name, ", ".join(value) if name == "tags" else value)

    def value(self):
        raise NotImplementedError

    def validate(self, data):
        raise NotImplementedError

    def duplicates(self, data) -> list:
        return []

    def create(self, data) -> int:
        raise NotImplementedError

    def update(self, record_id: int, data) -> None:
        raise NotImplementedError

    # --- the flow ---------------------------------------------------------------------------
    def mark_dirty(self) -> None:
        if not self._loading:
            self.dirty = True

    def edit(self, record_id: int | None) -> None:
        self.record_id = record_id
        data = self.load(record_id)
        self.heading.setText(f"<h3>{'Edit' if record_id else 'New'} {self.noun}</h3>")
        self._loading = True
        self.show_values(data)
        self._loading = False
        self.dirty = False
        self.show_errors({})
        self.scroll.verticalScrollBar().setValue(0)     # every record opens at its top
        if record_id is None:       # a new record: start typing; browsing the list keeps the focus in the list
            self.f.widgets[self.first_field].setFocus()
            QTimer.singleShot(0, self._focus_first_field)   # again once shown: it may open with the form

    def _focus_first_field(self) -> None:
        if self.record_id is None and self.isVisible():
            first = self.f.widgets[self.first_field]
            first.setFocus()
            self.scroll.verticalScrollBar().setValue(0)
            self.scroll.ensureWidgetVisible(first)

    def form_values(self) -> dict:
        values = {name: self.f.get(name) for name in self.f.widgets}
        values["tags"] = [t.strip() for t in (values.get("tags") or "").split(",") if t.strip()]
        return values

    def save(self) -> bool:
        try:
            checked = self.validate(self.value())
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return False
        self.show_errors({})
        if not self._duplicates_accepted(checked):
            return False
        try:
            if self.record_id is None:
                self.record_id = self.create(checked)
            else:
                self.update(self.record_id, checked)
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return False
        except Exception as exc:  # noqa: BLE001 - e.g. a busy database: say so, keep the edits
            prompts.error(self, f"Not saved: {prompts.describe_error(exc)}")
            return False
        self.dirty = False
        self.heading.setText(f"<h3>Edit {self.noun}</h3>")
        self.env.announce(self.changed_what)
        prompts.saved(self, self.noun)
        self.saved.emit(self.record_id)
        if warning := postcode_warning(getattr(checked, "postcode", None)):
            self.f.show_notes({"postcode": warning})
        return True

    def _duplicates_accepted(self, data) -> bool:
        matches = self.duplicates(data)
        if not matches:
            return True
        listing = "\n".join(f"• {m.name} ({m.reason})" for m in matches[:5])
        return prompts.confirm(self, f"This looks like an existing {self.noun}:\n{listing}\n\nSave anyway?",
                               "Possible duplicate", yes="Save anyway", no="Go back")
