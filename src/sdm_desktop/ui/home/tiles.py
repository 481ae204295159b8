"""A figure on Home that is a link: a large number over what it counts, as a button (Tab reaches it; a click,
Enter or Space opens the records behind it)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget


class FigureTile(QPushButton):
    def __init__(self, caption: str, opens: str, on_open: Callable[[], None], parent: QWidget | None = None):
        super().__init__(parent)
        self.caption = caption
        self.opens = opens                      # what a click shows, for the tooltip and screen readers
        self.setAutoDefault(True)               # Enter opens it, as Space does
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)   # a row's tiles alike
        self.clicked.connect(lambda: on_open())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(0)
        self.number = QLabel("–")
        font = self.number.font()
        font.setPointSizeF(font.pointSizeF() * 1.7)
        font.setBold(True)
        self.number.setFont(font)
        self.label = QLabel(caption)
        self.label.setWordWrap(True)
        for label in (self.number, self.label):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)
        self.setMinimumHeight(self.number.sizeHint().height() + 2 * self.label.sizeHint().height() + 14)
        self.set_value(None)

    def set_value(self, value: int | None, caption: str | None = None) -> None:
        if caption is not None:
            self.caption = caption
            self.label.setText(caption)
        self.value = value
        self.number.setText("–" if value is None else f"{value:,}")
        said = f"{'not counted yet' if value is None else f'{value:,}'} {self.caption}"
        self.setAccessibleName(said)
        self.setAccessibleDescription(f"Opens {self.opens}")
        self.setToolTip(f"{said}: opens {self.opens}")

    def sizeHint(self):  # noqa: N802 - Qt's name
        hint = super().sizeHint()
        hint.setWidth(max(150, self.label.fontMetrics().horizontalAdvance(self.caption) // 2 + 30))
        hint.setHeight(self.minimumHeight())
        return hint
