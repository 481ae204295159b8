"""Home: what is in the register and where the data lives."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QVBoxLayout

from sdm_desktop.services.register import register_counts
from sdm_desktop.ui.views.base import View

COUNT_LABELS = [("organisations", "Groups and organisations"), ("people", "People"),
                ("patient_reps", "Patient representatives"), ("do_not_contact", "Marked do not contact")]


class HomeView(View):
    title = "Home"

    def __init__(self, env, parent=None):
        super().__init__(env, parent)
        layout = QVBoxLayout(self)
        heading = QLabel("<h2>Shared Decision Making programme</h2>")
        layout.addWidget(heading)
        box = QGroupBox("At a glance")
        grid = QGridLayout(box)
        self._numbers: dict[str, QLabel] = {}
        for row, (key, text) in enumerate(COUNT_LABELS):
            number = QLabel("–")
            number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            number.setAccessibleName(text)
            font = number.font()
            font.setPointSizeF(font.pointSizeF() * 1.4)
            font.setBold(True)
            number.setFont(font)
            grid.addWidget(number, row, 0)
            grid.addWidget(QLabel(text), row, 1)
            self._numbers[key] = number
        grid.setColumnStretch(2, 1)
        layout.addWidget(box)
        self._where = QLabel()
        self._where.setWordWrap(True)
        self._where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                            | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self._where.setAccessibleName("Where the data lives")
        layout.addWidget(self._where)
        tips = QLabel(
            "<p><b>Getting started</b>: open <i>Stakeholders</i> (Ctrl+2) to add groups and people, "
            "or load the sample data with <i>File → Load sample data</i>. Ctrl+F searches the current view; "
            "Ctrl+Z undoes the last change.</p>")
        tips.setWordWrap(True)
        layout.addWidget(tips)
        layout.addStretch(1)
        env.bus.changed.connect(lambda _what: self.activated())

    def activated(self) -> None:
        counts = register_counts(self.env.ctx)
        for key, label in self._numbers.items():
            label.setText(f"{counts.get(key, 0):,}")
        self._where.setText(f"Data folder: {self.env.ctx.data_dir}<br>Database: {self.env.ctx.db.url}")
