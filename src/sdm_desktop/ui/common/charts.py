"""One bar chart renderer, drawn with QPainter: horizontal or vertical bars, an optional reference marker on each
bar (e.g. the population's share), flagged bars hatched as well as coloured, value labels in words. The same
drawing goes on screen (``BarChartView``, with its text alternative as the accessible description, and
``ChartPanel`` with a table toggle) and into PNGs for documents (``chart_png``, offscreen).

Colours come from one ``ChartPalette``: on screen, the theme's own (so a high-contrast theme applies); in files,
``PRINT_PALETTE``, dark on white, which stays readable printed in grey (the marker is black and thick, the bars
mid grey-blue, flags hatched)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainter, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import (
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sdm_desktop.services.core.charts import BarChart

ROW = 30            # a horizontal bar's row, in pixels at scale 1
PAD = 10


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


def _scale_ticks(chart: BarChart) -> tuple[float, int]:
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


def _font(scale: float, size: float = 13, bold: bool = False) -> QFont:
    """Pixel sizes: the layout is the same on screen and on an image of any resolution."""
    font = QFont()
    font.setPixelSize(max(6, round(size * scale)))
    font.setBold(bold)
    return font


def _value_text(chart: BarChart, bar) -> str:
    text = "not shown" if bar.value is None else chart.number(bar.value)
    return f"{text} {bar.note}".strip() if bar.note and bar.value is not None else (bar.note or text)


def paint_bar_chart(painter: QPainter, rect: QRectF, chart: BarChart, palette: ChartPalette,
                    scale: float = 1.0) -> None:
    """Draw the whole chart (title, legend, bars) into ``rect``."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.fillRect(rect, palette.background)
    painter.setPen(palette.ink)
    painter.setFont(_font(scale, 15, bold=True))
    title_h = painter.fontMetrics().height() + PAD * scale
    painter.drawText(QRectF(rect.left() + PAD * scale, rect.top(), rect.width() - 2 * PAD * scale, title_h),
                     Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, chart.title)
    painter.setFont(_font(scale))
    legend_h = _legend(painter, QPointF(rect.left() + PAD * scale, rect.top() + title_h), chart, palette, scale)
    area = rect.adjusted(PAD * scale, title_h + legend_h + PAD * scale / 2, -PAD * scale, -PAD * scale)
    if not chart.bars:
        painter.drawText(area, Qt.AlignmentFlag.AlignCenter, "No figures to show.")
    elif chart.horizontal:
        _horizontal(painter, area, chart, palette, scale)
    else:
        _vertical(painter, area, chart, palette, scale)
    painter.restore()


def _legend(painter: QPainter, at: QPointF, chart: BarChart, palette: ChartPalette, scale: float) -> float:
    metrics = painter.fontMetrics()
    h = metrics.height()
    x = at.x()
    box = QRectF(x, at.y() + h * 0.15, h * 1.2, h * 0.7)
    _bar_shape(painter, box, palette, flagged=False)
    x = box.right() + 4 * scale
    painter.setPen(palette.ink)
    painter.drawText(QPointF(x, at.y() + metrics.ascent()), chart.value_name)
    x += metrics.horizontalAdvance(chart.value_name) + 14 * scale
    if any(b.marker is not None for b in chart.bars):
        _marker(painter, QPointF(x + h * 0.3, at.y()), h, palette, scale)
        x += h * 0.6 + 4 * scale
        painter.drawText(QPointF(x, at.y() + metrics.ascent()), chart.marker_name)
        x += metrics.horizontalAdvance(chart.marker_name) + 14 * scale
    if any(b.flagged for b in chart.bars):
        box = QRectF(x, at.y() + h * 0.15, h * 1.2, h * 0.7)
        _bar_shape(painter, box, palette, flagged=True)
        painter.setPen(palette.ink)
        painter.drawText(QPointF(box.right() + 4 * scale, at.y() + metrics.ascent()), chart.flag_name)
    return h + 4 * scale


