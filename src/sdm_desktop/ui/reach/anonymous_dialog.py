"""Anonymous counts for an event where there are no names: pick the activity or training session, say how many
attended and how many of them were in each category (e.g. 40 attended: 12 aged 65 to 74)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sdm_desktop.services.core.changes import Change
from sdm_desktop.services.core.validation import ValidationError
from sdm_desktop.services.equality.anonymous import (
    MAX_ATTENDED,
    AnonymousInput,
    event_choices,
    get_anonymous,
    save_anonymous,
)
from sdm_desktop.services.equality.dimensions import all_dimensions
from sdm_desktop.services.equality.plus_groups import plus_groups
from sdm_desktop.ui import prompts


class AnonymousCountsDialog(QDialog):
    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.setWindowTitle("Anonymous monitoring counts")
        layout = QVBoxLayout(self)
        intro = QLabel("For an activity or training session where names were not taken: how many attended, and "
                       "how many of them in each group. Leave a count at 0 if not known.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.event = QComboBox()
        self.event.setAccessibleName("Activity or training session")
        self.choices = event_choices(env.ctx)
        for choice in self.choices:
            self.event.addItem(choice.label + ("  ✓ counted" if choice.counted else ""), choice)
        self.event.currentIndexChanged.connect(self.load)
        form.addRow("&Event", self.event)
        self.attended = QSpinBox()
        self.attended.setRange(0, MAX_ATTENDED)
        self.attended.setAccessibleName("How many attended")
        form.addRow("&Attended", self.attended)
        layout.addLayout(form)
        self.spins: dict[tuple[str, str], QSpinBox] = {}
        body = QWidget()
        column = QVBoxLayout(body)
        for dimension in all_dimensions(plus_groups(env.ctx)):
            if not dimension.categories:
                continue
            box = QGroupBox(dimension.label)
            grid = QFormLayout(box)
            for category in dimension.categories:
                spin = QSpinBox()
                spin.setRange(0, MAX_ATTENDED)
                spin.setAccessibleName(f"{dimension.label}: {category}")
                grid.addRow(category, spin)
                self.spins[(dimension.key, category)] = spin
            column.addWidget(box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setAccessibleName("Counts by group")
        layout.addWidget(scroll, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout.addWidget(buttons)
        if not self.choices:
            layout.insertWidget(1, QLabel("There are no activities or training sessions yet."))
            self.save_button.setEnabled(False)
        self.resize(560, 640)
        self.load()

    def load(self) -> None:
        choice = self.event.currentData()
        data = get_anonymous(self.env.ctx, choice.kind, choice.event_id) if choice else AnonymousInput()
        self.attended.setValue(data.attended)
        for key, spin in self.spins.items():
            spin.setValue(data.counts.get(key, 0))

    def value(self) -> AnonymousInput:
        return AnonymousInput(self.attended.value(), {k: s.value() for k, s in self.spins.items() if s.value()})

    def save(self) -> None:
        choice = self.event.currentData()
        try:
            save_anonymous(self.env.ctx, choice.kind, choice.event_id, self.value())
        except ValidationError as exc:
            prompts.warn(self, f"Not saved: {exc}")
            return
        self.env.announce(Change.ACTIVITY)
        self.accept()
