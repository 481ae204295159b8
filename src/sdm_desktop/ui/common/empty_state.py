"""What an empty list says: what to do next, with the actions as buttons ("No plans yet — New plan…
or load the sample data"), or, when a search or filter hides everything, that nothing matches.

It lies over the list's viewport (the list's own layout is untouched) and is shown only while the list
has no rows.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from sdm_desktop.ui.common.icons import icon

# (button words, icon name, what it does)
EmptyAction = tuple[str, str, Callable[[], None]]


class EmptyState(QWidget):
    """Over ``table``: ``nothing_yet`` and ``actions`` when ``has_records()`` says there is nothing at all,
    else ``nothing_matches`` (the search or filters hide every row)."""

    def __init__(self, table: QAbstractItemView, *, nothing_yet: str, nothing_matches: str,
                 has_records: Callable[[], bool], actions: list[EmptyAction]):
        super().__init__(table.viewport())
        self.table = table
        self._texts = (nothing_yet, nothing_matches)
        self._has_records = has_records
        self.setAccessibleName(f"{table.accessibleName()}: empty")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        font = self.message.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.message.setFont(font)
        self.buttons = [self._button(*action) for action in actions]
        row = QHBoxLayout()
        row.addStretch(1)
        for button in self.buttons:
            row.addWidget(button)
        row.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 24, 24, 24)
        column.addStretch(1)
        column.addWidget(self.message)
        column.addSpacing(8)
        column.addLayout(row)
        column.addStretch(2)
        self._watch(table)
        # A list on a tab not shown yet fills when its tab is first shown: until then it is not "empty".
        if table.model().rowCount() > 0 or table.isVisibleTo(table.window()):
            self.refresh()
        else:
            self.hide()

    def _button(self, text: str, icon_name: str, action: Callable[[], None]) -> QPushButton:
        button = QPushButton(icon(icon_name) if icon_name else QIcon(), text)
        button.setAccessibleName(text.rstrip("…"))
        button.setProperty("sdm_mirror", True)          # repeats a view's button: not the one to find
        button.clicked.connect(lambda _=False: action())
        return button

    def _watch(self, table: QAbstractItemView) -> None:
        model = table.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
            signal.connect(self.refresh)
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.table.viewport().rect())
        return False

    def refresh(self, *_args) -> None:
        """Shown while the list has no rows; which words depends on whether anything is stored at all."""
        empty = self.table.model().rowCount() == 0
        if empty:
            nothing_at_all = not self._has_records()
            self.message.setText(self._texts[0] if nothing_at_all else self._texts[1])
            for button in self.buttons:
                button.setVisible(nothing_at_all)
            self.setGeometry(self.table.viewport().rect())
        self.setVisible(empty)
