"""Dialogs for training: a programme, choosing a person to enrol, overriding completion."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
)

from sdm_desktop.services.core.validation import ValidationError
from sdm_desktop.services.core.versions import RecordChanged
from sdm_desktop.services.register.search import RegisterFilter, load_person_rows, search_person_ids
from sdm_desktop.services.training import programmes as training
from sdm_desktop.services.training.programmes import MAX_SESSIONS, ProgrammeInput
from sdm_desktop.ui import prompts
from sdm_desktop.ui.common.versioned_editor import VersionedEditor
from sdm_desktop.ui.unsaved import AskBeforeClosing

PEOPLE_SHOWN = 200


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class ProgrammeDialog(VersionedEditor, QDialog):
    """Name, description, learning outcomes (one a line), sessions needed, train-the-trainer flag. Saves a
    new programme, or the one given; a colleague's save in between shows the field-by-field merge."""

    table, noun = "programme", "programme"

    def __init__(self, env, programme_id: int | None = None, parent=None):
        super().__init__(parent)
        self.env = env
        self.saved_id: int | None = None
        self.setWindowTitle("Programme")
        self.setAccessibleName("Training programme")
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setMaxLength(200)
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.outcomes = QPlainTextEdit()
        self.outcomes.setTabChangesFocus(True)
        self.outcomes.setPlaceholderText("One learning outcome a line")
        self.required = QSpinBox()
        self.required.setRange(1, MAX_SESSIONS)
        self.ttt = QCheckBox("Completing it makes the person a &trainer (train-the-trainer)")
        self.widgets = {"name": self.name, "description": self.description, "learning_outcomes": self.outcomes,
                        "sessions_required": self.required, "is_train_the_trainer": self.ttt}
        for text, widget in (("&Name", self.name), ("&Description", self.description),
                             ("Learning &outcomes", self.outcomes), ("&Sessions needed to complete", self.required),
                             ("", self.ttt)):
            widget.setAccessibleName(text.replace("&", "") or "Train-the-trainer programme")
            form.addRow(text, widget)
        self.show_values(self.open_record(programme_id) or ProgrammeInput())
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Problem")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(_buttons(self, "Save"))
        self.resize(520, 460)
        self.unsaved = AskBeforeClosing(self, self.accept)

    def reject(self) -> None:
        """Escape, Cancel and the close button ask first when something was changed."""
        if self.unsaved.may_close():
            super().reject()

    def load(self, record_id: int) -> ProgrammeInput:
        p = training.get_programme(self.env.ctx, record_id)
        return ProgrammeInput(p.name, p.description, p.learning_outcomes, p.sessions_required, p.is_train_the_trainer)

    def show_values(self, data: ProgrammeInput) -> None:
        self.name.setText(data.name)
        self.description.setPlainText(data.description or "")
        self.outcomes.setPlainText(data.learning_outcomes or "")
        self.required.setValue(data.sessions_required or 1)
        self.ttt.setChecked(bool(data.is_train_the_trainer))

    def edited_names(self) -> set[str]:
        return set(self.widgets)

    def label_of(self, name: str) -> str:
        return self.widgets[name].accessibleName()

    def value(self) -> ProgrammeInput:
        return ProgrammeInput(self.name.text(), self.description.toPlainText() or None,
                              self.outcomes.toPlainText() or None, self.required.value(), self.ttt.isChecked())

    def save(self) -> bool:
        try:
            if self.record_id:
                training.update_programme(self.env.ctx, self.record_id, self.value(),
                                          expected_version=self.loaded_version)
                self.saved_id = self.record_id
            else:
                self.saved_id = training.create_programme(self.env.ctx, self.value())
        except RecordChanged as exc:
            return self.settle_conflict(exc, self.save)
        except ValidationError as exc:
            self.problem.setText(f"⚠ {exc}")
            return False
        return True

    def accept(self) -> None:
        if self.save():
            super().accept()


class EnrolDialog(QDialog):
    """Find people in the register by any word and pick one or more to enrol."""

    def __init__(self, ctx, parent=None, exclude: set[int] = frozenset()):
        super().__init__(parent)
        self.ctx = ctx
        self.exclude = set(exclude)
        self.setWindowTitle("Enrol people")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Type a name, group, postcode…")
        self.search.setAccessibleName("Search people to enrol")
        self.results = QListWidget()
        self.results.setAccessibleName("Matching people")
        self.results.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.invite = QCheckBox("Mark as &invited (not yet confirmed)")
        self.invite.setAccessibleName("Mark as invited")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.results.itemDoubleClicked.connect(lambda _i: self.accept())
        layout = QVBoxLayout(self)
        label = QLabel("&Find")
        label.setBuddy(self.search)
        layout.addWidget(label)
        layout.addWidget(self.search)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.invite)
        layout.addWidget(_buttons(self, "Enrol"))
        self.resize(760, 480)          # a name and its groups on one line (at 460 most were cut off)
        self.refresh()

    def refresh(self) -> None:
        ids = [i for i in search_person_ids(self.ctx, RegisterFilter(text=self.search.text()))
               if i not in self.exclude][:PEOPLE_SHOWN]
        rows = load_person_rows(self.ctx, ids)
        self.results.clear()
        for person_id in ids:
            row = rows[person_id]
            text = f"{row.name} — {row.organisations}" if row.organisations else row.name
            item = QListWidgetItem(text)
            item.setToolTip(text)
            item.setData(Qt.ItemDataRole.UserRole, person_id)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)

    def chosen(self) -> list[int]:
        return [item.data(Qt.ItemDataRole.UserRole) for item in self.results.selectedItems()]

    @classmethod
    def ask(cls, ctx, parent=None, exclude: set[int] = frozenset()) -> tuple[list[int], bool]:
        dialog = cls(ctx, parent, exclude)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return [], False
        return dialog.chosen(), dialog.invite.isChecked()


class OverrideDialog(QDialog):
    """Completed / not completed by hand, with a reason; or back to the attendance rule."""

    CHOICES = [("Follow the attendance rule", None), ("Completed (override)", True),
               ("Not completed (override)", False)]

    def __init__(self, parent=None, name: str = "", current: bool | None = None, reason: str | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Completion for {name}")
        self.choice = QComboBox()
        self.choice.setAccessibleName("Completion")
        for text, value in self.CHOICES:
            self.choice.addItem(text, value)
        self.choice.setCurrentIndex([v for _t, v in self.CHOICES].index(current))
        self.reason = QPlainTextEdit(reason or "")
        self.reason.setTabChangesFocus(True)
        self.reason.setAccessibleName("Reason for the override")
        form = QFormLayout()
        form.addRow("&Completion", self.choice)
        form.addRow("&Reason", self.reason)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "Save"))
        self.unsaved = AskBeforeClosing(self, self.accept)

    def reject(self) -> None:
        """Escape, Cancel and the close button ask first when something was changed."""
        if self.unsaved.may_close():
            super().reject()

    def accept(self) -> None:
        if self.choice.currentData() is not None and not self.reason.toPlainText().strip():
            prompts.warn(self, "Give a reason for overriding the completion rule.")
            return
        super().accept()

    @classmethod
    def ask(cls, parent, name: str, current: bool | None, reason: str | None):
        dialog = cls(parent, name, current, reason)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.choice.currentData(), dialog.reason.toPlainText().strip()
