"""The board summary laid out by the app on ONE A4 page, whatever the data: every section has a fixed box, long
text is cut with "…" to its box, lists are capped with "and N more", and the chart is the shared renderer's.

Positions are in points (1/72 inch) from the page's top left corner, turned into the PDF's device pixels."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from sdm_desktop.errors import UserError
from sdm_desktop.services.reach.suppression import NOTE
from sdm_desktop.services.reporting.board import BoardSummary
from sdm_desktop.ui.common.charts import PRINT_PALETTE, paint_bar_chart

PAGE_W, PAGE_H = 595.0, 842.0         # A4 in points
MARGIN = 36.0
WIDTH = PAGE_W - 2 * MARGIN
DPI = 300
INK, MUTED, RULE, TILE = QColor("#000000"), QColor("#404040"), QColor("#9a9a9a"), QColor("#f0f0f0")
GAPS_SHOWN = 6
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTRE = Qt.AlignmentFlag.AlignCenter
WRAP = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap


class Page:
    """A painter on the PDF page that takes points and keeps every text inside its box."""

    def __init__(self, painter: QPainter, dots_per_point: float):
        self.painter, self.k = painter, dots_per_point

    def box(self, x: float, y: float, w: float, h: float) -> QRectF:
        return QRectF(x * self.k, y * self.k, w * self.k, h * self.k)

    def font(self, size: float, bold: bool = False) -> None:
        font = QFont("Arial")
        font.setPixelSize(max(1, round(size * self.k)))
        font.setBold(bold)
        self.painter.setFont(font)

    def line(self, x, y, w, h, text: str, size: float = 9, bold: bool = False, align=LEFT, colour=INK) -> None:
        """One line, cut with "…" to the box's width."""
        self.font(size, bold)
        rect = self.box(x, y, w, h)
        self.painter.setPen(colour)
        shown = self.painter.fontMetrics().elidedText(" ".join(text.split()), Qt.TextElideMode.ElideRight,
                                                      int(rect.width()))
        self.painter.drawText(rect, align, shown)

    def para(self, x, y, w, h, text: str, size: float = 9, bold: bool = False, colour=INK) -> None:
        """Wrapped text cut at a word with "…" so that it fits the box's height."""
        self.font(size, bold)
        rect = self.box(x, y, w, h)
        self.painter.setPen(colour)
        words = " ".join(text.split()).split(" ")
        shown = " ".join(words)
        if not self._fits(rect, shown):
            low, high = 0, len(words)
            while low < high:                       # the most words that fit, with "…"
                middle = (low + high + 1) // 2
                if self._fits(rect, " ".join(words[:middle]) + "…"):
                    low = middle
                else:
                    high = middle - 1
            shown = " ".join(words[:low]) + "…" if low else self.painter.fontMetrics().elidedText(
                shown, Qt.TextElideMode.ElideRight, int(rect.width()))
        self.painter.drawText(rect, WRAP, shown)

    def _fits(self, rect: QRectF, text: str) -> bool:
        needed = self.painter.fontMetrics().boundingRect(rect.toRect(), int(WRAP), text)
        return needed.height() <= rect.height() and needed.width() <= rect.width() + 1

    def heading(self, x, y, w, text: str) -> float:
        self.line(x, y, w, 14, text, 10.5, bold=True)
        self.rule(x, y + 14.5, w)
        return y + 18

    def rule(self, x, y, w, colour=RULE) -> None:
        self.painter.setPen(QPen(colour, max(1.0, 0.6 * self.k)))
        self.painter.drawLine(self.box(x, y, w, 0).topLeft(), self.box(x, y, w, 0).topRight())

    def tile(self, x, y, w, h) -> None:
        self.painter.setPen(QPen(RULE, max(1.0, 0.5 * self.k)))
        self.painter.setBrush(TILE)
        self.painter.drawRect(self.box(x, y, w, h))
        self.painter.setBrush(Qt.BrushStyle.NoBrush)


def _header(page: Page, s: BoardSummary, y: float) -> float:
    page.line(MARGIN, y, WIDTH, 22, s.programme, 16, bold=True)
    page.line(MARGIN, y + 22, WIDTH, 16, f"Board summary: {s.period_text}", 11.5)
    page.line(MARGIN, y + 38, WIDTH, 12, f"Changes are against the period before, {s.before_text}. Prepared on "
              f"{s.made_on:%d %b %Y}.", 8, colour=MUTED)
    page.rule(MARGIN, y + 53, WIDTH, INK)
    return y + 58


