"""Home: the programme at a glance, and where the data lives."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout

from sdm_desktop.services.reporting.overview import programme_overview
from sdm_desktop.ui.common.view_base import View

REGISTER = [("organisations", "Groups and organisations"), ("people", "People"),
            ("patient_reps", "Patient representatives"), ("do_not_contact", "Marked do not contact")]
PROGRAMME = [("actions_overdue", "Follow-up actions overdue"), ("actions_this_week", "Actions due in the next 7 days"),
             ("active_plans", "Active engagement plans"), ("activities_next_30_days", "Activities in the next 30 days"),
             ("sessions_next_30_days", "Training sessions in the next 30 days"),
             ("people_completed_training", "People who completed training"), ("letters_sent", "Letters written")]


class HomeView(View):
    title = "Home"

    def __init__(self, env, parent=None):
        super().__init__(env, parent)
        self._generation = 0
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Shared Decision Making programme</h2>"))
        boxes = QHBoxLayout()
        self._numbers: dict[str, QLabel] = {}
        boxes.addWidget(self._box("Register", REGISTER))
        boxes.addWidget(self._box("Programme", PROGRAMME))
        layout.addLayout(boxes)
        self._round = QLabel()
        self._round.setAccessibleName("Latest analysis round")
        layout.addWidget(self._round)
        self._where = QLabel()
        self._where.setWordWrap(True)
        self._where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                            | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self._where.setFocusPolicy(Qt.FocusPolicy.StrongFocus)     # Tab reaches it: select and copy the path
        self._where.setAccessibleName("Where the data lives")
        layout.addWidget(self._where)
        tips = QLabel(
            "<p><b>Getting started</b>: open <i>Stakeholders</i> (Ctrl+2) to add groups and people, "
            "or load the sample data with <i>File → Load sample data</i>. Ctrl+F searches the current view; "
            "Ctrl+Z undoes the last change; F1 opens the help.</p>")
        tips.setWordWrap(True)
        layout.addWidget(tips)
        layout.addStretch(1)
        env.bus.changed.connect(lambda _what: self.activated() if self.isVisible() else None)

    def _box(self, title: str, rows: list[tuple[str, str]]) -> QGroupBox:
        box = QGroupBox(title)
        grid = QGridLayout(box)
        for row, (key, text) in enumerate(rows):
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
        return box

    def activated(self) -> None:
        """The figures count every record (100,000 people, 50,000 interactions): counted in the background;
        the newest count wins."""
        self._generation += 1
        generation, ctx = self._generation, self.env.ctx
        self.env.jobs.run(lambda _p: programme_overview(ctx), label="Counting for Home", show_progress=False,
                          on_done=lambda overview: generation == self._generation and self._show(overview))

    def _show(self, overview) -> None:
        for key, label in self._numbers.items():
            value = overview.register.get(key) if key in overview.register else getattr(overview, key)
            label.setText(f"{value:,}")
        self._round.setText(f"Latest analysis round: <b>{overview.latest_round}</b>")
        from sdm_desktop.db.engine import display_url

        shown = html.escape(display_url(self.env.ctx.db.url))      # never the password
        self._where.setText(f"Data folder: {html.escape(str(self.env.ctx.data_dir))}<br>Database: {shown}")

