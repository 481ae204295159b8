"""The app's icons: Lucide SVGs shipped in resources/icons, drawn in the palette's text colour.

Each icon is drawn when painted, in the colour of the application's palette at that moment, so it follows a
light, dark or high-contrast theme (and a theme changed while the app runs) without a second set of files.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRect, QSize
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from sdm_desktop.paths import resources_dir

APP_ICON = "app"


def icons_dir():
    return resources_dir() / "icons"


@cache
def _svg_text(name: str) -> str:
    path = icons_dir() / f"{name}.svg"
    if not path.is_file():
        raise FileNotFoundError(f"No icon {name!r}: {path} is missing (see resources/icons/README.md)")
    return path.read_text(encoding="utf-8")


def icon_colour(mode: QIcon.Mode) -> QColor:
    """The palette's text colour for the way the icon is shown (greyed when disabled, light on a selection)."""
    palette = QGuiApplication.palette()
    if mode == QIcon.Mode.Disabled:
        return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
    if mode == QIcon.Mode.Selected:
        return palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText)
    return palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText)


@cache
def _renderer(name: str, colour: str) -> QSvgRenderer:
    return QSvgRenderer(QByteArray(_svg_text(name).replace("currentColor", colour).encode("utf-8")))


class TintedSvgEngine(QIconEngine):
    """Draws one SVG with ``currentColor`` replaced by the palette's colour for the icon's mode."""

    def __init__(self, name: str):
        super().__init__()
        self.name = name
        _svg_text(name)                      # a missing file fails here, where the icon is asked for

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        _renderer(self.name, icon_colour(mode).name()).render(painter, rect)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(QColor(0, 0, 0, 0))     # transparent, without building the Qt namespace's Python enums
        painter = QPainter(pixmap)
        self.paint(painter, QRect(0, 0, size.width(), size.height()), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> QIconEngine:
        return TintedSvgEngine(self.name)

    def key(self) -> str:
        return "sdm-tinted-svg"

    def iconName(self) -> str:  # noqa: N802 (Qt's name)
        return self.name


def icon(name: str) -> QIcon:
    """The icon ``name`` (a file name in resources/icons without .svg), tinted to follow the palette."""
    return QIcon(TintedSvgEngine(name))


def app_icon() -> QIcon:
    """The application's own icon, in its own colours."""
    return QIcon(str(icons_dir() / f"{APP_ICON}.svg"))


def icon_name(an_icon: QIcon) -> str:
    """Which of our icons this is ('' for none): lets tests check that a control has one."""
    return an_icon.name() if not an_icon.isNull() else ""
