"""Alt keys across the whole app: every menu has one, and on each screen (a view's page with a record
open, or a dialog) each Alt+letter belongs to one control. A letter shared by two controls only moves
the focus between them (and a menu then does not open at all on the first press)."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QGroupBox, QLabel, QMenuBar, QTabBar, QWidget, QWizard

from dialog_catalogue import DIALOGS


def alt_letter(text: str | None) -> str | None:
    found = re.search(r"&([^&])", (text or "").replace("&&", ""))
    return found.group(1).lower() if found else None


def alt_letters(root: QWidget) -> dict[str, list[str]]:
    """Letter -> the texts on screen that use it (menu titles, tabs, buttons, labels of fields, group boxes)."""
    found: dict[str, list[str]] = defaultdict(list)

    def note(text: str | None, where: str = "") -> None:
        letter = alt_letter(text)
        if letter:
            found[letter].append(where + text.replace("&", ""))

    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QMenuBar):
            for action in widget.actions():
                note(action.text(), "menu ")
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                note(widget.tabText(i), "tab ")
        elif isinstance(widget, QAbstractButton) or isinstance(widget, QLabel) and widget.buddy() is not None:
            note(widget.text())
        elif isinstance(widget, QGroupBox):
            note(widget.title())
    return found


def shared(letters: dict[str, list[str]]) -> dict[str, list[str]]:
    return {letter: texts for letter, texts in letters.items() if len(texts) > 1}


def test_every_menu_has_an_alt_letter_and_so_does_every_item_in_it(demo_window):
    for menu_action in demo_window.menuBar().actions():
        assert alt_letter(menu_action.text()), menu_action.text()
        items = [a for a in menu_action.menu().actions() if not a.isSeparator()]
        letters = [alt_letter(a.text()) for a in items]
        assert None not in letters, [a.text() for a in items]
        assert len(set(letters)) == len(letters), [a.text() for a in items]


def test_the_privacy_menu_opens_with_alt_y(demo_window):
    assert alt_letter(demo_window.privacy_menu.title()) == "y"


def _pages(window):
    """(label, set-up) for every page of every view, each with a record selected where there is one."""
    from sdm_desktop.ui.navigation import VIEWS

    def select_first(table, model) -> None:
        if model.rowCount():
            table.setCurrentIndex(model.index(0, 0))

    pages = []
    for spec in VIEWS:
        def show(name=spec.name):
            return window.show_view(name)
        pages.append((spec.name, show))
    pages += [
        ("stakeholders: organisation open", lambda: select_first(*_register(window, 0))),
        ("stakeholders: person open", lambda: select_first(*_register(window, 1))),
        ("resources: resource with an offline copy open, starter pack offered", lambda: _resource_open(window)),
    ]
    for view_name, tabs in (("analysis", 4), ("engagement", 3), ("training", 5), ("letters", 3), ("consultation", 4)):
        for index in range(tabs):
            pages.append((f"{view_name}: tab {index}", lambda v=view_name, i=index: _tab(window, v, i)))
    for lower in range(2):
        pages.append((f"engagement: plan open, lower tab {lower}", lambda i=lower: _plan_open(window, i)))
    return pages


def _register(window, tab):
    view = window.show_view("stakeholders")
    view.tabs.setCurrentIndex(tab)
    return (view.org_table, view.org_model) if tab == 0 else (view.person_table, view.person_model)


def _resource_open(window):
    view = window.show_view("resources")
    model = view.model
    row = next(r for r in range(model.rowCount()) if model.record(r).file_name)
    view.table.setCurrentIndex(model.index(row, 0))
    view.pack_banner.setVisible(True)           # offered while the library lacks some of the pack


def _tab(window, view_name, index):
    view = window.show_view(view_name)
    if view_name == "training" and view.cohorts.rowCount():
        view.cohort_table.setCurrentIndex(view.cohorts.index(0, 0))
    view.tabs.setCurrentIndex(index)


def _plan_open(window, lower):
    view = window.show_view("engagement")
    view.tabs.setCurrentIndex(0)
    view.plan_table.setCurrentIndex(view.plan_model.index(0, 0))
    view.detail.lower.setCurrentIndex(lower)


def test_each_alt_letter_on_each_page_of_each_view_belongs_to_one_control(demo_window, qtbot):
    clashes = {}
    for label, show in _pages(demo_window):
        show()
        qtbot.wait(1)
        if found := shared(alt_letters(demo_window)):
            clashes[label] = found
    assert clashes == {}


@pytest.mark.parametrize("name", sorted(DIALOGS))
def test_each_alt_letter_in_a_dialog_belongs_to_one_control(demo_window, demo_ctx, tmp_path, name):
    dialog = DIALOGS[name](demo_window, demo_ctx, tmp_path)
    dialog.show()
    pages = 4 if isinstance(dialog, QWizard) else 1
    for _ in range(pages):
        assert shared(alt_letters(dialog)) == {}, dialog.currentPage().title() if pages > 1 else name
        if pages > 1:
            dialog.next()
    dialog.done(0)


def test_delete_in_the_share_log_does_not_offer_to_delete_the_resource(demo_window, qtbot, answer_prompts):
    from PySide6.QtCore import Qt
    asked = answer_prompts(False)
    view = demo_window.show_view("resources")
    demo_window.activateWindow()
    view.table.setCurrentIndex(view.model.index(1, 0))
    log = view.share_log.table
    assert log.model().rowCount() > 0
    log.setFocus()
    log.setCurrentIndex(log.model().index(0, 0))
    qtbot.keyClick(log, Qt.Key.Key_Delete)
    assert not any("and its share log?" in question for question in asked)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert any("and its share log?" in question for question in asked)


@pytest.mark.parametrize("name, field", [
    ("share", lambda d: d.targets.group), ("activity", lambda d: d.targets.person),
    ("interaction", lambda d: d.f.widgets["person_id"]), ("assessment", lambda d: d.search),
    ("audit trail", lambda d: d.text)])
def test_enter_in_a_search_or_pick_field_does_not_press_the_dialogs_default_button(demo_window, demo_ctx, tmp_path,
                                                                                  qtbot, name, field):
    from PySide6.QtCore import Qt
    dialog = DIALOGS[name](demo_window, demo_ctx, tmp_path)
    dialog.show()
    dialog.activateWindow()
    typed = field(dialog)
    typed.setFocus()
    qtbot.keyClicks(typed, "Birch")
    qtbot.keyClick(typed, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result() == 0
    if name == "audit trail":
        assert dialog.person_id is not None              # "Show everyone" was pressed
    dialog.done(0)


def test_enter_in_the_share_dialogs_group_field_adds_the_group_and_leaves_the_share_unrecorded(
        demo_window, demo_ctx, tmp_path, qtbot):
    from PySide6.QtCore import Qt
    dialog = DIALOGS["share"](demo_window, demo_ctx, tmp_path)
    dialog.show()
    dialog.activateWindow()
    picker = dialog.targets.group
    picker.setText("Healthwatch Wessex Vale")
    picker.search_now()
    picker.setFocus()
    qtbot.keyClick(picker, Qt.Key.Key_Return)
    assert [t.label for t in dialog.targets.targets()] == ["Healthwatch Wessex Vale"]
    assert dialog.isVisible() and dialog.report is None
    dialog.done(0)


def test_tab_reaches_the_analysis_output_buttons_beside_the_tabs_before_the_page(demo_window):
    view = demo_window.show_view("analysis")
    order, widget = [], view.tabs.tabBar()
    while widget not in order and len(order) < 500:
        order.append(widget)
        widget = widget.nextInFocusChain()
    outputs = [order.index(b) for b in view.tabs.cornerWidget().findChildren(QAbstractButton)]
    assert outputs == sorted(outputs) and max(outputs) < order.index(view.grid)


@pytest.mark.parametrize("name", sorted(DIALOGS))
def test_every_labelled_field_of_a_dialog_has_an_alt_key(demo_window, demo_ctx, tmp_path, name):
    dialog = DIALOGS[name](demo_window, demo_ctx, tmp_path)
    dialog.show()
    missing = []
    for label in dialog.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is None or not label.isVisibleTo(dialog) or not label.text().strip():
            continue
        if alt_letter(label.text()) is None and not (isinstance(buddy, QAbstractButton) and alt_letter(buddy.text())):
            missing.append(label.text())
    for box in dialog.findChildren(QAbstractButton):
        if box.isVisibleTo(dialog) and box.isCheckable() and box.text() and alt_letter(box.text()) is None:
            missing.append(box.text())
    assert missing == []
    dialog.done(0)


def tab_round(qtbot, start: QWidget, presses: int = 150) -> list[QWidget]:
    """The widgets Tab visits from ``start`` until it comes back to ``start`` (or ``presses`` run out).
    A date field is one stop, though Tab first moves through its day, month and year (Qt's way)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QDateTimeEdit
    start.setFocus(Qt.FocusReason.TabFocusReason)
    visited = []
    for _ in range(presses):
        focused = QApplication.focusWidget()
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        if QApplication.focusWidget() is start:
            return visited
        if not (visited and visited[-1] is QApplication.focusWidget() and isinstance(visited[-1], QDateTimeEdit)):
            visited.append(QApplication.focusWidget())
    return visited + [None]                      # never came back: trapped somewhere


def unnamed(widgets: list[QWidget]) -> list[str]:
    """Focus stops with nothing for a screen reader to say (a tab bar speaks its current tab)."""
    return [f"{type(w).__name__} {w.toolTip()!r}" for w in widgets
            if w is not None and not w.accessibleName() and not isinstance(w, QTabBar)
            and not (isinstance(w, QAbstractButton) and w.text().replace("&", "").strip())]


def test_tab_goes_round_every_page_of_every_view_once_each_and_back_to_the_list_of_views(demo_window, qtbot):
    """A table is one stop (arrow keys move inside it): Tab does not walk through its cells."""
    from PySide6.QtWidgets import QApplication
    demo_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is demo_window)
    trapped, repeated, silent = {}, {}, {}
    for label, show in _pages(demo_window):
        show()
        qtbot.wait(1)
        visited = tab_round(qtbot, demo_window.nav)
        if None in visited:
            trapped[label] = type(visited[-2]).__name__ + " " + visited[-2].accessibleName()
        elif len(set(visited)) != len(visited):
            repeated[label] = sorted({w.accessibleName() for w in visited if visited.count(w) > 1})
        if found := unnamed(visited):
            silent[label] = found
    assert (trapped, repeated, silent) == ({}, {}, {})


