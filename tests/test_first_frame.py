"""The window's first frame: shown without PySide building the Qt namespace's Python enums (40 ms of the start-up;
see ``ui/common/first_frame/qt_numbers``), painted as before, and the system's look remembered from the last start."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPalette

from sdm_desktop.db.lock import DataFolderLock
from sdm_desktop.ui import theme
from sdm_desktop.ui.common.first_frame import qt_numbers
from sdm_desktop.ui.common.first_frame.painting import DOT_SPACING, draw_dotted_outline, draw_words

SRC = Path(__file__).resolve().parents[1] / "src"

# Run in a fresh process: shows the window frame as run_gui does, and prints the names of the Python enums PySide
# built for it; then names Qt.AlignmentFlag, to show that such an enum is seen when it is built.
FRESH_START = """
import enum, sys
from pathlib import Path
built = []
make = enum.EnumType._create_
def spy(cls, class_name, *args, **kwargs):
    built.append(class_name)
    return make(cls, class_name, *args, **kwargs)
enum.EnumType._create_ = spy
from sdm_desktop import app as sdm_app
from PySide6.QtWidgets import QApplication
qt = sdm_app._themed_application()[0] if sys.argv[2] == "themed" else QApplication([])
window = sdm_app.window_frame(Path(sys.argv[1]))
window.resize(1000, 700)
window.show()
qt.processEvents()
print(",".join(built))
from PySide6.QtCore import Qt
Qt.AlignmentFlag
print(",".join(built))
"""


def _enums_built_by_a_fresh_start(folder: Path, how: str, config: Path) -> tuple[set[str], set[str]]:
    env = {**os.environ, "PYTHONPATH": str(SRC), "QT_QPA_PLATFORM": "offscreen", "SDM_DESKTOP_CONFIG_DIR": str(config)}
    out = subprocess.run([sys.executable, "-c", FRESH_START, str(folder), how], capture_output=True, text=True,
                         env=env, timeout=120, check=True)
    shown, after = out.stdout.strip().splitlines()[-2:]
    return set(shown.split(",")), set(after.split(","))


@pytest.mark.parametrize("how", ["plain", "themed"])
def test_showing_the_window_builds_none_of_the_qt_namespaces_enums(tmp_path, how):
    config = tmp_path / "config"
    config.mkdir()
    (config / "preferences.ini").write_text(f"[appearance]\n{theme.SYSTEM_LOOK_KEY.split('/')[1]}=light\n")
    folder = tmp_path / "data"
    folder.mkdir()
    shown, after = _enums_built_by_a_fresh_start(folder, how, config)
    assert "Type" in shown or "Mode" in shown                # the spy sees the enums of the classes the frame uses
    namespace = {"AlignmentFlag", "GlobalColor", "ColorScheme", "ItemDataRole", "PenStyle", "ScrollBarPolicy"}
    assert not namespace & shown
    assert namespace <= after                                 # and would have seen the namespace's


def test_qts_numbers_are_those_of_its_enums():
    assert Qt.ItemDataRole.DisplayRole.value == qt_numbers.DISPLAY_ROLE
    assert Qt.ItemDataRole.DecorationRole.value == qt_numbers.DECORATION_ROLE
    assert Qt.ItemDataRole.FontRole.value == qt_numbers.FONT_ROLE
    assert Qt.ItemDataRole.AccessibleTextRole.value == qt_numbers.ACCESSIBLE_TEXT_ROLE
    assert Qt.AlignmentFlag.AlignHCenter.value == qt_numbers.ALIGN_H_CENTRE
    assert Qt.AlignmentFlag.AlignTop.value == qt_numbers.ALIGN_TOP
    assert Qt.AlignmentFlag.AlignCenter.value == qt_numbers.ALIGN_CENTRE
    assert Qt.TextFlag.TextWordWrap.value == qt_numbers.TEXT_WORD_WRAP
    assert Qt.ScrollBarPolicy.ScrollBarAlwaysOff.value == qt_numbers.SCROLL_BAR_ALWAYS_OFF


def test_the_rail_and_the_opening_label_get_what_the_numbers_stand_for(window_frame):
    rail = window_frame.nav
    assert rail.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert rail.item(0).data(Qt.ItemDataRole.AccessibleTextRole) == "Home"
    assert window_frame._opening.alignment() == Qt.AlignmentFlag.AlignCenter


@pytest.fixture
def window_frame(qtbot, tmp_path):
    from sdm_desktop.app import window_frame as frame

    window = frame(tmp_path)
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    return window


def _painted(draw, size=(80, 40)) -> QImage:
    image = QImage(*size, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    draw(painter)
    painter.end()
    return image


def _inked(image: QImage) -> list[QColor]:
    return [image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())
            if image.pixelColor(x, y) != QColor("white")]


def test_words_are_drawn_in_the_brushs_colour(qapp):
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Text, QColor("#c00000"))
    image = _painted(lambda p: draw_words(p, QRect(0, 0, 80, 40), qt_numbers.ALIGN_H_CENTRE, "Home", QFont(),
                                          palette.brush(QPalette.ColorRole.Text), 1.0))
    inked = _inked(image)
    assert len(inked) > 30                                    # the letters are there
    darkest = min(inked, key=lambda c: c.lightness())
    assert (darkest.red(), darkest.green(), darkest.blue()) == (0xc0, 0, 0)     # in red, not the pen's black
    assert all(c.green() == c.blue() for c in inked)          # red, faded into white at the letters' edges


def test_a_long_text_is_wrapped_onto_a_second_line(qapp):
    brush = QPalette().brush(QPalette.ColorRole.Text)
    flags = qt_numbers.ALIGN_H_CENTRE | qt_numbers.ALIGN_TOP | qt_numbers.TEXT_WORD_WRAP
    image = _painted(lambda p: draw_words(p, QRect(0, 0, 80, 60), flags, "Engagement (16 due)", QFont(), brush,
                                          1.0), size=(80, 60))
    rows = {y for y in range(60) for x in range(80) if image.pixelColor(x, y) != QColor("white")}
    assert max(rows) - min(rows) > QFont().pointSize() * 1.5  # two lines, not one cut off at the side


def test_the_focus_outline_is_dotted_along_each_side(qapp):
    brush = QPalette().brush(QPalette.ColorRole.Text)
    image = _painted(lambda p: draw_dotted_outline(p, QRect(10, 10, 50, 20), 4, brush))
    top = [x for x in range(80) if image.pixelColor(x, 10) != QColor("white")]
    assert top[0] == 14 and top[-1] <= 59 - 4                 # the corners left out
    assert {b - a for a, b in zip(top, top[1:], strict=False)} == {DOT_SPACING}
    left = [y for y in range(40) if image.pixelColor(10, y) != QColor("white")]
    assert left and all(14 <= y <= 25 for y in left)
    assert image.pixelColor(30, 20) == QColor("white")        # not filled


def test_the_window_starts_with_the_remembered_look_and_then_confirms_it(qapp, keep_look, monkeypatch):
    theme.remember_system_look(theme.SystemLook("dark", False))
    first = theme.remembered_system_look()
    assert first == theme.SystemLook("dark", False)

    def not_asked():
        raise AssertionError("the system was asked before the window was shown")

    monkeypatch.setattr(theme, "system_look", not_asked)
    assert theme.apply_theme(keep_look, "system", system=first) == "dark"
    monkeypatch.setattr(theme, "system_look", lambda: theme.SystemLook("light", False))   # changed since
    assert theme.confirm_system_look(keep_look, lambda: "system", first) == theme.SystemLook("light", False)
    assert keep_look.palette().color(QPalette.ColorRole.Base) == QColor("#ffffff")
    assert theme.remembered_system_look() == theme.SystemLook("light", False)


def test_a_high_contrast_system_remembered_keeps_its_own_colours_from_the_first_frame(qapp, keep_look):
    assert theme.apply_theme(keep_look, "dark", system=theme.SystemLook("dark", True)) == "high-contrast"


def test_with_nothing_remembered_the_system_is_asked_at_once_and_its_answer_kept(qapp, keep_look, monkeypatch):
    assert theme.remembered_system_look() is None
    monkeypatch.setattr(theme, "system_look", lambda: theme.SystemLook("dark", False))
    assert theme.apply_theme(keep_look, "system") == "dark"
    theme.confirm_system_look(keep_look, lambda: "system", None)
    assert theme.remembered_system_look() == theme.SystemLook("dark", False)


def test_a_look_kept_in_a_form_not_understood_is_not_used(qapp):
    settings = theme.user_settings()
    settings.setValue(theme.SYSTEM_LOOK_KEY, "purple")
    settings.sync()
    assert theme.remembered_system_look() is None


def test_the_lock_says_which_computer_holds_the_folder(tmp_path):
    with DataFolderLock(tmp_path) as lock:
        text = lock.path.read_text()
    assert f"pid {os.getpid()} on {platform.node()} by " in text
