"""The parts of a bar chart ``ui/common/charts`` draws on top of plain bars: a stacked bar's segments (each series
in its own shade and pattern, so the series tell apart in grey print and in a high-contrast theme), the series
legend, and where each bar and segment was drawn (``Hit``), so a click or Enter on one can open its records."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPalette, QPen, QPolygonF

from sdm_desktop.services.core.charts import BarChart

PAD = 10

# Each series: the bar colour made lighter (>100) or darker (<100), and a pattern drawn over it
_STYLES = [(100, None), (165, Qt.BrushStyle.BDiagPattern), (55, Qt.BrushStyle.Dense6Pattern),
           (135, Qt.BrushStyle.CrossPattern), (75, Qt.BrushStyle.FDiagPattern), (190, Qt.BrushStyle.HorPattern)]


@dataclass(frozen=True)
class Hit:
    """Where a bar (``part`` -1) or one segment of a stacked bar was drawn."""
    rect: QRectF
    bar: int
    part: int = -1


def segment(painter: QPainter, box: QRectF, index: int, ink: QColor, bar: QColor, background: QColor) -> None:
    """One series' segment (or its legend swatch): shaded and patterned by the series' place."""
    factor, pattern = _STYLES[index % len(_STYLES)]
    shade = QColor(bar).lighter(factor) if factor >= 100 else QColor(bar).darker(round(10000 / factor))
    painter.setPen(QPen(ink, 1))
    painter.setBrush(QBrush(shade))
    painter.drawRect(box)
    if pattern is not None:
        light, dark = sorted((ink, background), key=lambda c: c.lightness(), reverse=True)
        painter.setBrush(QBrush(light if shade.lightness() < 128 else dark, pattern))     # the pattern contrasts
        painter.drawRect(box)
    painter.setBrush(Qt.BrushStyle.NoBrush)


def series_legend(painter: QPainter, at: QPointF, names: tuple[str, ...], colours: tuple[QColor, QColor, QColor],
                  scale: float) -> None:
    """Each series' swatch and name in a row from ``at``."""
    ink, bar, background = colours
    metrics = painter.fontMetrics()
    h, x = metrics.height(), at.x()
    for n, name in enumerate(names):
        box = QRectF(x, at.y() + h * 0.15, h * 1.2, h * 0.7)
        segment(painter, box, n, ink, bar, background)
        painter.setPen(ink)
        painter.drawText(QPointF(box.right() + 4 * scale, at.y() + metrics.ascent()), name)
        x = box.right() + 4 * scale + metrics.horizontalAdvance(name) + 14 * scale


def stack(painter: QPainter, whole: QRectF, parts: tuple[float, ...], total: float, vertical: bool,
          colours: tuple[QColor, QColor, QColor], hits: list[Hit] | None, bar: int) -> None:
    """The segments of one stacked bar filling ``whole`` (drawn for ``total``): bottom up, or left to right."""
    ink, colour, background = colours
    done = 0.0
    for n, part in enumerate(parts):
        if part <= 0 or total <= 0:
            continue
        share = part / total
        if vertical:
            h = whole.height() * share
            box = QRectF(whole.left(), whole.bottom() - done - h, whole.width(), h)
            done += h
        else:
            w = whole.width() * share
            box = QRectF(whole.left() + done, whole.top(), w, whole.height())
            done += w
        segment(painter, box, n, ink, colour, background)
        if hits is not None:
            hits.append(Hit(box, bar, n))


def focus_frame(painter: QPainter, rect: QRectF, ink: QColor, scale: float) -> None:
    """The keyboard's place on the chart: a dashed frame around the bar or segment."""
    painter.save()
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(ink, 2 * scale, Qt.PenStyle.DashLine))
    painter.drawRect(rect.adjusted(-3 * scale, -3 * scale, 3 * scale, 3 * scale))
    painter.restore()


@dataclass(frozen=True)
class ChartPalette:
    background: QColor
    ink: QColor          # text, axis, bar edges
    grid: QColor
    bar: QColor
    marker: QColor

    @classmethod
    def from_palette(cls, palette: QPalette) -> ChartPalette:
        """The theme's colours: bars in its highlight, text in its text colour (high contrast respected)."""
        role = QPalette.ColorRole
        base, ink = palette.color(role.Base), palette.color(role.Text)
        grid = QColor(ink)
        grid.setAlpha(70)
        return cls(base, ink, grid, palette.color(role.Highlight), ink)


PRINT_PALETTE = ChartPalette(QColor("#ffffff"), QColor("#000000"), QColor("#c8c8c8"), QColor("#5b7fa6"),
                             QColor("#000000"))


def scale_ticks(chart: BarChart) -> tuple[float, int]:
    """The scale's tidy step and how many steps it has: the largest value or marker, rounded up (never past the
    chart's own maximum)."""
    values = [v for b in chart.bars for v in (b.value, b.marker) if v is not None]
    top = max(values, default=0.0) * 1.05
    if top <= 0:
        return 1.0, 4
    power = 10 ** math.floor(math.log10(top / 5))
    step = next(power * k for k in (1, 2, 2.5, 5, 10) if power * k >= top / 5)
    steps = max(1, math.ceil(top / step))
    if chart.maximum is not None and step * steps > chart.maximum:
        steps = max(1, math.floor(chart.maximum / step))
    return step, steps


def chart_font(scale: float, size: float = 13, bold: bool = False) -> QFont:
    """Pixel sizes: the layout is the same on screen and on an image of any resolution."""
    font = QFont()
    font.setPixelSize(max(6, round(size * scale)))
    font.setBold(bold)
    return font


def value_text(chart: BarChart, bar) -> str:
    text = "not shown" if bar.value is None else chart.number(bar.value)
    return f"{text} {bar.note}".strip() if bar.note and bar.value is not None else (bar.note or text)


def bar_shape(painter: QPainter, box: QRectF, palette: ChartPalette, flagged: bool) -> None:
    painter.setPen(QPen(palette.ink, 1))
    painter.setBrush(QBrush(palette.bar))
    painter.drawRect(box)
    if flagged:                     # hatched as well as coloured: readable without colour
        painter.setBrush(QBrush(palette.background, Qt.BrushStyle.BDiagPattern))
        painter.drawRect(box)
    painter.setBrush(Qt.BrushStyle.NoBrush)


def draw_marker(painter: QPainter, top: QPointF, height: float, palette: ChartPalette, scale: float,
            vertical: bool = True) -> None:
    """A thick line across the bar with a diamond at its end."""
    painter.setPen(QPen(palette.marker, 3 * scale))
    if vertical:
        painter.drawLine(QPointF(top.x(), top.y()), QPointF(top.x(), top.y() + height))
        centre = QPointF(top.x(), top.y())
    else:
        painter.drawLine(QPointF(top.x(), top.y()), QPointF(top.x() + height, top.y()))
        centre = QPointF(top.x() + height, top.y())
    d = 4 * scale
    painter.setBrush(QBrush(palette.marker))
    painter.setPen(QPen(palette.marker, 1))
    painter.drawPolygon(QPolygonF([centre + QPointF(0, -d), centre + QPointF(d, 0), centre + QPointF(0, d),
                                   centre + QPointF(-d, 0)]))
    painter.setBrush(Qt.BrushStyle.NoBrush)