@pytest.mark.parametrize("name", sorted(DIALOGS))
def test_tab_goes_round_every_dialog_once_each_with_a_name_at_each_stop(demo_window, demo_ctx, tmp_path, qtbot, name):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication
    dialog = DIALOGS[name](demo_window, demo_ctx, tmp_path)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    pages = 4 if isinstance(dialog, QWizard) else 1
    for _ in range(pages):
        qtbot.wait(1)
        first = next(w for w in dialog.findChildren(QWidget)      # not a date: Tab moves inside it first
                     if w.isVisible() and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus
                     and not isinstance(w, QAbstractSpinBox) and not isinstance(w.parent(), QAbstractSpinBox))
        visited = tab_round(qtbot, first)
        assert visited and visited[0].window() is dialog
        assert None not in visited, f"trapped at {visited[-2].accessibleName()!r}"
        assert len(set(visited)) == len(visited), [f"{type(w).__name__} {w.accessibleName()}" for w in visited]
        assert unnamed([first] + visited) == []
        if pages > 1:
            dialog.next()
    dialog.done(0)


def _optional_date():
    from sdm_desktop.ui.common.date_field import DateField
    return DateField()


def _audit_trail_date():
    from sdm_desktop.ui.privacy.audit_trail import _date_edit
    return _date_edit("From date")


