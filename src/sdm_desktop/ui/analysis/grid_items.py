"""Graphics items of the power/interest grid: stakeholder markers, clusters and movement arrows.

Markers are coloured by attitude and shaped by stakeholder type. The attitude is also written before the
name as a sign (−− opposed … ++ champion, ? not recorded), so it reads without colour: in black-and-white
print, and for people who cannot tell the colours apart.
"""

from __future__ import annotations

import html
import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontInfo, QFontMetrics, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QGraphicsSimpleTextItem

from sdm_desktop.services.analysis.assessments import PERSON
from sdm_desktop.services.analysis.grid import GridPoint, quadrant_label
from sdm_desktop.services.analysis.grid_labels import shorter_names, telling_ending
from sdm_desktop.services.core.vocab import ATTITUDES, COMMITMENT_LEVELS, IAP2_LEVELS, label

MARKER = 12.0
ATTITUDE_COLOURS = {
    "opposed": "#c0392b", "sceptical": "#f0903c", "neutral": "#b8b8b8",
    "supportive": "#6fa8dc", "champion": "#1c4f94", None: "#ffffff",
}
ATTITUDE_SIGNS = {"opposed": "−−", "sceptical": "−", "neutral": "0", "supportive": "+", "champion": "++",
                  None: "?"}


def marker_text(point: GridPoint, name: str | None = None) -> str:
    """What is written beside a marker: the attitude's sign, then the name."""
    return f"{ATTITUDE_SIGNS.get(point.attitude, '?')} {point.name if name is None else name}"


def fitted_text(point: GridPoint, metrics: QFontMetrics, width: int) -> str:
    """The marker's text in ``width``: the whole name if it fits, else its first shorter form that fits
    (PPG, ICB…; initials for a person), else the shortest form cut short, keeping a short ending that
    tells two apart ("Ashcombe… PPG" beside "Ashcombe…(South)")."""
    forms = [marker_text(point, name) for name in shorter_names(point.name, point.kind == PERSON)]
    fitting = next((text for text in forms if metrics.horizontalAdvance(text) <= width), None)
    if fitting:
        return fitting
    text = forms[-1]
    tail = telling_ending(point.name if point.kind == PERSON else text)
    head = text[: len(text) - len(tail)]
    for ending in (tail, tail[tail.rfind(")") + 1:] if ")" in tail else ""):     # "(South) PPG", else " PPG"
        room = width - metrics.horizontalAdvance(ending)
        if ending.strip() and room >= width * 0.5:
            return metrics.elidedText(head, Qt.TextElideMode.ElideRight, room) + ending
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
_PATHS: dict[str, QPainterPath] = {}


def _polygon(points: list[tuple[float, float]]) -> QPainterPath:
    path = QPainterPath()
    path.addPolygon(QPolygonF([QPointF(x, y) for x, y in points]))
    path.closeSubpath()
    return path


def shape_path(shape: str, size: float = MARKER) -> QPainterPath:
    """The outline of a marker shape, centred on (0, 0)."""
    key = f"{shape}:{size}"
    if key in _PATHS:
        return _PATHS[key]
    r = size / 2
    if shape == "circle":
        path = QPainterPath()
        path.addEllipse(QPointF(0, 0), r, r)
    elif shape == "square":
        path = QPainterPath()
        path.addRect(QRectF(-r * 0.9, -r * 0.9, r * 1.8, r * 1.8))
    elif shape == "triangle":
        path = _polygon([(0, -r * 1.1), (r * 1.05, r * 0.8), (-r * 1.05, r * 0.8)])
    elif shape == "diamond":
        path = _polygon([(0, -r * 1.15), (r * 1.15, 0), (0, r * 1.15), (-r * 1.15, 0)])
    elif shape == "hexagon":
        path = _polygon([(r * math.cos(a), r * math.sin(a)) for a in (i * math.pi / 3 for i in range(6))])
    elif shape == "star":
        path = _polygon([((r * 1.2 if i % 2 == 0 else r * 0.5) * math.sin(i * math.pi / 5),
                          -(r * 1.2 if i % 2 == 0 else r * 0.5) * math.cos(i * math.pi / 5)) for i in range(10)])
    elif shape == "plus":
        t = r * 0.42
        path = _polygon([(-t, -r), (t, -r), (t, -t), (r, -t), (r, t), (t, t), (t, r), (-t, r), (-t, t),
                         (-r, t), (-r, -t), (-t, -t)])
    else:  # person: a head over shoulders
        path = QPainterPath()
        path.addEllipse(QPointF(0, -r * 0.45), r * 0.45, r * 0.45)
        path.addPath(_polygon([(-r, r), (-r * 0.7, r * 0.05), (r * 0.7, r * 0.05), (r, r)]))
    _PATHS[key] = path
    return path