def _bar_shape(painter: QPainter, box: QRectF, palette: ChartPalette, flagged: bool) -> None:
    painter.setPen(QPen(palette.ink, 1))
    painter.setBrush(QBrush(palette.bar))
    painter.drawRect(box)
    if flagged:                     # hatched as well as coloured: readable without colour
        painter.setBrush(QBrush(palette.background, Qt.BrushStyle.BDiagPattern))
        painter.drawRect(box)
    painter.setBrush(Qt.BrushStyle.NoBrush)


def _marker(painter: QPainter, top: QPointF, height: float, palette: ChartPalette, scale: float,
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


def _horizontal(painter: QPainter, area: QRectF, chart: BarChart, palette: ChartPalette, scale: float) -> None:
    metrics = painter.fontMetrics()
    label_w = min(area.width() * 0.38, max(metrics.horizontalAdvance(b.label) for b in chart.bars) + 16 * scale)
    value_w = max(metrics.horizontalAdvance(_value_text(chart, b)) for b in chart.bars) + 10 * scale
    plot = QRectF(area.left() + label_w, area.top(), max(10.0, area.width() - label_w - value_w), area.height())
    row = min(ROW * scale * 1.6, (plot.height() - metrics.height() - 4 * scale) / len(chart.bars))
    top = area.top()
    tick, steps = _scale_ticks(chart)
    maximum = tick * steps
    bottom = top + row * len(chart.bars)
    for step in range(0, steps + 1):
        x = plot.left() + plot.width() * step / steps
        painter.setPen(QPen(palette.grid, 1))
        painter.drawLine(QPointF(x, top), QPointF(x, bottom))
        painter.setPen(palette.ink)
        painter.drawText(QRectF(x - 40 * scale, bottom + 2 * scale, 80 * scale, metrics.height()),
                         Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                         f"{tick * step:g}{chart.unit}")
    for n, bar in enumerate(chart.bars):
        y = top + n * row
        painter.setPen(palette.ink)
        label = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, int(label_w - 8 * scale))
        painter.drawText(QRectF(area.left(), y, label_w - 8 * scale, row),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
        end = plot.left()
        if bar.value is not None:
            width = plot.width() * min(bar.value, maximum) / maximum
            _bar_shape(painter, QRectF(plot.left(), y + row * 0.2, max(width, 1.0), row * 0.6), palette, bar.flagged)
            end = plot.left() + width
        if bar.marker is not None:
            _marker(painter, QPointF(plot.left() + plot.width() * min(bar.marker, maximum) / maximum, y + row * 0.08),
                    row * 0.84, palette, scale)
            end = max(end, plot.left() + plot.width() * min(bar.marker, maximum) / maximum + 5 * scale)
        painter.setPen(palette.ink)
        painter.drawText(QRectF(end + 6 * scale, y, area.right() - end, row),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, _value_text(chart, bar))
    painter.setPen(QPen(palette.ink, 1))
    painter.drawLine(QPointF(plot.left(), top), QPointF(plot.left(), top + row * len(chart.bars)))


def _vertical(painter: QPainter, area: QRectF, chart: BarChart, palette: ChartPalette, scale: float) -> None:
    metrics = painter.fontMetrics()
    label_h = metrics.height() * 2.4
    value_h = metrics.height() * 1.2
    plot = QRectF(area.left(), area.top() + value_h, area.width(), max(10.0, area.height() - label_h - value_h))
    column = plot.width() / len(chart.bars)
    tick, steps = _scale_ticks(chart)
    maximum = tick * steps
    for n, bar in enumerate(chart.bars):
        x = plot.left() + n * column
        top = plot.bottom()
        if bar.value is not None:
            height = plot.height() * min(bar.value, maximum) / maximum
            _bar_shape(painter, QRectF(x + column * 0.2, plot.bottom() - height, column * 0.6, max(height, 1.0)),
                       palette, bar.flagged)
            top = plot.bottom() - height
        if bar.marker is not None:
            y = plot.bottom() - plot.height() * min(bar.marker, maximum) / maximum
            _marker(painter, QPointF(x + column * 0.08, y), column * 0.84, palette, scale, vertical=False)
            top = min(top, y)
        painter.setPen(palette.ink)
        painter.drawText(QRectF(x, top - value_h, column, value_h), Qt.AlignmentFlag.AlignCenter,
                         _value_text(chart, bar))
        painter.drawText(QRectF(x + 2, plot.bottom() + 2, column - 4, label_h),
                         Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                         bar.label)
    painter.setPen(QPen(palette.ink, 1))
    painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))


