"""The register by keyboard on a laptop (issue 16, defects 4 and 5): a new person always opens at its first
field; Ctrl+Shift+N from the Organisations tab opens the new-person form; a group chosen from the
suggestions is added with Enter, and the role and Add button are in view."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtWidgets import QApplication, QScrollArea

LAPTOP = (1366, 728)


def _laptop_register(window, qtbot, tab: int):
    view = window.show_view("stakeholders")
    view.tabs.setCurrentIndex(tab)
    window.resize(*LAPTOP)
    qtbot.waitUntil(lambda: window.size() == QSize(*LAPTOP))
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return view


def _in_view(scroll: QScrollArea, widget) -> bool:
    top = widget.mapTo(scroll.viewport(), QPoint(0, 0)).y()
    return top >= 0 and top + widget.height() <= scroll.viewport().height()


def test_a_second_new_person_opens_at_its_first_field_with_the_focus_there(demo_window, qtbot):
    view = _laptop_register(demo_window, qtbot, 1)
    view.new_person()
    form = view.person_form
    scroll = form.findChild(QScrollArea)
    assert scroll.verticalScrollBar().maximum() > 0               # the form is taller than the screen
    last = form.f.widgets["retention_review_on"]
    last.setFocus()
    scroll.ensureWidgetVisible(last)
    assert scroll.verticalScrollBar().value() > 0
    view.new_person()
    first = form.f.widgets["first_name"]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first)
    assert _in_view(scroll, first)


def test_an_existing_record_opens_at_its_top(demo_window, qtbot):
    view = _laptop_register(demo_window, qtbot, 1)
    view.person_table.setCurrentIndex(view.person_model.index(0, 0))
    scroll = view.person_form.findChild(QScrollArea)
    scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
    view.person_table.setCurrentIndex(view.person_model.index(1, 0))
    assert scroll.verticalScrollBar().value() == 0


def test_ctrl_shift_n_on_the_organisations_tab_opens_a_new_person(demo_window, qtbot):
    view = _laptop_register(demo_window, qtbot, 0)
    view.org_table.setCurrentIndex(view.org_model.index(0, 0))
    demo_window.env.jobs.synchronous = False                  # the People tab's search runs as in the app
    view.org_table.setFocus()
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(view.org_table, Qt.Key.Key_N, ctrl_shift)
    qtbot.waitUntil(lambda: demo_window.env.jobs.idle)
    qtbot.wait(20)
    assert view.tabs.currentIndex() == 1
    assert view.detail.currentWidget() is view.person_form and view.person_form.record_id is None
    assert QApplication.focusWidget() is view.person_form.f.widgets["first_name"]


def test_a_group_chosen_from_the_suggestions_is_added_with_enter_and_its_role_and_add_are_in_view(
        demo_window, qtbot):
    view = _laptop_register(demo_window, qtbot, 1)
    view.new_person()
    members = view.person_form.members
    picker = members.organisation
    picker.setFocus()
    qtbot.keyClicks(picker, "PPG")
    picker.search_now()
    popup = picker._completer.popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)                 # chooses the suggestion
    assert picker.value() is not None and members.list.count() == 0     # chosen, the role still to set
    scroll = view.person_form.findChild(QScrollArea)
    assert _in_view(scroll, members.role) and _in_view(scroll, members.add_button)
    qtbot.keyClick(picker, Qt.Key.Key_Return)                # ... and Enter adds it
    assert members.list.count() == 1 and "member" in members.list.item(0).text()
