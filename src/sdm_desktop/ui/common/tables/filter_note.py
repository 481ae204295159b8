"""A note above a list saying it shows only the records a link chose (e.g. Home's "activities in March at the
community level"), with a button that shows everything again. Hidden while no such filter is on."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget


class FilterNote(QWidget):
    def __init__(self, name: str, on_clear: Callable[[], None], parent: QWidget | None = None):
        super().__init__(parent)
        self.value = None                 # what the link chose; None: nothing
        self._on_clear = on_clear
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.label.setAccessibleName(name)
        self.clear_button = QPushButton("Show everything")
        self.clear_button.setAccessibleName(f"{name}: show everything again")
        self.clear_button.clicked.connect(self.clear)
        row.addWidget(self.label)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        self.hide()

    def show_only(self, value, text: str) -> None:
        """Filter to ``value`` (the caller reads it back), saying so in ``text``; the caller reloads."""
        self.value = value
        self.label.setText(f"<b>Showing only</b> {text}")
        self.show()

    def reset(self) -> None:
        """Off, without reloading (another filter replaced it)."""
        self.value = None
        self.hide()

    def clear(self) -> None:
        self.reset()
        self._on_clear()


@contextmanager
def blocked_signals(*widgets: QWidget) -> Iterator[None]:
    """Set several filters at once, so that the list reloads once, afterwards."""
    for widget in widgets:
        widget.blockSignals(True)
    try:
        yield
    finally:
        for widget in widgets:
            widget.blockSignals(False)
