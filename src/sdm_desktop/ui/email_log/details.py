"""A row for the interaction editor when the interaction is a logged email: who from and to, when, its
attachments, and a button that shows their folder (the files themselves are never opened by the app)."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from sdm_desktop.services.email_log.details import email_details


def email_details_widget(env, interaction_id: int | None) -> QWidget | None:
    details = email_details(env.ctx, interaction_id) if interaction_id else None
    if details is None:
        return None
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    label = QLabel(details.text())
    label.setWordWrap(True)
    label.setAccessibleName("The logged email")
    layout.addWidget(label)
    if details.folder is not None:
        folder = details.folder
        show = QPushButton("Show the attachments folder")
        show.setAccessibleName("Show the folder of this email's attachments")
        show.clicked.connect(lambda _=False: QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))))
        layout.addWidget(show)
    return box
