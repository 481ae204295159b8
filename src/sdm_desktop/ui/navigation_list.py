"""The list of views down the left of the main window: a narrow rail, each view an icon with its name
below it (a count such as "(16 due)" wraps onto a second line), the current one highlighted and in bold. Narrower
than a list of names, so a laptop's screen is left to the views."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QFontMetrics, QIcon, QPainter, QPainterPath, QPalette
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyledItemDelegate

from sdm_desktop.ui.common.first_frame.painting import draw_dotted_outline, draw_words
from sdm_desktop.ui.common.first_frame.qt_numbers import (  # the rail is in the first frame: no Qt enum is named
    ACCESSIBLE_TEXT_ROLE,
    ALIGN_H_CENTRE,
    ALIGN_TOP,
    DECORATION_ROLE,
    DISPLAY_ROLE,
    FONT_ROLE,
    SCROLL_BAR_ALWAYS_OFF,
    TEXT_WORD_WRAP,
)

NAV_ICON_SIZE = 24
PADDING = 10            # around each entry's icon and words, inside its highlight
COMPACT_PADDING = 4     # the least, on a low screen
LINES = 2               # a name, and a count on the line below
CENTRED_AND_WRAPPED = ALIGN_H_CENTRE | ALIGN_TOP | TEXT_WORD_WRAP


class NavigationList(QListWidget):
    """Entries are (icon, title, shortcut); ``fit(texts)``, called once built, sizes the rail for the longest words
    shown."""

    def __init__(self, entries: list[tuple[QIcon, str, str]]):
        super().__init__()
        self.setAccessibleName("Views")
        self.setUniformItemSizes(True)
        self.setProperty("horizontalScrollBarPolicy", SCROLL_BAR_ALWAYS_OFF)
        self.setWordWrap(True)
        self.setIconSize(QSize(NAV_ICON_SIZE, NAV_ICON_SIZE))
        self.setSpacing(2)
        self.setMouseTracking(True)                     # the entry under the pointer is shaded
        self.hovered_row = -1
        self.entered.connect(lambda index: self._hover(index.row()))
        self.viewportEntered.connect(lambda: self._hover(-1))
        self.entry_width = self.lines_height = NAV_ICON_SIZE
        self.setItemDelegate(_RailEntry(self))
        for an_icon, title, shortcut in entries:
            item = QListWidgetItem(an_icon, title)
            item.setToolTip(f"{title} ({shortcut})")
            item.setData(ACCESSIBLE_TEXT_ROLE, title)
            self.addItem(item)
        self.currentRowChanged.connect(self.mark_current)

    def fit(self, texts: list[str]) -> int:
        """Each entry as wide as the widest word (in bold) and tall enough for the icon and two lines;
        the rail just wide enough for them. Returns the rail's width."""
        bold = self.font()
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        widest = max(metrics.horizontalAdvance(word) for text in texts for word in text.split("  "))
        self.lines_height = NAV_ICON_SIZE + LINES * metrics.lineSpacing()
        self.entry_width = max(widest, NAV_ICON_SIZE) + 2 * PADDING
        width = self.entry_width + 2 * self.spacing() + 2 * self.frameWidth() + 2
        self.doItemsLayout()
        self.setFixedWidth(width)
        return width

    def entry_size(self) -> QSize:
        """The width ``fit`` found; the entries closer together when the window is too low for every view at full
        spacing (a laptop at 1366×768 with ten views), so that none hides below a scroll bar. Asked for at each
        layout: a list that wraps its words lays itself out again whenever it is resized."""
        # The contents, not viewport(): PySide would look through every widget class (16 ms) to type its answer.
        room = self.contentsRect().height() // max(self.count(), 1) - 2 * self.spacing()
        padding = max(COMPACT_PADDING, min(PADDING, (room - self.lines_height) // 2))
        return QSize(self.entry_width, self.lines_height + 2 * padding)

    def leaveEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().leaveEvent(event)
        self._hover(-1)

    def _hover(self, row: int) -> None:
        if row != self.hovered_row:
            self.hovered_row = row
            self.viewport().update()

    def padding(self, entry_height: int) -> int:
        return (entry_height - self.lines_height) // 2

    def mark_current(self, row: int) -> None:
        """The view shown is in bold as well as highlighted: clear even where the highlight is faint."""
        for index in range(self.count()):
            item = self.item(index)
            font = item.font()
            font.setBold(index == row)
            item.setFont(font)


class _RailEntry(QStyledItemDelegate):
    """One entry: the icon centred above the words, on a rounded highlight when current; colours from the
    palette (so a high-contrast theme's are used)."""

    def __init__(self, rail: NavigationList):
        super().__init__(rail)
        self.rail = rail

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 (Qt's name)
        return self.rail.entry_size()

    def paint(self, painter: QPainter, option, index) -> None:
        # The entry's state comes from the rail, not ``option.state``: reading that would make PySide build QStyle's
        # Python enums (16 ms) during the window's first paint.
        rail, row = self.rail, index.row()
        selected = row == rail.currentRow()
        palette = option.palette
        box = option.rect.adjusted(3, 2, -3, -2)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if selected or row == rail.hovered_row:
            role = QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Midlight
            shape = QPainterPath()
            shape.addRoundedRect(box, 6, 6)
            painter.fillPath(shape, palette.brush(role))
        mode = QIcon.Mode.Selected if selected else QIcon.Mode.Normal
        icon_box = QRect(box.center().x() - NAV_ICON_SIZE // 2, box.top() + rail.padding(option.rect.height()) - 2,
                         NAV_ICON_SIZE, NAV_ICON_SIZE)
        index.data(DECORATION_ROLE).paint(painter, icon_box, mode=mode)      # centred in the box
        font = index.data(FONT_ROLE) or option.font
        words = QRect(box.left() + 2, icon_box.bottom() + 4, box.width() - 4, box.bottom() - icon_box.bottom() - 4)
        colour = palette.brush(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        draw_words(painter, words, CENTRED_AND_WRAPPED, index.data(DISPLAY_ROLE), font, colour,
                   rail.devicePixelRatioF())
        painter.restore()
        if selected and rail.hasFocus():
            self._draw_focus(painter, option, box)

    @staticmethod
    def _draw_focus(painter: QPainter, option, box: QRect) -> None:
        """A dotted outline inside the highlight, in the highlighted text's colour, as Windows marks focus (the
        style's own focus frame would need QStyle's enums on the first paint: the rail has the focus when the
        window opens)."""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)      # crisp dots
        outline = box.adjusted(3, 3, -3, -3)
        draw_dotted_outline(painter, outline, 4, option.palette.brush(QPalette.ColorRole.HighlightedText))
        painter.restore()
