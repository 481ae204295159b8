"""Responses tab of the Consultation view (being built)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class ResponsesPanel(QWidget):
    """Shows one activity's consultation responses; the view calls show_activity when the activity changes."""

    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.activity_id: int | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Responses"))

    def show_activity(self, activity_id: int | None) -> None:
        self.activity_id = activity_id
