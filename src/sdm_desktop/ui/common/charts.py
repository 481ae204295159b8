"""One bar chart renderer, drawn with QPainter: horizontal or vertical bars, an optional reference marker on each
bar (e.g. the population's share), flagged bars hatched as well as coloured, value labels in words. The same
drawing goes on screen (``BarChartView``, with its text alternative as the accessible description, and
``ChartPanel`` with a table toggle) and into PNGs for documents (``chart_png``, offscreen).

Colours come from one ``ChartPalette``: on screen, the theme's own (so a high-contrast theme applies); in files,
``PRINT_PALETTE``, dark on white, which stays readable printed in grey (the marker is black and thick, the bars
mid grey-blue, flags hatched)."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QImage, QPainter, QPen
from PySide6.QtWidgets import (
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sdm_desktop.services.core.charts import BarChart
from sdm_desktop.ui.common.chart_parts import (
    PAD,
    PRINT_PALETTE,
    ChartPalette,
    Hit,
    bar_shape,
    chart_font,
    draw_marker,
    focus_frame,
    scale_ticks,
    series_legend,
    stack,
    value_text,
)

ROW = 30            # a horizontal bar's row, in pixels at scale 1


def paint_bar_chart(painter: QPainter, rect: QRectF, chart: BarChart, palette: ChartPalette,
                    scale: float = 1.0, hits: list[Hit] | None = None) -> None:
    """Draw the whole chart (title, legend, bars) into ``rect``; where each bar went is added to ``hits``."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.fillRect(rect, palette.background)
    painter.setPen(palette.ink)
    painter.setFont(chart_font(scale, 15, bold=True))
    title_h = painter.fontMetrics().height() + PAD * scale
    painter.drawText(QRectF(rect.left() + PAD * scale, rect.top(), rect.width() - 2 * PAD * scale, title_h),
                     Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, chart.title)
    painter.setFont(chart_font(scale))
    legend_h = _legend(painter, QPointF(rect.left() + PAD * scale, rect.top() + title_h), chart, palette, scale)
    area = rect.adjusted(PAD * scale, title_h + legend_h + PAD * scale / 2, -PAD * scale, -PAD * scale)
    if not chart.bars:
        painter.drawText(area, Qt.AlignmentFlag.AlignCenter, "No figures to show.")
    elif chart.horizontal:
        _horizontal(painter, area, chart, palette, scale, hits)
    else:
        _vertical(painter, area, chart, palette, scale, hits)
    painter.restore()


def _legend(painter: QPainter, at: QPointF, chart: BarChart, palette: ChartPalette, scale: float) -> float:
    metrics = painter.fontMetrics()
    h = metrics.height()
    if chart.series:
        series_legend(painter, at, chart.series, (palette.ink, palette.bar, palette.background), scale)
        return h + 4 * scale
    x = at.x()
    box = QRectF(x, at.y() + h * 0.15, h * 1.2, h * 0.7)
    bar_shape(painter, box, palette, flagged=False)
    x = box.right() + 4 * scale
    painter.setPen(palette.ink)
    painter.drawText(QPointF(x, at.y() + metrics.ascent()), chart.value_name)
    x += metrics.horizontalAdvance(chart.value_name) + 14 * scale
    if any(b.marker is not None for b in chart.bars):
        draw_marker(painter, QPointF(x + h * 0.3, at.y()), h, palette, scale)
        x += h * 0.6 + 4 * scale
        painter.drawText(QPointF(x, at.y() + metrics.ascent()), chart.marker_name)
        x += metrics.horizontalAdvance(chart.marker_name) + 14 * scale
    if any(b.flagged for b in chart.bars):
        box = QRectF(x, at.y() + h * 0.15, h * 1.2, h * 0.7)
        bar_shape(painter, box, palette, flagged=True)
        painter.setPen(palette.ink)
        painter.drawText(QPointF(box.right() + 4 * scale, at.y() + metrics.ascent()), chart.flag_name)
    return h + 4 * scale


def _bar(painter: QPainter, box: QRectF, chart: BarChart, n: int, palette: ChartPalette,
         hits: list[Hit] | None) -> None:
    """One bar, stacked when it has parts, its place kept in ``hits``."""
    bar = chart.bars[n]
    if chart.series and bar.parts:
        stack(painter, box, bar.parts, sum(bar.parts), not chart.horizontal,
              (palette.ink, palette.bar, palette.background), hits, n)
    else:
        bar_shape(painter, box, palette, bar.flagged)
    if hits is not None:
        hits.append(Hit(box, n))


