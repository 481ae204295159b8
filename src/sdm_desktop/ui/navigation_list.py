"""The list of views down the left of the main window: an icon and a name each, the current one clear."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFontMetricsF, QIcon
from PySide6.QtWidgets import QListWidget, QListWidgetItem

NAV_ICON_SIZE = 20


class NavigationList(QListWidget):
    """Entries are (icon, title, shortcut); the view shown is highlighted and in bold."""

    def __init__(self, entries: list[tuple[QIcon, str, str]]):
        super().__init__()
        self.setAccessibleName("Views")
        self.setMaximumWidth(240)
        self.setMinimumWidth(150)
        self.setIconSize(QSize(NAV_ICON_SIZE, NAV_ICON_SIZE))
        self.setSpacing(3)                        # room around each entry: easier to read and to hit
        self.setUniformItemSizes(True)
        for an_icon, title, shortcut in entries:
            item = QListWidgetItem(an_icon, title)
            item.setToolTip(f"{title} ({shortcut})")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, title)
            self.addItem(item)
        self.currentRowChanged.connect(self.mark_current)

    def fitting_width(self, longest_texts: list[str]) -> int:
        """Wide enough for the longest name (in bold, with a count beside it), and no wider: the views need
        the room."""
        bold = self.font()
        bold.setBold(True)
        metrics = QFontMetricsF(bold)
        longest = max(metrics.horizontalAdvance(text) for text in longest_texts)
        room = NAV_ICON_SIZE + 4 * self.spacing() + 2 * self.frameWidth() + 24
        return max(self.minimumWidth(), int(longest) + room)

    def mark_current(self, row: int) -> None:
        """The view shown is in bold as well as highlighted: clear even where the highlight is faint."""
        for index in range(self.count()):
            item = self.item(index)
            font = item.font()
            font.setBold(index == row)
            item.setFont(font)
