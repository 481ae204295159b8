"""A month-by-month timeline (Gantt-like) of a plan's activities, drawn on a QGraphicsScene,
printable and exportable as PDF."""

from __future__ import annotations

import calendar
import os
import tempfile
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView

from sdm_desktop.services.engagement.activities import ActivityRow

LABEL_W = 220
MONTH_W = 84
ROW_H = 28
HEADER_H = 46
TITLE_H = 30
LEGEND_H = 34
STATUS_COLOURS = {"planned": "#4a7bd0", "in_progress": "#d98e04", "done": "#2e8540", "cancelled": "#9a9a9a"}
# A pattern over the colour tells the statuses apart without colour (colour-blind users, grey print).
STATUS_PATTERNS = {"planned": Qt.BrushStyle.NoBrush, "in_progress": Qt.BrushStyle.BDiagPattern,
                   "done": Qt.BrushStyle.CrossPattern, "cancelled": Qt.BrushStyle.DiagCrossPattern}
PATTERN_COLOUR = "#ffffff"
OVERDUE_COLOUR = "#c0392b"
MAX_MONTHS = 60
SCREEN_DPI = 96               # scene units are screen pixels
PAGE_LABEL_W = 110            # room kept at the top right of a printed page for "Page n of m"
MIN_PRINT_SCALE = 0.7         # of the on-screen size; smaller and the names are hard to read, so use more pages


def month_span(first: date, last: date) -> list[date]:
    """The first day of every month from ``first``'s month to ``last``'s month (at most five years)."""
    months, current = [], date(first.year, first.month, 1)
    while current <= last and len(months) < MAX_MONTHS:
        months.append(current)
        current = date(current.year + (current.month == 12), current.month % 12 + 1, 1)
    return months


def date_x(day: date, months: list[date]) -> float:
    """Horizontal position of a day, in pixels from the left of the month grid."""
    index = (day.year - months[0].year) * 12 + day.month - months[0].month
    days = calendar.monthrange(day.year, day.month)[1]
    index = max(0, min(index, len(months)))
    return (index + (day.day - 1) / days) * MONTH_W