def _horizontal(painter: QPainter, area: QRectF, chart: BarChart, palette: ChartPalette, scale: float,
                hits: list[Hit] | None = None) -> None:
    metrics = painter.fontMetrics()
    label_w = min(area.width() * 0.38, max(metrics.horizontalAdvance(b.label) for b in chart.bars) + 16 * scale)
    value_w = max(metrics.horizontalAdvance(value_text(chart, b)) for b in chart.bars) + 10 * scale
    plot = QRectF(area.left() + label_w, area.top(), max(10.0, area.width() - label_w - value_w), area.height())
    row = min(ROW * scale * 1.6, (plot.height() - metrics.height() - 4 * scale) / len(chart.bars))
    top = area.top()
    tick, steps = scale_ticks(chart)
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
            _bar(painter, QRectF(plot.left(), y + row * 0.2, max(width, 1.0), row * 0.6), chart, n, palette, hits)
            end = plot.left() + width
        if bar.marker is not None:
            at = plot.left() + plot.width() * min(bar.marker, maximum) / maximum
            draw_marker(painter, QPointF(at, y + row * 0.08), row * 0.84, palette, scale)
            end = max(end, plot.left() + plot.width() * min(bar.marker, maximum) / maximum + 5 * scale)
        painter.setPen(palette.ink)
        painter.drawText(QRectF(end + 6 * scale, y, area.right() - end, row),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, value_text(chart, bar))
    painter.setPen(QPen(palette.ink, 1))
    painter.drawLine(QPointF(plot.left(), top), QPointF(plot.left(), top + row * len(chart.bars)))


def _vertical(painter: QPainter, area: QRectF, chart: BarChart, palette: ChartPalette, scale: float,
              hits: list[Hit] | None = None) -> None:
    metrics = painter.fontMetrics()
    label_h = metrics.height() * 2.4
    value_h = metrics.height() * 1.2
    plot = QRectF(area.left(), area.top() + value_h, area.width(), max(10.0, area.height() - label_h - value_h))
    column = plot.width() / len(chart.bars)
    tick, steps = scale_ticks(chart)
    maximum = tick * steps
    for n, bar in enumerate(chart.bars):
        x = plot.left() + n * column
        top = plot.bottom()
        if bar.value is not None:
            height = plot.height() * min(bar.value, maximum) / maximum
            _bar(painter, QRectF(x + column * 0.2, plot.bottom() - height, column * 0.6, max(height, 1.0)),
                 chart, n, palette, hits)
            top = plot.bottom() - height
        if bar.marker is not None:
            y = plot.bottom() - plot.height() * min(bar.marker, maximum) / maximum
            draw_marker(painter, QPointF(x + column * 0.08, y), column * 0.84, palette, scale, vertical=False)
            top = min(top, y)
        painter.setPen(palette.ink)
        painter.drawText(QRectF(x, top - value_h, column, value_h), Qt.AlignmentFlag.AlignCenter,
                         value_text(chart, bar))
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
    """The chart on screen, in the theme's colours; its text alternative is its accessible description.

    A linked chart (``set_linked``) opens the records behind a bar: a click on it, or the arrow keys to move
    (Left/Right between bars, Up/Down between a stacked bar's parts) and Enter; ``chosen`` gives the bar's index
    and the part's (-1: the whole bar)."""

    chosen = Signal(int, int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.chart = BarChart("")
        self.linked = False
        self.vertical_height = 0        # a column chart's height; 0: half its natural width
        self.current = (0, -1)
        self._hits: list[Hit] = []
        self.setAccessibleName("Chart")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)       # a screen reader user can reach and read it
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_chart(self, chart: BarChart) -> None:
        self.chart = chart
        self.current = (min(self.current[0], max(0, len(chart.bars) - 1)), -1)
        self.setAccessibleName(chart.title)
        self.setAccessibleDescription(chart.description()
                                      + (" Arrow keys choose a bar, Enter opens its records." if self.linked else ""))
        self.setToolTip(chart.description())
        self.setMinimumHeight(self.sizeHint().height())
        self.updateGeometry()
        self.update()

    def set_linked(self, linked: bool) -> None:
        self.linked = linked
        self.setCursor(Qt.CursorShape.PointingHandCursor if linked else Qt.CursorShape.ArrowCursor)
        self.set_chart(self.chart)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        if self.vertical_height and not self.chart.horizontal:
            return QSize(600, self.vertical_height)
        return chart_size(self.chart, 600)

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        palette = ChartPalette.from_palette(self.palette())
        hits: list[Hit] = []
        try:
            paint_bar_chart(painter, QRectF(self.rect()), self.chart, palette, hits=hits)
            self._hits = hits
            if self.linked and self.hasFocus():
                spot = self.hit_at(*self.current)
                if spot is not None:
                    focus_frame(painter, spot.rect, palette.ink, 1.0)
        finally:
            painter.end()

    def hit_at(self, bar: int, part: int) -> Hit | None:
        """Where a bar (or one of its parts) is drawn, as last painted."""
        return next((h for h in self._hits if h.bar == bar and h.part == part), None)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if not self.linked:
            return super().mousePressEvent(event)
        # a segment first (it lies inside its whole bar), then a whole bar
        hit = next((h for h in sorted(self._hits, key=lambda h: h.part < 0) if h.rect.contains(event.position())),
                   None)
        if hit is not None:
            self.current = (hit.bar, hit.part)
            self.update()
            self.chosen.emit(hit.bar, hit.part)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        key, bars = event.key(), len(self.chart.bars)
        if not self.linked or not bars:
            return super().keyPressEvent(event)
        bar, part = self.current
        parts = len(self.chart.series) if self.chart.series else 0
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Left):
            bar = (bar + (1 if key == Qt.Key.Key_Right else -1)) % bars
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and parts:
            part = min(parts - 1, max(-1, part + (1 if key == Qt.Key.Key_Up else -1)))
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.chosen.emit(bar, part)
            return
        else:
            return super().keyPressEvent(event)
        self.current = (bar, part)
        self.setAccessibleDescription(self._spoken(bar, part))
        self.update()

    def _spoken(self, bar: int, part: int) -> str:
        shown = self.chart.bars[bar]
        if part >= 0 and part < len(shown.parts):
            return f"{shown.label}, {self.chart.series[part]}: {self.chart.number(shown.parts[part])}"
        return f"{shown.label}: {value_text(self.chart, shown)}"


