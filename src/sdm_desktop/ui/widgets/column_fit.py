"""Column widths that fit the table on screen, so no column hides behind a horizontal scroll bar.

Each column has a preferred width; some may shrink down to a minimum (their text is then elided, and
its tooltip shows all of it). When the preferred widths do not fit the table, the shrinkable columns
give up width in proportion to how much each can give; the table scrolls sideways only when even
that is not enough. Once the user drags a column edge, or a saved layout is restored, their widths
are kept and nothing is fitted any more.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject
from PySide6.QtWidgets import QStyle, QTableView, QWidget


def text_margin(widget: QWidget) -> int:
    """The room an item view leaves around a cell's text (both sides together)."""
    return 2 * (widget.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1)


def width_for_text(table: QTableView, texts) -> int:
    """The width a column needs to show each of ``texts`` whole."""
    metrics = table.fontMetrics()
    return max((metrics.horizontalAdvance(t) for t in texts), default=0) + text_margin(table) + 4


class ColumnFit(QObject):
    def __init__(self, table: QTableView, widths: list[int], shrink_to: list[int | None]):
        super().__init__(table)
        self.table = table
        self.widths = list(widths)
        self.shrink_to = list(shrink_to)
        self.user_sized = False
        self._fitting = False
        table.horizontalHeader().sectionResized.connect(self._resized)
        table.viewport().installEventFilter(self)
        self.fit()

    @classmethod
    def of_columns(cls, table: QTableView, columns) -> ColumnFit:
        """For columns with ``width`` and ``shrink_to`` (None: keeps its width)."""
        return cls(table, [c.width for c in columns], [c.shrink_to for c in columns])

    def set_width(self, column: int, width: int, shrink_to: int | None = None) -> None:
        self.widths[column] = width
        self.shrink_to[column] = shrink_to
        self.fit()

    def fit(self) -> None:
        if self.user_sized:
            return
        header = self.table.horizontalHeader()
        shown = [i for i in range(min(len(self.widths), header.count())) if not header.isSectionHidden(i)]
        widths = {i: self.widths[i] for i in shown}
        excess = sum(widths.values()) - self.table.viewport().width()
        slack = {i: widths[i] - self.shrink_to[i] for i in shown
                 if self.shrink_to[i] is not None and widths[i] > self.shrink_to[i]}
        if excess > 0 and slack:
            share = min(1.0, excess / sum(slack.values()))
            for i, spare in slack.items():
                widths[i] -= int(spare * share + 0.999)          # round up: what is left fits
        self._fitting = True
        try:
            for i, width in widths.items():
                header.resizeSection(i, width)
        finally:
            self._fitting = False

    def restore(self, state) -> bool:
        """Put back a layout the user made; from then on it is theirs."""
        if isinstance(state, QByteArray) and self.table.horizontalHeader().restoreState(state):
            self.user_sized = True
        return self.user_sized

    def state(self) -> QByteArray | None:
        """The layout to remember, or None when the widths are still the fitted defaults."""
        return self.table.horizontalHeader().saveState() if self.user_sized else None

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt name
        if event.type() == QEvent.Type.Resize and not self.user_sized:
            self.fit()
        return False

    def _resized(self, index: int, _old: int, _new: int) -> None:
        if self._fitting:
            return
        header = self.table.horizontalHeader()
        last = max((i for i in range(header.count()) if not header.isSectionHidden(i)), default=-1)
        if header.stretchLastSection() and index == last:
            return                          # the header filling the row, not the user
        self.user_sized = True