TOOLTIP_RATIONALE = 300       # characters of the rationale in a marker's tooltip; the side panel shows it all


def point_tooltip(p: GridPoint, rationale_limit: int | None = TOOLTIP_RATIONALE) -> str:
    rows = [("Type", p.type_name), ("Influence", f"{p.influence} of 5"), ("Interest", f"{p.interest} of 5"),
            ("Quadrant", quadrant_label(p.quadrant)), ("Attitude", label(ATTITUDES, p.attitude) or "not recorded"),
            ("Involvement", _now_target(IAP2_LEVELS, p.involvement)),
            ("Commitment", _now_target(COMMITMENT_LEVELS, p.commitment)),
            ("Assessed", f"{p.assessed_on:%d %b %Y}" + (f" ({p.round_name})" if p.round_name else ""))]
    body = "".join(f"<tr><td><b>{k}</b></td><td>{html.escape(str(v))}</td></tr>" for k, v in rows)
    rationale = p.rationale or ""
    if rationale_limit is not None and len(rationale) > rationale_limit:      # a tooltip never fills the screen
        rationale = rationale[:rationale_limit].rstrip() + "… (in full beside the grid)"
    why = f"<p>{html.escape(rationale)}</p>" if rationale else ""
    return (f"<b>{html.escape(p.name)}</b><table>{body}</table>{why}"
            "<p><i>Drag to reassess; double-click to open the record.</i></p>")


def _now_target(pairs, values: tuple[str | None, str | None]) -> str:
    now, target = (label(pairs, v) if v else "—" for v in values)
    return f"{now} → target {target}"


class MarkerItem(QGraphicsItem):
    """One stakeholder on the grid. Draggable; the scene records a new assessment where it lands."""

    def __init__(self, point: GridPoint, label_width: float, font: QFont, shape: str = "diamond"):
        super().__init__()
        self.point = point
        self.shape_name = shape
        self._path = shape_path(self.shape_name)
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsMovable | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
                      | QGraphicsItem.GraphicsItemFlag.ItemIsFocusable)
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setZValue(10)
        self.label = QGraphicsSimpleTextItem(fitted_text(point, QFontMetrics(font), int(label_width)), self)
        self.label.setFont(font)
        self.label.setPos(MARKER * 0.75, -QFontMetrics(font).height() / 2)
        self.label.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._hover = False
        self.home = QPointF()

    def boundingRect(self) -> QRectF:
        return self._path.boundingRect().adjusted(-7, -7, 7, 7)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self._path.boundingRect().adjusted(-3, -3, 3, 3))
        return path

    def paint(self, painter, _option, _widget=None) -> None:
        colour = QColor(ATTITUDE_COLOURS.get(self.point.attitude, "#ffffff"))
        painter.setRenderHint(painter.RenderHint.Antialiasing)
        width = 2.4 if (self._hover or self.isSelected()) else 1.0
        painter.setPen(QPen(QColor("#000000"), width))
        painter.setBrush(QBrush(colour))
        painter.drawPath(self._path)
        if self.isSelected():                        # a dashed ring, visible in any colour scheme
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(QColor("#000000"), 1.5, Qt.PenStyle.DashLine))
            painter.drawEllipse(QPointF(0, 0), MARKER * 0.95, MARKER * 0.95)

    def hoverEnterEvent(self, event) -> None:
        if not self.toolTip():                # built on first hover: a redraw of 2,000 markers stays fast
            self.setToolTip(point_tooltip(self.point))
        self._hover = True
        self.update()
        scene = self.scene()
        if scene is not None and hasattr(scene, "marker_hovered"):
            scene.marker_hovered.emit(self.point.key)
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event) -> None:
        self._hover = False
        self.update()
        super().hoverLeaveEvent(event)

    def mousePressEvent(self, event) -> None:
        self.home = self.pos()
        self.setZValue(20)
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        self.setZValue(10)
        scene = self.scene()
        if scene is not None and self.pos() != self.home and hasattr(scene, "marker_released"):
            scene.marker_released(self)

    def mouseDoubleClickEvent(self, event) -> None:
        scene = self.scene()
        if scene is not None and hasattr(scene, "marker_activated"):
            scene.marker_activated.emit(self.point.key)
        event.accept()

    def keyPressEvent(self, event) -> None:
        """Arrow keys move the stakeholder one step (a new assessment); Enter opens the record."""
        steps = {Qt.Key.Key_Up: (1, 0), Qt.Key.Key_Down: (-1, 0), Qt.Key.Key_Right: (0, 1), Qt.Key.Key_Left: (0, -1)}
        scene = self.scene()
        if scene is None:
            return
        if event.key() in steps:
            d_influence, d_interest = steps[event.key()]
            influence = max(1, min(5, self.point.influence + d_influence))
            interest = max(1, min(5, self.point.interest + d_interest))
            if (influence, interest) != (self.point.influence, self.point.interest):
                scene.marker_moved.emit(self.point.key, influence, interest)
            event.accept()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            scene.marker_activated.emit(self.point.key)
            event.accept()
        else:
            super().keyPressEvent(event)