TABLES_KEY = "Ctrl+T"      # a view with charts turns every one into its table and back with this key


def toggle_all_tables(root: QWidget) -> None:
    """Every chart under ``root`` shown as its table (or all back to charts)."""
    panels = root.findChildren(ChartPanel)
    show_tables = not all(p.toggle.isChecked() for p in panels)
    for panel in panels:
        panel.toggle.setChecked(show_tables)


class ChartPanel(QWidget):
    """A chart and its figures as a table, one or the other, switched with a button (the table is the text
    alternative for anyone who cannot see the bars). A linked panel's bars and table rows open their records:
    ``chosen`` gives the bar's index and the part's (-1: the whole bar)."""

    chosen = Signal(int, int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.view = BarChartView(self)
        self.view.chosen.connect(self.chosen)
        self.table = QTableWidget(0, 3, self)
        self.table.setTabKeyNavigation(False)        # one Tab stop: arrows move inside
        self.table.setAccessibleName("The chart's figures as a table")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.activated.connect(self._cell_chosen)
        self.table.hide()
        self.toggle = QPushButton("Show as table", self)
        self.toggle.setCheckable(True)
        self.toggle.setAccessibleName("Show the chart as a table")
        self.toggle.setToolTip(f"Show the chart as a table, or back ({TABLES_KEY})")
        self.toggle.toggled.connect(self._show_table)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.view)
        layout.addWidget(self.table)

    def set_linked(self, linked: bool) -> None:
        """Bars and table cells open their records (Enter or a click on a bar, Enter or a double click on a cell)."""
        self.view.set_linked(linked)

    def set_chart(self, chart: BarChart) -> None:
        self.view.set_chart(chart)
        self.table.setAccessibleName(f"{chart.title} as a table")
        rows = [self._row(chart, bar) for bar in chart.bars]
        markers = [chart.marker_name] if any(bar.marker is not None for bar in chart.bars) else []
        headers = ["", chart.value_name, *(chart.series or markers)]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(rows))
        for n, row in enumerate(rows):
            for c, text in enumerate(row):
                self.table.setItem(n, c, QTableWidgetItem(text))
        self.table.setColumnHidden(2, all(bar.marker is None for bar in chart.bars))    # no reference values
        self.table.resizeColumnsToContents()
        self.table.setFixedHeight(self.table.horizontalHeader().height() + 4
                                  + sum(self.table.rowHeight(r) for r in range(len(chart.bars))))

    @staticmethod
    def _row(chart: BarChart, bar) -> list[str]:
        name = bar.label + (f" ({chart.flag_name.lower()})" if bar.flagged else "")
        if chart.series:
            parts = list(bar.parts) + [0.0] * (len(chart.series) - len(bar.parts))
            return [name, value_text(chart, bar), *(chart.number(p) for p in parts)]
        if not any(b.marker is not None for b in chart.bars):
            return [name, value_text(chart, bar)]
        marker = "" if bar.marker is None else f"{bar.marker:.1f}{chart.unit}"
        return [name, value_text(chart, bar), marker]

    def _cell_chosen(self, index) -> None:
        if self.view.linked:
            series = len(self.view.chart.series)
            self.chosen.emit(index.row(), index.column() - 2 if series and index.column() >= 2 else -1)

    def _show_table(self, on: bool) -> None:
        self.view.setVisible(not on)
        self.table.setVisible(on)
        self.toggle.setText("Show as chart" if on else "Show as table")
