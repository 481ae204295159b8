"""Painting for what the window shows in its first frame, with no call that makes PySide build the Qt namespace's
Python enums (see ``qt_numbers``).

``QPainter.setPen`` and any call taking a ``QColor`` or a new ``QBrush`` have overloads taking Qt enums, and PySide
builds the whole namespace (40 ms) to rule them out. Filling a path with a palette's own ``QBrush`` does not, so text
and lines are drawn as filled shapes: words in black on a transparent pixmap, then tinted with the brush; a dotted
outline as one-pixel squares along its sides.
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPixmap

DOT_SPACING = 3                  # one pixel on, two off: Qt's dotted line


def draw_words(painter: QPainter, box: QRect, flags: int, text: str, font: QFont, brush: QBrush,
               ratio: float) -> None:
    """``text`` in ``box`` with Qt's text ``flags`` (alignment, wrapping), in the brush's colour. ``ratio``: the
    device pixel ratio of what is painted on (the widget's), so the words are as sharp as the painter's own."""
    canvas = QPixmap(box.size() * ratio)
    canvas.setDevicePixelRatio(ratio)
    canvas.fill(QColor(0, 0, 0, 0))
    area = QRect(0, 0, box.width(), box.height())
    words = QPainter(canvas)
    words.setFont(font)
    words.drawText(area, flags, text)
    words.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)     # keep the letters' shapes
    everywhere = QPainterPath()
    everywhere.addRect(area)
    words.fillPath(everywhere, brush)
    words.end()
    painter.drawPixmap(box.topLeft(), canvas)


def draw_dotted_outline(painter: QPainter, box: QRect, corner: int, brush: QBrush) -> None:
    """A dotted outline along the inside of ``box``: a one-pixel dot every ``DOT_SPACING`` pixels of its sides, the
    ``corner`` pixels at each end left out, as a rounded rectangle's corners would be."""
    dots = QPainterPath()
    left, top, right, bottom = box.left(), box.top(), box.right(), box.bottom()
    for x in range(left + corner, right - corner + 1, DOT_SPACING):
        dots.addRect(x, top, 1, 1)
        dots.addRect(x, bottom, 1, 1)
    for y in range(top + corner, bottom - corner + 1, DOT_SPACING):
        dots.addRect(left, y, 1, 1)
        dots.addRect(right, y, 1, 1)
    painter.fillPath(dots, brush)
