"""Views whose capability is not built yet: they say what they will hold."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout

from sdm_desktop.ui.views.base import View


class PlaceholderView(View):
    heading = ""
    will_hold: list[str] = []

    def __init__(self, env, parent=None):
        super().__init__(env, parent)
        layout = QVBoxLayout(self)
        title = QLabel(f"<h2>{self.heading}</h2>")
        body = QLabel("<p>This part of SDM Desktop is coming. It will hold:</p><ul>"
                      + "".join(f"<li>{item}</li>" for item in self.will_hold) + "</ul>")
        body.setWordWrap(True)
        body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                     | Qt.TextInteractionFlag.TextSelectableByMouse)
        body.setAccessibleName(f"{self.heading}: what this view will hold")
        layout.addWidget(title)
        layout.addWidget(body)
        layout.addStretch(1)


class AnalysisPlaceholder(PlaceholderView):
    title = heading = "Analysis"
    will_hold = ["Dated assessments of influence, interest, attitude, involvement and commitment",
                 "The power/interest (Mendelow) grid, with who moved since the last review",
                 "A coverage matrix of stakeholder type × the three levels of engagement, and the gaps"]


class EngagementPlaceholder(PlaceholderView):
    title = heading = "Engagement"
    will_hold = ["Engagement plans and activities at the three levels of patient and public engagement",
                 "The interaction log with follow-up actions and due dates ('you said, we did')",
                 "An engagement report for a period"]


class TrainingPlaceholder(PlaceholderView):
    title = heading = "Training"
    will_hold = ["Train-the-trainer programmes, cohorts and sessions",
                 "Enrolment, attendance, completion and certificates",
                 "The cascade of trainers and each trainer's reach"]


class LettersPlaceholder(PlaceholderView):
    title = heading = "Letters"
    will_hold = ["Word letter templates, checked before use", "Letters to groups and people, one file each "
                 "and one combined document ready to print", "A record of every letter sent"]


class ResourcesPlaceholder(PlaceholderView):
    title = heading = "Resources"
    will_hold = ["A library of SDM resources: films of good and bad consultations, leaflets, decision aids",
                 "Offline copies or links", "A log of who each resource was shared with"]