def chart_size(chart: BarChart, width: int, scale: float = 1.0) -> QSize:
    """The size the chart needs at this width: horizontal charts grow with their bars."""
    if not chart.horizontal:
        return QSize(width, int(width * 0.5))
    return QSize(width, int((110 + ROW * max(1, len(chart.bars))) * scale))


def chart_image(chart: BarChart, width: int = 1600, palette: ChartPalette = PRINT_PALETTE) -> QImage:
    """The chart drawn on an image, for print (needs a QGuiApplication; offscreen is fine)."""
    scale = width / 800
    size = chart_size(chart, width, scale)
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(palette.background)
    painter = QPainter(image)
    try:
        paint_bar_chart(painter, QRectF(0, 0, size.width(), size.height()), chart, palette, scale)
    finally:
        painter.end()
    return image


def chart_png(chart: BarChart) -> bytes:
    """The chart as PNG bytes for a document (services/core/charts.ChartPng)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    chart_image(chart).save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


class BarChartView(QWidget):
    """The chart on screen, in the theme's colours; its text alternative is its accessible description."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.chart = BarChart("")
        self.setAccessibleName("Chart")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)       # a screen reader user can reach and read it
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_chart(self, chart: BarChart) -> None:
        self.chart = chart
        self.setAccessibleName(chart.title)
        self.setAccessibleDescription(chart.description())
        self.setToolTip(chart.description())
        self.setMinimumHeight(chart_size(chart, 600).height())
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return chart_size(self.chart, 600)

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        try:
            paint_bar_chart(painter, QRectF(self.rect()), self.chart, ChartPalette.from_palette(self.palette()))
        finally:
            painter.end()


TABLES_KEY = "Ctrl+T"      # a view with charts turns every one into its table and back with this key


def toggle_all_tables(root: QWidget) -> None:
    """Every chart under ``root`` shown as its table (or all back to charts)."""
    panels = root.findChildren(ChartPanel)
    show_tables = not all(p.toggle.isChecked() for p in panels)
    for panel in panels:
        panel.toggle.setChecked(show_tables)


class ChartPanel(QWidget):
    """A chart and its figures as a table, one or the other, switched with a button (the table is the text
    alternative for anyone who cannot see the bars)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.view = BarChartView(self)
        self.table = QTableWidget(0, 3, self)
        self.table.setTabKeyNavigation(False)        # one Tab stop: arrows move inside
        self.table.setAccessibleName("The chart's figures as a table")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.hide()
        self.toggle = QPushButton("Show as table", self)
        self.toggle.setCheckable(True)
        self.toggle.setAccessibleName("Show the chart as a table")
        self.toggle.setToolTip(f"Show the chart as a table, or back ({TABLES_KEY})")
        self.toggle.toggled.connect(self._show_table)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.view)
        layout.addWidget(self.table)

    def set_chart(self, chart: BarChart) -> None:
        self.view.set_chart(chart)
        self.table.setAccessibleName(f"{chart.title} as a table")
        self.table.setHorizontalHeaderLabels(["", chart.value_name, chart.marker_name])
        self.table.setRowCount(len(chart.bars))
        for n, bar in enumerate(chart.bars):
            marker = "" if bar.marker is None else f"{bar.marker:.1f}{chart.unit}"
            for c, text in enumerate((bar.label + (f" ({chart.flag_name.lower()})" if bar.flagged else ""),
                                      _value_text(chart, bar), marker)):
                self.table.setItem(n, c, QTableWidgetItem(text))
        self.table.setColumnHidden(2, all(bar.marker is None for bar in chart.bars))    # no reference values
        self.table.resizeColumnsToContents()
        self.table.setFixedHeight(self.table.horizontalHeader().height() + 4
                                  + sum(self.table.rowHeight(r) for r in range(len(chart.bars))))

    def _show_table(self, on: bool) -> None:
        self.view.setVisible(not on)
        self.table.setVisible(on)
        self.toggle.setText("Show as chart" if on else "Show as table")
