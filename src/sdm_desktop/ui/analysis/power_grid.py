"""The grid on screen: a QGraphicsView that fits the scene, zooms, and lets markers be dragged."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPainter
from PySide6.QtWidgets import QGraphicsView, QStyle

from sdm_desktop.ui.analysis.grid_scene import PLOT, TITLE_BAND, PowerGridScene

ZOOM_STEP = 1.2
MIN_FIT = 0.65         # below this the labels get too small to read: scroll instead
MAX_FIT = 1.6          # on a large screen, no bigger than this


class PowerGridView(QGraphicsView):
    def __init__(self, scene: PowerGridScene, parent=None):
        super().__init__(scene, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate)
        self.setAccessibleName("Power / interest grid")
        self.setAccessibleDescription(
            "Stakeholders by influence (up) and interest (right). Page Down and Page Up (Home, End) go from "
            "one stakeholder to the next. Drag a marker, or select it and press the arrow keys, to record a "
            "new assessment; Enter or double-click opens the record; Ctrl+wheel or Ctrl+plus/minus zooms, "
            "Ctrl+0 fits the grid to the window.")
        self.setToolTip("Drag a marker to reassess it; double-click to open the record. Ctrl+wheel zooms.")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(420, 300)
        self.fitted = True
        self._fitting = False

    def fit(self) -> None:
        """The grid as large as fits: its whole width, and its height down to the quadrants' lower titles
        (the axis words and the legend below are scrolled to). On a laptop the whole picture would shrink
        the names to 7 pixels; never below MIN_FIT, with scroll bars then."""
        self.fitted = True
        scene = self.scene().sceneRect()
        if self._fitting or scene.width() <= 0 or scene.height() <= 0:   # re-entered, or nothing drawn yet
            return
        self._fitting = True
        try:
            plot_height = min(scene.height(), PLOT.height() + 2 * TITLE_BAND + 8)
            # Room as if the vertical scroll bar were shown, whether it is or not: the factor must not depend
            # on it, or showing it changes the factor, which hides it again, and so on (it crashed).
            frame = 2 * self.frameWidth()
            bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
            width, height = self.width() - frame - bar, self.height() - frame
            factor = max(MIN_FIT, min(width / scene.width(), height / plot_height, MAX_FIT))
            if abs(factor - self.transform().m11()) > 1e-3:
                self.resetTransform()
                self.scale(factor, factor)
            self.verticalScrollBar().setValue(self.verticalScrollBar().minimum())
        finally:
            self._fitting = False

    def zoom(self, factor: float) -> None:
        self.fitted = False
        self.scale(factor, factor)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.fitted:
            self.fit()

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(ZOOM_STEP if event.angleDelta().y() > 0 else 1 / ZOOM_STEP)
            event.accept()
        else:
            super().wheelEvent(event)

    # --- keyboard: going from marker to marker ----------------------------------------------------
    def markers_in_reading_order(self) -> list:
        """Top row of the grid first, left to right, as the names are listed in each cell."""
        return sorted(self.scene().markers.values(),
                      key=lambda m: (-m.point.influence, m.point.interest, m.pos().x(), m.pos().y()))

    def step_marker(self, step: int | None) -> None:
        """Select the next (+1) or previous (-1) marker; None: the first, or the last when step is 0."""
        order = self.markers_in_reading_order()
        if not order:
            return
        current = next((i for i, m in enumerate(order) if m.isSelected()), None)
        if step is None or current is None:
            index = 0 if (step is None or step > 0) else len(order) - 1
        elif step == 0:
            index = len(order) - 1
        else:
            index = max(0, min(len(order) - 1, current + step))
        item = order[index]
        self.scene().clearSelection()
        item.setSelected(True)
        item.setFocus()
        self.ensureVisible(item)

    def focusInEvent(self, event) -> None:
        """Tabbing into the grid selects a stakeholder, so the arrow keys and Enter have something to act on."""
        super().focusInEvent(event)
        tabbed = event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason)
        if tabbed and not self.scene().selectedItems():
            self.step_marker(None)

    def keyPressEvent(self, event) -> None:
        moves = {Qt.Key.Key_PageDown: 1, Qt.Key.Key_PageUp: -1, Qt.Key.Key_Home: None, Qt.Key.Key_End: 0}
        if event.key() in moves and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.step_marker(moves[event.key()])
        elif event.matches(QKeySequence.StandardKey.ZoomIn):
            self.zoom(ZOOM_STEP)
        elif event.matches(QKeySequence.StandardKey.ZoomOut):
            self.zoom(1 / ZOOM_STEP)
        elif event.key() == Qt.Key.Key_0 and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.fit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()
