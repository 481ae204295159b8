"""Someone else saved the record you are editing: what they changed and what you changed, field by field,
and a choice to keep theirs, keep yours, or merge (fields only one side changed merge themselves)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sdm_desktop.services.core.versions import Merge
from sdm_desktop.ui import prompts

THEIRS, YOURS, MERGED, CANCELLED = "theirs", "yours", "merged", "cancelled"


@dataclass
class Outcome:
    action: str                # THEIRS, YOURS, MERGED or CANCELLED
    values: dict | None = None  # what to save (YOURS, MERGED)


def shown(value) -> str:
    """A field's value as a person reads it."""
    if value is None or value == "" or value == []:
        return "(empty)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(shown(v) for v in value)
    named = getattr(value, "organisation_name", None)      # a membership: its group and role
    if named:
        return f"{named} ({value.role})" if getattr(value, "role", None) else named
    if isinstance(getattr(value, "label", None), str):     # e.g. an activity's target
        return value.label
    if isinstance(value, date):
        return f"{value:%d %b %Y}"
    text = str(value)
    return text if len(text) <= 200 else text[:199] + "…"


class MergeDialog(QDialog):
    def __init__(self, merge: Merge, label_of: Callable[[str], str], what: str, parent=None,
                 shown_as: Callable[[str, object], str] | None = None):
        super().__init__(parent)
        self.merge = merge
        self._shown = shown_as or (lambda _name, value: shown(value))     # e.g. pence as pounds
        self.setWindowTitle("Changed by someone else")
        self.setAccessibleName("Changed by someone else")
        self.outcome = Outcome(CANCELLED)
        self._choices: dict[str, QButtonGroup] = {}
        layout = QVBoxLayout(self)
        what = what.removesuffix(" Nothing was changed.")
        intro = QLabel(f"{what}\n\nNothing of yours has been lost. Where you both changed a field, choose whose "
                       "value to keep; the other changes are merged for you.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setAccessibleName("Fields that differ")
        inner = QWidget()
        self.grid = QGridLayout(inner)
        self._fill(label_of)
        scroll.setWidget(inner)
        layout.addWidget(scroll, 1)
        layout.addWidget(self._buttons())
        self._merge_button.setFocus()
        self.resize(780, 420)

    def _fill(self, label_of) -> None:
        for column, heading in enumerate(("Field", "When you opened it", "Their change", "Your change", "")):
            self.grid.addWidget(QLabel(f"<b>{heading}</b>"), 0, column)
        row = 1
        conflicts = {c.name: c for c in self.merge.conflicts}
        names = dict.fromkeys([*self.merge.theirs_changed, *self.merge.yours_changed])
        for name in names:
            label = label_of(name)
            self.grid.addWidget(QLabel(label), row, 0)
            change = conflicts.get(name)
            self.grid.addWidget(self._wrapped(self._shown(name, self.merge.base.get(name))), row, 1)
            if change is None:
                merged = self._shown(name, self.merge.values[name])
                theirs = merged if name in self.merge.theirs_changed else "(unchanged)"
                yours = merged if name in self.merge.yours_changed else "(unchanged)"
                self.grid.addWidget(self._wrapped(theirs), row, 2)
                self.grid.addWidget(self._wrapped(yours), row, 3)
                self.grid.addWidget(QLabel("merged for you"), row, 4)
            else:
                self._add_choice(name, label, change, row)
                self.grid.addWidget(QLabel("you choose"), row, 4)
            row += 1
        self.grid.setRowStretch(row, 1)          # rows sit together at the top, not spread over the height

    @staticmethod
    def _wrapped(text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _add_choice(self, name: str, label: str, change, row: int) -> None:
        group = QButtonGroup(self)
        theirs = QRadioButton(self._shown(name, change.theirs))
        theirs.setAccessibleName(f"{label}: keep their value")
        yours = QRadioButton(self._shown(name, change.yours))
        yours.setAccessibleName(f"{label}: keep your value")
        yours.setChecked(True)
        group.addButton(theirs)
        group.addButton(yours)
        self.grid.addWidget(theirs, row, 2)
        self.grid.addWidget(yours, row, 3)
        self._choices[name] = (group, yours)

    def _buttons(self) -> QDialogButtonBox:
        box = QDialogButtonBox()
        buttons = (("Keep &theirs", "Discard your changes and show theirs", THEIRS),
                   ("Keep &yours", "Save your version over theirs", YOURS),
                   ("&Merge and save", "Save their changes together with yours, as chosen above", MERGED))
        for text, tip, action in buttons:
            button = QPushButton(text)
            button.setToolTip(tip)
            button.setAccessibleName(text.replace("&", ""))
            button.clicked.connect(lambda _=False, a=action: self._finish(a))
            box.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
            if action == MERGED:
                button.setDefault(True)
                self._merge_button = button
        cancel = box.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText("Go &back")
        cancel.setAccessibleName("Go back to the form")
        box.rejected.connect(self.reject)
        return box

    def choices(self) -> dict[str, str]:
        return {name: YOURS if yours.isChecked() else THEIRS for name, (_group, yours) in self._choices.items()}

    def _finish(self, action: str) -> None:
        if action == YOURS:
            self.outcome = Outcome(YOURS, dict(self.merge.yours))
        elif action == MERGED:
            self.outcome = Outcome(MERGED, self.merge.resolved(self.choices()))
        else:
            self.outcome = Outcome(THEIRS)
        self.accept()


def ask_merge(parent, merge: Merge, label_of: Callable[[str], str], what: str,
              shown_as: Callable[[str, object], str] | None = None) -> Outcome:
    if prompts.kept(what):
        return Outcome(CANCELLED)
    dialog = MergeDialog(merge, label_of, what, parent, shown_as)
    dialog.exec()
    return dialog.outcome
