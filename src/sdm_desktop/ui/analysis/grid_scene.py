"""The power/interest (Mendelow) grid as a QGraphicsScene: quadrants, axes, legend, markers, arrows.

Interest runs left to right, influence bottom to top, each scored 1–5 (one cell per score pair).
The same scene is shown on screen, saved as PNG/PDF and printed.
"""

from __future__ import annotations

import zlib

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPen
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSimpleTextItem

from sdm_desktop.services.analysis.grid import (
    HIGH_FROM,
    QUADRANTS,
    Comparison,
    GridPoint,
    layout_cells,
    quadrant_counts,
)
from sdm_desktop.services.analysis.grid_shapes import default_shapes, legend_entries
from sdm_desktop.services.core.vocab import ATTITUDES
from sdm_desktop.ui.analysis.grid_items import (
    ATTITUDE_COLOURS,
    ATTITUDE_SIGNS,
    MARKER,
    ArrowItem,
    ClusterItem,
    MarkerItem,
    shape_path,
)

CELL_W, CELL_H = 210.0, 122.0
COLUMNS_PER_CELL, ROW_H = 2, 18.0
ROWS_PER_CELL = int((CELL_H - 14) // ROW_H)
CAPACITY = COLUMNS_PER_CELL * ROWS_PER_CELL
LEFT, BOTTOM, LEGEND_H = 64.0, 78.0, 132.0
TITLE_BAND = 30.0             # above and below the plot: the quadrants' titles, where no name is drawn
PLOT = QRectF(0, 0, 5 * CELL_W, 5 * CELL_H)
QUADRANT_HEADING = QColor(0, 0, 0, 120)    # faint behind the markers, yet 3.4:1 on every tint (large bold text)
QUADRANT_TINTS = {"manage_closely": "#fde2e1", "keep_satisfied": "#fff1d6",
                  "keep_informed": "#e2eefb", "monitor": "#eeeeee"}


def cell_rect(interest: int, influence: int) -> QRectF:
    return QRectF((interest - 1) * CELL_W, (5 - influence) * CELL_H, CELL_W, CELL_H)


def cell_at(pos: QPointF) -> tuple[int, int]:
    """(interest, influence) of the cell under a scene position, clamped to 1–5."""
    interest = int(pos.x() // CELL_W) + 1
    influence = 5 - int(pos.y() // CELL_H)
    return max(1, min(5, interest)), max(1, min(5, influence))


def columns_for(count: int) -> int:
    """A cell with few stakeholders lists them in one column, so their names can be read in full."""
    return 1 if count <= ROWS_PER_CELL else COLUMNS_PER_CELL


def slot_position(cell: tuple[int, int], slot: int, columns: int = COLUMNS_PER_CELL) -> QPointF:
    rect = cell_rect(*cell)
    column, row = slot % columns, slot // columns
    return QPointF(rect.left() + 12 + column * CELL_W / columns, rect.top() + 14 + row * ROW_H)


class PowerGridScene(QGraphicsScene):
    marker_hovered = Signal(str)
    marker_activated = Signal(str)
    marker_moved = Signal(str, int, int)          # key, new influence, new interest
    cluster_activated = Signal(list)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.font = QFont()
        self.font.setPointSizeF(8.5)
        self.markers: dict[str, MarkerItem] = {}
        self.clusters: list[ClusterItem] = []
        self.arrows: list[ArrowItem] = []
        self.points: list[GridPoint] = []
        self.arrows_in_clusters = 0
        self.type_shapes: dict[str, str] = default_shapes()
        self.setBackgroundBrush(QBrush(QColor("#ffffff")))
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)

    # --- building -----------------------------------------------------------------------------
    def show_points(self, points: list[GridPoint], comparison: Comparison | None = None,
                    type_shapes: dict[str, str] | None = None) -> None:
        """Redraw everything; ``type_shapes`` (type name -> shape, see services.grid_shapes) shapes the markers."""
        if type_shapes is not None:
            self.type_shapes = type_shapes
        self.clear()
        self.markers, self.clusters, self.arrows = {}, [], []
        self.points = points
        counts = quadrant_counts(points)
        self._draw_quadrants(counts)
        self._draw_axes()
        moved = {m.after.key: m for m in comparison.moved} if comparison else {}
        layout = layout_cells(points, CAPACITY, frozenset(moved))
        for cell, content in layout.items():
            columns = columns_for(len(content.shown) + (1 if content.clustered else 0))
            label_width = CELL_W / columns - MARKER * 1.6
            for slot, point in enumerate(content.shown):
                item = MarkerItem(point, label_width, self.font, self.type_shapes.get(point.type_name, "diamond"))
                item.setPos(slot_position(cell, slot, columns))
                self.addItem(item)
                self.markers[point.key] = item
            if content.clustered:
                cluster = ClusterItem(cell, content.clustered, self.font)
                cluster.setPos(slot_position(cell, len(content.shown), columns) + QPointF(2, 0))
                self.addItem(cluster)
                self.clusters.append(cluster)
        self.arrows_in_clusters = 0
        for key, movement in moved.items():
            self._draw_arrow(key, movement)
        self._draw_legend(comparison)
        self.setSceneRect(QRectF(-LEFT, -TITLE_BAND - 4, LEFT + PLOT.width() + 8,
                                 PLOT.height() + BOTTOM + LEGEND_H + TITLE_BAND + 12))

    def _draw_quadrants(self, counts: dict[str, int]) -> None:
        split_x, split_y = (HIGH_FROM - 1) * CELL_W, (5 - HIGH_FROM + 1) * CELL_H
        areas = {"keep_satisfied": QRectF(0, 0, split_x, split_y),
                 "manage_closely": QRectF(split_x, 0, PLOT.width() - split_x, split_y),
                 "monitor": QRectF(0, split_y, split_x, PLOT.height() - split_y),
                 "keep_informed": QRectF(split_x, split_y, PLOT.width() - split_x, PLOT.height() - split_y)}
        title_font = QFont(self.font)
        title_font.setPointSizeF(15)
        title_font.setBold(True)
        for code, text in QUADRANTS:
            rect = areas[code]
            self.addRect(rect, QPen(Qt.PenStyle.NoPen), QBrush(QColor(QUADRANT_TINTS[code])))
            heading = self.addSimpleText(f"{text.upper()}  ({counts.get(code, 0)})", title_font)
            heading.setBrush(QBrush(QUADRANT_HEADING))
            # outside the plot, by its quadrant: above the top ones, below the bottom ones, so the names in
            # the cells never run over it
            above = rect.top() == 0
            heading.setPos(rect.right() - heading.boundingRect().width() - 10,
                           -heading.boundingRect().height() - 3 if above else rect.bottom() + 3)
            heading.setZValue(1)
        thin = QPen(QColor("#c8c8c8"), 1)
        for i in range(6):
            self.addLine(i * CELL_W, 0, i * CELL_W, PLOT.height(), thin)
            self.addLine(0, i * CELL_H, PLOT.width(), i * CELL_H, thin)
        thick = QPen(QColor("#505050"), 2.5)
        self.addLine(split_x, 0, split_x, PLOT.height(), thick)
        self.addLine(0, split_y, PLOT.width(), split_y, thick)
        self.addRect(PLOT, QPen(QColor("#303030"), 1.5))

    def _draw_axes(self) -> None:
        bold = QFont(self.font)
        bold.setPointSizeF(10)
        bold.setBold(True)
        for score in range(1, 6):
            x_tick = self.addSimpleText(str(score), bold)
            x_tick.setPos((score - 0.5) * CELL_W - 4, PLOT.height() + TITLE_BAND)
            y_tick = self.addSimpleText(str(score), bold)
            y_tick.setPos(-18, (5 - score + 0.5) * CELL_H - 8)
        x_title = self.addSimpleText("Interest in shared decision making  →  (1 low … 5 high)", bold)
        x_title.setPos(PLOT.width() / 2 - x_title.boundingRect().width() / 2, PLOT.height() + TITLE_BAND + 22)
        y_title = self.addSimpleText("Influence / power  →  (1 low … 5 high)", bold)
        y_title.setRotation(-90)
        y_title.setPos(-LEFT + 6, PLOT.height() / 2 + y_title.boundingRect().width() / 2)

    def _draw_legend(self, comparison: Comparison | None) -> None:
        """Under the plot: attitude colours, type shapes (two columns) and how to read the grid."""
        top = PLOT.height() + BOTTOM
        bold = QFont(self.font)
        bold.setBold(True)
        y = self._legend_text("Attitude (colour, sign)", 0, top, bold)
        for code, text in [*ATTITUDES, (None, "Not recorded")]:
            self._legend_swatch("circle", ATTITUDE_COLOURS[code], f"{ATTITUDE_SIGNS[code]}  {text}", 0, y)
            y += 17
        first_row = self._legend_text("Type (shape)", 190, top, bold)
        entries = legend_entries(self.type_shapes)
        half = (len(entries) + 1) // 2
        metrics = QFontMetrics(self.font)
        for column, chunk in enumerate((entries[:half], entries[half:])):
            x, y = 190 + column * 215, first_row
            for shape, text in chunk:
                self._legend_swatch(shape, "#ffffff", metrics.elidedText(text, Qt.TextElideMode.ElideRight, 188),
                                    x, y)
                y += 17
        x = 640
        y = self._legend_text("Reading the grid", x, top, bold)
        notes = [f"Scores of {HIGH_FROM} or more count as high."]
        if self.clusters:
            notes.append("“+N more”: further stakeholders in a crowded cell.")
        if comparison is not None:
            notes.append(f"Arrows: moved since the earlier round ({len(comparison.moved)}); "
                         "a dot marks the old cell.")
            if self.arrows_in_clusters:
                notes.append(f"{self.arrows_in_clusters} of the movers are inside “+N more” and have no arrow.")
            notes.append(f"New since then: {len(comparison.new)}; dropped out: {len(comparison.dropped)}.")
        for note in notes:
            y = self._legend_text(note, x, y, self.font)

    def _legend_text(self, text: str, x: float, y: float, font: QFont) -> float:
        item = self.addSimpleText(text, font)
        item.setPos(x, y)
        return y + item.boundingRect().height() + 4

    def _legend_swatch(self, shape: str, colour: str, text: str, x: float, y: float) -> None:
        path = self.addPath(shape_path(shape), QPen(QColor("#000000"), 1), QBrush(QColor(colour)))
        path.setPos(x + 8, y + 8)
        words = QGraphicsSimpleTextItem(text)
        words.setFont(self.font)
        words.setPos(x + 22, y + 1)
        self.addItem(words)

    def _old_position(self, point: GridPoint) -> QPointF:
        rect = cell_rect(*point.cell)
        seed = zlib.crc32(point.key.encode())
        return QPointF(rect.left() + 20 + (seed % 1000) / 1000 * (rect.width() - 40),
                       rect.top() + 20 + (seed // 1000 % 1000) / 1000 * (rect.height() - 40))

    def _draw_arrow(self, key: str, movement) -> None:
        """An arrow to each mover drawn as a marker; movers inside a "+N more" cluster are only counted."""
        target = self.markers.get(key)
        if target is None:
            self.arrows_in_clusters += 1
            return
        end = target.pos()
        arrow = ArrowItem(self._old_position(movement.before), end,
                          f"{movement.after.name}: {movement.description}")
        self.addItem(arrow)
        self.arrows.append(arrow)

    # --- dragging -----------------------------------------------------------------------------
    def marker_released(self, item: MarkerItem) -> None:
        interest, influence = cell_at(item.pos())
        point = item.point
        inside = PLOT.contains(item.pos())
        item.setPos(item.home)
        if inside and (interest, influence) != point.cell:      # dropped off the grid: nothing changes
            self.marker_moved.emit(point.key, influence, interest)

    def marker_scene_pos(self, key: str) -> QPointF | None:
        item = self.markers.get(key)
        return item.scenePos() if item is not None else None
