"""The main window's menus. The bar shows their titles with the window's first paint (``add_titles``); their
actions are made just after it (``fill``): before Home is built, whose toolbar shows some of them, and while the
bar is still disabled, as it is until the data is open, so no one can open an empty menu. About 15 ms that the
window's first appearance no longer waits for (33 actions, their icons and shortcuts)."""

from __future__ import annotations

from functools import partial

from PySide6 import QtGui  # QKeySequence: named only when the menus are filled (see first_frame/qt_numbers)
from PySide6.QtWidgets import QApplication, QMenu

from sdm_desktop import APP_NAME
from sdm_desktop.ui import folder_actions, theme
from sdm_desktop.ui.navigation import VIEWS

# Privacy is Alt+Y: P, R, I, A and C belong to tabs and buttons on screen in most views (People, Plans,
# Participants...) and V to the View menu. A letter shared with a control on screen would only move the focus
# there on the first press instead of opening the menu.
TITLES = (("file", "&File"), ("edit", "&Edit"), ("view", "&View"), ("privacy", "Privac&y"), ("help", "&Help"))


def add_titles(window) -> dict[str, QMenu]:
    bar = window.menuBar()
    return {name: bar.addMenu(title) for name, title in TITLES}


def fill(window) -> None:
    """Every menu's actions; the window keeps the ones it enables or shows elsewhere."""
    menus = window.menus
    _file(window, menus["file"])
    _edit(window, menus["edit"])
    _view(window, menus["view"])
    from sdm_desktop.ui.privacy.menu import fill_privacy_menu
    fill_privacy_menu(window, menus["privacy"])
    window.privacy_menu = menus["privacy"]
    _help(window, menus["help"])


def _file(window, menu: QMenu) -> None:
    add = window.add_menu_action
    window.import_action = add(menu, "&Import…", window.open_import, "Ctrl+I", "upload", "import")
    add(menu, "Import &history…", window.open_import_history, icon_name="history")
    add(menu, "Board s&ummary…", window.open_board_summary, icon_name="file-output", name="board summary")
    menu.addSeparator()
    add(menu, "Open &data folder", partial(folder_actions.open_data_folder, window), icon_name="folder-open")
    add(menu, "&Back up now…", partial(folder_actions.backup_now, window), icon_name="hard-drive-download",
        name="back up")
    add(menu, "&Restore from a backup…", window.restore_backup, icon_name="archive-restore")
    add(menu, "&Check the database", partial(folder_actions.check_database, window), icon_name="shield-check")
    add(menu, "Load &sample data", window.load_sample_data, icon_name="database", name="sample data")
    menu.addSeparator()
    from sdm_desktop.ui.team_database.actions import add_team_database_actions
    add_team_database_actions(window, menu)
    menu.addSeparator()
    add(menu, "&Quit", window.close, QtGui.QKeySequence.StandardKey.Quit, "log-out")


def _edit(window, menu: QMenu) -> None:
    add = window.add_menu_action
    window.undo_action = add(menu, "&Undo", window.undo, QtGui.QKeySequence.StandardKey.Undo, "undo-2")
    window.undo_action.setEnabled(False)
    menu.addSeparator()
    for text, method, keys in (("Cu&t", "cut", QtGui.QKeySequence.StandardKey.Cut),
                               ("&Copy", "copy", QtGui.QKeySequence.StandardKey.Copy),
                               ("&Paste", "paste", QtGui.QKeySequence.StandardKey.Paste),
                               ("Select &all", "selectAll", QtGui.QKeySequence.StandardKey.SelectAll)):
        add(menu, text, lambda _=False, m=method: _in_field_in_use(m), keys)
    menu.addSeparator()
    add(menu, "&Find", window.find, QtGui.QKeySequence.StandardKey.Find, "search")


def _view(window, menu: QMenu) -> None:
    for spec in VIEWS:
        window.add_menu_action(menu, spec.menu_text or f"&{spec.title}",
                               lambda _=False, n=spec.name: window.show_view(n), spec.shortcut, spec.icon)
    menu.addSeparator()
    window.theme_actions = theme.add_theme_menu(window, menu)


def _help(window, menu: QMenu) -> None:
    add = window.add_menu_action
    add(menu, "&Getting started", window.getting_started, QtGui.QKeySequence.StandardKey.HelpContents, "circle-help",
        "getting started")
    add(menu, "W&elcome…", window.show_welcome, icon_name="hand-heart", name="welcome")
    add(menu, "&Where is my data?", partial(folder_actions.where_is_data, window), icon_name="folder-search")
    add(menu, f"&About {APP_NAME}", partial(folder_actions.about, window), icon_name="info")


def _in_field_in_use(method: str) -> None:
    """Cut, Copy, Paste or Select all in the field that has the focus (a text field, or a list for Select
    all); the field's own keys (Ctrl+C…) do the same."""
    widget = QApplication.focusWidget()
    if widget is not None and callable(getattr(widget, method, None)):
        getattr(widget, method)()
