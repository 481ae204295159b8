"""The main window's Privacy menu. Its actions load the privacy code when chosen: the menu is built with the window's
frame, before the database layer and the privacy dialogs are loaded."""

from __future__ import annotations

from PySide6.QtWidgets import QMenu


def add_privacy_menu(window) -> QMenu:
    """The main window's Privacy menu, Alt+Y. P, R, I, A and C belong to tabs and buttons that are on
    screen in most views (the People, Plans and Participants tabs...), V to the View menu; Y was used by
    four controls only, which now have other letters. A letter shared with a control on screen would
    only move the focus there on the first press instead of opening the menu."""
    menu = window.menuBar().addMenu("Privac&y")
    window._action(menu, "&Subject access export…", lambda: _actions().subject_access_export(
        window.env, window, _actions().person_or_ask(window, window.env, "Subject access export")),
        icon_name="file-output")
    window._action(menu, "&Erase person…", lambda: _actions().erase_from_menu(window), icon_name="user-x")
    menu.addSeparator()
    window._action(menu, "&Retention review…", lambda: _actions().open_retention_review(window.env, window),
                   icon_name="calendar-clock")
    window._action(menu, "&Audit trail…", lambda: _actions().open_audit_trail(window.env, window),
                   icon_name="scroll-text")
    return menu


def _actions():
    from sdm_desktop.ui.privacy import actions

    return actions
