"""Small helpers so every control gets an accessible name and a keyboard path."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


def named(widget: QWidget, name: str, tip: str | None = None) -> QWidget:
    widget.setAccessibleName(name)
    if tip:
        widget.setToolTip(tip)
        widget.setAccessibleDescription(tip)
    return widget


def focus_target(widget: QWidget) -> QWidget:
    """Where a label's Alt key must send the focus: a composite field (a date field) hands it to its focus
    proxy, and QLabel only focuses a buddy that takes focus itself."""
    while widget.focusProxy() is not None:
        widget = widget.focusProxy()
    return widget


def buddy_label(text: str, widget: QWidget) -> QLabel:
    """A label with an &-mnemonic that moves focus to its field."""
    label = QLabel(text)
    label.setBuddy(focus_target(widget))
    if not widget.accessibleName():
        widget.setAccessibleName(text.replace("&", ""))
    return label
