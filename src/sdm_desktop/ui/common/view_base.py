"""What the main window expects of a view."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from sdm_desktop.ui.env import UiEnv


class View(QWidget):
    """A page in the main window. Subclasses build themselves from ``env``."""

    title = "View"

    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self.env = env
        self.setAccessibleName(self.title)

    def activated(self) -> None:
        """Called when the user switches to this view: refresh what may be stale."""

    def focus_search(self) -> bool:
        """Ctrl+F: put the cursor in this view's search box. False: this view has none."""
        return False

    def unsaved_changes_settled(self) -> bool:
        """Before the window closes: offer to save an editor's changes. False: the user chose Cancel."""
        return True

    def save_layout(self) -> None:
        """Store column widths and splitter positions in the settings."""