@pytest.mark.parametrize("make", [_optional_date, _audit_trail_date], ids=["not recorded", "any"])
def test_tab_leaves_a_date_left_blank(qtbot, make):
    """A date showing words ("not recorded", "any") used to keep the focus: each Tab stayed on it, so the
    fields after it could not be reached forwards."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QVBoxLayout
    dialog = QDialog()
    qtbot.addWidget(dialog)
    layout = QVBoxLayout(dialog)
    before, blank, after = QLineEdit(), make(), QLineEdit()
    for widget in (before, blank, after):
        layout.addWidget(widget)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    before.setFocus()
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is blank.focusProxy()
    qtbot.keyClick(blank.focusProxy(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is after and blank.value() is None
    qtbot.keyClick(after, Qt.Key.Key_Backtab)
    qtbot.keyClick(blank.focusProxy(), Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is before


def _keyboard_menu(table):
    """The menu the Menu key (or Shift+F10) opens on ``table``, or None."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QApplication, QMenu
    before = set(table.findChildren(QMenu))
    QApplication.sendEvent(table.viewport(), QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, QPoint(5, 5),
                                                             table.viewport().mapToGlobal(QPoint(5, 5))))
    menu = next((m for m in table.findChildren(QMenu) if m not in before), None)
    if menu is not None:
        menu.close()
    return menu


def test_every_table_sorted_by_its_header_can_be_sorted_from_the_keyboard(demo_window, demo_ctx, tmp_path):
    """The header cannot take the focus: the table's own menu (Menu key, Shift+F10) offers Sort by."""
    from PySide6.QtWidgets import QTableView
    mouse_only, checked = [], set()

    def check(root, where):
        for table in root.findChildren(QTableView):
            if table.isVisible() and table.isSortingEnabled() and table not in checked:
                checked.add(table)
                menu = _keyboard_menu(table)
                if menu is None or "&Sort by" not in [a.text() for a in menu.actions()]:
                    mouse_only.append(f"{where}: {table.accessibleName()}")

    for label, show in _pages(demo_window):
        show()
        check(demo_window, label)
    for name in sorted(DIALOGS):
        dialog = DIALOGS[name](demo_window, demo_ctx, tmp_path)
        dialog.show()
        check(dialog, name)
        dialog.done(0)
    assert len(checked) > 8 and mouse_only == []


def test_tab_reaches_the_data_folder_on_home_so_it_can_be_selected_and_copied(demo_window, qtbot):
    """Its text is selectable by keyboard, but the label took the focus only on a click."""
    from PySide6.QtWidgets import QApplication
    view = demo_window.show_view("home")
    demo_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is demo_window)
    visited = tab_round(qtbot, demo_window.nav)
    assert view._where in visited and visited[0] is view.period_bar.choice     # after the period and the figures
    assert "Data folder:" in view._where.text()
