"""The main window's Privacy menu. Its actions load the privacy code when chosen: the menu is built with the window's
frame, before the database layer and the privacy dialogs are loaded."""

from __future__ import annotations

from PySide6.QtWidgets import QMenu


def fill_privacy_menu(window, menu: QMenu) -> None:
    """The main window's Privacy menu (Alt+Y: see ``main_menus.TITLES``)."""
    window.add_menu_action(menu, "&Subject access export…", lambda: _actions().subject_access_export(
        window.env, window, _actions().person_or_ask(window, window.env, "Subject access export")),
        icon_name="file-output")
    window.add_menu_action(menu, "&Erase person…", lambda: _actions().erase_from_menu(window), icon_name="user-x")
    menu.addSeparator()
    window.add_menu_action(menu, "&Retention review…", lambda: _actions().open_retention_review(window.env, window),
                   icon_name="calendar-clock")
    window.add_menu_action(menu, "&Audit trail…", lambda: _actions().open_audit_trail(window.env, window),
                   icon_name="scroll-text")


def _actions():
    from sdm_desktop.ui.privacy import actions

    return actions