class ActivityGantt(QGraphicsView):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        # A picture with colours of its own (dark text, light month bands): on white in every theme, or a
        # dark high-contrast theme's black base would hide the text.
        self.scene().setBackgroundBrush(QBrush(QColor("#ffffff")))
        self.setAccessibleName("Timeline of the plan's activities by month")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.title = ""
        self.rows: list[ActivityRow] = []
        self.months: list[date] = []
        self.bars: dict[int, QRectF] = {}       # activity id -> bar rectangle, for tests and tooltips

    def show_plan(self, title: str, rows: list[ActivityRow], start: date | None = None,
                  end: date | None = None, today: date | None = None) -> None:
        self.title, self.rows = title, rows
        today = today or date.today()
        scene = self.scene()
        scene.clear()
        self.bars.clear()
        dated = [r for r in rows if r.planned_date]
        days = [d for r in dated for d in (r.planned_date, r.end_date) if d] + [d for d in (start, end) if d]
        font = QFont(self.font())
        scene.addSimpleText(title or "Plan", self._bold(font, 2)).setPos(8, 4)
        if not days:
            self.months = []
            scene.addSimpleText("No dated activities yet: give activities a planned date to see them here.",
                                font).setPos(8, TITLE_H + 8)
            self._describe()
            return
        self.months = month_span(min(days), max(days))
        self._grid(font, len(rows), today)
        for n, row in enumerate(rows):
            self._row(n, row, font)
        self._legend(font, len(rows))
        scene.setSceneRect(scene.itemsBoundingRect().adjusted(-4, -4, 8, 8))
        self._describe()

    # --- drawing ----------------------------------------------------------------------------
    @staticmethod
    def _bold(font: QFont, bigger: int = 0) -> QFont:
        out = QFont(font)
        out.setBold(True)
        out.setPointSize(max(8, font.pointSize() + bigger))
        return out

    def _grid(self, font: QFont, n_rows: int, today: date) -> None:
        scene = self.scene()
        top, height = TITLE_H, HEADER_H + n_rows * ROW_H
        line = QPen(QColor("#c8c8c8"))
        shade = QBrush(QColor("#f3f5f9"))
        for n, month in enumerate(self.months):
            x = LABEL_W + n * MONTH_W
            if n % 2 == 0:
                scene.addRect(x, top, MONTH_W, height, QPen(Qt.PenStyle.NoPen), shade)
            scene.addLine(x, top, x, top + height, line)
            scene.addSimpleText(month.strftime("%b"), self._bold(font)).setPos(x + 6, top + 4)
            scene.addSimpleText(str(month.year), font).setPos(x + 6, top + 22)
        right = LABEL_W + len(self.months) * MONTH_W
        scene.addLine(right, top, right, top + height, line)
        scene.addLine(0, top + HEADER_H, right, top + HEADER_H, line)
        if self.months[0] <= today < _after(self.months[-1]):
            x = LABEL_W + date_x(today, self.months)
            marker = scene.addLine(x, top, x, top + height, QPen(QColor(OVERDUE_COLOUR), 2, Qt.PenStyle.DashLine))
            marker.setToolTip(f"Today, {today:%d %b %Y}")
            scene.addSimpleText("today", font).setPos(x + 3, top + height + 2)

    def _row(self, n: int, row: ActivityRow, font: QFont) -> None:
        scene = self.scene()
        y = TITLE_H + HEADER_H + n * ROW_H
        label = row.title if len(row.title) <= 27 else row.title[:26] + "…"
        scene.addSimpleText(label, font).setPos(6, y + 6)
        scene.addLine(0, y + ROW_H, LABEL_W + len(self.months) * MONTH_W, y + ROW_H, QPen(QColor("#e2e2e2")))
        if not row.planned_date:
            scene.addSimpleText("no date", font).setPos(LABEL_W + 6, y + 6)
            return
        last = row.end_date or row.planned_date
        x1 = LABEL_W + date_x(row.planned_date, self.months)
        x2 = LABEL_W + date_x(last + timedelta(days=1), self.months)
        rect = QRectF(x1, y + 5, max(10.0, x2 - x1), ROW_H - 10)
        pen = QPen(QColor(OVERDUE_COLOUR), 3) if row.overdue else QPen(QColor("#333333"), 1)
        bar = self._status_rect(rect, pen, row.status_code)
        bar.setToolTip(f"{row.title}\n{row.when}\n{row.status_text} · {row.level} · {row.method}"
                       + (f"\nOwner: {row.owner}" if row.owner else ""))
        self.bars[row.id] = rect

    def _status_rect(self, rect: QRectF, pen: QPen, status_code: str):
        """A rectangle in the status's colour with its pattern on top; returns the coloured one."""
        scene = self.scene()
        bar = scene.addRect(rect, pen, QBrush(QColor(STATUS_COLOURS.get(status_code, STATUS_COLOURS["planned"]))))
        pattern = STATUS_PATTERNS.get(status_code, Qt.BrushStyle.NoBrush)
        if pattern != Qt.BrushStyle.NoBrush:
            overlay = scene.addRect(rect, QPen(Qt.PenStyle.NoPen), QBrush(QColor(PATTERN_COLOUR), pattern))
            overlay.setAcceptHoverEvents(False)
            overlay.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        return bar

    def _legend(self, font: QFont, n_rows: int) -> None:
        scene = self.scene()
        y = TITLE_H + HEADER_H + n_rows * ROW_H + 20
        x = 6.0
        for code, text in (("planned", "Planned"), ("in_progress", "In progress"), ("done", "Done"),
                           ("cancelled", "Cancelled")):
            self._status_rect(QRectF(x, y + 2, 16, 12), QPen(QColor("#333333")), code)
            item = scene.addSimpleText(text, font)
            item.setPos(x + 22, y)
            x += 34 + item.boundingRect().width()
        scene.addRect(x, y + 2, 16, 12, QPen(QColor(OVERDUE_COLOUR), 3), QBrush(Qt.BrushStyle.NoBrush))
        scene.addSimpleText("Overdue (red outline)", font).setPos(x + 22, y)

    def _describe(self) -> None:
        parts = [f"{r.title}: {r.when or 'no date'}, {r.status_text}" for r in self.rows[:30]]
        self.setAccessibleDescription("; ".join(parts) or "No activities")

    # --- output -----------------------------------------------------------------------------
    def render_page(self, painter: QPainter, target: QRectF) -> None:
        source = self.scene().sceneRect()
        self.scene().render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)

    def export_pdf(self, path: Path) -> Path:
        """Write the timeline as landscape A4 pages, all-or-nothing (temporary file, then rename)."""
        path = Path(path)
        handle, temp = tempfile.mkstemp(prefix=".timeline-", suffix=".pdf", dir=path.parent)
        os.close(handle)
        try:
            writer = QPdfWriter(temp)
            writer.setTitle(self.title or "Engagement plan timeline")
            writer.setCreator("SDM Desktop")
            writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                                             QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter))
            writer.setResolution(150)
            self.print_to(writer)
            del writer
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        return path

    def print_to(self, printer) -> int:
        """Paint the timeline on the printer (or PDF writer): on one page when it stays readable there,
        else on as many pages as it needs, each with the title, the months and the activity names.
        Returns the number of pages."""
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError("The printer could not be started.")
        try:
            rect = printer.pageLayout().paintRectPixels(printer.resolution())
            width, height = float(rect.width()), float(rect.height())
            natural = printer.resolution() / SCREEN_DPI
            source = self.scene().sceneRect()
            fit = min(width / source.width(), height / source.height())
            if not self.months or fit >= MIN_PRINT_SCALE * natural:
                self.render_page(painter, QRectF(0, 0, width, height))
                return 1
            scale = min(max(width / source.width(), MIN_PRINT_SCALE * natural), natural)
            pages = self.page_plan(width / scale, height / scale)
            for n, (rows, months) in enumerate(pages):
                if n:
                    printer.newPage()
                painter.save()
                painter.scale(scale, scale)
                self._paint_page(painter, rows, months, width / scale, f"Page {n + 1} of {len(pages)}")
                painter.restore()
            return len(pages)
        finally:
            painter.end()

    def page_plan(self, page_width: float, page_height: float) -> list[tuple[range, range]]:
        """(rows, months) on each page for a page of this size in scene units: the months across first."""
        source = self.scene().sceneRect()
        rows_top = TITLE_H + HEADER_H
        footer = source.bottom() - (rows_top + len(self.rows) * ROW_H)
        per_page = max(1, int((page_height - (rows_top - source.top()) - footer) // ROW_H))
        across = max(1, int((page_width - (LABEL_W - source.left()) - 2) // MONTH_W))
        row_chunks = [range(r, min(r + per_page, len(self.rows))) for r in range(0, max(1, len(self.rows)), per_page)]
        month_chunks = [range(m, min(m + across, len(self.months))) for m in range(0, len(self.months), across)]
        return [(rows, months) for months in month_chunks for rows in row_chunks]

    def _paint_page(self, painter: QPainter, rows: range, months: range, page_width: float, label: str) -> None:
        """One page, in scene units: title, then the names and the chosen months of the chosen rows."""
        scene, source = self.scene(), self.scene().sceneRect()
        left, top = source.left(), source.top()
        rows_top = TITLE_H + HEADER_H
        grid_bottom = rows_top + len(self.rows) * ROW_H
        x0, months_w = LABEL_W + months.start * MONTH_W, len(months) * MONTH_W + 1
        y0, rows_h = rows_top + rows.start * ROW_H, len(rows) * ROW_H + 1

        def copy(x: float, y: float, w: float, h: float, to_x: float, to_y: float) -> None:
            scene.render(painter, QRectF(to_x, to_y, w, h), QRectF(x, y, w, h), Qt.AspectRatioMode.IgnoreAspectRatio)

        copy(left, top, page_width - PAGE_LABEL_W, TITLE_H - top, 0, 0)                # title, clear of "Page n of m"
        copy(left, TITLE_H, LABEL_W - left, HEADER_H, 0, TITLE_H - top)                 # corner
        copy(x0, TITLE_H, months_w, HEADER_H, LABEL_W - left, TITLE_H - top)            # month headings
        copy(left, y0, LABEL_W - left, rows_h, 0, rows_top - top)                       # activity names
        copy(x0, y0, months_w, rows_h, LABEL_W - left, rows_top - top)                  # bars
        below = rows_top - top + len(rows) * ROW_H
        copy(x0, grid_bottom, months_w, 18, LABEL_W - left, below)                      # "today" under the grid
        copy(left, grid_bottom + 18, page_width, source.bottom() - grid_bottom - 18, 0, below + 18)   # legend
        font = QFont(self.font())
        font.setPixelSize(12)
        painter.setFont(font)
        painter.setPen(QColor("#333333"))
        painter.drawText(QRectF(0, 0, page_width - 8, TITLE_H - top), Qt.AlignmentFlag.AlignRight
                         | Qt.AlignmentFlag.AlignVCenter, label)


def _after(month: date) -> date:
    return date(month.year + (month.month == 12), month.month % 12 + 1, 1)