def _figures(page: Page, s: BoardSummary, y: float) -> float:
    y = page.heading(MARGIN, y, WIDTH, "Key figures")
    columns, gap, h = 4, 6.0, 46.0
    w = (WIDTH - gap * (columns - 1)) / columns
    for n, figure in enumerate(s.figures[:8]):
        x, top = MARGIN + (n % columns) * (w + gap), y + (n // columns) * (h + gap)
        page.tile(x, top, w, h)
        page.line(x + 5, top + 2, w - 10, 20, f"{figure.now:,}", 16, bold=True)
        page.line(x + 5, top + 22, w - 10, 11, figure.name, 8.5)
        page.line(x + 5, top + 33, w - 10, 11, figure.change, 7.5, colour=MUTED)
    rows = (min(len(s.figures), 8) + columns - 1) // columns
    return y + max(1, rows) * (h + gap) + 2


def _chart_and_grid(page: Page, s: BoardSummary, y: float) -> float:
    h, chart_w = 150.0, WIDTH * 0.71
    rect = page.box(MARGIN, y, chart_w, h)
    paint_bar_chart(page.painter, rect, s.activity_by_level, PRINT_PALETTE, 0.54 * page.k)
    x, w = MARGIN + chart_w + 12, WIDTH - chart_w - 12
    top = page.heading(x, y, w, "Analysis grid")
    page.line(x, top, w, 11, f"{s.quadrant_total:,} stakeholders, latest assessments", 7, colour=MUTED)
    counts = dict(s.quadrants)
    cell_w, cell_h, top = w / 2 - 2, 44.0, top + 14
    layout = [("Keep satisfied", 0, 0), ("Manage closely", 1, 0), ("Monitor", 0, 1), ("Keep informed", 1, 1)]
    for name, column, row in layout:
        cx, cy = x + column * (cell_w + 4), top + row * (cell_h + 4)
        page.tile(cx, cy, cell_w, cell_h)
        page.line(cx, cy + 3, cell_w, 20, f"{counts.get(name, 0):,}", 15, bold=True, align=CENTRE)
        page.line(cx + 2, cy + 24, cell_w - 4, 14, name, 8.5, align=CENTRE)
    page.line(x, top + 2 * cell_h + 8, w, 11, "Up: more influence. Right: more interest.", 7, colour=MUTED)
    return y + h + 8


def _you_said(page: Page, s: BoardSummary, y: float) -> float:
    y = page.heading(MARGIN, y, WIDTH, "You said, we did (the latest in the period)")
    if not s.you_said:
        page.line(MARGIN, y, WIDTH, 13, "No feedback in the period is recorded with the change it led to.", 9)
    for n, item in enumerate(s.you_said):
        top = y + n * 27
        page.line(MARGIN, top, 56, 13, f"{item.on:%d %b %Y}", 8, colour=MUTED)
        page.line(MARGIN + 58, top, WIDTH - 58, 13, f"You said: {item.said or '(no summary)'}", 9)
        page.line(MARGIN + 58, top + 12, WIDTH - 58, 13, f"We did: {item.did}", 9, bold=True)
    if s.you_said_more:
        page.line(MARGIN + 58, y + 81, WIDTH - 58, 12, f"and {s.you_said_more:,} more in the period", 8,
                  colour=MUTED)
    return y + 96


def _training_and_reach(page: Page, s: BoardSummary, y: float) -> float:
    half = (WIDTH - 14) / 2
    top = page.heading(MARGIN, y, half, "Training reach")
    page.para(MARGIN, top, half, 52, s.training_text, 9)
    x = MARGIN + half + 14
    top = page.heading(x, y, half, "Who was reached, by deprivation (IMD quintile)")
    for n, (quintile, count) in enumerate(s.reached_by_quintile[:6]):
        page.line(x, top + n * 12.5, half - 60, 12.5, quintile, 8.5)
        page.line(x + half - 60, top + n * 12.5, 60, 12.5, count, 8.5, bold=True, align=RIGHT)
    page.para(x, top + 77, half, 30, NOTE, 6.5, colour=MUTED)
    return y + 18 + 110


def _risks(page: Page, s: BoardSummary, y: float) -> float:
    y = page.heading(MARGIN, y, WIDTH, "Risks")
    page.line(MARGIN, y, WIDTH, 13, s.overdue_text, 9)
    page.para(MARGIN, y + 13, WIDTH, 24, s.gaps_text, 9)
    half = (WIDTH - 14) / 2
    for n, gap in enumerate(s.gaps[:GAPS_SHOWN]):
        page.line(MARGIN + 8 + (n % 2) * (half + 14), y + 37 + (n // 2) * 12, half - 8, 12, f"• {gap.describe()}",
                  8)
    if len(s.gaps) > GAPS_SHOWN:
        page.line(MARGIN + 8, y + 73, WIDTH - 8, 12, f"and {len(s.gaps) - GAPS_SHOWN:,} more (see Analysis → "
                  "Coverage)", 8, colour=MUTED)
    return y + 88


def _data_protection(page: Page, s: BoardSummary, y: float) -> float:
    y = page.heading(MARGIN, y, WIDTH, "Data protection")
    page.para(MARGIN, y, WIDTH, 26, s.data_protection_text, 9)
    return y + 28


def paint_board(painter: QPainter, summary: BoardSummary, dots_per_point: float) -> float:
    """Draw the page; returns where the content ends, in points (never past the bottom margin)."""
    page = Page(painter, dots_per_point)
    y = MARGIN
    for section in (_header, _figures, _chart_and_grid, _you_said, _training_and_reach, _risks, _data_protection):
        y = section(page, summary, y)
    page.line(MARGIN, PAGE_H - MARGIN - 10, WIDTH, 10, "Written by SDM Desktop from the programme's records.", 7,
              colour=MUTED)
    return y


def write_board_pdf(summary: BoardSummary, path: Path) -> None:
    """The summary as a one-page A4 PDF at ``path`` (services/reporting/board_report.WritePdf)."""
    writer = QPdfWriter(str(path))
    writer.setResolution(DPI)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point))
    writer.setTitle(f"Board summary: {summary.programme}, {summary.period_text}")
    writer.setCreator("SDM Desktop")
    painter = QPainter()
    if not painter.begin(writer):
        raise UserError(f"Cannot write the board summary to {path}: the PDF could not be opened for writing.")
    try:
        paint_board(painter, summary, writer.resolution() / 72.0)
    finally:
        painter.end()
