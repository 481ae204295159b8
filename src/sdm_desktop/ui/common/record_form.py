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

from sdm_desktop.errors import DatabaseUnreachable
from sdm_desktop.services.core.changes import Change
from sdm_desktop.services.core.validation import ValidationError, postcode_warning
from sdm_desktop.services.core.versions import RecordChanged, three_way
from sdm_desktop.ui import prompts
from sdm_desktop.ui.common.form import FormFields
from sdm_desktop.ui.common.merge_dialog import THEIRS, ask_merge
from sdm_desktop.ui.common.versioned_editor import CHANGED_UNDER_EDITS, also_editing, values_of


class RecordForm(QWidget):
    """Subclasses fill in the hooks below; this class runs edit → validate → duplicates → save."""

    saved = Signal(int)
    noun = "record"           # shown in the heading: "Edit <noun>"
    first_field = "name"      # gets the focus when a new record is started
    changed_what: Change      # announced on the change bus after a save; each subclass names its kind
    entity = ""               # its table, as the audit trail names it: colleagues' changes to it are watched,
                              # and "Last changed by … on …" is read

    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.record_id: int | None = None
        self.loaded = None                        # the values as opened: the base of a three-way merge
        self.loaded_version: int | None = None    # the record's version as opened: a later one is a colleague's
        self.dirty = False
        self._loading = False
        outer = QVBoxLayout(self)
        self.heading = QLabel()
        outer.addWidget(self.heading)
        self.colleague_note = QLabel()    # a colleague changed or has open the record shown: said at once
        self.colleague_note.setWordWrap(True)
        self.colleague_note.setAccessibleName("Changes by colleagues")
        self.colleague_note.setVisible(False)
        outer.addWidget(self.colleague_note)
        self.last_change = QLabel()
        self.last_change.setAccessibleName(f"Who last changed this {self.noun}")
        self.last_change.setVisible(False)
        outer.addWidget(self.last_change)
        self.scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setAccessibleName(f"{self.noun.capitalize()} details")     # named for screen readers
        # Not a Tab stop of its own: Tab from the table went to it and showed nothing (the fields scroll into
        # view as they get the focus)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
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
        if env.colleagues is not None:
            env.colleagues.looked.connect(self._colleagues_looked)

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

    def version(self, record_id: int) -> int | None:
        """The record's version now; read before its values (None: not versioned)."""
        return None

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
        """Save through the service with ``expected_version=self.loaded_version``."""
        raise NotImplementedError

    # --- the flow ---------------------------------------------------------------------------
    def mark_dirty(self) -> None:
        if not self._loading:
            self.dirty = True

    def edit(self, record_id: int | None) -> None:
        self.record_id = record_id
        self.loaded_version = self.version(record_id) if record_id else None
        data = self.loaded = self.load(record_id)
        self.heading.setText(f"<h3>{'Edit' if record_id else 'New'} {self.noun}</h3>")
        self._show_last_change()
        self._loading = True
        self.show_values(data)
        self._loading = False
        self.dirty = False
        self.show_errors({})
        self._say_colleagues("")
        if self.env.colleagues is not None:
            self.env.colleagues.editing(self, (self.entity, record_id) if record_id and self.entity else None)
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

    def _show_last_change(self) -> None:
        from sdm_desktop.services.core.audit import last_changed

        found = None
        if self.record_id is not None and self.entity:
            found = last_changed(self.env.ctx, self.entity, self.record_id)
        self.last_change.setText(found.sentence() if found else "")
        self.last_change.setVisible(found is not None)

    def form_values(self) -> dict:
        values = {name: self.f.get(name) for name in self.f.widgets}
        values["tags"] = [t.strip() for t in (values.get("tags") or "").split(",") if t.strip()]
        return values

    def save(self) -> bool:
        try:
            checked = self.validate(self.value())
            self.show_errors({})
            if not self._duplicates_accepted(checked):
                return False
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return False
        except DatabaseUnreachable as exc:          # the checks read the database too: keep the edits
            prompts.error(self, f"Not saved: {prompts.describe_error(exc)}")
            return False
        try:
            if self.record_id is None:
                self.record_id = self.create(checked)
            else:
                self.update(self.record_id, checked)
        except RecordChanged as exc:
            return self._settle_conflict(exc, checked)
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return False
        except Exception as exc:  # noqa: BLE001 - e.g. a busy database: say so, keep the edits
            prompts.error(self, f"Not saved: {prompts.describe_error(exc)}")
            return False
        self.dirty = False
        # The next save from this form starts from the version this one left, not the one first opened
        self.loaded = checked
        self.loaded_version = self.env.ctx.undo.version_written(self.record_id) or self.version(self.record_id)
        self._say_colleagues("")
        self.heading.setText(f"<h3>Edit {self.noun}</h3>")
        self._show_last_change()
        self.env.announce(self.changed_what)
        prompts.saved(self, self.noun)
        self.saved.emit(self.record_id)
        if warning := postcode_warning(getattr(checked, "postcode", None)):
            self.f.show_notes({"postcode": warning})
        return True

    def _colleagues_looked(self, look) -> None:
        """A colleague saved the record shown: unchanged here, it is shown afresh; with edits here, the user is
        told before typing more (their save will then show the merge). Also who else has it open."""
        if self.record_id is None or not self.entity:
            return
        key = (self.entity, self.record_id)
        notes = []
        if key in look.changes.records and self.version(self.record_id) != self.loaded_version:
            if not self.dirty:
                self._reload_keeping_focus()
                notes.append("Updated with a colleague's changes just now.")
            else:
                notes.append(CHANGED_UNDER_EDITS)
        notes += also_editing(look, key)
        self._say_colleagues(" ".join(notes))

    def _reload_keeping_focus(self) -> None:
        focused = self.focusWidget()
        self.edit(self.record_id)
        if focused is not None and self.isAncestorOf(focused):
            focused.setFocus()

    def _say_colleagues(self, text: str) -> None:
        self.colleague_note.setText(text)
        self.colleague_note.setVisible(bool(text))

    def label_of(self, name: str) -> str:
        widget = self.f.widgets.get(name)
        return widget.accessibleName() if widget is not None else self.PART_NAMES.get(
            name, name.replace("_", " ").capitalize())

    def _settle_conflict(self, exc: RecordChanged, yours) -> bool:
        """Someone else saved or deleted the record since it was opened: nothing is lost either way."""
        if exc.deleted:
            if not prompts.confirm(self, f"{exc}\n\nSave your version as a new {self.noun}?",
                                   "Deleted by someone else", yes="Save as new", no="Go back"):
                return False
            self.record_id = self.loaded_version = None
            return self.save()
        version, theirs = self.version(self.record_id), self.load(self.record_id)
        merge = three_way(values_of(self.loaded), values_of(theirs), values_of(yours))
        outcome = ask_merge(self, merge, self.label_of, str(exc).removeprefix("Not saved: "))
        if outcome.values is None:
            if outcome.action == THEIRS:
                self.edit(self.record_id)
            return False
        self.loaded, self.loaded_version = theirs, version
        self._loading = True
        self.show_values(type(yours)(**outcome.values))
        self._loading = False
        self.dirty = True
        return self.save()

    def _duplicates_accepted(self, data) -> bool:
        matches = self.duplicates(data)
        if not matches:
            return True
        listing = "\n".join(f"• {m.name} ({m.reason})" for m in matches[:5])
        return prompts.confirm(self, f"This looks like an existing {self.noun}:\n{listing}\n\nSave anyway?",
                               "Possible duplicate", yes="Save anyway", no="Go back")