class ClusterItem(QGraphicsItem):
    """The stakeholders that do not fit in a cell, drawn as one badge with their count."""

    def __init__(self, cell: tuple[int, int], members: list[GridPoint], font: QFont):
        super().__init__()
        self.cell = cell
        self.members = members
        self._font = QFont(font)
        self._font.setBold(True)
        # drawn with drawText, so give the size in pixels: a point size would grow again with the page's
        # resolution on a 300 dpi PDF or printer, on top of the scene's scaling, and spill out of the badge
        self._font.setPixelSize(QFontInfo(self._font).pixelSize())
        self.text = f"+{len(members)} more"
        self._rect = QRectF(-8, -9, QFontMetrics(self._font).horizontalAdvance(self.text) + 16, 18)
        names = "".join(f"<li>{html.escape(p.name)}</li>" for p in members[:25])
        more = f"<li>… and {len(members) - 25} more</li>" if len(members) > 25 else ""
        self.setToolTip(f"<b>{len(members)} more stakeholders here</b><ul>{names}{more}</ul>"
                        "<i>Double-click to list them all.</i>")
        self.setAcceptHoverEvents(True)
        self.setZValue(9)

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-1, -1, 1, 1)

    def paint(self, painter, _option, _widget=None) -> None:
        painter.setRenderHint(painter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("#333333"), 1.2))
        painter.setBrush(QBrush(QColor("#fff6cc")))
        painter.drawRoundedRect(self._rect, 8, 8)
        painter.setFont(self._font)
        painter.setPen(QColor("#000000"))
        painter.drawText(self._rect, Qt.AlignmentFlag.AlignCenter, self.text)

    def mouseDoubleClickEvent(self, event) -> None:
        scene = self.scene()
        if scene is not None and hasattr(scene, "cluster_activated"):
            scene.cluster_activated.emit([p.key for p in self.members])
        event.accept()


class ArrowItem(QGraphicsPathItem):
    """Movement from the earlier round's position to the later one."""

    def __init__(self, start: QPointF, end: QPointF, tooltip: str):
        super().__init__()
        path = QPainterPath(start)
        line = end - start
        length = math.hypot(line.x(), line.y()) or 1.0
        ux, uy = line.x() / length, line.y() / length
        tip = QPointF(end.x() - ux * (MARKER * 0.7), end.y() - uy * (MARKER * 0.7))
        path.lineTo(tip)
        head = 9.0
        left = QPointF(tip.x() - ux * head - uy * head * 0.5, tip.y() - uy * head + ux * head * 0.5)
        right = QPointF(tip.x() - ux * head + uy * head * 0.5, tip.y() - uy * head - ux * head * 0.5)
        path.addPolygon(QPolygonF([tip, left, right, tip]))
        path.addEllipse(start, 3.5, 3.5)
        self.setPath(path)
        # An opaque grey that looks like the translucent one on the light grid: a translucent 1.6 px line
        # costs twice as much to paint (35 ms instead of 20 for 275 arrows, after every move of a marker).
        self.setPen(QPen(QColor(95, 95, 95), 1.6))
        self.setBrush(QBrush(QColor(40, 40, 40, 150)))
        self.setToolTip(tooltip)
        self.setZValue(5)
