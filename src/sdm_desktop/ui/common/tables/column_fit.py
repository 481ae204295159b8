"""Column widths that fit the table on screen, so no column hides behind a horizontal scroll bar.

Each column has a preferred width; some may shrink down to a minimum (their text is then elided, and
its tooltip shows all of it). When the preferred widths do not fit the table, the shrinkable columns
give up width in proportion to how much each can give. When even that is not enough, columns marked
with a drop order (what is shown elsewhere too, e.g. beside the table) are hidden, lowest number
first, and come back when there is room; the table scrolls sideways only after that. Right-clicking
the header lists the columns to show or hide. Once the user drags a column edge, picks columns, or a
saved layout is restored, their layout is kept and nothing is fitted any more.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt
from PySide6.QtWidgets import QMenu, QStyledItemDelegate, QTableView, QWidget


def text_margin(widget: QWidget) -> int:
    """The room an item view leaves around a cell's text (both sides together)."""
    from PySide6.QtWidgets import QStyle  # named when needed: PySide makes QStyle's enums then (16 ms)

    return 2 * (widget.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1)


def width_for_text(table: QTableView, texts) -> int:
    """The width a column needs to show each of ``texts`` whole."""
    metrics = table.fontMetrics()
    return max((metrics.horizontalAdvance(t) for t in texts), default=0) + text_margin(table) + 4


class KeepTheEnd(QStyledItemDelegate):
    """Names shortened in the middle: a GP practice and its PPG share their beginning ("Ashcombe & District
    Fa…") and differ at the end, which stays in view ("Ashcombe & Di…ation Group")."""

    def initStyleOption(self, option, index) -> None:  # noqa: N802 - Qt's name
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle


class ColumnFit(QObject):
    def __init__(self, table: QTableView, widths: list[int], shrink_to: list[int | None],
                 drop_order: list[int | None] | None = None):
        super().__init__(table)
        self.table = table
        self.widths = list(widths)
        self.shrink_to = list(shrink_to)
        self.drop_order = list(drop_order or [None] * len(widths))
        self.dropped: set[int] = set()          # hidden by fit(), not by the user
        self.user_sized = False
        self._fitting = False
        header = table.horizontalHeader()
        header.sectionResized.connect(self._resized)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(lambda pos: self._popup(self.column_menu(), header, pos))
        # The table's own menu (right-click, the Menu key or Shift+F10): sorting and columns by keyboard,
        # since the header cannot take the focus.
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(lambda pos: self._popup(self.table_menu(), table.viewport(), pos))
        table.viewport().installEventFilter(self)
        self.fit()

    @classmethod
    def menus_only(cls, table: QTableView) -> ColumnFit:
        """The table's menu and the header's column menu, for a table whose widths its code sets: nothing is
        fitted (the layout counts as set), but sorting and columns are reachable from the keyboard."""
        fit = cls(table, [], [])
        fit.user_sized = True
        return fit

    @classmethod
    def of_columns(cls, table: QTableView, columns) -> ColumnFit:
        """For columns with ``width``, ``shrink_to`` (None: keeps its width) and optionally ``drop_order``."""
        return cls(table, [c.width for c in columns], [c.shrink_to for c in columns],
                   [getattr(c, "drop_order", None) for c in columns])

    def set_width(self, column: int, width: int, shrink_to: int | None = None) -> None:
        self.widths[column] = width
        self.shrink_to[column] = shrink_to
        self.fit()

    def fit(self) -> None:
        if self.user_sized:
            return
        header = self.table.horizontalHeader()
        room = self.table.viewport().width()
        wanted = [i for i in range(min(len(self.widths), header.count()))
                  if i in self.dropped or not header.isSectionHidden(i)]
        droppable = sorted((i for i in wanted if self.drop_order[i] is not None), key=lambda i: self.drop_order[i])
        shown, gone = list(wanted), []
        widths = self._shrunk(shown, room)
        while sum(widths.values()) > room and droppable:
            gone.append(droppable.pop(0))
            shown.remove(gone[-1])
            widths = self._shrunk(shown, room)
        for i in reversed(gone[:-1]):            # one dropped later may have made room for one dropped earlier
            trial = self._shrunk(sorted(shown + [i]), room)
            if sum(trial.values()) <= room:
                shown, widths = sorted(shown + [i]), trial
        self._fitting = True
        try:
            for i in wanted:
                header.setSectionHidden(i, i not in widths)
            for i, width in widths.items():
                header.resizeSection(i, width)
        finally:
            self._fitting = False
        self.dropped = set(wanted) - set(shown)

    def _shrunk(self, shown: list[int], room: int) -> dict[int, int]:
        """The widths of these columns, the shrinkable ones narrowed towards their minimum to fit ``room``."""
        widths = {i: self.widths[i] for i in shown}
        excess = sum(widths.values()) - room
        slack = {i: widths[i] - self.shrink_to[i] for i in shown
                 if self.shrink_to[i] is not None and widths[i] > self.shrink_to[i]}
        if excess > 0 and slack:
            share = min(1.0, excess / sum(slack.values()))
            for i, spare in slack.items():
                widths[i] -= int(spare * share + 0.999)          # round up: what is left fits
        return widths

    def _titles(self) -> list[str]:
        model, header = self.table.model(), self.table.horizontalHeader()
        return [str(model.headerData(i, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "")
                for i in range(header.count())]

    def column_menu(self, parent: QWidget | None = None) -> QMenu:
        """A tick for each column: shown or not."""
        header = self.table.horizontalHeader()
        menu = QMenu("&Columns", parent or self.table)
        menu.setAccessibleName("Columns to show")
        for i, title in enumerate(self._titles()):
            action = menu.addAction(title)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(i))
            action.toggled.connect(lambda on, column=i: self.show_column(column, on))
        return menu

    def table_menu(self) -> QMenu:
        """Sort by any shown column (either way) and choose the columns."""
        menu = QMenu(self.table)
        menu.setAccessibleName(f"{self.table.accessibleName() or 'Table'}: sort and columns")
        header = self.table.horizontalHeader()
        if self.table.isSortingEnabled():
            sort = menu.addMenu("&Sort by")
            for i, title in enumerate(self._titles()):
                if header.isSectionHidden(i) or not title:
                    continue
                for order, words in ((Qt.SortOrder.AscendingOrder, "A to Z, first to last"),
                                     (Qt.SortOrder.DescendingOrder, "Z to A, last to first")):
                    action = sort.addAction(f"{title} ({words})")
                    action.triggered.connect(lambda _c=False, column=i, o=order: self.table.sortByColumn(column, o))
        menu.addMenu(self.column_menu(menu))
        return menu

    @staticmethod
    def _popup(menu: QMenu, widget: QWidget, pos) -> None:
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(widget.mapToGlobal(pos))

    def show_column(self, column: int, shown: bool) -> None:
        """The user's choice: from now on the layout is theirs (kept and remembered)."""
        header = self.table.horizontalHeader()
        if not shown and header.count() - header.hiddenSectionCount() <= 1:
            return                                        # keep at least one column
        self.user_sized = True
        self.dropped.discard(column)
        header.setSectionHidden(column, not shown)
        if shown and header.sectionSize(column) < 20:
            header.resizeSection(column, self.widths[column] if column < len(self.widths) else 100)

    def restore(self, state) -> bool:
        """Put back a layout the user made; from then on it is theirs."""
        if isinstance(state, QByteArray) and self.table.horizontalHeader().restoreState(state):
            self.user_sized = True
        return self.user_sized

    def state(self) -> QByteArray | None:
        """The layout to remember, or None when the widths are still the fitted defaults."""
        return self.table.horizontalHeader().saveState() if self.user_sized else None

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Resize and not self.user_sized:
            self.fit()
        return False

    def _resized(self, index: int, old: int, new: int) -> None:
        header = self.table.horizontalHeader()
        if self._fitting or old == 0 or new == 0 or header.isSectionHidden(index):
            return                          # hiding or showing (Qt may tell later): not a drag of its edge
        last = max((i for i in range(header.count()) if not header.isSectionHidden(i)), default=-1)
        if header.stretchLastSection() and index == last:
            return                          # the header filling the row, not the user
        self.user_sized = True
