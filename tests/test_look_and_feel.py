"""The look: icons in the navigation, a toolbar per view pressing the view's own buttons, light and dark
palettes following the system, icons drawn in the palette's colours, no app-wide style sheet."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QColor, QPalette

from sdm_desktop.ui import theme
from sdm_desktop.ui.common.icons import icon, icon_name
from sdm_desktop.ui.navigation import VIEWS
from sdm_desktop.ui.view_toolbars import find_button


def test_each_view_in_the_navigation_has_its_icon_its_name_for_screen_readers_and_a_clear_selection(window):
    nav = window.nav
    assert nav.accessibleName() == "Views"
    for row, spec in enumerate(VIEWS):
        item = nav.item(row)
        assert icon_name(item.icon()) == spec.icon
        assert item.data(Qt.ItemDataRole.AccessibleTextRole) == spec.title
    window.show_view("training")
    bold = [nav.item(row).font().bold() for row in range(nav.count())]
    assert bold == [spec.name == "training" for spec in VIEWS]
    assert nav.currentItem().isSelected()


def test_the_rail_shades_the_entry_under_the_pointer_and_outlines_the_current_one_while_it_has_the_focus(window, qtbot):
    nav = window.nav
    window.show()
    qtbot.waitExposed(window)
    window.show_view("home")

    def entry(row: int):
        return nav.viewport().grab(nav.visualRect(nav.model().index(row, 0))).toImage()

    nav.clearFocus()
    plain_current, plain_other = entry(0), entry(1)
    nav.entered.emit(nav.model().index(1, 0))               # as Qt emits it when the pointer comes over an entry
    assert nav.hovered_row == 1 and entry(1) != plain_other
    nav.viewportEntered.emit()                               # the pointer over the rail, between entries
    assert nav.hovered_row == -1 and entry(1) == plain_other
    nav.setFocus()
    qtbot.waitUntil(nav.hasFocus)
    focused = entry(0)
    assert focused != plain_current
    outline = QColor(nav.palette().color(QPalette.ColorRole.HighlightedText)).rgb()
    assert any(focused.pixel(x, y) == outline for x in range(focused.width()) for y in range(2, 10))  # its top edge


def test_menu_actions_carry_icons(window):
    assert icon_name(window.import_action.icon()) == "upload"
    assert icon_name(window.undo_action.icon()) == "undo-2"
    assert icon_name(window.named_actions["sample data"].icon()) == "database"
    assert [icon_name(a.icon()) for a in window.privacy_menu.actions() if a.text()] == [
        "file-output", "user-x", "calendar-clock", "scroll-text"]


@pytest.mark.parametrize("spec", VIEWS, ids=[spec.name for spec in VIEWS])
def test_every_view_has_a_toolbar_whose_actions_press_the_views_own_buttons(window, spec):
    view = window.show_view(spec.name)
    bar = view.toolbar
    assert bar.isVisible() and bar.accessibleName() == f"{view.title} toolbar"
    actions = bar.actions()
    assert len(actions) == len(spec.toolbar) >= 4
    for action, item in zip(actions, spec.toolbar, strict=True):
        assert icon_name(action.icon()) == item.icon
        if item.window_action:
            assert action is window.named_actions[item.window_action]
            continue
        if item.view_method:
            called = []
            setattr(view, item.view_method, lambda called=called: called.append(True))
            action.trigger()
            delattr(view, item.view_method)
            assert called == [True] and action.iconText() == item.text
            continue
        target = find_button(view, item.button)
        pressed = []
        target.click = lambda pressed=pressed: pressed.append(True)    # the button's own click, recorded
        was_enabled = target.isEnabled()
        target.setEnabled(True)
        action.trigger()
        target.setEnabled(was_enabled)
        del target.click
        assert pressed == [True], item.button
        assert action.iconText().replace("&", "") == target.text().replace("&", "")
        assert target.isHidden() == item.replaces      # a replaced button lives on in the toolbar only
        assert bar.widgetForAction(action).accessibleName() == item.button


def test_a_toolbar_action_is_greyed_out_exactly_when_its_button_is(demo_window, qtbot):
    view = demo_window.show_view("resources")
    delete = next(a for a in view.toolbar.actions() if a.iconText().replace("&", "") == "Delete")
    view.table.setCurrentIndex(view.model.index(-1, -1))
    qtbot.waitUntil(lambda: not find_button(view, "Delete selected resources").isEnabled())
    assert not delete.isEnabled()
    view.table.selectRow(0)
    qtbot.waitUntil(lambda: find_button(view, "Delete selected resources").isEnabled())
    assert delete.isEnabled()


def test_deleting_from_the_toolbar_deletes_the_selected_resource(demo_window, demo_ctx, qtbot, answer_prompts):
    from sdm_desktop.services.resources.library import search_resource_ids
    answer_prompts(True)
    before = len(search_resource_ids(demo_ctx))
    view = demo_window.show_view("resources")
    # through the selection model: selectRow takes its column from the header's layout, which an earlier test's
    # small screen can leave empty (then nothing is selected)
    rows = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    view.table.selectionModel().select(view.model.index(0, 0), rows)
    delete = next(a for a in view.toolbar.actions() if a.iconText().replace("&", "") == "Delete")
    qtbot.waitUntil(delete.isEnabled)
    delete.trigger()
    assert len(search_resource_ids(demo_ctx)) == before - 1


class _Hints:
    def __init__(self, scheme, contrast=Qt.ContrastPreference.NoPreference):
        self._scheme, self._contrast = scheme, contrast

    def colorScheme(self):  # noqa: N802 (Qt's name)
        return self._scheme

    def accessibility(self):
        return self

    def contrastPreference(self):  # noqa: N802
        return self._contrast


def _system_says(monkeypatch, scheme, contrast=Qt.ContrastPreference.NoPreference):
    hints = _Hints(scheme, contrast)
    monkeypatch.setattr(theme, "QGuiApplication", type("FakeGuiApp", (), {"styleHints": staticmethod(lambda: hints)}))


def test_the_dark_palette_is_applied_when_the_system_is_dark(keep_look, monkeypatch):
    _system_says(monkeypatch, Qt.ColorScheme.Dark)
    assert theme.apply_theme(keep_look, "system") == "dark"
    palette = keep_look.palette()
    assert palette.color(QPalette.ColorRole.Window) == QColor(theme.DARK[QPalette.ColorRole.Window])
    assert palette.color(QPalette.ColorRole.WindowText).lightnessF() > 0.8
    assert keep_look.style().name().lower() == "fusion"
    _system_says(monkeypatch, Qt.ColorScheme.Light)
    assert theme.apply_theme(keep_look, "system") == "light"
    assert keep_look.palette().color(QPalette.ColorRole.Base) == QColor("#ffffff")


def test_a_high_contrast_system_keeps_its_own_colours(keep_look, monkeypatch):
    keep_look.setProperty(theme.OWN_PALETTE, False)
    keep_look.setPalette(QPalette(QColor("#000000")))       # as if the system's high-contrast colours
    before = keep_look.palette().color(QPalette.ColorRole.Window)
    _system_says(monkeypatch, Qt.ColorScheme.Dark, Qt.ContrastPreference.HighContrast)
    assert theme.apply_theme(keep_look, "system") == "high-contrast"
    assert keep_look.palette().color(QPalette.ColorRole.Window) == before


def test_switching_to_high_contrast_takes_our_palette_away(keep_look, monkeypatch):
    dark_window = QColor(theme.DARK[QPalette.ColorRole.Window])
    _system_says(monkeypatch, Qt.ColorScheme.Dark)
    theme.apply_theme(keep_look, "system")
    assert keep_look.palette().color(QPalette.ColorRole.Window) == dark_window
    _system_says(monkeypatch, Qt.ColorScheme.Dark, Qt.ContrastPreference.HighContrast)
    assert theme.apply_theme(keep_look, "system") == "high-contrast"
    assert keep_look.palette().color(QPalette.ColorRole.Window) != dark_window


def test_on_windows_the_native_style_is_used_with_the_systems_colours(keep_look, monkeypatch):
    monkeypatch.setattr(theme, "native_style_name", lambda: "fusion")     # stands in for "windows11"
    _system_says(monkeypatch, Qt.ColorScheme.Light)
    theme.apply_theme(keep_look, "dark")
    assert keep_look.property(theme.OWN_PALETTE)
    assert theme.apply_theme(keep_look, "system") == "native"
    assert not keep_look.property(theme.OWN_PALETTE)
    assert keep_look.palette().color(QPalette.ColorRole.Window) != QColor(theme.DARK[QPalette.ColorRole.Window])


def test_on_windows_the_style_given_at_start_is_kept_with_the_systems_colours(keep_look, monkeypatch):
    """As the app starts on Windows: made with the native style (-style), which is not set again."""
    monkeypatch.setattr(theme, "native_style_name", lambda: "fusion")     # stands in for "windows11"
    _system_says(monkeypatch, Qt.ColorScheme.Light)
    theme.apply_theme(keep_look, "dark")                                  # our palette, to be taken away
    keep_look.setStyle("fusion")
    made_with = keep_look.style()
    assert theme.apply_theme(keep_look, "system", style_now="fusion") == "native"
    assert keep_look.style() is made_with                                 # not set again
    assert not keep_look.property(theme.OWN_PALETTE)                      # the system's colours, not ours
    assert keep_look.palette().color(QPalette.ColorRole.Window) != QColor(theme.DARK[QPalette.ColorRole.Window])


def test_the_theme_chosen_in_the_view_menu_is_applied_and_kept(window, keep_look):
    window.theme_actions["dark"].trigger()
    assert keep_look.palette().color(QPalette.ColorRole.Window) == QColor(theme.DARK[QPalette.ColorRole.Window])
    assert theme.chosen_theme() == "dark"
    window.theme_actions["light"].trigger()
    assert theme.chosen_theme() == "light"
    assert keep_look.styleSheet() == ""          # colours come from the palette, never a style sheet


def test_icons_are_drawn_in_the_palettes_text_colour(keep_look):
    def darkest_and_lightest(scheme: str) -> tuple[float, float]:
        theme.apply_theme(keep_look, scheme)
        image = icon("house").pixmap(48, 48).toImage()
        inked = [image.pixelColor(x, y) for x in range(48) for y in range(48) if image.pixelColor(x, y).alpha() > 200]
        assert inked
        return min(c.lightnessF() for c in inked), max(c.lightnessF() for c in inked)
    assert darkest_and_lightest("light")[1] < 0.3
    assert darkest_and_lightest("dark")[0] > 0.7


def test_a_missing_icon_is_an_error_not_a_blank(qapp):
    with pytest.raises(FileNotFoundError, match="no-such-icon"):
        icon("no-such-icon")


def test_the_screenshot_command_takes_a_size_and_a_theme(demo_ctx, keep_look, tmp_path):
    from PySide6.QtGui import QImage

    from sdm_desktop.cli import main
    folder = demo_ctx.data_dir
    demo_ctx.close()
    shot = tmp_path / "dark.png"
    assert main(["screenshot", "engagement", "-o", str(shot), "--size", "1366x768", "--theme", "dark",
                 "--data-dir", str(folder)]) == 0
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1366, 768)
    assert image.pixelColor(image.width() - 5, image.height() // 2).lightnessF() < 0.3


def test_the_app_icon_is_shipped_for_the_window_the_executables_and_the_installer(qapp):
    from pathlib import Path

    from PySide6.QtGui import QImageReader

    from sdm_desktop.ui.common.icons import app_icon, icons_dir
    assert not app_icon().pixmap(64, 64).isNull()
    root = Path(__file__).resolve().parents[1]
    reader = QImageReader(str(root / "packaging" / "sdm-desktop.ico"))
    assert reader.imageCount() >= 5
    assert "icon=ICON" in (root / "packaging" / "sdm-desktop.spec").read_text(encoding="utf-8")
    assert "ISC License" in (icons_dir() / "LICENSE-lucide.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_both_palettes_keep_text_legible(scheme):
    from test_colour_and_contrast import contrast
    palette = theme.palette_for(scheme)
    colour = palette.color
    assert contrast(colour(QPalette.ColorRole.Text), colour(QPalette.ColorRole.Base)) >= 7
    assert contrast(colour(QPalette.ColorRole.WindowText), colour(QPalette.ColorRole.Window)) >= 7
    assert contrast(colour(QPalette.ColorRole.HighlightedText), colour(QPalette.ColorRole.Highlight)) >= 4.5
    assert contrast(colour(QPalette.ColorRole.PlaceholderText), colour(QPalette.ColorRole.Base)) >= 4.5
