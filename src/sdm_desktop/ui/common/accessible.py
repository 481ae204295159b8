"""Small helpers so every control gets an accessible name and a keyboard path."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


def named(widget: QWidget, name: str, tip: str | None = None) -> QWidget:
    widget.setAccessibleName(name)
    if tip:
        widget.setToolTip(tip)
        widget.setAccessibleDescription(tip)
    return widget


def buddy_label(text: str, widget: QWidget) -> QLabel:
    """A label with an &-mnemonic that moves focus to its field."""
    label = QLabel(text)
    label.setBuddy(widget)
    if not widget.accessibleName():
        widget.setAccessibleName(text.replace("&", ""))
    return label
