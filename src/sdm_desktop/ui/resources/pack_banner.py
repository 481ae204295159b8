"""A line offering the built-in starter pack of public SDM resources while the library lacks some of it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from sdm_desktop.errors import UserError
from sdm_desktop.services.core.changes import Change
from sdm_desktop.services.resources import pack as resource_pack
from sdm_desktop.ui import prompts


class PackBanner(QWidget):
    added = Signal(int)

    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.label.setWordWrap(True)
        row.addWidget(self.label, 1)
        self.button = QPushButton("&Bring in the starter pack")   # b: the only letter free with a resource open
        self.button.setAccessibleName("Add the starter pack of public SDM resources")
        self.button.setToolTip("Links only: nothing is downloaded")
        self.button.clicked.connect(self.add_pack)
        row.addWidget(self.button)

    def refresh(self, total: int, missing: int | None = None) -> None:
        """``missing``: how many pack entries the library lacks, if already counted (off the GUI thread)."""
        if missing is None:
            try:
                missing = len(resource_pack.missing_pack_entries(self.env.ctx))
            except UserError:
                missing = 0
        self.setVisible(missing > 0)
        self.label.setText(("Your library is empty. " if total == 0 else "")
                           + f"The starter pack lists {missing} public SDM resource{'s' if missing != 1 else ''} "
                             "you do not have yet (NICE NG197, BRAN, decision aids…), as links.")

    def add_pack(self) -> None:
        try:
            added = resource_pack.load_pack(self.env.ctx)
        except UserError as exc:
            prompts.error(self, str(exc))
            return
        self.env.announce(Change.RESOURCE)
        self.added.emit(added)
