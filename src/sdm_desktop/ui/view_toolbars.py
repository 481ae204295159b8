"""A small toolbar at the top of each view for its common actions.

Each toolbar action presses the view's own button (so it does exactly what the button does, and is
greyed out whenever the button is) or is the main window's menu action itself. A button the toolbar
replaces is hidden, and its Alt key goes with its words to the toolbar.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QBoxLayout, QToolBar, QWidget

from sdm_desktop.ui.common.icons import icon
from sdm_desktop.ui.navigation import ToolbarItem

TOOLBAR_ICON_SIZE = 20
MIRROR = "sdm_mirror"      # a property on controls that only repeat a view's button (toolbar, empty state)


class _FollowEnabled(QObject):
    """Keeps an action greyed out exactly when its button is."""

    def __init__(self, button: QAbstractButton, action: QAction):
        super().__init__(action)
        self._button, self._action = button, action
        action.setEnabled(button.isEnabled())
        button.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if watched is self._button and event.type() == QEvent.Type.EnabledChange:
            self._action.setEnabled(self._button.isEnabled())
        return False


def find_button(view: QWidget, name: str) -> QAbstractButton:
    found = [b for b in view.findChildren(QAbstractButton) if b.accessibleName() == name and not b.property(MIRROR)]
    if len(found) != 1:
        raise LookupError(f"The {view.title} view has {len(found)} buttons named {name!r} for its toolbar, not one")
    return found[0]


def button_action(view: QWidget, item: ToolbarItem, parent: QObject) -> QAction:
    target = find_button(view, item.button)
    action = QAction(icon(item.icon), target.text(), parent)
    action.setToolTip(target.toolTip() or item.button)
    if item.replaces:
        action.setIconText(target.text())        # the button's words with its Alt key, shown on the toolbar
        target.hide()
    else:
        action.setIconText(target.text().replace("&", ""))     # the Alt key stays with the button
    action.triggered.connect(lambda _=False: target.click())
    _FollowEnabled(target, action)
    return action


def add_view_toolbar(view: QWidget, items: tuple[ToolbarItem, ...], window_actions: dict[str, QAction]) -> QToolBar:
    """Build the view's toolbar from ``items`` and put it above everything else in the view."""
    bar = QToolBar(f"{view.title} actions", view)
    bar.setAccessibleName(f"{view.title} toolbar")
    bar.setMovable(False)
    bar.setFloatable(False)
    bar.setIconSize(QSize(TOOLBAR_ICON_SIZE, TOOLBAR_ICON_SIZE))
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for item in items:
        if item.window_action:
            action = window_actions[item.window_action]
        elif item.view_method:
            action = QAction(icon(item.icon), item.text, bar)
            action.setIconText(item.text)
            action.triggered.connect(lambda _=False, m=item.view_method: getattr(view, m)())
        else:
            action = button_action(view, item, bar)
        bar.addAction(action)
        widget = bar.widgetForAction(action)
        widget.setProperty(MIRROR, True)
        # A button moved here stays a Tab stop; a menu's action or a button still in place is one already.
        replaced = bool(item.button) and item.replaces
        widget.setFocusPolicy(Qt.FocusPolicy.TabFocus if replaced else Qt.FocusPolicy.NoFocus)
        if item.button:
            widget.setAccessibleName(item.button)
    layout = view.layout()
    if isinstance(layout, QBoxLayout):
        layout.insertWidget(0, bar)
    view.toolbar = bar
    return bar
